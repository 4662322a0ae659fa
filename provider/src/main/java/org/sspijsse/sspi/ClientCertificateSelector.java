package org.sspijsse.sspi;

import java.security.Principal;

/**
 * Schannel's automatic client-credential selection, made replaceable: called inside the handshake
 * when the server asks for a certificate and the credential has none of its own. The JSSE layer
 * adapts an {@code X509KeyManager} to it. Return null to go on without a certificate.
 */
@FunctionalInterface
public interface ClientCertificateSelector {

    /**
     * @param keyTypes key algorithms the server accepts ("RSA", "EC", "Ed25519", "RSASSA-PSS")
     * @param issuers the CA names of the server's request, possibly empty
     */
    CertContext select(String[] keyTypes, Principal[] issuers);

    /** {@link #select(String[], Principal[])} with what is known of the handshake; the package calls this one. */
    default CertContext select(String[] keyTypes, Principal[] issuers, HandshakeInfo info) {
        return select(keyTypes, issuers);
    }
}
