package org.sspijsse.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sspijsse.sspi.PkixCertificateValidator;
import org.sspijsse.sspi.SchannelConstants;
import org.sspijsse.sspi.SchannelCredentials;

/**
 * The client loop, the printing and the demo plumbing, run today over {@link EngineStandInPackage}
 * (SunJSSE behind the SSPI buffer contract) instead of the real Schannel package.
 */
class StandInLoopTest {

    @BeforeAll
    static void registerStandIn() {
        EngineStandInPackage.register();
    }

    @Test
    void demo_throughTheStandIn_printsEveryCallFromClientHelloToCloseNotify() {
        CliRun run = CliRun.of(EngineStandInPackage.NAME, "demo");
        TraceAssertions.assertClientRun(run, "HTTP/1.1 200 OK");
        TraceAssertions.assertSummary(run, "protocol", "TLSv1.3");
        TraceAssertions.assertSummary(run, "ALPN", "http/1.1");
        TraceAssertions.assertSummary(run, "stream sizes", "header 5, trailer 33, maximum message 16384, buffers 4,"
                + " block size 16");
        assertTrue(run.out().contains("in: [TOKEN 0, EMPTY 0, APPLICATION_PROTOCOLS 22]"), run.transcript());
        assertTrue(run.out().contains("DecryptMessage             -> SEC_I_CONTEXT_EXPIRED"), run.transcript());
    }

    @Test
    void demo_withTls12_negotiatesTls12AndUsesItsStreamSizes() {
        CliRun run = CliRun.of(EngineStandInPackage.NAME, "demo", "--tls1.2");
        TraceAssertions.assertClientRun(run, "HTTP/1.1 200 OK");
        TraceAssertions.assertSummary(run, "protocol", "TLSv1.2");
        assertTrue(run.out().contains("in: [STREAM_HEADER 13, DATA "), run.transcript());
    }

    @Test
    void demo_withoutAlpn_sendsNoApplicationProtocolsBuffer() {
        CliRun run = CliRun.of(EngineStandInPackage.NAME, "demo", "--alpn", "none");
        TraceAssertions.assertClientRun(run, "HTTP/1.1 200 OK");
        assertTrue(run.lines("InitializeSecurityContext").get(0).contains("in: [TOKEN 0, EMPTY 0]  out:"),
                run.transcript());
        TraceAssertions.assertSummary(run, "ALPN", "(none negotiated)");
    }

    @Test
    void aMissingPackage_failsAtAcquireCredentialsHandle_withExitCodeOne() {
        CliRun run = CliRun.of("NoSuchPackage", "demo");
        assertEquals(Main.EXIT_FAILED, run.exitCode());
        assertTrue(run.err().contains("SEC_E_SECPKG_NOT_FOUND (0x80090305)"), run.transcript());
    }

    /** Also run over the real package: MISSING and EXTRA are its contract as much as the loop's. */
    @ParameterizedTest
    @ValueSource(strings = {EngineStandInPackage.NAME, SchannelConstants.SCHANNEL_NAME})
    void handshake_withBytesArrivingAFewAtATime_readsMoreOnIncompleteMessageAndKeepsExtra(String packageName)
            throws Exception {
        DemoPki pki = DemoPki.generate("localhost");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        SspiTrace trace = new SspiTrace(new PrintStream(printed, true, StandardCharsets.UTF_8));
        byte[] response;
        try (DemoServer server = DemoServer.start(pki);
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
                ClientLoop loop = new ClientLoop(packageName, trace)) {
            socket.setSoTimeout(10_000);
            loop.acquireCredentials(new SchannelCredentials().setValidator(
                    PkixCertificateValidator.trusting(pki.root())));
            loop.attach(new Trickle(socket.getInputStream(), 7), socket.getOutputStream());
            loop.handshake("localhost", List.of("http/1.1"));
            loop.send(HttpMessages.get("localhost"));
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (byte[] b = loop.receive(); b != null; b = loop.receive()) {
                all.write(b);
            }
            loop.shutdown();
            response = all.toByteArray();
        }
        String t = printed.toString(StandardCharsets.UTF_8);
        assertTrue(t.contains("SEC_E_INCOMPLETE_MESSAGE (0x80090318)  in: [TOKEN "), t);
        assertTrue(t.contains(", MISSING "), t);
        assertTrue(t.contains("DecryptMessage             -> SEC_E_INCOMPLETE_MESSAGE"), t);
        assertEquals("HTTP/1.1 200 OK", ClientSession.parse(response).statusLine(), t);
    }

    @Test
    void connect_throughTheStandIn_againstOpenSslServer_printsTls13AndHttpStatus(@TempDir Path dir)
            throws Exception {
        OpenSslServer.requireOpenSsl();
        PemFixture pem = PemFixture.write(dir);
        try (OpenSslServer server = OpenSslServer.start(pem.cert(), pem.key(), "-www")) {
            CliRun run = CliRun.of(EngineStandInPackage.NAME, "connect", "localhost:" + server.port(),
                    "--trust", pem.ca().toString());
            TraceAssertions.assertClientRun(run, "HTTP/1.0 200");
            TraceAssertions.assertSummary(run, "protocol", "TLSv1.3");
            assertTrue(run.out().contains("response head"), run.transcript());
        }
    }

    @Test
    void connect_withAnUntrustedServer_failsWithANonZeroExitAndTheStatus(@TempDir Path dir) throws Exception {
        OpenSslServer.requireOpenSsl();
        PemFixture pem = PemFixture.write(dir);
        PemFixture other = PemFixture.write(Files.createDirectory(dir.resolve("other")));
        try (OpenSslServer server = OpenSslServer.start(pem.cert(), pem.key(), "-www")) {
            CliRun run = CliRun.of(EngineStandInPackage.NAME, "connect", "localhost:" + server.port(),
                    "--trust", other.ca().toString());
            assertNotEquals(0, run.exitCode(), run.transcript());
            assertTrue(run.err().startsWith("error: InitializeSecurityContext failed: SEC_E_"), run.transcript());
        }
    }

    /** Hands out at most {@code max} bytes per read, as a slow network would. */
    private static final class Trickle extends FilterInputStream {
        private final int max;

        Trickle(InputStream in, int max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, max));
        }
    }
}
