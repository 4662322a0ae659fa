package org.sspijsse.conformance;

import static org.junit.jupiter.api.Assertions.*;
import static org.sspijsse.conformance.Isc.*;
import static org.sspijsse.sspi.SecStatus.*;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sspijsse.sspi.SecBuffer;
import org.sspijsse.sspi.SecBufferDesc;
import org.sspijsse.sspi.SecBufferType;
import org.sspijsse.testsupport.KeyType;
import org.sspijsse.testsupport.SunJssePeer;

/**
 * pInput on later calls (seed page: "there must be two buffers. The first has type SECBUFFER_TOKEN ...
 * The second buffer has type SECBUFFER_EMPTY; set both the pvBuffer and cbBuffer members to zero"),
 * SEC_E_INCOMPLETE_MESSAGE with SECBUFFER_MISSING, and a bad layout leaving the context usable.
 */
class InputBuffersTest {

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void initializeSecurityContext_badInputLayouts_returnInvalidTokenAndContextSurvives(String version) {
        SunJssePeer peer = sunServer(KeyType.EC_P256, version).build();
        Client c = new Client(acquire(version));
        byte[] flight = peer.receive(c.first().token);
        SecBufferDesc[] bad = {
            // EMPTY with a non-zero cbBuffer.
            new SecBufferDesc(new SecBuffer(SecBufferType.SECBUFFER_TOKEN, flight),
                    new SecBuffer(SecBufferType.SECBUFFER_EMPTY, new byte[4])),
            // First buffer not a TOKEN.
            new SecBufferDesc(SecBuffer.empty(), new SecBuffer(SecBufferType.SECBUFFER_TOKEN, flight)),
            // [DATA, EMPTY].
            new SecBufferDesc(new SecBuffer(SecBufferType.SECBUFFER_DATA, flight), SecBuffer.empty()),
            // No buffers at all.
            new SecBufferDesc(),
        };
        for (SecBufferDesc in : bad) {
            Result r = c.call(in);
            assertStatus(SEC_E_INVALID_TOKEN, r.status, "layout " + in);
            assertEquals(0, r.token.length, "output cbBuffer 0 on SEC_E_INVALID_TOKEN");
            assertTrue(c.ctx.isValid());
        }
        Result pInputNull = c.call((SecBufferDesc) null);
        assertStatus(SEC_E_INVALID_TOKEN, pInputNull.status, "pInput NULL on a later call");
        // The same flight with the proper layout still works: nothing was consumed by the bad calls.
        Result r = c.call(flight);
        assertTrue(r.status == SEC_E_OK || r.status == SEC_I_CONTINUE_NEEDED, r.toString());
        Loop rest = new Loop(c, peer::receive, Delivery.WHOLE_FLIGHTS);
        rest.lastInput = flight;
        rest.inbox = flight;
        rest.consumed(r);
        if (r.status != SEC_E_OK) {
            assertStatus(SEC_E_OK, rest.run().status);
        }
        assertTrue(peer.isHandshakeDone());
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void initializeSecurityContext_tokenAloneWithoutEmptySlot_works(String version) {
        SunJssePeer peer = sunServer(KeyType.EC_P256, version).build();
        Client c = new Client(acquire(version));
        byte[] in = peer.receive(c.first().token);
        for (int i = 0; i < 4; i++) {
            Result r = c.call(new SecBufferDesc(new SecBuffer(SecBufferType.SECBUFFER_TOKEN, in)));
            in = peer.receive(r.token);
            if (r.status == SEC_E_OK) {
                assertTrue(peer.isHandshakeDone());
                return;
            }
            assertStatus(SEC_I_CONTINUE_NEEDED, r.status);
        }
        fail("no SEC_E_OK");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4, 5, 6, 100})
    void initializeSecurityContext_partialRecord_returnsIncompleteWithExactMissingCountAndConsumesNothing(int n) {
        SunJssePeer peer = sunServer(KeyType.EC_P256, "TLSv1.3").build();
        Client c = new Client(acquire("TLSv1.3"));
        byte[] flight = peer.receive(c.first().token);
        byte[] part = Arrays.copyOf(flight, n);
        org.sspijsse.sspi.CtxtHandle fresh = new org.sspijsse.sspi.CtxtHandle();
        Result r = c.call(c.cred, c.ctx, tokenInput(part), fresh);
        assertStatus(SEC_E_INCOMPLETE_MESSAGE, r.status);
        assertEquals(SecBufferType.SECBUFFER_MISSING, r.slot.getBaseType());
        int firstRecord = 5 + (((flight[3] & 0xFF) << 8) | (flight[4] & 0xFF));
        assertEquals(n < 5 ? 5 - n : firstRecord - n, r.slot.getCbBuffer());
        assertFalse(fresh.isValid(), "phNewContext untouched");
        // Nothing consumed: the whole flight afterwards completes the handshake.
        Result done = c.call(flight);
        assertStatus(SEC_E_OK, done.status);
        peer.receive(done.token);
        assertTrue(peer.isHandshakeDone());
    }
}
