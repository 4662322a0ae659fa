package org.sspijsse.interop.server;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sspijsse.sspi.AscReq;
import org.sspijsse.sspi.CredHandle;
import org.sspijsse.sspi.PkixCertificateValidator;
import org.sspijsse.sspi.SchannelConstants;
import org.sspijsse.sspi.SchannelCredentials;
import org.sspijsse.sspi.SecStatus;
import org.sspijsse.sspi.Sspi;
import org.sspijsse.sspi.TimeStamp;
import org.sspijsse.testsupport.Issued;
import org.sspijsse.testsupport.KeyType;
import org.sspijsse.testsupport.OpenSslClient;
import org.sspijsse.testsupport.Peers;
import org.sspijsse.testsupport.TestPki;

/**
 * {@code openssl s_client} against our AcceptSecurityContext on a loopback socket
 * ({@link AscTestServer}): both versions, client certificates, ALPN, SNI, signature algorithms,
 * and TLS 1.2 resumption through {@code -sess_out} / {@code -sess_in}.
 */
class OpenSslClientAgainstAscTest {
    static final int REQ = AscReq.ASC_REQ_REPLAY_DETECT | AscReq.ASC_REQ_SEQUENCE_DETECT
            | AscReq.ASC_REQ_CONFIDENTIALITY | AscReq.ASC_REQ_STREAM;
    static final TestPki PKI = TestPki.create();
    static final String REQUEST = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";

    @TempDir
    static Path dir;
    static Path ca;

    @BeforeAll
    static void files() {
        Peers.openssl();
        ca = Issued.writePem(dir.resolve("root.pem"), PKI.root());
    }

    static CredHandle serverCred(Issued... certs) {
        SchannelCredentials c = new SchannelCredentials().setValidator(PkixCertificateValidator.trusting(PKI.root()));
        for (Issued i : certs) {
            c.addCertificate(i.certContext());
        }
        CredHandle h = new CredHandle();
        assertEquals(SecStatus.SEC_E_OK, Sspi.acquireCredentialsHandle(null, "Schannel",
                SchannelConstants.SECPKG_CRED_INBOUND, c, h, new TimeStamp()));
        return h;
    }

    static OpenSslClient client(AscTestServer server) {
        return OpenSslClient.connect(server.port()).caFile(ca).ignEof().stdin(REQUEST).timeout(Duration.ofSeconds(10));
    }

