package org.sspijsse.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sspijsse.sspi.SchannelConstants;

/** {@code demo}: our client against our server in one process, and {@code demo --sunjsse}. */
class DemoTest {
    private static final String SCHANNEL = SchannelConstants.SCHANNEL_NAME;

    @Test
    void demo_runsOurClientAgainstOurServer_andPrintsBothSides() {
        CliRun run = CliRun.of(SCHANNEL, "demo");
        String t = run.transcript();
        CliRun client = run.side("[client] ");
        CliRun server = run.side("[server] ");
        TraceAssertions.assertClientRun(client, "HTTP/1.1 200 OK");
        TraceAssertions.assertSummary(client, "protocol", "TLSv1.3");
        TraceAssertions.assertSummary(client, "ALPN", "http/1.1");

        List<String> asc = server.lines("AcceptSecurityContext");
        assertTrue(asc.size() >= 3, t);
        assertTrue(asc.get(0).contains("-> SEC_I_CONTINUE_NEEDED (0x00090312)  in: [TOKEN "), t);
        assertTrue(asc.get(0).contains(", EMPTY 0, APPLICATION_PROTOCOLS 19]  out: [TOKEN "), t);
        assertTrue(asc.stream().anyMatch(l -> l.contains("-> SEC_E_OK (0x00000000)  in: [TOKEN ")), t);
        assertTrue(asc.get(asc.size() - 1).contains("-> SEC_E_OK (0x00000000)  in: NULL  out: [TOKEN 24,"), t);
        assertEquals(1, server.lines("AcquireCredentialsHandle   -> SEC_E_OK").size(), t);
        assertTrue(server.lines("DecryptMessage             -> SEC_E_OK").size() >= 1, t);
        assertEquals(1, server.lines("EncryptMessage             -> SEC_E_OK").size(), t);
        assertEquals(1, server.lines("ApplyControlToken          -> SEC_E_OK").size(), t);
        assertTrue(server.out().contains("DecryptMessage             -> SEC_I_CONTEXT_EXPIRED"), t);
        assertEquals(1, server.lines("DeleteSecurityContext      -> SEC_E_OK").size(), t);
        assertEquals(1, server.lines("FreeCredentialsHandle      -> SEC_E_OK").size(), t);
        assertTrue(server.lines().contains(ConnectionReport.row("SNI", "localhost")), t);

        // Three heading lines, then every line belongs to one side, whole.
        List<String> lines = run.lines();
        assertTrue(lines.get(0).startsWith("demo: "), t);
        for (String l : lines.subList(3, lines.size())) {
            assertTrue(l.matches("\\[(client|server)\\]( .*)?"), "a line of neither side: '" + l + "'\n" + t);
        }
        assertTrue(lines.get(lines.size() - 1).startsWith("[client]   HTTP           HTTP/1.1 200 OK"), t);
    }

    @Test
    void demo_withTls12_negotiatesTls12_andUsesItsStreamSizes() {
        CliRun run = CliRun.of(SCHANNEL, "demo", "--tls1.2");
        CliRun client = run.side("[client] ");
        TraceAssertions.assertClientRun(client, "HTTP/1.1 200 OK");
        TraceAssertions.assertSummary(client, "protocol", "TLSv1.2");
        assertTrue(client.out().contains("in: [STREAM_HEADER 13, DATA "), run.transcript());
        assertTrue(run.out().contains("[server]   protocol       TLSv1.2"), run.transcript());
    }

    @Test
    void demo_withoutAlpn_sendsNoApplicationProtocolsBuffer_andNegotiatesNone() {
        CliRun run = CliRun.of(SCHANNEL, "demo", "--alpn", "none");
        CliRun client = run.side("[client] ");
        TraceAssertions.assertClientRun(client, "HTTP/1.1 200 OK");
        assertTrue(client.lines("InitializeSecurityContext").get(0).contains("in: [TOKEN 0, EMPTY 0]  out:"),
                run.transcript());
        TraceAssertions.assertSummary(client, "ALPN", "(none negotiated)");
    }

    @Test
    void demo_withSunJsse_runsTheClientAgainstASunJsseServer() {
        CliRun run = CliRun.of(SCHANNEL, "demo", "--sunjsse");
        TraceAssertions.assertClientRun(run, "HTTP/1.1 200 OK");
        assertTrue(run.lines().get(0).startsWith("demo server: SunJSSE on 127.0.0.1:"), run.transcript());
        TraceAssertions.assertSummary(run, "ALPN", "http/1.1");
        assertTrue(run.lines("[server]").isEmpty(), run.transcript());
    }

    @Test
    void aMissingPackage_failsAtAcquireCredentialsHandle_withExitCodeOne() {
        CliRun run = CliRun.of("NoSuchPackage", "demo");
        assertEquals(Main.EXIT_FAILED, run.exitCode());
        assertTrue(run.err().contains("SEC_E_SECPKG_NOT_FOUND (0x80090305)"), run.transcript());
    }
}
