package org.sspijsse.cli;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sspijsse.sspi.SchannelConstants;
import org.sspijsse.testsupport.Issued;
import org.sspijsse.testsupport.KeyType;
import org.sspijsse.testsupport.OpenSslServer;
import org.sspijsse.testsupport.TestPki;

/** {@code connect} against {@code openssl s_server} on 127.0.0.1. */
class ConnectTest {

    @Test
    void connect_againstOpenSslServer_printsTls13AndHttpStatus(@TempDir Path dir) throws Exception {
        Issued.PemFiles pem = TestPki.create().server(KeyType.EC_P256).writePem(dir);
        try (OpenSslServer server = OpenSslServer.builder().credentials(pem).www().start()) {
            CliRun run = CliRun.of(SchannelConstants.SCHANNEL_NAME, "connect", "localhost:" + server.port(),
                    "--trust", pem.ca().toString());
            TraceAssertions.assertClientRun(run, "HTTP/1.0 200");
            TraceAssertions.assertSummary(run, "protocol", "TLSv1.3");
            assertTrue(run.out().contains("response head"), run.transcript());
        }
    }

    @Test
    void connect_withAnUntrustedServer_failsWithANonZeroExitAndTheStatus(@TempDir Path dir) throws Exception {
        Issued.PemFiles pem = TestPki.create().server(KeyType.EC_P256).writePem(dir);
        Issued.PemFiles other = TestPki.createIndependent(KeyType.EC_P256).server(KeyType.EC_P256)
                .writePem(dir.resolve("other"));
        try (OpenSslServer server = OpenSslServer.builder().credentials(pem).www().start()) {
            CliRun run = CliRun.of(SchannelConstants.SCHANNEL_NAME, "connect", "localhost:" + server.port(),
                    "--trust", other.ca().toString());
            assertNotEquals(0, run.exitCode(), run.transcript());
            assertTrue(run.err().startsWith("error: InitializeSecurityContext failed: SEC_E_UNTRUSTED_ROOT"),
                    run.transcript());
        }
    }
}
