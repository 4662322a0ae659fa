package org.sspijsse.interop.server;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sspijsse.sspi.SchannelConstants;
import org.sspijsse.testsupport.KeyType;
import org.sspijsse.testsupport.TestPki;

/** A SunJSSE SSLSocket (trusting the test root, checking the host name) against our ASC server. */
class SunJsseClientAgainstAscTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void anSslSocketGetsTheResponse(String protocol) throws Exception {
        TestPki pki = OpenSslClientAgainstAscTest.PKI;
        SSLContext ctx = SSLContext.getInstance("TLS", "SunJSSE");
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(TestPki.trustStore(pki.root()));
        ctx.init(null, tmf.getTrustManagers(), null);
        try (AscTestServer server = new AscTestServer(OpenSslClientAgainstAscTest.serverCred(pki.server(KeyType.EC_P256)),
                OpenSslClientAgainstAscTest.REQ, "h2", "http/1.1");
                SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setSoTimeout(5000);
            s.setEnabledProtocols(new String[] {protocol});
            SSLParameters p = s.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            p.setServerNames(java.util.List.of(new javax.net.ssl.SNIHostName("localhost")));
            p.setApplicationProtocols(new String[] {"http/1.1"});
            s.setSSLParameters(p);
            s.getOutputStream().write(OpenSslClientAgainstAscTest.REQUEST.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                got.write(buf, 0, n);
            }
            String response = got.toString(StandardCharsets.US_ASCII);
            assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
            assertTrue(response.endsWith(AscTestServer.BODY), response);
            assertEquals(protocol, s.getSession().getProtocol());
            assertEquals("http/1.1", s.getApplicationProtocol());
            AscTestServer.Conn c = server.next();
            assertNull(c.error(), c::error);
            assertEquals("http/1.1", c.alpn());
            assertEquals(protocol.equals("TLSv1.3") ? SchannelConstants.SP_PROT_TLS1_3_SERVER
                    : SchannelConstants.SP_PROT_TLS1_2_SERVER, c.protocol());
        }
    }
}
