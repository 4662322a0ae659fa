package org.sspijsse.conformance;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sspijsse.sspi.*;
import org.sspijsse.testsupport.*;

class ServerSmokeTest {
    @ParameterizedTest
    @CsvSource({"EC_P256,0", "RSA_2048,0", "EC_P256,12288", "RSA_2048,12288", "ED25519,0", "EC_P384,0", "RSA_PSS_2048,0"})
    void iscAgainstAsc(KeyType type, int disabled) throws Exception {
        TestPki pki = TestPki.create();
        Issued server = pki.server(type, "localhost");
        CredHandle sc = new CredHandle();
        assertEquals(0, Sspi.acquireCredentialsHandle(null, "Schannel", SchannelConstants.SECPKG_CRED_INBOUND,
                new SchannelCredentials().addCertificate(server.certContext()), sc, null));
        CredHandle cc = new CredHandle();
        assertEquals(0, Sspi.acquireCredentialsHandle(null, "Schannel", SchannelConstants.SECPKG_CRED_OUTBOUND,
                new SchannelCredentials().setDisabledProtocols(disabled == 0 ? 0 : SchannelConstants.SP_PROT_TLS1_3)
                        .setValidator(PkixCertificateValidator.trusting(pki.root())), cc, null));
        CtxtHandle c = new CtxtHandle();
        CtxtHandle s = new CtxtHandle();
        SecBuffer tok = new SecBuffer(SecBufferType.SECBUFFER_TOKEN);
        int cst = Sspi.initializeSecurityContext(cc, null, "localhost", 0x811C, null, c, new SecBufferDesc(tok), new IntHolder(), null);
        byte[] toServer = tok.toByteArray();
        int sst = -1;
        boolean first = true;
        for (int i = 0; i < 10 && (cst != 0 || sst != 0); i++) {
            if (toServer.length > 0) {
                SecBuffer out = new SecBuffer(SecBufferType.SECBUFFER_TOKEN);
                SecBuffer alert = new SecBuffer(SecBufferType.SECBUFFER_ALERT);
                sst = Sspi.acceptSecurityContext(sc, first ? null : s, new SecBufferDesc(new SecBuffer(SecBufferType.SECBUFFER_TOKEN, toServer), SecBuffer.empty()),
                        0x10118, s, new SecBufferDesc(out, alert), new IntHolder(), null);
                first = false;
                System.out.println("ASC " + SecStatus.describe(sst) + " " + out + " " + alert);
                toServer = new byte[0];
                byte[] toClient = out.toByteArray();
                if (toClient.length > 0 && cst != SecStatus.SEC_E_OK) {
                    SecBuffer o2 = new SecBuffer(SecBufferType.SECBUFFER_TOKEN);
                    cst = Sspi.initializeSecurityContext(cc, c, "localhost", 0x811C, new SecBufferDesc(new SecBuffer(SecBufferType.SECBUFFER_TOKEN, toClient), SecBuffer.empty()),
                            c, new SecBufferDesc(o2, new SecBuffer(SecBufferType.SECBUFFER_ALERT)), new IntHolder(), null);
                    System.out.println("ISC " + SecStatus.describe(cst) + " " + o2);
                    toServer = o2.toByteArray();
                }
            }
        }
        assertEquals(0, cst);
        assertEquals(0, sst);
        Holder<Object> h = new Holder<>();
        Sspi.queryContextAttributes(c, SecPkgAttr.SECPKG_ATTR_CIPHER_INFO, h);
        System.out.println(h.value);
    }
}
