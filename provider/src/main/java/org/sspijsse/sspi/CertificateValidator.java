package org.sspijsse.sspi;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * How a credential validates the peer's certificate chain: Schannel's automatic validation,
 * made replaceable. The default ({@link PkixCertificateValidator#systemDefault()}) is PKIX over the
 * JDK's {@code cacerts}. The JSSE layer adapts an {@code X509TrustManager} to this interface; the
 * SSPI layer itself names no JSSE type.
 *
 * <p>The server name check (RFC 6125 against {@code pszTargetName}) is done by the package after
 * this returns, unless {@code SCH_CRED_NO_SERVERNAME_CHECK} is set. A {@code CertificateException}
 * (or subclass: {@code CertificateExpiredException}, a {@code CertPathValidatorException} cause)
 * rejects the chain; the package maps it to the {@code SEC_E_*} status and alert Schannel gives.
 */
public interface CertificateValidator {

    /** Validates a server's chain (end entity first) for the key exchange {@code authType}. */
    void checkServerTrusted(X509Certificate[] chain, String authType, String targetName)
            throws CertificateException;

    /** Validates a client's chain (end entity first). */
    void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException;

    /** The CAs whose names a server sends in its CertificateRequest; may be empty. */
    X509Certificate[] getAcceptedIssuers();

    /**
     * {@link #checkServerTrusted(X509Certificate[], String, String)} with what is known of the
     * handshake; the package calls this one. The default ignores {@code info}.
     */
    default void checkServerTrusted(X509Certificate[] chain, String authType, String targetName, HandshakeInfo info)
            throws CertificateException {
        checkServerTrusted(chain, authType, targetName);
    }

    /** {@link #checkClientTrusted(X509Certificate[], String)} with what is known of the handshake. */
    default void checkClientTrusted(X509Certificate[] chain, String authType, HandshakeInfo info)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }
}
