package org.sspijsse.jsse;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyManagementException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;
import org.sspijsse.sspi.CredHandle;
import org.sspijsse.sspi.SchannelConstants;
import org.sspijsse.sspi.SchannelCredentials;
import org.sspijsse.sspi.SecStatus;
import org.sspijsse.sspi.Sspi;
import org.sspijsse.sspi.TimeStamp;

/**
 * {@code SSLContextSpi}: holds the key and trust managers and the SSPI credentials its engines use.
 * One credential per side and distinct configuration (protocols, suites, name check), shared by
 * every engine of the context, so the package's session cache serves them all, as one JSSE
 * {@code SSLSessionContext} serves all engines of a SunJSSE context.
 */
public final class SspiSslContext extends SSLContextSpi {
    private final ProtocolSet protocolSet;
    private volatile boolean initialized;
    private volatile X509KeyManager keyManager;
    private volatile X509TrustManager trustManager;
    private final Map<String, CredHandle> credentials = new ConcurrentHashMap<>();
    private final SessionContext clientSessions = new SessionContext();
    private final SessionContext serverSessions = new SessionContext();

    SspiSslContext(ProtocolSet protocolSet) {
        this.protocolSet = protocolSet;
    }

    /** "Default": initialised from the {@code javax.net.ssl.keyStore*} / {@code trustStore*} properties. */
    static SspiSslContext newDefault() throws java.security.NoSuchAlgorithmException {
        SspiSslContext c = new SspiSslContext(ProtocolSet.ALL);
        try {
            c.init(defaultKeyManager(), null);
        } catch (GeneralSecurityException | IOException e) {
            throw (java.security.NoSuchAlgorithmException) new java.security.NoSuchAlgorithmException(
                    "cannot initialise the Default SSLContext").initCause(e);
        }
        return c;
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) throws KeyManagementException {
        // The random is not used: the package draws from its own SecureRandom. Netty passes null.
        try {
            init(firstKeyManager(km), firstTrustManager(tm));
        } catch (GeneralSecurityException e) {
            throw new KeyManagementException(e);
        }
    }

    private void init(X509KeyManager km, X509TrustManager tm) throws GeneralSecurityException {
        this.keyManager = km;
        this.trustManager = tm != null ? tm : defaultTrustManager();
        credentials.values().forEach(Sspi::freeCredentialsHandle);
        credentials.clear();
        initialized = true;
    }

    private static X509KeyManager firstKeyManager(KeyManager[] km) {
        if (km != null) {
            for (KeyManager k : km) {
                if (k instanceof X509KeyManager) {
                    return (X509KeyManager) k;
                }
            }
        }
        // SunJSSE: no key manager means no certificate to present.
        return null;
    }

    private static X509TrustManager firstTrustManager(TrustManager[] tm) throws GeneralSecurityException {
        if (tm != null) {
            for (TrustManager t : tm) {
                if (t instanceof X509TrustManager) {
                    return (X509TrustManager) t;
                }
            }
        }
        return null;
    }

    /** The JDK's default trust manager: {@code javax.net.ssl.trustStore*} apply, else cacerts. */
    private static X509TrustManager defaultTrustManager() throws GeneralSecurityException {
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init((KeyStore) null);
        return firstTrustManager(f.getTrustManagers());
    }

    /** As SunJSSE's Default context: the key store named by {@code javax.net.ssl.keyStore}, if any. */
    private static X509KeyManager defaultKeyManager() throws GeneralSecurityException, IOException {
        String path = System.getProperty("javax.net.ssl.keyStore", "");
        if (path.isEmpty() || path.equals("NONE")) {
            return null;
        }
        String type = System.getProperty("javax.net.ssl.keyStoreType", KeyStore.getDefaultType());
        String pw = System.getProperty("javax.net.ssl.keyStorePassword");
        char[] password = pw == null ? null : pw.toCharArray();
        KeyStore ks = KeyStore.getInstance(type);
        try (InputStream in = new FileInputStream(path)) {
            ks.load(in, password);
        }
        KeyManagerFactory f = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        f.init(ks, password);
        return firstKeyManager(f.getKeyManagers());
    }

