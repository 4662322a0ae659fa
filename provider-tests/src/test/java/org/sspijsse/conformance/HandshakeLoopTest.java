package org.sspijsse.conformance;

import static org.junit.jupiter.api.Assertions.*;
import static org.sspijsse.conformance.Isc.*;
import static org.sspijsse.sspi.SecStatus.*;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sspijsse.sspi.SecBufferType;
import org.sspijsse.testsupport.KeyType;
import org.sspijsse.testsupport.SunJssePeer;

/**
 * The seed page's calling sequence ("For multiple-leg security contexts ..."): the first call gives
 * SEC_I_CONTINUE_NEEDED and a ClientHello; later calls take {@code [TOKEN, EMPTY]}; SEC_E_OK ends it
 * with the token still to send. TLS 1.2 and 1.3, RSA and ECDSA servers, three delivery modes, every
 * SECBUFFER_MISSING count checked (the loop in {@link Isc.Loop}).
 */
class HandshakeLoopTest {

    static Stream<Arguments> matrix() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (String v : new String[] {"TLSv1.3", "TLSv1.2"}) {
            for (KeyType k : new KeyType[] {KeyType.EC_P256, KeyType.RSA_2048}) {
                for (Delivery d : Delivery.values()) {
                    b.add(Arguments.of(v, k, d));
                }
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("matrix")
    void initializeSecurityContext_loopInEachDeliveryMode_completesWithExactMissingCounts(String version, KeyType key,
            Delivery mode) {
        SunJssePeer peer = sunServer(key, version).build();
        Client c = new Client(acquire(version));
        Loop loop = assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> handshake(c, peer, mode));
        assertTrue(peer.isHandshakeDone(), "SunJSSE finished too");
        assertEquals(version, peer.protocol());
        if (mode == Delivery.ONE_BYTE) {
            assertTrue(loop.incompleteSeen > 10, "byte delivery met SEC_E_INCOMPLETE_MESSAGE");
        }
        Result last = loop.steps.get(loop.steps.size() - 1);
        // SEC_E_OK: TLS 1.3 still owes its Finished (non-empty token); TLS 1.2 sent it before.
        if (version.equals("TLSv1.3")) {
            assertTrue(last.token.length > 0, "TLS 1.3 SEC_E_OK carries the client Finished");
            java.util.List<byte[]> recs = records(last.token);
            assertEquals(0x17, recs.get(recs.size() - 1)[0] & 0xFF, "the Finished is a protected record");
            if (mode == Delivery.ONE_RECORD) {
                // The TLS 1.3 server flight is several records: at least one gives CONTINUE with no token.
                assertTrue(loop.emptyContinues > 0, "SEC_I_CONTINUE_NEEDED with an empty token happens");
            }
        } else {
            assertEquals(0, last.token.length, "TLS 1.2 SEC_E_OK has no token");
        }
        // Data flows both ways after the handshake.
        peer.receive(encrypt(c.ctx, ascii("ping")));
        assertArrayEquals(ascii("ping"), peer.readApplicationData());
        byte[] back = concat(loop.inbox, peer.sendApplicationData(ascii("pong")));
        assertArrayEquals(ascii("pong"), decryptAll(c, back));
    }

    @Test
    void initializeSecurityContext_tls12ServerFinishedFollowedByExtraBytes_returnsOkWithExtraCount() {
        SunJssePeer peer = sunServer(KeyType.EC_P256, "TLSv1.2").build();
        Client c = new Client(acquire("TLSv1.2"));
        Result r = c.first();
        byte[] flight = peer.receive(r.token);
        r = c.call(flight);
        assertStatus(SEC_I_CONTINUE_NEEDED, r.status);
        assertEquals(SecBufferType.SECBUFFER_EMPTY, r.slot.getBaseType(), "whole flight consumed");
        byte[] finished = peer.receive(r.token);
        byte[] appData = peer.sendApplicationData(ascii("after finished"));
        byte[] extra = concat(finished, appData);
        r = c.call(extra);
        assertStatus(SEC_E_OK, r.status);
        assertEquals(SecBufferType.SECBUFFER_EXTRA, r.slot.getBaseType());
        assertEquals(appData.length, r.slot.getCbBuffer(), "EXTRA counts the bytes after the Finished");
        assertArrayEquals(ascii("after finished"),
                decryptAll(c, Arrays.copyOfRange(extra, extra.length - appData.length, extra.length)));
    }

    @Test
    void initializeSecurityContext_tls13ServerFlightFollowedByMoreRecords_returnsOkWithExtraCount() {
        SunJssePeer peer = sunServer(KeyType.EC_P256, "TLSv1.3").build();
        Client c = new Client(acquire("TLSv1.3"));
        Result r = c.first();
        byte[] flight = peer.receive(r.token);
        // Whatever follows the server Finished (an application data record here) is not ISC's.
        byte[] after = {0x17, 0x03, 0x03, 0x00, 0x05, 1, 2, 3, 4, 5};
        r = c.call(concat(flight, after));
        assertStatus(SEC_E_OK, r.status);
        assertEquals(SecBufferType.SECBUFFER_EXTRA, r.slot.getBaseType());
        assertEquals(after.length, r.slot.getCbBuffer());
        peer.receive(r.token);
        assertTrue(peer.isHandshakeDone());
    }

    @Test
    void initializeSecurityContext_twoFlightsInOneInput_consumesFirstAndReportsRestAsExtra() {
        // TLS 1.2 whole server flight plus a partial next record: CONTINUE with EXTRA; the tail alone
        // then gives INCOMPLETE with the exact count.
        SunJssePeer peer = sunServer(KeyType.EC_P256, "TLSv1.2").build();
        Client c = new Client(acquire("TLSv1.2"));
        byte[] flight = peer.receive(c.first().token);
        byte[] input = concat(flight, new byte[] {0x16, 0x03, 0x03});
        Result r = c.call(input);
        assertStatus(SEC_I_CONTINUE_NEEDED, r.status);
        assertEquals(SecBufferType.SECBUFFER_EXTRA, r.slot.getBaseType());
        assertEquals(3, r.slot.getCbBuffer());
        Result again = c.call(new byte[] {0x16, 0x03, 0x03});
        assertStatus(SEC_E_INCOMPLETE_MESSAGE, again.status);
        assertEquals(SecBufferType.SECBUFFER_MISSING, again.slot.getBaseType());
        assertEquals(2, again.slot.getCbBuffer());
    }
}
