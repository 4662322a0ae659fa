package org.sspijsse.interop;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sspijsse.sspi.CredHandle;
import org.sspijsse.sspi.PkixCertificateValidator;
import org.sspijsse.sspi.SchannelConstants;
import org.sspijsse.sspi.SchannelCredentials;
import org.sspijsse.sspi.SecApplicationProtocols;
import org.sspijsse.sspi.SecPkgAttr;
import org.sspijsse.sspi.SecPkgContext;
import org.sspijsse.sspi.SecStatus;
import org.sspijsse.sspi.Sspi;
import org.sspijsse.testsupport.Issued;
import org.sspijsse.testsupport.KeyType;
import org.sspijsse.testsupport.OpenSslServer;
import org.sspijsse.testsupport.Peers;
import org.sspijsse.testsupport.TestPki;

/**
 * Our Schannel client (the SSPI layer, driven as curl drives it) against {@code openssl s_server} on
 * 127.0.0.1: TLS 1.2 and 1.3, RSA and ECDSA, ALPN, client certificates, KeyUpdate both ways, TLS 1.3
 * tickets (one SEC_I_RENEGOTIATE each), TLS 1.2 resumption and shutdown.
 */
class OpenSslServerInteropTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    @BeforeAll
    static void tool() {
        Peers.openssl();
    }

    static TestPki pki() {
        return TestPki.create();
    }

    static CredHandle cred(String version, SchannelCredentials c) {
        c.setValidator(PkixCertificateValidator.trusting(pki().root()));
        c.setDisabledProtocols("TLSv1.2".equals(version) ? SchannelConstants.SP_PROT_TLS1_3
                : SchannelConstants.SP_PROT_TLS1_2);
        CredHandle h = new CredHandle();
        assertEquals(0, Sspi.acquireCredentialsHandle(null, "Schannel", SchannelConstants.SECPKG_CRED_OUTBOUND, c, h,
                null));
        return h;
    }

    static OpenSslServer.Builder server(KeyType key, String version) {
        Issued.PemFiles pem = pki().server(key).writePem(dir);
        OpenSslServer.Builder b = OpenSslServer.builder().credentials(pem);
        return version.equals("TLSv1.2") ? b.tls12() : b.tls13();
    }

    static Stream<Arguments> matrix() {
        return Stream.of(Arguments.of("TLSv1.3", KeyType.EC_P256), Arguments.of("TLSv1.3", KeyType.RSA_2048),
                Arguments.of("TLSv1.2", KeyType.EC_P256), Arguments.of("TLSv1.2", KeyType.RSA_2048));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("matrix")
    void wwwPage_overEachVersionAndKey(String version, KeyType key) throws Exception {
        try (OpenSslServer s = server(key, version).www().start()) {
            assertTimeoutPreemptively(LIMIT, () -> {
                try (SspiSocketClient c = new SspiSocketClient(cred(version, new SchannelCredentials()), "localhost",
                        s.port())) {
                    assertEquals(SecStatus.SEC_E_OK, c.handshake(), s.describe());
                    SecPkgContext.ConnectionInfo ci = (SecPkgContext.ConnectionInfo) c.query(
                            SecPkgAttr.SECPKG_ATTR_CONNECTION_INFO);
                    assertEquals(version.equals("TLSv1.3") ? 0x2000 : 0x800, ci.dwProtocol);
                    c.send("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    String page = c.receive("</HTML>", false);
                    assertTrue(page.contains("</HTML>"), page);
                }
            });
        }
    }

    @Test
    void revMode_byteExactRoundTrip_andShutdown() throws Exception {
        try (OpenSslServer s = server(KeyType.EC_P256, "TLSv1.3").rev().start()) {
            assertTimeoutPreemptively(LIMIT, () -> {
                try (SspiSocketClient c = new SspiSocketClient(cred("TLSv1.3", new SchannelCredentials()),
                        "localhost", s.port())) {
                    assertEquals(SecStatus.SEC_E_OK, c.handshake());
                    for (String line : new String[] {"hello", "a longer line of text 0123456789"}) {
                        c.send((line + "\n").getBytes(StandardCharsets.US_ASCII));
                        String want = new StringBuilder(line).reverse().toString();
                        assertTrue(c.receive(want, false).contains(want));
                    }
                    assertEquals(SecStatus.SEC_E_OK, c.shutdown());
                    assertEquals(0x17, c.lastToken[0] & 0xFF, "a protected close_notify");
                    String after = c.receive(null, false);
                    assertEquals(SecStatus.SEC_I_CONTEXT_EXPIRED, c.lastStatus, "the server answered our close_notify: " + after + s.describe());
                }
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void alpn_h2IsNegotiated(String version) throws Exception {
        try (OpenSslServer s = server(KeyType.EC_P256, version).alpn("h2").www().start()) {
            assertTimeoutPreemptively(LIMIT, () -> {
                CredHandle cred = cred(version, new SchannelCredentials());
                try (AlpnClient c = new AlpnClient(cred, s.port())) {
                    assertEquals(SecStatus.SEC_E_OK, c.handshake());
                    SecPkgContext.ApplicationProtocol ap = (SecPkgContext.ApplicationProtocol) c.query(
                            SecPkgAttr.SECPKG_ATTR_APPLICATION_PROTOCOL);
                    assertEquals("h2", ap.getProtocol());
                }
            });
        }
    }

    /** The first ISC call with an APPLICATION_PROTOCOLS buffer. */
    static final class AlpnClient implements AutoCloseable {
        final SspiSocketClient inner;

        AlpnClient(CredHandle cred, int port) throws java.io.IOException {
            inner = new SspiSocketClient(cred, "localhost", port) {
            };
        }

        int handshake() throws java.io.IOException {
            inner.firstInput = new org.sspijsse.sspi.SecBufferDesc(SecApplicationProtocols.alpnBuffer("h2", "http/1.1"));
            return inner.handshake();
        }

        Object query(int attr) {
            return inner.query(attr);
        }

        @Override
        public void close() throws java.io.IOException {
            inner.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void clientCertificate_requiredByServer_isSent(String version) throws Exception {
        Issued client = pki().client(KeyType.EC_P256, "interop client");
        Path ca = client.writePem(dir).ca();
        try (OpenSslServer s = server(KeyType.EC_P256, version).requireClientCert(ca).www().start()) {
            assertTimeoutPreemptively(LIMIT, () -> {
                CredHandle cred = cred(version, new SchannelCredentials().addCertificate(client.certContext()));
                try (SspiSocketClient c = new SspiSocketClient(cred, "localhost", s.port())) {
                    assertEquals(SecStatus.SEC_E_OK, c.handshake(), s.describe());
                    c.send("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    String page = c.receive("</HTML>", false);
                    assertTrue(page.contains("interop client"), "the page names the client certificate: " + page);
                }
            });
        }
    }

    @Test
    void tls13Tickets_twoRenegotiateStatuses() throws Exception {
        try (OpenSslServer s = server(KeyType.EC_P256, "TLSv1.3").numTickets(2).rev().start()) {
            assertTimeoutPreemptively(LIMIT, () -> {
                try (SspiSocketClient c = new SspiSocketClient(cred("TLSv1.3", new SchannelCredentials()),
                        "localhost", s.port())) {
                    assertEquals(SecStatus.SEC_E_OK, c.handshake());
                    c.send("tickets\n".getBytes(StandardCharsets.US_ASCII));
                    assertTrue(c.receive("stekcit", false).contains("stekcit"));
                    assertEquals(2, c.renegotiates, "one SEC_I_RENEGOTIATE per NewSessionTicket");
                    assertEquals(0, c.lastToken.length, "a NewSessionTicket gives no output");
                }
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"k", "K"})
    void keyUpdateFromServer_isAnsweredAndDataFlowsBothWays(String command) throws Exception {
        try (OpenSslServer s = server(KeyType.EC_P256, "TLSv1.3").numTickets(0).start()) {
            assertTimeoutPreemptively(LIMIT, () -> {
                try (SspiSocketClient c = new SspiSocketClient(cred("TLSv1.3", new SchannelCredentials()),
                        "localhost", s.port())) {
                    assertEquals(SecStatus.SEC_E_OK, c.handshake());
                    c.send("before\n".getBytes(StandardCharsets.US_ASCII));
                    assertTrue(s.awaitStdout("before", Duration.ofSeconds(10)), s.describe());
                    s.sendCommand(command);
                    c.receive(null, true);
                    assertEquals(1, c.renegotiates, "SEC_I_RENEGOTIATE for the KeyUpdate");
                    if (command.equals("K")) {
                        assertTrue(c.lastToken.length > 0, "ISC returns our KeyUpdate to send");
                    } else {
                        assertEquals(0, c.lastToken.length, "no update requested: nothing to send");
                    }
                    c.send("after-update\n".getBytes(StandardCharsets.US_ASCII));
                    assertTrue(s.awaitStdout("after-update", Duration.ofSeconds(10)), s.describe());
                    s.sendCommand("from the server");
                    assertTrue(c.receive("from the server", false).contains("from the server"));
                }
            });
        }
    }

    @Test
    void tls12Resumption_serverPageSaysReused() throws Exception {
        try (OpenSslServer s = server(KeyType.EC_P256, "TLSv1.2").www().start()) {
            assertTimeoutPreemptively(LIMIT, () -> {
                CredHandle cred = cred("TLSv1.2", new SchannelCredentials());
                String[] pages = new String[2];
                for (int i = 0; i < 2; i++) {
                    try (SspiSocketClient c = new SspiSocketClient(cred, "localhost", s.port())) {
                        assertEquals(SecStatus.SEC_E_OK, c.handshake());
                        c.send("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        pages[i] = c.receive("</HTML>", false);
                        SecPkgContext.SessionInfo si = (SecPkgContext.SessionInfo) c.query(
                                SecPkgAttr.SECPKG_ATTR_SESSION_INFO);
                        assertEquals(i == 0 ? 0 : SchannelConstants.SSL_SESSION_RECONNECT, si.dwFlags);
                    }
                }
                assertTrue(pages[0].contains("New, "), pages[0]);
                assertTrue(pages[1].contains("Reused, "), pages[1]);
            });
        }
    }
}
