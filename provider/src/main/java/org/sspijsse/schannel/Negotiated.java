package org.sspijsse.schannel;

import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * What the handshake settled, fixed when it completes (the peer chain as soon as it is validated):
 * the facts QueryContextAttributes reports.
 */
final class Negotiated {
    boolean tls13;
    int cipherSuite = -1;
    /** ALPN protocol id, or null when none was negotiated. */
    byte[] applicationProtocol;
    boolean alpnOffered;
    X509Certificate[] peerChain;
    org.sspijsse.sspi.CertContext localCertificate;
    byte[] sessionId;
    boolean resumed;
    String serverName;
    /** ptsExpiry: the peer certificate's notAfter, else our own certificate's, else null. */
    Instant expiry() {
        if (peerChain != null && peerChain.length > 0) {
            return peerChain[0].getNotAfter().toInstant();
        }
        return localCertificate == null ? null : localCertificate.getCertificate().getNotAfter().toInstant();
    }
    /** CA names of the server's CertificateRequest (SECPKG_ATTR_ISSUER_LIST_EX). */
    javax.security.auth.x500.X500Principal[] issuers;
    int negotiatedGroup = -1;
}
