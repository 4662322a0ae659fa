package org.sspijsse.sockets;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.KeyStore;
import java.security.Provider;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.sspijsse.jsse.SspiJsseProvider;
import org.sspijsse.testsupport.Issued;
import org.sspijsse.testsupport.KeyType;
import org.sspijsse.testsupport.TestPki;

/** Contexts for the socket tests: a server identity for localhost and a client trusting its root. */
final class SocketPki {
    static final Provider OURS = new SspiJsseProvider();
    static final TestPki PKI = TestPki.create();
    static final Issued SERVER = PKI.server(KeyType.EC_P256, "localhost");

    private SocketPki() {
    }

    /** {@code p} null: SunJSSE. */
    static SSLContext server(Provider p, String protocol) throws Exception {
        return context(p, SERVER, protocol);
    }

    static SSLContext client(Provider p, String protocol) throws Exception {
        return context(p, null, protocol);
    }

    static SSLContext context(Provider p, Issued identity, String protocol) throws Exception {
        SSLContext c = p == null ? SSLContext.getInstance(protocol) : SSLContext.getInstance(protocol, p);
        KeyManagerFactory kmf = null;
        if (identity != null) {
            kmf = KeyManagerFactory.getInstance("SunX509");
            kmf.init(identity.keyStore(), Issued.PASSWORD);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        KeyStore ts = TestPki.trustStore(PKI.root());
        tmf.init(ts);
        c.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return c;
    }

    static ServerSocket listen(SSLContext server) throws Exception {
        return server.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }
}
