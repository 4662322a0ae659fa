package org.sspijsse.jsse;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.sspijsse.testsupport.Issued;
import org.sspijsse.testsupport.KeyType;
import org.sspijsse.testsupport.TestPki;

/** SSLContexts from TestPki material with the JDK's SunX509 / PKIX factories. */
final class Contexts {
    static final TestPki PKI = TestPki.create();

    private Contexts() {
    }

    /** A "TLS" context of {@code provider}; {@code own} may be null (no key manager); {@code anchors} are the only trusted roots. */
    static SSLContext context(Provider provider, Issued own, X509Certificate... anchors) {
        try {
            KeyManager[] km = null;
            if (own != null) {
                KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
                kmf.init(own.keyStore(), Issued.PASSWORD);
                km = kmf.getKeyManagers();
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(TestPki.trustStore(anchors));
            TrustManager[] tm = tmf.getTrustManagers();
            SSLContext ctx = SSLContext.getInstance("TLS", provider);
            ctx.init(km, tm, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static Issued serverCert(KeyType type) {
        return PKI.server(type, "localhost");
    }

    static Issued clientCert(KeyType type) {
        return PKI.client(type, "jsse-client");
    }

    /** The usual server: a GOOD certificate of the pair's key type, trusting the PKI root (for client certs). */
    static SSLContext server(Pair p) {
        return context(p.server(), serverCert(p.keyType()), PKI.root());
    }

    /** The usual client: no certificate, trusting the PKI root. */
    static SSLContext client(Pair p) {
        return context(p.client(), null, PKI.root());
    }
}
