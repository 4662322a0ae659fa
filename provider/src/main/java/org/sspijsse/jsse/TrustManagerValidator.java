package org.sspijsse.jsse;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.sspijsse.sspi.CertificateValidator;

/**
 * The application's {@code X509TrustManager} as the credential's {@link CertificateValidator}.
 * The server name check (endpoint identification "HTTPS"/"LDAPS") is the package's RFC 6125
 * check against the target name: the engine picks a credential with or without it (see
 * {@link SspiSslContext#credential}).
 */
final class TrustManagerValidator implements CertificateValidator {
    private final X509TrustManager tm;

    TrustManagerValidator(X509TrustManager tm) {
        this.tm = tm;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, String targetName)
            throws CertificateException {
        if (tm instanceof X509ExtendedTrustManager) {
            // No engine is passed: the name check is the package's (see the class comment).
            ((X509ExtendedTrustManager) tm).checkServerTrusted(chain, authType, (SSLEngine) null);
        } else {
            tm.checkServerTrusted(chain, authType);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (tm instanceof X509ExtendedTrustManager) {
            ((X509ExtendedTrustManager) tm).checkClientTrusted(chain, authType, (SSLEngine) null);
        } else {
            tm.checkClientTrusted(chain, authType);
        }
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        X509Certificate[] a = tm.getAcceptedIssuers();
        return a == null ? new X509Certificate[0] : a;
    }
}
