package org.sspijsse.interop.gnutls;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sspijsse.sspi.*;
import org.sspijsse.testsupport.*;

/**
 * GnuTLS's client ({@code gnutls-cli}, started by the test, connecting to 127.0.0.1 only) against
 * our AcceptSecurityContext on a loopback socket. gnutls-serv is not used: it binds every interface.
 */
class GnutlsClientTest {
    @TempDir
    Path dir;

    private record Run(int exit, String output) {
    }

    private Run gnutlsCli(int port, Path ca, String... extra) throws Exception {
        Path tool = Peers.requireTool("gnutls-cli");
        List<String> cmd = new ArrayList<>(List.of(tool.toString(), "--x509cafile=" + ca, "--sni-hostname=localhost",
                "--verify-hostname=localhost", "-p", Integer.toString(port)));
        cmd.addAll(List.of(extra));
        cmd.add("127.0.0.1");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            p.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            p.getOutputStream().flush();
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "gnutls-cli did not finish");
            return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }

    private static CredHandle serverCredential(Issued server) {
        CredHandle cred = new CredHandle();
        assertEquals(SecStatus.SEC_E_OK, Sspi.acquireCredentialsHandle(null, "Schannel",
                SchannelConstants.SECPKG_CRED_INBOUND, new SchannelCredentials().addCertificate(server.certContext()),
                cred, null));
        return cred;
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "EC_P256, NORMAL:-VERS-ALL:+VERS-TLS1.3, TLS1.3",
        "EC_P256, NORMAL:-VERS-ALL:+VERS-TLS1.2, TLS1.2",
        "RSA_2048, NORMAL:-VERS-ALL:+VERS-TLS1.3, TLS1.3",
        "RSA_2048, NORMAL:-VERS-ALL:+VERS-TLS1.2, TLS1.2",
    })
    void gnutlsCli_againstOurServer_verifiesAndReadsTheResponse(KeyType type, String priority, String version)
            throws Exception {
        Issued server = TestPki.create().server(type, "localhost");
        Path ca = Issued.writePem(dir.resolve("ca.pem"), server.root());
        try (SspiSocketServer srv = SspiSocketServer.http(serverCredential(server), SspiServerPeer.DEFAULT_REQ,
                "hello from AcceptSecurityContext")) {
            Run run = gnutlsCli(srv.port(), ca, "--priority=" + priority);
            assertTrue(run.output().contains("hello from AcceptSecurityContext"), run.output());
            assertTrue(run.output().contains("(" + version + ")") || run.output().contains("(" + version + "-"),
                    run.output());
            assertTrue(run.output().contains("Status: The certificate is trusted"), run.output());
            assertEquals(1, srv.connections().size());
            assertTrue(srv.connections().get(0).request().startsWith("GET / HTTP/1.1"));
        }
    }

    @Test
    void gnutlsCli_withAlpn_getsTheServersPreferredProtocol() throws Exception {
        Issued server = TestPki.create().server(KeyType.EC_P256, "localhost");
        Path ca = Issued.writePem(dir.resolve("ca.pem"), server.root());
        try (SspiSocketServer srv = SspiSocketServer.http(serverCredential(server), SspiServerPeer.DEFAULT_REQ, "alpn",
                "h2", "http/1.1")) {
            Run run = gnutlsCli(srv.port(), ca, "--alpn=http/1.1", "--alpn=h2");
            assertTrue(run.output().contains("ALPN: h2") || run.output().contains("Application protocol: h2"),
                    run.output());
            assertEquals("h2", srv.connections().get(0).applicationProtocol());
        }
    }

    @Test
    void gnutlsCli_resumingOverTls12_reconnectsWithTheSameSession() throws Exception {
        Issued server = TestPki.create().server(KeyType.EC_P256, "localhost");
        Path ca = Issued.writePem(dir.resolve("ca.pem"), server.root());
        try (SspiSocketServer srv = SspiSocketServer.http(serverCredential(server), SspiServerPeer.DEFAULT_REQ,
                "resume")) {
            Run run = gnutlsCli(srv.port(), ca, "--priority=NORMAL:-VERS-ALL:+VERS-TLS1.2:%NO_TICKETS", "--resume");
            assertTrue(run.output().contains("This is a resumed session"), run.output());
            assertEquals(2, srv.connections().size(), srv.connections().toString());
            assertFalse(srv.connections().get(0).resumed());
            assertTrue(srv.connections().get(1).resumed());
        }
    }
}
