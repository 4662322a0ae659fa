package org.sspijsse.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenSslFixturesTest {
    private final TestPki pki = TestPki.create();
    @TempDir
    Path dir;

    @BeforeEach
    void needsOpenssl() {
        Peers.requireTool("openssl");
    }

    private SSLContext sunContext(Issued keyMaterial) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS", "SunJSSE");
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(TestPki.trustStore(pki.root()));
        KeyManagerFactory kmf = null;
        if (keyMaterial != null) {
            kmf = KeyManagerFactory.getInstance("SunX509");
            kmf.init(keyMaterial.keyStore(), Issued.PASSWORD);
        }
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    @Test
    void theServerStartsOnAnEphemeralPortAndStopsOnClose() throws Exception {
        Issued.PemFiles pem = pki.server(KeyType.EC_P256).writePem(dir);
        OpenSslServer server = OpenSslServer.builder().credentials(pem).www().start();
        try (server) {
            assertTrue(server.port() > 0 && server.port() < 65536);
            assertTrue(server.isAlive());
            assertTrue(server.command().contains("127.0.0.1:0"));
        }
        assertFalse(server.isAlive());
    }

    @Test
    void aSunJsseSocketCompletesATls13HandshakeWithTheServerAndReadsTheWwwPage() throws Exception {
        Issued.PemFiles pem = pki.server(KeyType.RSA_2048).writePem(dir);
        try (OpenSslServer server = OpenSslServer.builder().credentials(pem).tls13().www().start();
                SSLSocket s = (SSLSocket) sunContext(null).getSocketFactory().createSocket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            var params = s.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            params.setServerNames(java.util.List.of(new javax.net.ssl.SNIHostName("localhost")));
            s.setSSLParameters(params);
            s.startHandshake();
            assertEquals("TLSv1.3", s.getSession().getProtocol());
            s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            String page = readUntil(s.getInputStream(), "</HTML>");
            assertTrue(page.contains("</HTML>"), page + server.describe());
            assertTrue(page.contains("TLSv1.3"), page);
        }
    }

    @Test
    void aRevServerEchoesLinesReversedAndTakesCommandsOnStdin() throws Exception {
        Issued.PemFiles pem = pki.server(KeyType.EC_P256).writePem(dir);
        try (OpenSslServer server = OpenSslServer.builder().credentials(pem).tls13().rev().start();
                SSLSocket s = (SSLSocket) sunContext(null).getSocketFactory().createSocket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            s.startHandshake();
            OutputStream out = s.getOutputStream();
            out.write("abc\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals("cba", readUntil(s.getInputStream(), "\n").trim());
            server.sendCommand("k");
            out.write("xyz\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals("zyx", readUntil(s.getInputStream(), "\n").trim(), server.describe());
        }
    }

    @Test
    void theClientVerifiesASunJsseServerAndReportsProtocolAlpnAndItsOutput() throws Exception {
        Issued.PemFiles ca = pki.server(KeyType.EC_P256).writePem(dir);
        SSLContext ctx = sunContext(pki.server(KeyType.EC_P256));
        try (SSLServerSocket ss = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            var params = ss.getSSLParameters();
            params.setApplicationProtocols(new String[] {"h2"});
            ss.setSSLParameters(params);
            CompletableFuture<String> served = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                    s.setSoTimeout(10_000);
                    String line = readUntil(s.getInputStream(), "\n");
                    s.getOutputStream().write(("echo " + line).getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    return line;
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            OpenSslClient.Result r = OpenSslClient.connect(ss.getLocalPort()).caFile(ca.ca()).tls13().alpn("h2")
                    .ignEof().stdin("ping\n").run();
            assertEquals("ping\n", served.get(10, TimeUnit.SECONDS));
            assertEquals(0, r.exitCode(), r.describe());
            assertFalse(r.timedOut());
            assertTrue(r.stdout().contains("Verification: OK"), r.describe());
            assertTrue(r.stdout().contains("TLSv1.3"), r.describe());
            assertTrue(r.stdout().contains("ALPN protocol: h2"), r.describe());
            assertTrue(r.stdout().contains("echo ping"), r.describe());
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(KeyType.class)
    void openSslLoadsThePemKeyOfEveryKeyTypeAndItsClientVerifiesTheChain(KeyType type) throws Exception {
        Issued.PemFiles pem = pki.server(type).writePem(dir);
        try (OpenSslServer server = OpenSslServer.builder().credentials(pem).tls13().www().start()) {
            OpenSslClient.Result r = OpenSslClient.connect(server.port()).caFile(pem.ca()).tls13()
                    .stdin("GET / HTTP/1.0\r\n\r\n").ignEof().run();
            assertTrue(r.stdout().contains("Verification: OK"), r.describe() + server.describe());
            assertTrue(r.stdout().contains("</HTML>"), r.describe());
        }
    }

    @Test
    void theClientRunIsBoundedInTime() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            long t0 = System.nanoTime();
            OpenSslClient.Result r = OpenSslClient.connect(silent.getLocalPort()).timeout(Duration.ofSeconds(1))
                    .ignEof().run();
            assertTrue(r.timedOut(), r.describe());
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(8));
        }
    }

    static String readUntil(InputStream in, String end) throws java.io.IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int b;
        while (buf.size() < 1 << 20 && (b = in.read()) >= 0) {
            buf.write(b);
            if (buf.toString(StandardCharsets.ISO_8859_1).endsWith(end)) {
                break;
            }
        }
        return buf.toString(StandardCharsets.ISO_8859_1);
    }
}
