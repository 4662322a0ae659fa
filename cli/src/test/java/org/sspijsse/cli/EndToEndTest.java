package org.sspijsse.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sspijsse.sspi.SchannelConstants;

/**
 * The tool against real peers through this project's Schannel package: these pass once the
 * package (org.sspijsse.schannel) is on the class path; until then AcquireCredentialsHandle
 * returns SEC_E_SECPKG_NOT_FOUND. {@link StandInLoopTest} runs the same assertions today over a
 * SunJSSE-backed stand-in package.
 */
class EndToEndTest {

    @Test
    void demo_runsTheIscLoopAgainstTheLocalServer() {
        CliRun run = CliRun.of(SchannelConstants.SCHANNEL_NAME, "demo");
        TraceAssertions.assertClientRun(run, "HTTP/1.1 200");
        TraceAssertions.assertSummary(run, "protocol", "TLSv1.3");
        TraceAssertions.assertSummary(run, "ALPN", "http/1.1");
    }

    @Test
    void connect_againstOpenSslServer_printsTls13AndHttpStatus(@TempDir Path dir) throws Exception {
        OpenSslServer.requireOpenSsl();
        PemFixture pem = PemFixture.write(dir);
        try (OpenSslServer server = OpenSslServer.start(pem.cert(), pem.key(), "-www")) {
            CliRun run = CliRun.of(SchannelConstants.SCHANNEL_NAME, "connect", "localhost:" + server.port(),
                    "--trust", pem.ca().toString());
            TraceAssertions.assertClientRun(run, "HTTP/1.0 200");
            TraceAssertions.assertSummary(run, "protocol", "TLSv1.3");
            assertTrue(run.out().contains("response head"), run.transcript());
        }
    }
}
