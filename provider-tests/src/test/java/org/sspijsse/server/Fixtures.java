package org.sspijsse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Function;
import org.sspijsse.sspi.CredHandle;
import org.sspijsse.sspi.CtxtHandle;
import org.sspijsse.sspi.Holder;
import org.sspijsse.sspi.IntHolder;
import org.sspijsse.sspi.PkixCertificateValidator;
import org.sspijsse.sspi.SchannelConstants;
import org.sspijsse.sspi.SchannelCredentials;
import org.sspijsse.sspi.SecBuffer;
import org.sspijsse.sspi.SecBufferDesc;
import org.sspijsse.sspi.SecBufferType;
import org.sspijsse.sspi.SecStatus;
import org.sspijsse.sspi.Sspi;
import org.sspijsse.sspi.TimeStamp;
import org.sspijsse.testsupport.Issued;
import org.sspijsse.testsupport.KeyType;
import org.sspijsse.testsupport.SspiClientLoop;
import org.sspijsse.testsupport.TestPki;

/** Shared material and small helpers for the server-side tests (one {@link TestPki} per JVM). */
final class Fixtures {
    static final TestPki PKI = TestPki.create();
    static final String HOST = "localhost";

    private Fixtures() {
    }

    static Issued server(KeyType type) {
        return PKI.server(type);
    }

    static Issued clientCert() {
        return PKI.client(KeyType.EC_P256, "alice");
    }

    /** An INBOUND credential; asserts AcquireCredentialsHandle returned SEC_E_OK. */
    static CredHandle inbound(SchannelCredentials c) {
        CredHandle h = new CredHandle();
        int st = Sspi.acquireCredentialsHandle(null, SchannelConstants.SCHANNEL_NAME, SchannelConstants.SECPKG_CRED_INBOUND,
                c, h, new TimeStamp());
        assertEquals(SecStatus.SEC_E_OK, st, () -> "AcquireCredentialsHandle(INBOUND): " + SecStatus.describe(st));
        return h;
    }

    /** A server credential with these certificates, trusting the PKI root for client certificates. */
    static CredHandle inbound(Issued... certs) {
        SchannelCredentials c = new SchannelCredentials().setValidator(PkixCertificateValidator.trusting(PKI.root()));
        for (Issued i : certs) {
            c.addCertificate(i.certContext());
        }
        return inbound(c);
    }

    static SchannelCredentials clientCredentials() {
        return new SchannelCredentials().setValidator(PkixCertificateValidator.trusting(PKI.root()));
    }

    static CredHandle outbound(SchannelCredentials c) {
        CredHandle h = new CredHandle();
        int st = Sspi.acquireCredentialsHandle(null, SchannelConstants.SCHANNEL_NAME, SchannelConstants.SECPKG_CRED_OUTBOUND,
                c, h, new TimeStamp());
        assertEquals(SecStatus.SEC_E_OK, st, () -> "AcquireCredentialsHandle(OUTBOUND): " + SecStatus.describe(st));
        return h;
    }

    /** A client credential trusting the PKI root; {@code tls13} false disables TLS 1.3. */
    static CredHandle outbound(boolean tls13) {
        return outbound(clientCredentials().setDisabledProtocols(tls13 ? 0 : SchannelConstants.SP_PROT_TLS1_3));
    }

    /** Our ISC (whole flights) against {@code server}. */
    static SspiClientLoop.Result handshake(CredHandle client, AscPeer server) {
        return SspiClientLoop.builder(client).targetName(HOST).run(server::receive);
    }

    /** Drives a byte-in byte-out client (its first answer to nothing is its ClientHello) against ASC. */
    static void pump(Function<byte[], byte[]> client, AscPeer server) {
        byte[] toServer = client.apply(new byte[0]);
        for (int i = 0; i < 50; i++) {
            byte[] toClient = server.receive(toServer);
            if (toClient.length == 0 && toServer.length == 0) {
                return;
            }
            toServer = client.apply(toClient);
            if (toServer.length == 0 && toClient.length == 0) {
                return;
            }
        }
        throw new AssertionError("no end to the handshake after 50 rounds: " + server.describe());
    }

    @SuppressWarnings("unchecked")
    static <T> T query(CtxtHandle ctx, int attribute) {
        Holder<Object> h = new Holder<>();
        int st = Sspi.queryContextAttributes(ctx, attribute, h);
        assertEquals(SecStatus.SEC_E_OK, st, () -> "QueryContextAttributes(0x" + Integer.toHexString(attribute) + "): "
                + SecStatus.describe(st));
        return (T) h.value;
    }

    static int queryStatus(CtxtHandle ctx, int attribute) {
        return Sspi.queryContextAttributes(ctx, attribute, new Holder<>());
    }

    /** The description of a plaintext fatal alert record ({@code 15 03 0x 00 02 02 d}), or -1. */
    static int plainAlert(byte[] rec) {
        if (rec.length == 7 && rec[0] == 0x15 && rec[1] == 3 && rec[3] == 0 && rec[4] == 2) {
            return rec[6] & 0xFF;
        }
        return -1;
    }

    /** True for exactly one protected alert record (type 21 under TLS 1.2 keys, 23 under TLS 1.3 keys). */
    static boolean protectedAlert(byte[] rec) {
        return rec.length > 7 && (rec[0] == 0x15 || rec[0] == 0x17) && rec[1] == 3
                && 5 + (((rec[3] & 0xFF) << 8) | (rec[4] & 0xFF)) == rec.length;
    }

    /** ApplyControlToken(SCHANNEL_SHUTDOWN) then ASC with no input: the close_notify token. */
    static byte[] serverShutdown(CredHandle cred, CtxtHandle ctx) {
        byte[] dword = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(SchannelConstants.SCHANNEL_SHUTDOWN)
                .array();
        assertEquals(SecStatus.SEC_E_OK,
                Sspi.applyControlToken(ctx, new SecBufferDesc(new SecBuffer(SecBufferType.SECBUFFER_TOKEN, dword))));
        SecBuffer token = new SecBuffer(SecBufferType.SECBUFFER_TOKEN);
        IntHolder attr = new IntHolder();
        int st = Sspi.acceptSecurityContext(cred, ctx, new SecBufferDesc(new SecBuffer(SecBufferType.SECBUFFER_TOKEN, new byte[0]), SecBuffer.empty()),
                AscPeer.DEFAULT_REQ | org.sspijsse.sspi.AscReq.ASC_REQ_ALLOCATE_MEMORY, ctx, new SecBufferDesc(token), attr,
                new TimeStamp());
        assertTrue(st == SecStatus.SEC_E_OK || st == SecStatus.SEC_I_CONTEXT_EXPIRED,
                () -> "ASC(shutdown): " + SecStatus.describe(st));
        byte[] out = token.toByteArray();
        if (token.isPackageAllocated()) {
            Sspi.freeContextBuffer(token);
        }
        return out;
    }
}
