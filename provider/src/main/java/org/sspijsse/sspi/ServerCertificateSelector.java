package org.sspijsse.sspi;

import java.security.Principal;

/**
 * Chooses a server certificate for one connection, inside the handshake, when the credential holds
 * none of its own: the hook the JSSE layer adapts an {@code X509KeyManager} to (its
 * {@code chooseServerAlias}), as {@link ClientCertificateSelector} serves the client side. Return
 * null when nothing fits: the handshake then fails with {@code handshake_failure}.
 */
@FunctionalInterface
public interface ServerCertificateSelector {

    /**
     * @param serverName the SNI host name the client sent, or null
     * @param keyTypes key algorithms the client's signature algorithms (and, for TLS 1.2, the
     *     chosen suite) accept, most preferred first ("EC", "RSA", "Ed25519", "RSASSA-PSS")
     * @param issuers CA names the client accepts (TLS 1.3 certificate_authorities), possibly empty
     */
    CertContext select(String serverName, String[] keyTypes, Principal[] issuers);

    /** {@link #select(String, String[], Principal[])} with what is known of the handshake; the package calls this one. */
    default CertContext select(String serverName, String[] keyTypes, Principal[] issuers, HandshakeInfo info) {
        return select(serverName, keyTypes, issuers);
    }
}
