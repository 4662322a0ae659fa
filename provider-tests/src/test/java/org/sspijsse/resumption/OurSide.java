package org.sspijsse.resumption;

import static org.junit.jupiter.api.Assertions.*;

import java.util.function.Function;
import org.sspijsse.sspi.*;
import org.sspijsse.testsupport.SspiClientLoop;
import org.sspijsse.testsupport.SspiStreams;

/** Our SSPI side of the resumption tests: credentials, the ASC loop, session facts. */
final class OurSide {
    static final int ASC_REQ = AscReq.ASC_REQ_SEQUENCE_DETECT | AscReq.ASC_REQ_REPLAY_DETECT
            | AscReq.ASC_REQ_CONFIDENTIALITY | AscReq.ASC_REQ_STREAM | AscReq.ASC_REQ_ALLOCATE_MEMORY;

    private OurSide() {
    }

    static CredHandle credential(int use, SchannelCredentials c) {
        CredHandle h = new CredHandle();
        assertEquals(SecStatus.SEC_E_OK, Sspi.acquireCredentialsHandle(null, "Schannel", use, c, h, null));
        return h;
    }

    /**
     * Our client over {@code peer}: the handshake, then the tickets that followed it through
     * DecryptMessage + ISC, then "ping" to the peer. Returns the context.
     */
    static CtxtHandle clientConnect(CredHandle cred, String target, Function<byte[], byte[]> peer,
            Function<byte[], byte[]> afterHandshake) {
        SspiClientLoop.Result r = SspiClientLoop.builder(cred).targetName(target).run(peer);
        assertTrue(r.isOk(), r::describe);
        SspiStreams.Decryptor d = SspiStreams.decryptor(r.context())
                .onRenegotiate(t -> SspiStreams.postHandshake(cred, r.context(), target, t));
        d.feed(r.leftover());
        d.feed(afterHandshake.apply(SspiStreams.encrypt(r.context(), "ping".getBytes())));
        assertEquals(SecStatus.SEC_E_OK, d.status());
        return r.context();
    }

    /** Our server over a client peer that starts with {@code clientHello}; returns the context once both are done. */
    static CtxtHandle serverAccept(CredHandle cred, int ascReq, byte[] clientHello, Function<byte[], byte[]> client) {
        CtxtHandle ctx = new CtxtHandle();
        byte[] input = clientHello;
        boolean first = true;
        for (int i = 0; i < 10; i++) {
            SecBuffer out = new SecBuffer(SecBufferType.SECBUFFER_TOKEN);
            SecBuffer tok = new SecBuffer(SecBufferType.SECBUFFER_TOKEN, input);
            int st = Sspi.acceptSecurityContext(cred, first ? null : ctx, new SecBufferDesc(tok, SecBuffer.empty()),
                    ascReq, ctx, new SecBufferDesc(out, new SecBuffer(SecBufferType.SECBUFFER_ALERT)), new IntHolder(),
                    null);
            first = false;
            byte[] reply = out.getBuffer() == null ? new byte[0] : out.toByteArray();
            if (st == SecStatus.SEC_E_OK) {
                client.apply(reply);
                return ctx;
            }
            assertEquals(SecStatus.SEC_I_CONTINUE_NEEDED, st, () -> SecStatus.describe(st));
            input = client.apply(reply);
        }
        throw new AssertionError("ASC did not finish");
    }

    static boolean resumed(CtxtHandle ctx) {
        Holder<Object> h = new Holder<>();
        assertEquals(SecStatus.SEC_E_OK, Sspi.queryContextAttributes(ctx, SecPkgAttr.SECPKG_ATTR_SESSION_INFO, h));
        return ((SecPkgContext.SessionInfo) h.value).dwFlags == SchannelConstants.SSL_SESSION_RECONNECT;
    }

    static java.security.cert.X509Certificate[] remoteChain(CtxtHandle ctx) {
        Holder<Object> h = new Holder<>();
        int st = Sspi.queryContextAttributes(ctx, SecPkgAttr.SECPKG_ATTR_REMOTE_CERT_CONTEXT, h);
        return st == SecStatus.SEC_E_OK ? ((CertContext) h.value).getChain() : null;
    }

    static String cipherSuite(CtxtHandle ctx) {
        Holder<Object> h = new Holder<>();
        assertEquals(SecStatus.SEC_E_OK, Sspi.queryContextAttributes(ctx, SecPkgAttr.SECPKG_ATTR_CIPHER_INFO, h));
        return ((SecPkgContext.CipherInfo) h.value).szCipherSuite;
    }
}