    private void checkInitialized() {
        if (!initialized) {
            throw new IllegalStateException("SSLContext is not initialized");
        }
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
        checkInitialized();
        return new SspiSocketFactory(this);
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
        checkInitialized();
        return new SspiServerSocketFactory(this);
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
        checkInitialized();
        return new SspiSslEngine(this, null, -1);
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
        checkInitialized();
        return new SspiSslEngine(this, host, port);
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
        return serverSessions;
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
        return clientSessions;
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
        return parameters(protocolSet.defaults);
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
        return parameters(ProtocolSet.SUPPORTED);
    }

    private static SSLParameters parameters(List<String> protocols) {
        SSLParameters p = new SSLParameters(CipherSuites.SUPPORTED.toArray(new String[0]),
                protocols.toArray(new String[0]));
        return p;
    }

    /**
     * The protocols an engine enables by default: the context algorithm's set, narrowed by
     * {@code jdk.tls.client.protocols} / {@code jdk.tls.server.protocols} as SunJSSE reads them
     * (a comma-separated list; names the package does not have are ignored).
     */
    List<String> defaultProtocols(boolean client) {
        List<String> base = client ? protocolSet.defaults : ProtocolSet.SUPPORTED;
        String prop = System.getProperty(client ? "jdk.tls.client.protocols" : "jdk.tls.server.protocols");
        if (prop == null || prop.isBlank()) {
            return base;
        }
        List<String> out = new java.util.ArrayList<>();
        for (String n : prop.replace("\"", "").split(",")) {
            String name = n.trim();
            if (ProtocolSet.SUPPORTED.contains(name) && !out.contains(name)) {
                out.add(name);
            }
        }
        // The property may name a protocol outside the context's set ("TLSv1.2" context, client
        // property TLSv1.3): SunJSSE then uses the property; so do we.
        return List.copyOf(out);
    }

    /** True when the trust manager does endpoint identification itself (it is given the engine). */
    boolean trustManagerChecksNames() {
        return TrustManagerValidator.checksNames(trustManager);
    }

    SessionContext sessions(boolean client) {
        return client ? clientSessions : serverSessions;
    }

    /**
     * The credential for one side and configuration, acquired on first use. Returns the status of
     * AcquireCredentialsHandle on failure (e.g. no protocol left enabled).
     */
    CredHandle credential(boolean client, List<String> protocols, List<String> suites, boolean nameCheck, int[] status) {
        String key = (client ? "c" : "s") + protocols + suites + nameCheck;
        CredHandle h = credentials.get(key);
        if (h != null) {
            return h;
        }
        synchronized (credentials) {
            h = credentials.get(key);
            if (h != null) {
                return h;
            }
            SchannelCredentials c = new SchannelCredentials()
                    .setDisabledProtocols(ProtocolSet.disabledMask(protocols, client))
                    .setCipherSuites(suites)
                    .setValidator(new TrustManagerValidator(trustManager));
            int flags = 0;
            if (client) {
                flags |= SchannelConstants.SCH_CRED_NO_DEFAULT_CREDS;
                if (!nameCheck) {
                    flags |= SchannelConstants.SCH_CRED_NO_SERVERNAME_CHECK;
                }
                c.setClientCertificateSelector(KeyManagerSelectors.client(keyManager));
            } else {
                c.setServerCertificateSelector(KeyManagerSelectors.server(keyManager));
            }
            c.setFlags(flags);
            CredHandle nh = new CredHandle();
            int st = Sspi.acquireCredentialsHandle(null, SchannelConstants.SCHANNEL_NAME,
                    client ? SchannelConstants.SECPKG_CRED_OUTBOUND : SchannelConstants.SECPKG_CRED_INBOUND, c, nh,
                    new TimeStamp());
            if (st != SecStatus.SEC_E_OK) {
                status[0] = st;
                return null;
            }
            credentials.put(key, nh);
            return nh;
        }
    }
}
