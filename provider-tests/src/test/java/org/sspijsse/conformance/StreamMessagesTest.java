package org.sspijsse.conformance;

import static org.junit.jupiter.api.Assertions.*;
import static org.sspijsse.conformance.Isc.*;
import static org.sspijsse.sspi.SecStatus.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sspijsse.sspi.CertContext;
import org.sspijsse.sspi.SchannelConstants;
import org.sspijsse.sspi.SecBuffer;
import org.sspijsse.sspi.SecBufferDesc;
import org.sspijsse.sspi.SecBufferType;
import org.sspijsse.sspi.SecPkgAttr;
import org.sspijsse.sspi.SecPkgContext;
import org.sspijsse.sspi.Sspi;
import org.sspijsse.testsupport.KeyType;
import org.sspijsse.testsupport.SunJssePeer;

/**
 * EncryptMessage / DecryptMessage in stream mode, QueryContextAttributes and ApplyControlToken on an
 * established client context (SSPI-FACTS.md "EncryptMessage / DecryptMessage", "Attributes",
 * "ApplyControlToken").
 */
class StreamMessagesTest {

    private static final class Established {
        final Client client;
        final SunJssePeer peer;
        /** Bytes the peer sent that ISC left for DecryptMessage (TLS 1.3: the NewSessionTicket). */
        byte[] pending;

        Established(String version) {
            peer = sunServer(KeyType.EC_P256, version).build();
            client = new Client(acquire(version));
            pending = handshake(client, peer).inbox;
        }
    }