    static void assertServed(OpenSslClient.Result r, AscTestServer.Conn c) {
        assertNull(c.error(), () -> c.error() + r.describe());
        assertEquals(SecStatus.SEC_E_OK, c.status());
        assertTrue(c.request().startsWith("GET / HTTP/1.1\r\n"), c::request);
        assertTrue(r.stdout().contains(AscTestServer.BODY.trim()), r::describe);
        assertTrue(r.output().contains("Verify return code: 0 (ok)"), r::describe);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({"EC_P256, -tls1_2", "EC_P256, -tls1_3", "RSA_2048, -tls1_2", "RSA_2048, -tls1_3", "ED25519, -tls1_3",
        "RSA_PSS_2048, -tls1_3", "EC_P384, -tls1_2"})
    void sClientGetsTheResponseOverEitherVersion(KeyType key, String version) throws Exception {
        try (AscTestServer server = new AscTestServer(serverCred(PKI.server(key)), REQ)) {
            OpenSslClient.Result r = client(server).args(version).run();
            AscTestServer.Conn c = server.next();
            assertServed(r, c);
            boolean tls13 = version.equals("-tls1_3");
            assertTrue(r.output().contains(tls13 ? "New, TLSv1.3, Cipher is" : "New, TLSv1.2, Cipher is"), r::describe);
            assertEquals(tls13 ? SchannelConstants.SP_PROT_TLS1_3_SERVER : SchannelConstants.SP_PROT_TLS1_2_SERVER,
                    c.protocol());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"-tls1_2", "-tls1_3"})
    void sClientsCertificateReachesTheServer(String version) throws Exception {
        Issued alice = PKI.client(KeyType.EC_P256, "alice");
        try (AscTestServer server = new AscTestServer(serverCred(PKI.server(KeyType.EC_P256)),
                REQ | AscReq.ASC_REQ_MUTUAL_AUTH)) {
            OpenSslClient.Result r = client(server).clientCert(alice.writePem(dir)).args(version).run();
            AscTestServer.Conn c = server.next();
            assertServed(r, c);
            assertNotNull(c.clientChain(), "SECPKG_ATTR_REMOTE_CERT_CONTEXT");
            assertArrayEquals(alice.chain(), c.clientChain());
            assertTrue(r.output().contains("Acceptable client certificate CA names"), r::describe);
            assertTrue(r.output().contains("sspi-jsse Test Root CA"), r::describe);
        }
    }

    @Test
    void sClientWithoutACertificateIsRefusedWhenOneIsRequired() throws Exception {
        try (AscTestServer server = new AscTestServer(serverCred(PKI.server(KeyType.EC_P256)),
                REQ | AscReq.ASC_REQ_MUTUAL_AUTH)) {
            OpenSslClient.Result r = client(server).args("-tls1_3").run();
            AscTestServer.Conn c = server.next();
            assertEquals(SecStatus.SEC_E_NO_CREDENTIALS, c.status(), c::error);
            assertTrue(r.output().contains("certificate required"), r::describe);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"-tls1_2", "-tls1_3"})
    void alpnFollowsTheServersPreference(String version) throws Exception {
        try (AscTestServer server = new AscTestServer(serverCred(PKI.server(KeyType.EC_P256)), REQ, "h2", "http/1.1")) {
            OpenSslClient.Result r = client(server).alpn("http/1.1", "h2").args(version).run();
            AscTestServer.Conn c = server.next();
            assertServed(r, c);
            assertTrue(r.output().contains("ALPN protocol: h2"), r::describe);
            assertEquals("h2", c.alpn());
        }
        try (AscTestServer server = new AscTestServer(serverCred(PKI.server(KeyType.EC_P256)), REQ, "h2", "http/1.1")) {
            OpenSslClient.Result r = client(server).alpn("h2").args(version).run();
            assertServed(r, server.next());
            assertTrue(r.output().contains("ALPN protocol: h2"), r::describe);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"-tls1_2", "-tls1_3"})
    void sniChoosesTheCertificateAndIsAcknowledged(String version) throws Exception {
        Issued other = PKI.server(KeyType.EC_P256, "beta.test");
        Issued local = PKI.server(KeyType.EC_P256);
        try (AscTestServer server = new AscTestServer(serverCred(other, local), REQ)) {
            OpenSslClient.Result r = client(server).serverName("localhost").args(version, "-tlsextdebug").run();
            AscTestServer.Conn c = server.next();
            assertServed(r, c);
            assertEquals(local.certificate(), c.localCert());
            assertTrue(r.output().contains("TLS server extension \"server name\" (id=0), len=0"), r::describe);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"rsa_pss_rsae_sha256, RSA", "ecdsa_secp256r1_sha256, EC", "ed25519, Ed25519"})
    void tls13SignatureAlgorithmsChooseTheKey(String sigalg, String keyAlgorithm) throws Exception {
        try (AscTestServer server = new AscTestServer(serverCred(PKI.server(KeyType.EC_P256), PKI.server(KeyType.RSA_2048),
                PKI.server(KeyType.ED25519)), REQ)) {
            OpenSslClient.Result r = client(server).args("-tls1_3", "-sigalgs", sigalg).run();
            AscTestServer.Conn c = server.next();
            assertServed(r, c);
            assertTrue(c.localCert().getPublicKey().getAlgorithm().startsWith(keyAlgorithm.substring(0, 2)),
                    () -> c.localCert().getPublicKey().getAlgorithm());
        }
    }

    @Test
    void aTls12SessionSavedBySClientIsReused() throws Exception {
        Path sess = dir.resolve("tls12.sess");
        try (AscTestServer server = new AscTestServer(serverCred(PKI.server(KeyType.EC_P256)), REQ)) {
            OpenSslClient.Result first = client(server).args("-tls1_2").sessOut(sess).run();
            AscTestServer.Conn c1 = server.next();
            assertServed(first, c1);
            assertFalse(c1.reconnect());
            assertTrue(first.output().contains("New, TLSv1.2"), first::describe);
            OpenSslClient.Result second = client(server).args("-tls1_2").sessIn(sess).run();
            AscTestServer.Conn c2 = server.next();
            assertServed(second, c2);
            assertTrue(second.output().contains("Reused, TLSv1.2"), second::describe);
            assertTrue(c2.reconnect(), "SSL_SESSION_RECONNECT on the server");
            assertEquals(c1.localCert(), c2.localCert(), "SECPKG_ATTR_LOCAL_CERT_CONTEXT after resumption");
            assertTrue(second.stdout().contains(AscTestServer.BODY.trim()), second::describe);
        }
    }
}
