package org.sspijsse.server;

import static org.junit.jupiter.api.Assertions.*;
import static org.sspijsse.server.Fixtures.*;

import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sspijsse.sspi.CertContext;
import org.sspijsse.sspi.CredHandle;
import org.sspijsse.sspi.SchannelConstants;
import org.sspijsse.sspi.SecPkgAttr;
import org.sspijsse.sspi.SecPkgContext;
import org.sspijsse.sspi.SecStatus;
import org.sspijsse.testsupport.Issued;
import org.sspijsse.testsupport.KeyType;
import org.sspijsse.testsupport.SspiClientLoop;

/**
 * Issue 3, items 1 and 4: which certificate the server presents (by the client's SNI, signature
 * algorithms and TLS 1.2 suites), and that a TLS 1.2 suite always matches the key type.
 */
class CertificateSelectionTest {
    private static final String[] ECDSA_FIRST = {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"};

    private static X509Certificate localCert(AscPeer asc) {
        CertContext cc = query(asc.context(), SecPkgAttr.SECPKG_ATTR_LOCAL_CERT_CONTEXT);
        return cc.getCertificate();
    }

    @Test
    void anRsaOnlyServerNegotiatesAnRsaSuiteWhenTheClientPrefersEcdsa() {
        AscPeer asc = AscPeer.of(inbound(server(KeyType.RSA_2048)));
        EnginePeer sun = SunClients.engine(SunClients.context(null), HOST, "TLSv1.2", ECDSA_FIRST);
        pump(sun::receive, asc);
        assertEquals(SecStatus.SEC_E_OK, asc.status(), asc::describe);
        assertEquals("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", sun.engine().getSession().getCipherSuite());
        SecPkgContext.CipherInfo info = query(asc.context(), SecPkgAttr.SECPKG_ATTR_CIPHER_INFO);
        assertEquals("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", info.szCipherSuite);
    }

    @Test
    void anRsaOnlyServerRefusesAClientThatOffersOnlyEcdsaSuites() {
        AscPeer asc = AscPeer.of(inbound(server(KeyType.RSA_2048)));
        EnginePeer sun = SunClients.engine(SunClients.context(null), HOST, "TLSv1.2",
                new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"});
        pump(sun::receive, asc);
        assertEquals(SecStatus.SEC_E_ALGORITHM_MISMATCH, asc.status(), asc::describe);
        assertEquals(40, plainAlert(asc.alert()), "handshake_failure");
        assertNotNull(sun.failure());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, EC", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, RSA",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, EC", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, RSA"})
    void aServerWithRsaAndEcdsaKeysPicksByTheClientsTls12Offer(String suite, String keyAlgorithm) throws Exception {
        CredHandle sc = inbound(server(KeyType.RSA_2048), server(KeyType.EC_P256));
        AscPeer asc = AscPeer.of(sc);
        EnginePeer sun = SunClients.engine(SunClients.context(null), HOST, "TLSv1.2", new String[] {suite});
        pump(sun::receive, asc);
        assertEquals(SecStatus.SEC_E_OK, asc.status(), asc::describe);
        SSLSession s = sun.engine().getSession();
        assertEquals(suite, s.getCipherSuite());
        assertEquals(keyAlgorithm, s.getPeerCertificates()[0].getPublicKey().getAlgorithm());
        assertEquals(keyAlgorithm, localCert(asc).getPublicKey().getAlgorithm());

        // The same with our own ISC restricted to the suite.
        AscPeer asc2 = AscPeer.of(sc);
        SspiClientLoop.Result r = handshake(outbound(clientCredentials().setCipherSuites(List.of(suite))
                .setDisabledProtocols(SchannelConstants.SP_PROT_TLS1_3)), asc2);
        assertTrue(r.isOk(), r::describe);
        assertEquals(keyAlgorithm, localCert(asc2).getPublicKey().getAlgorithm());
    }

    @ParameterizedTest(name = "TLS 1.3 signature scheme 0x{0} -> {1}")
    @CsvSource({"0403, EC_P256", "0503, EC_P384", "0804, RSA_2048", "0809, RSA_PSS_2048", "0807, ED25519"})
    void aServerWithEveryKeyTypePicksByTheClientsTls13SignatureAlgorithms(String hex, KeyType expected) {
        Issued[] all = {server(KeyType.RSA_2048), server(KeyType.EC_P256), server(KeyType.EC_P384),
            server(KeyType.RSA_PSS_2048), server(KeyType.ED25519)};
        AscPeer asc = AscPeer.of(inbound(all));
        byte[] hello = ClientHellos.onlySignatureScheme(ClientHellos.fromIsc(outbound(true), HOST), Integer.parseInt(hex, 16));
        byte[] flight = asc.receive(hello);
        assertEquals(SecStatus.SEC_I_CONTINUE_NEEDED, asc.status(), asc::describe);
        assertTrue(flight.length > 0);
        assertEquals(server(expected).certificate(), localCert(asc));
    }

    @Test
    void aClientWhoseSignatureAlgorithmsFitNoKeyIsRefusedWithHandshakeFailure() {
        AscPeer asc = AscPeer.of(inbound(server(KeyType.EC_P256)));
        // rsa_pss_rsae_sha256 only, against an ECDSA-only server.
        asc.receive(ClientHellos.onlySignatureScheme(ClientHellos.fromIsc(outbound(true), HOST), 0x0804));
        assertEquals(SecStatus.SEC_E_ALGORITHM_MISMATCH, asc.status(), asc::describe);
        assertEquals(40, plainAlert(asc.alert()), "handshake_failure, in the clear (no keys yet)");
        assertFalse(asc.context().isValid(), "a failed first call hands out no context");
    }

    @ParameterizedTest(name = "SNI {0}")
    @ValueSource(strings = {"alpha.test", "beta.test"})
    void theServerPresentsTheCertificateNamedByTheClientsSni(String name) {
        Issued alpha = PKI.server(KeyType.EC_P256, "alpha.test");
        Issued beta = PKI.server(KeyType.EC_P256, "beta.test");
        Issued wanted = name.equals("alpha.test") ? alpha : beta;
        CredHandle sc = inbound(alpha, beta);
        for (boolean tls13 : new boolean[] {false, true}) {
            AscPeer asc = AscPeer.of(sc);
            SspiClientLoop.Result r = SspiClientLoop.builder(outbound(tls13)).targetName(name).run(asc::receive);
            assertTrue(r.isOk(), r::describe);
            assertEquals(wanted.certificate(), localCert(asc));
            CertContext remote = query(r.context(), SecPkgAttr.SECPKG_ATTR_REMOTE_CERT_CONTEXT);
            assertEquals(wanted.certificate(), remote.getCertificate());
            if (!tls13) {
                byte[] serverHello = asc.steps().stream().filter(s -> s.status() == SecStatus.SEC_I_CONTINUE_NEEDED)
                        .findFirst().orElseThrow().token();
                assertTrue(ClientHellos.serverHelloHas(serverHello, 0),
                        "RFC 6066 §3: the ServerHello acknowledges the name with an empty server_name extension");
            }
        }
        EnginePeer sun = SunClients.engine(SunClients.context(null), name, null, null);
        AscPeer asc = AscPeer.of(sc);
        pump(sun::receive, asc);
        assertEquals(SecStatus.SEC_E_OK, asc.status(), () -> asc.describe() + " " + sun.failure());
        assertEquals(wanted.certificate(), localCert(asc));
    }

    @Test
    void withoutAMatchingNameTheServerFallsBackToItsFirstCertificateAndDoesNotAcknowledgeSni() {
        Issued alpha = PKI.server(KeyType.EC_P256, "alpha.test");
        Issued beta = PKI.server(KeyType.EC_P256, "beta.test");
        AscPeer asc = AscPeer.of(inbound(alpha, beta));
        byte[] flight = asc.receive(ClientHellos.fromIsc(outbound(false), "gamma.test"));
        assertEquals(SecStatus.SEC_I_CONTINUE_NEEDED, asc.status(), asc::describe);
        assertEquals(alpha.certificate(), localCert(asc));
        assertFalse(ClientHellos.serverHelloHas(flight, 0));
    }
}