    private static SecBufferDesc token(int... dwords) {
        ByteBuffer b = ByteBuffer.allocate(4 * dwords.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int d : dwords) {
            b.putInt(d);
        }
        return new SecBufferDesc(new SecBuffer(SecBufferType.SECBUFFER_TOKEN, b.array()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void encryptMessage_inPlace_setsHeaderAndTrailerAndPeerReadsIt(String version) {
        Established e = new Established(version);
        SecPkgContext.StreamSizes sz = sizes(e.client.ctx);
        if (version.equals("TLSv1.3")) {
            assertEquals("5/17/16384/4", sz.cbHeader + "/" + sz.cbTrailer + "/" + sz.cbMaximumMessage + "/" + sz.cBuffers);
        } else {
            assertEquals("13/16/16384/4", sz.cbHeader + "/" + sz.cbTrailer + "/" + sz.cbMaximumMessage + "/" + sz.cBuffers);
        }
        byte[] msg = ascii("in place");
        byte[] rec = new byte[sz.cbHeader + msg.length + sz.cbTrailer];
        System.arraycopy(msg, 0, rec, sz.cbHeader, msg.length);
        SecBuffer h = new SecBuffer(SecBufferType.SECBUFFER_STREAM_HEADER, rec, 0, sz.cbHeader);
        SecBuffer d = new SecBuffer(SecBufferType.SECBUFFER_DATA, rec, sz.cbHeader, msg.length);
        SecBuffer t = new SecBuffer(SecBufferType.SECBUFFER_STREAM_TRAILER, rec, sz.cbHeader + msg.length, sz.cbTrailer);
        assertStatus(SEC_E_OK, Sspi.encryptMessage(e.client.ctx, 0, new SecBufferDesc(h, d, t, SecBuffer.empty()), 0));
        assertEquals(sz.cbHeader, h.getCbBuffer());
        assertEquals(sz.cbTrailer, t.getCbBuffer());
        assertEquals(0x17, rec[0]);
        e.peer.receive(rec);
        assertArrayEquals(msg, e.peer.readApplicationData());
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void decryptMessage_twoRecords_rewritesBuffersWithExtraPointingIntoCallersBytes(String version) {
        Established e = new Established(version);
        // (Our ClientHello offers no psk_key_exchange_modes, so SunJSSE sends no NewSessionTicket:
        // SEC_I_RENEGOTIATE is covered against openssl s_server in interop-tests.)
        decryptAll(e.client, e.pending);
        byte[] two = concat(e.peer.sendApplicationData(ascii("first")), e.peer.sendApplicationData(ascii("second")));
        SecBufferDesc d = decryptDesc(two);
        assertStatus(SEC_E_OK, Sspi.decryptMessage(e.client.ctx, d, 0, null));
        assertEquals(SecBufferType.SECBUFFER_STREAM_HEADER, d.get(0).getBaseType());
        assertEquals(SecBufferType.SECBUFFER_DATA, d.get(1).getBaseType());
        assertEquals(SecBufferType.SECBUFFER_STREAM_TRAILER, d.get(2).getBaseType());
        assertEquals(SecBufferType.SECBUFFER_EXTRA, d.get(3).getBaseType());
        assertArrayEquals(ascii("first"), d.get(1).toByteArray());
        assertSame(d.get(3).getBuffer().array(), two, "EXTRA points into the caller's bytes");
        int firstLen = 5 + (((two[3] & 0xFF) << 8) | (two[4] & 0xFF));
        assertEquals(firstLen, d.get(3).getOffset());
        assertEquals(two.length - firstLen, d.get(3).getCbBuffer());
        // The tail alone, one byte short: SEC_E_INCOMPLETE_MESSAGE with index 0 MISSING.
        byte[] tail = d.get(3).toByteArray();
        SecBufferDesc shortDesc = decryptDesc(Arrays.copyOf(tail, tail.length - 1));
        assertStatus(SEC_E_INCOMPLETE_MESSAGE, Sspi.decryptMessage(e.client.ctx, shortDesc, 0, null));
        assertEquals(SecBufferType.SECBUFFER_MISSING, shortDesc.get(0).getBaseType());
        assertEquals(1, shortDesc.get(0).getCbBuffer());
        SecBufferDesc d2 = decryptDesc(tail);
        assertStatus(SEC_E_OK, Sspi.decryptMessage(e.client.ctx, d2, 0, null));
        assertArrayEquals(ascii("second"), d2.get(1).toByteArray());
        assertEquals(SecBufferType.SECBUFFER_EMPTY, d2.get(3).getBaseType());
    }

    @Test
    void decryptMessage_badLayoutTamperedRecordAndCloseNotify() {
        Established e = new Established("TLSv1.3");
        decryptAll(e.client, e.pending);
        byte[] rec = e.peer.sendApplicationData(ascii("data"));
        SecBufferDesc bad = new SecBufferDesc(new SecBuffer(SecBufferType.SECBUFFER_DATA, rec),
                new SecBuffer(SecBufferType.SECBUFFER_EXTRA), SecBuffer.empty(), SecBuffer.empty());
        assertStatus(SEC_E_INVALID_TOKEN, Sspi.decryptMessage(e.client.ctx, bad, 0, null), "[DATA, EXTRA, EMPTY, EMPTY]");
        assertStatus(SEC_E_OK, Sspi.decryptMessage(e.client.ctx, decryptDesc(rec.clone()), 0, null));
        byte[] close = e.peer.closeOutbound();
        assertStatus(SEC_I_CONTEXT_EXPIRED, Sspi.decryptMessage(e.client.ctx, decryptDesc(close), 0, null));

        Established t = new Established("TLSv1.2");
        byte[] r2 = t.peer.sendApplicationData(ascii("tampered"));
        r2[r2.length - 3] ^= 1;
        assertStatus(SEC_E_DECRYPT_FAILURE, Sspi.decryptMessage(t.client.ctx, decryptDesc(r2), 0, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void queryContextAttributes_connectionCipherRemoteCertAndSession(String version) {
        Established e = new Established(version);
        SecPkgContext.ConnectionInfo ci = (SecPkgContext.ConnectionInfo) query(e.client.ctx,
                SecPkgAttr.SECPKG_ATTR_CONNECTION_INFO);
        assertEquals(version.equals("TLSv1.3") ? 0x2000 : 0x800, ci.dwProtocol);
        SecPkgContext.CipherInfo cipher = (SecPkgContext.CipherInfo) query(e.client.ctx,
                SecPkgAttr.SECPKG_ATTR_CIPHER_INFO);
        assertEquals(e.peer.engine().getSession().getCipherSuite(), cipher.szCipherSuite);
        CertContext remote = (CertContext) query(e.client.ctx, SecPkgAttr.SECPKG_ATTR_REMOTE_CERT_CONTEXT);
        assertArrayEquals(server(KeyType.EC_P256).chain(), remote.getChain());
        SecPkgContext.SessionInfo si = (SecPkgContext.SessionInfo) query(e.client.ctx,
                SecPkgAttr.SECPKG_ATTR_SESSION_INFO);
        assertEquals(0, si.dwFlags);
        assertStatus(SEC_E_UNSUPPORTED_FUNCTION, Sspi.queryContextAttributes(e.client.ctx, 0x7777,
                new org.sspijsse.sspi.Holder<>()));
    }

    @Test
    void applyControlToken_validation() {
        Established e = new Established("TLSv1.3");
        var ctx = e.client.ctx;
        assertStatus(SEC_E_INTERNAL_ERROR, Sspi.applyControlToken(ctx, null), "no descriptor");
        SecBuffer dword = token(SchannelConstants.SCHANNEL_SHUTDOWN).get(0);
        assertStatus(SEC_E_INVALID_TOKEN, Sspi.applyControlToken(ctx, new SecBufferDesc(dword, SecBuffer.empty())),
                "2 buffers");
        assertStatus(SEC_E_INVALID_TOKEN, Sspi.applyControlToken(ctx, new SecBufferDesc(
                new SecBuffer(SecBufferType.SECBUFFER_DATA, new byte[4]))), "not a TOKEN");
        assertStatus(SEC_E_UNSUPPORTED_FUNCTION, Sspi.applyControlToken(ctx, new SecBufferDesc(
                new SecBuffer(SecBufferType.SECBUFFER_TOKEN, new byte[3]))), "cbBuffer < 4");
        // SCHANNEL_RENEGOTIATE on a client: SEC_E_UNSUPPORTED_FUNCTION, mid-handshake, on TLS 1.2 and on
        // TLS 1.3. (On a TLS 1.3 server it requests a KeyUpdate: see ControlRequest and the keyupdate tests.)
        Established tls13 = new Established("TLSv1.3");
        assertStatus(SEC_E_UNSUPPORTED_FUNCTION, Sspi.applyControlToken(tls13.client.ctx,
                token(SchannelConstants.SCHANNEL_RENEGOTIATE)), "SCHANNEL_RENEGOTIATE on a TLS 1.3 client");
        Client mid = new Client(acquire("TLSv1.3"));
        mid.first();
        assertStatus(SEC_E_UNSUPPORTED_FUNCTION, Sspi.applyControlToken(mid.ctx,
                token(SchannelConstants.SCHANNEL_RENEGOTIATE)), "SCHANNEL_RENEGOTIATE mid-handshake");
        Established tls12 = new Established("TLSv1.2");
        assertStatus(SEC_E_UNSUPPORTED_FUNCTION, Sspi.applyControlToken(tls12.client.ctx,
                token(SchannelConstants.SCHANNEL_RENEGOTIATE)), "SCHANNEL_RENEGOTIATE on a TLS 1.2 client");
        assertStatus(SEC_E_INVALID_HANDLE, Sspi.applyControlToken(new org.sspijsse.sspi.CtxtHandle(),
                token(SchannelConstants.SCHANNEL_SHUTDOWN)), "no context");
        // Extra bytes after the DWORD are ignored; repeating is allowed.
        assertStatus(SEC_E_OK, Sspi.applyControlToken(ctx, token(SchannelConstants.SCHANNEL_SHUTDOWN, 0x55)));
        assertStatus(SEC_E_OK, Sspi.applyControlToken(ctx, token(SchannelConstants.SCHANNEL_SHUTDOWN)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void applyControlToken_shutdownThenIsc_givesCloseNotifyTheServerSees(String version) {
        Established e = new Established(version);
        assertStatus(SEC_E_OK, Sspi.applyControlToken(e.client.ctx, token(SchannelConstants.SCHANNEL_SHUTDOWN)));
        // The call producing the token ignores its input.
        Result r = e.client.call(new byte[] {1, 2, 3});
        assertStatus(SEC_E_OK, r.status);
        assertTrue(r.token.length > 0);
        e.peer.receive(r.token);
        assertTrue(e.peer.isInboundDone(), "SunJSSE saw our close_notify");
        assertNull(e.peer.failure());
        assertStatus(SEC_E_INCOMPLETE_MESSAGE, e.client.call((SecBufferDesc) null).status, "one more ISC, no input");
    }

    @Test
    void applyControlToken_shutdownMidHandshake_givesPlaintextAlert() {
        Client c = new Client(acquire("TLSv1.3"));
        c.first();
        assertStatus(SEC_E_OK, Sspi.applyControlToken(c.ctx, token(SchannelConstants.SCHANNEL_SHUTDOWN)));
        Result r = c.call((SecBufferDesc) null);
        assertStatus(SEC_E_OK, r.status);
        java.util.List<byte[]> alerts = records(r.token);
        for (byte[] a : alerts) {
            assertEquals(0x15, a[0], "plaintext alert records");
            assertEquals(7, a.length);
        }
        byte[] last = alerts.get(alerts.size() - 1);
        assertEquals(1, last[5], "warning");
        assertEquals(0, last[6], "close_notify");
    }
}
