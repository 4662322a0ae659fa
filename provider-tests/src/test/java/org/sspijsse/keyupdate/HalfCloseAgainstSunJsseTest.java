package org.sspijsse.keyupdate;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.sspijsse.sspi.*;
import org.sspijsse.testsupport.*;

/** RFC 8446 §6.1 half-close through the SSPI face, with SunJSSE as the peer, in both orders. */
class HalfCloseAgainstSunJsseTest {
    private static final String TARGET = "localhost";

    private static final class Pair {
        final CredHandle cred = new CredHandle();
        final SunJssePeer peer;
        final CtxtHandle ctx;
        final SspiStreams.Decryptor dec;

        Pair() {
            TestPki pki = TestPki.create();
            peer = SunJssePeer.server(pki.server(KeyType.EC_P256, TARGET)).protocols("TLSv1.3").build();
            assertEquals(SecStatus.SEC_E_OK, Sspi.acquireCredentialsHandle(null, "Schannel",
                    SchannelConstants.SECPKG_CRED_OUTBOUND,
                    new SchannelCredentials().setValidator(PkixCertificateValidator.trusting(pki.root())), cred, null));
            SspiClientLoop.Result hs = SspiClientLoop.builder(cred).targetName(TARGET).run(peer::receive);
            assertTrue(hs.isOk(), hs::describe);
            ctx = hs.context();
            dec = SspiStreams.decryptor(ctx);
            dec.feed(hs.leftover());
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void weCloseFirst_thenTheServersDataStillDecrypts_andItsCloseNotifyEndsReading() {
        Pair p = new Pair();
        byte[] closeNotify = SspiStreams.shutdown(p.cred, p.ctx, TARGET);
        assertEquals(0x17, closeNotify[0] & 0xFF, "close_notify is protected after the handshake");
        p.peer.receive(closeNotify);
        assertTrue(p.peer.isInboundDone(), "SunJSSE saw our close_notify");
        assertEquals(SecStatus.SEC_E_CONTEXT_EXPIRED, encryptStatus(p.ctx), "our write side is closed");

        p.dec.feed(p.peer.sendApplicationData(ascii("after your close")));
        assertEquals("after your close", new String(p.dec.takePlaintext(), StandardCharsets.US_ASCII));
        p.dec.feed(p.peer.closeOutbound());
        assertTrue(p.dec.contextExpired(), "SEC_I_CONTEXT_EXPIRED on the server's close_notify");
    }

    @Test
    void serverClosesFirst_thenWeStillWrite_andCloseAfterwards() {
        Pair p = new Pair();
        p.dec.feed(p.peer.closeOutbound());
        assertTrue(p.dec.contextExpired());
        assertEquals(SecStatus.SEC_I_CONTEXT_EXPIRED, decryptAgain(p.ctx), "reading stays ended");

        p.peer.receive(SspiStreams.encrypt(p.ctx, ascii("after the server's close")));
        assertEquals("after the server's close", new String(p.peer.readApplicationData(), StandardCharsets.US_ASCII));
        p.peer.receive(SspiStreams.shutdown(p.cred, p.ctx, TARGET));
        assertTrue(p.peer.isInboundDone());
        assertNull(p.peer.failure(), () -> String.valueOf(p.peer.failure()));
    }

    private static int encryptStatus(CtxtHandle ctx) {
        byte[] rec = new byte[5 + 1 + 17];
        return Sspi.encryptMessage(ctx, 0, new SecBufferDesc(
                new SecBuffer(SecBufferType.SECBUFFER_STREAM_HEADER, rec, 0, 5),
                new SecBuffer(SecBufferType.SECBUFFER_DATA, rec, 5, 1),
                new SecBuffer(SecBufferType.SECBUFFER_STREAM_TRAILER, rec, 6, 17), SecBuffer.empty()), 0);
    }

    private static int decryptAgain(CtxtHandle ctx) {
        byte[] junk = {0x17, 3, 3, 0, 0};
        return Sspi.decryptMessage(ctx, new SecBufferDesc(new SecBuffer(SecBufferType.SECBUFFER_DATA, junk),
                SecBuffer.empty(), SecBuffer.empty(), SecBuffer.empty()), 0, null);
    }
}
