package org.sspijsse.conformance;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.sspijsse.sspi.*;
import org.sspijsse.testsupport.*;

class SmokeTest {
    @Test
    void handshake_tls13_againstSunJsse() throws Exception {
        TestPki pki = TestPki.create();
        Issued server = pki.server(KeyType.EC_P256, "localhost");
        SunJssePeer peer = SunJssePeer.server(server).build();
        CredHandle cred = new CredHandle();
        assertEquals(0, Sspi.acquireCredentialsHandle(null, "Schannel", SchannelConstants.SECPKG_CRED_OUTBOUND,
                new SchannelCredentials().setValidator(PkixCertificateValidator.trusting(pki.root())), cred, null));
        CtxtHandle ctx = new CtxtHandle();
        IntHolder attr = new IntHolder();
        SecBuffer tok = new SecBuffer(SecBufferType.SECBUFFER_TOKEN);
        int st = Sspi.initializeSecurityContext(cred, null, "localhost", 0x811C, null, ctx,
                new SecBufferDesc(tok), attr, null);
        System.out.println(SecStatus.describe(st) + " " + tok);
        byte[] in = peer.receive(tok.toByteArray());
        for (int i = 0; i < 10; i++) {
            SecBuffer t = new SecBuffer(SecBufferType.SECBUFFER_TOKEN, in);
            SecBuffer e = SecBuffer.empty();
            SecBuffer out = new SecBuffer(SecBufferType.SECBUFFER_TOKEN);
            SecBuffer alert = new SecBuffer(SecBufferType.SECBUFFER_ALERT);
            st = Sspi.initializeSecurityContext(cred, ctx, "localhost", 0x811C, new SecBufferDesc(t, e), ctx,
                    new SecBufferDesc(out, alert), attr, null);
            System.out.println(SecStatus.describe(st) + " out=" + out + " e=" + e + " alert=" + alert);
            byte[] reply = peer.receive(out.toByteArray());
            if (st == SecStatus.SEC_E_OK) {
                // SunJSSE's NewSessionTicket (we offer psk_key_exchange_modes): DecryptMessage, then ISC.
                SspiStreams.decryptor(ctx).onRenegotiate(nst -> SspiStreams.postHandshake(cred, ctx, "localhost", nst))
                        .feed(reply);
                break;
            }
            in = reply;
        }
        assertEquals(SecStatus.SEC_E_OK, st);
        assertTrue(peer.isHandshakeDone());
        Holder<Object> h = new Holder<>();
        assertEquals(0, Sspi.queryContextAttributes(ctx, SecPkgAttr.SECPKG_ATTR_STREAM_SIZES, h));
        SecPkgContext.StreamSizes sz = (SecPkgContext.StreamSizes) h.value;
        byte[] msg = "hello".getBytes(StandardCharsets.US_ASCII);
        byte[] rec = new byte[sz.cbHeader + msg.length + sz.cbTrailer];
        System.arraycopy(msg, 0, rec, sz.cbHeader, msg.length);
        st = Sspi.encryptMessage(ctx, 0, new SecBufferDesc(new SecBuffer(SecBufferType.SECBUFFER_STREAM_HEADER, rec, 0, sz.cbHeader),
                new SecBuffer(SecBufferType.SECBUFFER_DATA, rec, sz.cbHeader, msg.length),
                new SecBuffer(SecBufferType.SECBUFFER_STREAM_TRAILER, rec, sz.cbHeader + msg.length, sz.cbTrailer),
                SecBuffer.empty()), 0);
        assertEquals(0, st);
        peer.receive(rec);
        assertArrayEquals(msg, peer.readApplicationData());
        byte[] back = peer.sendApplicationData("world".getBytes(StandardCharsets.US_ASCII));
        SecBufferDesc d = new SecBufferDesc(new SecBuffer(SecBufferType.SECBUFFER_DATA, back), SecBuffer.empty(), SecBuffer.empty(), SecBuffer.empty());
        st = Sspi.decryptMessage(ctx, d, 0, null);
        System.out.println(SecStatus.describe(st) + " " + d);
        assertEquals(0, st);
        assertEquals("world", new String(d.get(1).toByteArray(), StandardCharsets.US_ASCII));
    }
}
