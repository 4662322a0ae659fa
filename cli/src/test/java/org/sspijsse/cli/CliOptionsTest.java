package org.sspijsse.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sspijsse.sspi.PkixCertificateValidator;
import org.sspijsse.sspi.SchannelConstants;
import org.sspijsse.sspi.SchannelCredentials;
import org.sspijsse.sspi.SecApplicationProtocols;
import org.sspijsse.sspi.SecBuffer;

class CliOptionsTest {

    @Test
    void noArguments_meansHelp() throws Exception {
        assertEquals(CliOptions.Command.HELP, CliOptions.parse().command());
    }

    @Test
    void demo_withoutOptions_offersH2ThenHttp11OnAnyVersion() throws Exception {
        CliOptions o = CliOptions.parse("demo");
        assertEquals(CliOptions.Command.DEMO, o.command());
        assertEquals(List.of("h2", "http/1.1"), o.alpn());
        assertEquals(CliOptions.Protocol.ANY, o.protocol());
    }

    @Test
    void connect_takesHostPortTrustAlpnVersionAndNameCheck() throws Exception {
        CliOptions o = CliOptions.parse("connect", "example.test:8443", "--alpn", "http/1.1", "--trust", "ca.pem",
                "--tls1.3", "--insecure-no-name-check");
        assertEquals("example.test", o.host());
        assertEquals(8443, o.port());
        assertEquals(List.of("http/1.1"), o.alpn());
        assertEquals(Path.of("ca.pem"), o.trust());
        assertEquals(CliOptions.Protocol.TLS13_ONLY, o.protocol());
        assertTrue(o.noNameCheck());
    }

    @Test
    void connect_withoutAPort_uses443() throws Exception {
        assertEquals(443, CliOptions.parse("connect", "example.test").port());
    }

    @Test
    void connect_withABracketedIpv6Address_splitsHostAndPort() throws Exception {
        CliOptions o = CliOptions.parse("connect", "[::1]:4433");
        assertEquals("::1", o.host());
        assertEquals(4433, o.port());
    }

    @Test
    void badCommandLines_areUsageErrors() {
        for (String[] args : new String[][] {
            {"dance"}, {"connect"}, {"connect", "h:0"}, {"connect", "h:65536"}, {"connect", "h:x"},
            {"connect", "::1:443"}, {"connect", "h:1", "--alpn"}, {"connect", "h:1", "--alpn", "h2,,x"},
            {"connect", "h:1", "--tls1.2", "--tls1.3"}, {"connect", "h:1", "--bogus"}, {"demo", "extra"},
            {"demo", "--trust", "x.pem"}, {"connect", "h", "--sunjsse"}, {"demo", "--cert", "c.pem"},
            {"connect", "h:1", "--port", "1"}, {"serve"}, {"serve", "--port", "x"}, {"serve", "--port", "65536"},
            {"serve", "--port", "-1"}, {"serve", "--port", "0", "--cert", "c.pem"},
            {"serve", "--port", "0", "--key", "k.pem"}, {"serve", "--port", "0", "--client-ca", "ca.pem"},
            {"serve", "--port", "0", "--max-connections", "0"}, {"serve", "--port", "0", "--trust", "x.pem"},
            {"serve", "--port", "0", "extra"}, {"serve", "--port", "0", "--sunjsse"}}) {
            assertThrows(CliOptions.UsageException.class, () -> CliOptions.parse(args), String.join(" ", args));
        }
    }

    @Test
    void alpnNone_offersNothing() throws Exception {
        assertEquals(List.of(), CliOptions.parseAlpn("none"));
    }

    @Test
    void alpnOption_h2AndHttp11_becomesTheTwentyTwoByteBufferSchannelReads() throws Exception {
        List<String> ids = CliOptions.parseAlpn("h2,http/1.1");
        SecBuffer b = SecApplicationProtocols.alpnBuffer(ids.toArray(new String[0]));
        assertEquals(22, b.getCbBuffer());
        List<byte[]> parsed = SecApplicationProtocols.parseAlpn(b);
        assertEquals(2, parsed.size());
        assertEquals("h2", new String(parsed.get(0), java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals("http/1.1", new String(parsed.get(1), java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void tls12Option_disablesTheTls13ClientBit_andTls13Option_theTls12One() throws Exception {
        PkixCertificateValidator v = PkixCertificateValidator.trusting();
        SchannelCredentials only12 = Main.credentials(CliOptions.parse("demo", "--tls1.2"), v);
        SchannelCredentials only13 = Main.credentials(CliOptions.parse("demo", "--tls1.3"), v);
        SchannelCredentials any = Main.credentials(CliOptions.parse("demo"), v);
        assertEquals(SchannelConstants.SP_PROT_TLS1_3_CLIENT, only12.getDisabledProtocols());
        assertEquals(SchannelConstants.SP_PROT_TLS1_2_CLIENT, only13.getDisabledProtocols());
        assertEquals(0, any.getDisabledProtocols());
        assertEquals(SchannelConstants.SCH_CREDENTIALS_VERSION, any.getVersion());
    }

    @Test
    void noNameCheckOption_setsSchCredNoServernameCheck() throws Exception {
        SchannelCredentials c = Main.credentials(CliOptions.parse("connect", "h", "--insecure-no-name-check"),
                PkixCertificateValidator.trusting());
        assertEquals(SchannelConstants.SCH_CRED_NO_SERVERNAME_CHECK, c.getFlags());
    }

    @Test
    void serve_takesPortCertificateKeyAlpnClientAuthVersionAndConnectionCount() throws Exception {
        CliOptions o = CliOptions.parse("serve", "--port", "8443", "--cert", "chain.pem", "--key", "key.pem", "--alpn",
                "h2,http/1.1", "--require-client-cert", "--client-ca", "ca.pem", "--tls1.3", "--max-connections", "3");
        assertEquals(CliOptions.Command.SERVE, o.command());
        assertEquals(8443, o.port());
        assertEquals(List.of("h2", "http/1.1"), o.alpn());
        assertEquals(CliOptions.Protocol.TLS13_ONLY, o.protocol());
        assertEquals(new CliOptions.Serve(Path.of("chain.pem"), Path.of("key.pem"), true, Path.of("ca.pem"), 3),
                o.serve());
    }

    @Test
    void serve_withPortZeroAlone_usesTheDemoCertificate_offersNoAlpn_andHasNoConnectionLimit() throws Exception {
        CliOptions o = CliOptions.parse("serve", "--port", "0");
        assertEquals(0, o.port());
        assertEquals(List.of(), o.alpn());
        assertEquals(new CliOptions.Serve(null, null, false, null, 0), o.serve());
    }

    @Test
    void serveTls12Option_disablesTheTls13ServerBit_andTls13Option_theTls12One() throws Exception {
        DemoPki pki = DemoPki.generate("localhost");
        SchannelCredentials only12 = ServeCommand.credentials(CliOptions.parse("serve", "--port", "0", "--tls1.2"),
                pki.serverChain(), pki.serverKey());
        SchannelCredentials only13 = ServeCommand.credentials(CliOptions.parse("serve", "--port", "0", "--tls1.3"),
                pki.serverChain(), pki.serverKey());
        assertEquals(SchannelConstants.SP_PROT_TLS1_3_SERVER, only12.getDisabledProtocols());
        assertEquals(SchannelConstants.SP_PROT_TLS1_2_SERVER, only13.getDisabledProtocols());
        assertEquals(1, only12.getCertificates().size());
    }

    @Test
    void demo_takesSunJsse() throws Exception {
        assertTrue(CliOptions.parse("demo", "--sunjsse").sunJsse());
    }
}
