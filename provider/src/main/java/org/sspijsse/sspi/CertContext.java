package org.sspijsse.sspi;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

/**
 * The Java stand-in for {@code PCCERT_CONTEXT}: a certificate with the chain that goes with it
 * (end entity first) and, for a local credential, its private key. A remote certificate context
 * ({@code SECPKG_ATTR_REMOTE_CERT_CONTEXT}) has no key.
 */
public final class CertContext {
    private final X509Certificate[] chain;
    private final PrivateKey privateKey;

    public CertContext(X509Certificate[] chain, PrivateKey privateKey) {
        this.chain = chain == null ? new X509Certificate[0] : chain.clone();
        this.privateKey = privateKey;
    }

    public CertContext(List<X509Certificate> chain, PrivateKey privateKey) {
        this(chain.toArray(new X509Certificate[0]), privateKey);
    }

    /** The end-entity certificate, or null for an empty chain. */
    public X509Certificate getCertificate() {
        return chain.length == 0 ? null : chain[0];
    }

    /** End entity first; a copy. */
    public X509Certificate[] getChain() {
        return chain.clone();
    }

    public int getChainLength() {
        return chain.length;
    }

    /** The private key, or null (a remote certificate, or a certificate without its key). */
    public PrivateKey getPrivateKey() {
        return privateKey;
    }

    @Override
    public String toString() {
        return "CertContext" + Arrays.toString(Arrays.stream(chain)
                .map(c -> c.getSubjectX500Principal().getName()).toArray());
    }
}
