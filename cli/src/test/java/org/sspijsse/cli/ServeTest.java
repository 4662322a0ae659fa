package org.sspijsse.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sspijsse.testsupport.CapturedOutput;
import org.sspijsse.testsupport.Issued;
import org.sspijsse.testsupport.KeyType;
import org.sspijsse.testsupport.OpenSslClient;
import org.sspijsse.testsupport.Peers;
import org.sspijsse.testsupport.TestPki;

/** {@code serve} in-process, against openssl s_client and curl on 127.0.0.1. */
class ServeTest {
    private static final String GET = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";

    @Test
    void serve_answersOpenSslClient_overTls13AndTls12() throws Exception {
        Peers.openssl();
        try (ServeRun serve = ServeRun.start(2)) {
            Path root = serve.rootCa();
            OpenSslClient.Result tls13 = sClient(serve, root).tls13().run();
            OpenSslClient.Result tls12 = sClient(serve, root).tls12().run();
            CliRun run = serve.finish();

            for (OpenSslClient.Result r : List.of(tls13, tls12)) {
                String v = r.describe() + run.transcript();
                assertTrue(r.stdout().contains("Verification: OK"), v);
                assertTrue(r.stdout().contains("Verify return code: 0 (ok)"), v);
                assertTrue(r.stdout().contains("HTTP/1.1 200 OK"), v);
                assertTrue(r.stdout().contains("SNI: localhost"), v);
                assertTrue(r.stdout().contains("client certificate: (none)"), v);
            }
            // s_client's view ("New, <version>, Cipher is ...") and the server's (the body).
            assertTrue(tls13.stdout().contains("New, TLSv1.3, Cipher is TLS_AES_"), tls13.describe());
            assertTrue(tls13.stdout().contains("protocol: TLSv1.3"), tls13.describe());
            assertTrue(tls12.stdout().contains("New, TLSv1.2, Cipher is ECDHE-ECDSA-"), tls12.describe());
            assertTrue(tls12.stdout().contains("protocol: TLSv1.2"), tls12.describe());

            assertEquals(Main.EXIT_OK, run.exitCode(), run.transcript());
            assertTrue(run.lines().get(0).startsWith(ServeCommand.LISTENING), run.transcript());
            CliRun server = run.side("[server] ");
            assertEquals(1, server.lines("AcquireCredentialsHandle   -> SEC_E_OK").size(), run.transcript());
            assertTrue(server.out().contains("package Schannel, SECPKG_CRED_INBOUND"), run.transcript());
            assertEquals(2, server.lines("ApplyControlToken          -> SEC_E_OK").size(), run.transcript());
            assertEquals(2, server.lines("DeleteSecurityContext      -> SEC_E_OK").size(), run.transcript());
            assertEquals(1, server.lines("FreeCredentialsHandle      -> SEC_E_OK").size(), run.transcript());
            assertTrue(server.out().contains("2 connection(s), 0 failed"), run.transcript());
        }
    }

    @Test
    void serve_answersCurlWithCacert() throws Exception {
        Path curl = Peers.requireTool("curl");
        try (ServeRun serve = ServeRun.start(1)) {
            int port = serve.port();
            // --resolve keeps curl on 127.0.0.1 (localhost may also resolve to ::1, where nothing listens).
            String[] out = run(List.of(curl.toString(), "-sS", "--max-time", "30", "--cacert",
                    serve.rootCa().toString(), "--resolve", "localhost:" + port + ":127.0.0.1",
                    "https://localhost:" + port + "/"));
            CliRun run = serve.finish();
            String v = "curl exit " + out[0] + "\n" + out[1] + "\n" + out[2] + "\n" + run.transcript();
            assertEquals("0", out[0], v);
            assertTrue(out[1].startsWith("Hello from sspi-jsse serve"), v);
            assertTrue(out[1].contains("SNI: localhost"), v);
            assertTrue(out[1].contains("request: GET / HTTP/1.1"), v);
            assertEquals(Main.EXIT_OK, run.exitCode(), v);
        }
    }

    @Test
    void serve_withAlpnH2AndHttp11_selectsH2ForAClientOfferingH2() throws Exception {
        Peers.openssl();
        try (ServeRun serve = ServeRun.start(1, "--alpn", "h2,http/1.1")) {
            OpenSslClient.Result r = sClient(serve, serve.rootCa()).alpn("h2").run();
            CliRun run = serve.finish();
            assertTrue(r.stdout().contains("ALPN protocol: h2"), r.describe() + run.transcript());
            assertTrue(r.stdout().contains("ALPN: h2"), r.describe());
            assertTrue(run.out().contains("[server] AcceptSecurityContext      -> SEC_I_CONTINUE_NEEDED (0x00090312)"
                    + "  in: [TOKEN "), run.transcript());
            assertTrue(run.out().contains(", EMPTY 0, APPLICATION_PROTOCOLS 22]"), run.transcript());
        }
    }

