package org.sspijsse.conformance;

import static org.junit.jupiter.api.Assertions.*;
import static org.sspijsse.conformance.Isc.*;
import static org.sspijsse.sspi.SecStatus.*;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sspijsse.sspi.CtxtHandle;
import org.sspijsse.sspi.IntHolder;
import org.sspijsse.sspi.IscReq;
import org.sspijsse.sspi.IscRet;
import org.sspijsse.sspi.SecBuffer;
import org.sspijsse.sspi.SecBufferDesc;
import org.sspijsse.sspi.SecBufferType;
import org.sspijsse.sspi.Sspi;
import org.sspijsse.testsupport.KeyType;
import org.sspijsse.testsupport.SunJssePeer;

/**
 * pOutput (seed page: "The system will allocate a buffer for the security token if requested (through
 * ISC_REQ_ALLOCATE_MEMORY)"; "If ISC_REQ_ALLOCATE_MEMORY was specified, the caller must free the
 * memory by calling the FreeContextBuffer function"; SSPI-FACTS.md "The handshake loop" step 3).
 */
class OutputBuffersTest {
    private static final int NO_ALLOC = CURL_REQ & ~IscReq.ISC_REQ_ALLOCATE_MEMORY;

    private static int isc(Client c, CtxtHandle context, SecBufferDesc in, SecBuffer token, SecBuffer alert,
            IntHolder attr) {
        SecBufferDesc out = alert == null ? new SecBufferDesc(token) : new SecBufferDesc(token, alert);
        return Sspi.initializeSecurityContext(c.cred, context, c.target, c.req, in, c.ctx, out, attr, null);
    }

    @Test
    void initializeSecurityContext_allocateMemory_packageAllocatesAndFreeContextBufferReleasesOnce() {
        Client c = new Client(acquire(trusting()));
        SecBuffer token = new SecBuffer(SecBufferType.SECBUFFER_TOKEN);
        IntHolder attr = new IntHolder();
        assertStatus(SEC_I_CONTINUE_NEEDED, isc(c, null, null, token, null, attr));
        assertTrue(token.isPackageAllocated());
        assertTrue(token.getCbBuffer() > 0);
        assertEquals(IscRet.ISC_RET_ALLOCATED_MEMORY, attr.value & IscRet.ISC_RET_ALLOCATED_MEMORY);
        assertStatus(SEC_E_OK, Sspi.freeContextBuffer(token));
        assertNull(token.getBuffer());
        assertStatus(SEC_E_INVALID_HANDLE, Sspi.freeContextBuffer(token), "second free");
        assertStatus(SEC_E_INVALID_HANDLE, Sspi.freeContextBuffer(new SecBuffer(SecBufferType.SECBUFFER_TOKEN,
                new byte[10])), "a caller's buffer");
        assertStatus(SEC_E_INVALID_HANDLE, Sspi.freeContextBuffer(null));
    }

    @Test
    void initializeSecurityContext_withoutAllocateMemory_writesIntoCallersBuffer() {
        Client c = new Client(acquire(trusting()), "localhost", NO_ALLOC);
        ByteBuffer mem = ByteBuffer.allocate(4096);
        SecBuffer token = new SecBuffer(SecBufferType.SECBUFFER_TOKEN, mem, 100, 3000);
        IntHolder attr = new IntHolder();
        assertStatus(SEC_I_CONTINUE_NEEDED, isc(c, null, null, token, null, attr));
        assertSame(mem, token.getBuffer());
        assertEquals(100, token.getOffset());
        assertFalse(token.isPackageAllocated());
        assertEquals(0x16, mem.get(100));
        assertEquals(0, attr.value & IscRet.ISC_RET_ALLOCATED_MEMORY);
        assertStatus(SEC_E_INVALID_HANDLE, Sspi.freeContextBuffer(token));
    }

    @Test
    void initializeSecurityContext_tokenWithoutMemoryAndNoAllocateMemory_isStillAllocatedByPackage() {
        Client c = new Client(acquire(trusting()), "localhost", NO_ALLOC);
        SecBuffer token = new SecBuffer(SecBufferType.SECBUFFER_TOKEN);
        assertStatus(SEC_I_CONTINUE_NEEDED, isc(c, null, null, token, null, new IntHolder()));
        assertTrue(token.isPackageAllocated());
        assertEquals(0x16, token.get(0));
    }

