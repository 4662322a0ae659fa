package org.sspijsse.jsse;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.sspijsse.sspi.CertificateValidator;
import org.sspijsse.sspi.HandshakeInfo;

/**
 * The application's {@code X509TrustManager} as the credential's {@link CertificateValidator}.
 * An {@code X509ExtendedTrustManager} is called with the engine that runs the handshake (found in
 * {@link HandshakeInfo#getApplicationContext()}), whose {@code getHandshakeSession()} is live at
 * that moment, so it applies its own endpoint identification and algorithm constraints, as with
 * SunJSSE. A plain {@code X509TrustManager} gets the chain only; the server name check is then the
 * package's RFC 6125 check (see {@link SspiSslContext#credential}).
 */
final class TrustManagerValidator implements CertificateValidator {
    private final X509TrustManager tm;

    TrustManagerValidator(X509TrustManager tm) {
        this.tm = tm;
    }

    /** True when the trust manager checks the server name itself (it sees the engine). */
    static boolean checksNames(X509TrustManager tm) {
        return tm instanceof X509ExtendedTrustManager;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, String targetName)
            throws CertificateException {
        checkServerTrusted(chain, authType, targetName, null);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, String targetName, HandshakeInfo info)
            throws CertificateException {
        SspiSslEngine engine = engineOf(info, chain);
        if (tm instanceof X509ExtendedTrustManager) {
            ((X509ExtendedTrustManager) tm).checkServerTrusted(chain, authType, (SSLEngine) engine);
        } else {
            tm.checkServerTrusted(chain, authType);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        checkClientTrusted(chain, authType, null);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, HandshakeInfo info)
            throws CertificateException {
        SspiSslEngine engine = engineOf(info, chain);
        if (tm instanceof X509ExtendedTrustManager) {
            ((X509ExtendedTrustManager) tm).checkClientTrusted(chain, authType, (SSLEngine) engine);
        } else {
            tm.checkClientTrusted(chain, authType);
        }
    }

    /** The engine of this handshake, its handshake session brought up to date; null outside an engine. */
    static SspiSslEngine engineOf(HandshakeInfo info, X509Certificate[] peerChain) {
        if (info != null && info.getApplicationContext() instanceof SspiSslEngine) {
            SspiSslEngine e = (SspiSslEngine) info.getApplicationContext();
            e.engineContext().onCallback(info, peerChain);
            return e;
        }
        return null;
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        X509Certificate[] a = tm.getAcceptedIssuers();
        return a == null ? new X509Certificate[0] : a;
    }
}
