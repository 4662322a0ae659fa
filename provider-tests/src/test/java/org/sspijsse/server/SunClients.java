package org.sspijsse.server;

import java.security.GeneralSecurityException;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509KeyManager;
import org.sspijsse.testsupport.TestPki;

/** SunJSSE client engines trusting the test PKI's root, from a context the test keeps (resumption). */
final class SunClients {
    private SunClients() {
    }

    static SSLContext context(X509KeyManager km) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS", "SunJSSE");
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX", "SunJSSE");
            tmf.init(TestPki.trustStore(Fixtures.PKI.root()));
            ctx.init(km == null ? null : new KeyManager[] {km}, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client engine for {@code sni} (also the peer host) with endpoint identification on. */
    static EnginePeer engine(SSLContext ctx, String sni, String protocol, String[] suites, String... alpn) {
        SSLEngine e = ctx.createSSLEngine(sni, 443);
        e.setUseClientMode(true);
        if (protocol != null) {
            e.setEnabledProtocols(new String[] {protocol});
        }
        if (suites != null) {
            e.setEnabledCipherSuites(suites);
        }
        SSLParameters p = e.getSSLParameters();
        p.setServerNames(List.of(new SNIHostName(sni)));
        p.setEndpointIdentificationAlgorithm("HTTPS");
        if (alpn.length > 0) {
            p.setApplicationProtocols(alpn);
        }
        e.setSSLParameters(p);
        return new EnginePeer(e);
    }

    static EnginePeer engine(String protocol, String... alpn) {
        return engine(context(null), Fixtures.HOST, protocol, null, alpn);
    }
}