    @Test
    void initializeSecurityContext_callerTokenWithMemoryButZeroSize_returnsInsufficientMemoryFirst() {
        Client c = new Client(acquire(trusting()), "localhost", NO_ALLOC);
        SecBuffer token = new SecBuffer(SecBufferType.SECBUFFER_TOKEN, new byte[64], 0, 0);
        assertStatus(SEC_E_INSUFFICIENT_MEMORY, isc(c, null, null, token, null, new IntHolder()));
        assertFalse(c.ctx.isValid(), "no context made");
        // Before anything else: even with a zero-size ALERT buffer and a bad flag set.
        SecBuffer alert = new SecBuffer(SecBufferType.SECBUFFER_ALERT, new byte[64], 0, 0);
        SecBuffer token2 = new SecBuffer(SecBufferType.SECBUFFER_TOKEN, new byte[4096]);
        assertStatus(SEC_E_INSUFFICIENT_MEMORY, isc(c, null, null, token2, alert, new IntHolder()), "ALERT cb 0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void initializeSecurityContext_callerBufferTooSmall_returnsInsufficientMemoryAndRepeatSucceeds(String version) {
        SunJssePeer peer = sunServer(KeyType.EC_P256, version).build();
        Client c = new Client(acquire(version), "localhost", NO_ALLOC);
        // First call: the ClientHello does not fit 16 bytes.
        SecBuffer small = new SecBuffer(SecBufferType.SECBUFFER_TOKEN, new byte[16]);
        assertStatus(SEC_E_INSUFFICIENT_MEMORY, isc(c, null, null, small, null, new IntHolder()));
        SecBuffer big = new SecBuffer(SecBufferType.SECBUFFER_TOKEN, new byte[16384]);
        assertStatus(SEC_I_CONTINUE_NEEDED, isc(c, null, null, big, null, new IntHolder()));
        byte[] flight = peer.receive(big.toByteArray());
        // Second call: the client's flight does not fit 8 bytes; nothing is consumed, nothing lost.
        SecBufferDesc in = tokenInput(flight);
        SecBuffer tiny = new SecBuffer(SecBufferType.SECBUFFER_TOKEN, new byte[8]);
        assertStatus(SEC_E_INSUFFICIENT_MEMORY, isc(c, c.ctx, in, tiny, null, new IntHolder()));
        assertNotEquals(SecBufferType.SECBUFFER_EXTRA, in.get(1).getBaseType());
        in = tokenInput(flight);
        SecBuffer enough = new SecBuffer(SecBufferType.SECBUFFER_TOKEN, new byte[16384]);
        SecBuffer alert = new SecBuffer(SecBufferType.SECBUFFER_ALERT, new byte[64]);
        int st = isc(c, c.ctx, in, enough, alert, new IntHolder());
        assertTrue(st == SEC_E_OK || st == SEC_I_CONTINUE_NEEDED, describe(st));
        assertTrue(enough.getCbBuffer() > 0);
        assertEquals(0, alert.getCbBuffer(), "on success the caller's ALERT buffer gets cbBuffer 0");
        byte[] reply = peer.receive(enough.toByteArray());
        if (st == SEC_I_CONTINUE_NEEDED) {
            SecBuffer last = new SecBuffer(SecBufferType.SECBUFFER_TOKEN, new byte[16384]);
            assertStatus(SEC_E_OK, isc(c, c.ctx, tokenInput(reply), last, null, new IntHolder()));
            reply = peer.receive(last.toByteArray());
        }
        assertTrue(peer.isHandshakeDone(), "nothing lost: " + peer.failure());
        peer.receive(encrypt(c.ctx, ascii("x")));
        assertArrayEquals(ascii("x"), peer.readApplicationData());
    }

    @Test
    void initializeSecurityContext_successfulCall_setsCallersAlertBufferToZero() {
        Client c = new Client(acquire(trusting()), "localhost", NO_ALLOC);
        SecBuffer alert = new SecBuffer(SecBufferType.SECBUFFER_ALERT, new byte[64]);
        assertStatus(SEC_I_CONTINUE_NEEDED, isc(c, null, null, new SecBuffer(SecBufferType.SECBUFFER_TOKEN), alert,
                new IntHolder()));
        assertEquals(0, alert.getCbBuffer());
    }
}