    @Test
    void serve_requiringAClientCertificate_answersAClientThatPresentsOne_withItsSubjectInTheBody(@TempDir Path dir)
            throws Exception {
        Peers.openssl();
        TestPki pki = TestPki.create();
        Issued.PemFiles server = pki.server(KeyType.EC_P256).writePem(dir);
        Issued.PemFiles client = pki.client(KeyType.EC_P256, "sspi-jsse cli test client").writePem(dir);
        try (ServeRun serve = ServeRun.start(1, "--cert", server.chain().toString(), "--key", server.key().toString(),
                "--require-client-cert", "--client-ca", server.ca().toString())) {
            OpenSslClient.Result r = sClient(serve, server.ca()).clientCert(client).run();
            CliRun run = serve.finish();
            String v = r.describe() + run.transcript();
            assertTrue(r.stdout().contains("HTTP/1.1 200 OK"), v);
            assertTrue(r.stdout().contains("client certificate: CN=sspi-jsse cli test client"), v);
            assertTrue(run.out().contains("[server]   client cert    CN=sspi-jsse cli test client"), v);
            assertEquals(Main.EXIT_OK, run.exitCode(), v);
        }
    }

    @Test
    void serve_requiringAClientCertificate_failsTheHandshakeOfAClientWithout(@TempDir Path dir) throws Exception {
        Peers.openssl();
        TestPki pki = TestPki.create();
        Issued.PemFiles server = pki.server(KeyType.EC_P256).writePem(dir);
        try (ServeRun serve = ServeRun.start(1, "--cert", server.chain().toString(), "--key", server.key().toString(),
                "--require-client-cert", "--client-ca", server.ca().toString())) {
            OpenSslClient.Result r = sClient(serve, server.ca()).run();
            CliRun run = serve.finish();
            String v = r.describe() + run.transcript();
            assertFalse(r.stdout().contains("HTTP/1.1 200"), v);
            assertTrue(r.output().contains("alert certificate required"), v);
            assertTrue(run.out().contains("[server] AcceptSecurityContext      -> SEC_E_"), v);
            assertTrue(run.out().contains("[server]     sending alert of "), v);
            assertTrue(run.out().contains("1 connection(s), 1 failed"), v);
            assertEquals(Main.EXIT_FAILED, run.exitCode(), v);
        }
    }

    /** The --cert/--key PEM files of every key type openssl and the package share, read with the JDK. */
    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"RSA_2048", "RSA_PSS_2048", "EC_P384", "ED25519"})
    void serve_withACertificateAndPkcs8KeyFromPemFiles_answersOverTls13(KeyType type, @TempDir Path dir)
            throws Exception {
        Peers.openssl();
        Issued.PemFiles server = TestPki.create().server(type).writePem(dir);
        try (ServeRun serve = ServeRun.start(1, "--cert", server.chain().toString(), "--key", server.key().toString(),
                "--tls1.3")) {
            OpenSslClient.Result r = sClient(serve, server.ca()).run();
            CliRun run = serve.finish();
            String v = r.describe() + run.transcript();
            assertTrue(r.stdout().contains("Verification: OK"), v);
            assertTrue(r.stdout().contains("protocol: TLSv1.3"), v);
            assertEquals(Main.EXIT_OK, run.exitCode(), v);
        }
    }

    private static OpenSslClient sClient(ServeRun serve, Path ca) {
        return OpenSslClient.connect(serve.port()).serverName("localhost").caFile(ca).ignEof().stdin(GET)
                .timeout(Duration.ofSeconds(30));
    }

    /** Runs a command to its end (at most 40 s): exit code, stdout, stderr. */
    private static String[] run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        CapturedOutput out = CapturedOutput.start("stdout", p.getInputStream());
        CapturedOutput err = CapturedOutput.start("stderr", p.getErrorStream());
        if (!p.waitFor(40, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        // Waits (bounded) for both streams to end: a condition that never holds returns at the end.
        out.await(text -> false, Duration.ofSeconds(2));
        err.await(text -> false, Duration.ofSeconds(2));
        return new String[] {p.isAlive() ? "timeout" : Integer.toString(p.exitValue()), out.text(), err.text()};
    }
}
