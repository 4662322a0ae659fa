package org.sspijsse.schannel;

import java.io.IOException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.util.Vector;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateEntry;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.SignatureScheme;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.sspijsse.sspi.CertContext;

/**
 * Turns one of our certificates with its key into BC's signing credentials, choosing the
 * signature scheme from what the peer accepts (RFC 8446 §4.2.3, §4.4.2.2; RFC 5246 §7.4.1.4.1).
 * Shared by the client (client certificates) and the server.
 */
final class LocalCredentials {
    private LocalCredentials() {
    }

    /** The schemes a key can sign with, most preferred first. */
    static int[] schemesFor(CertContext cc, boolean tls13) {
        PrivateKey key = cc.getPrivateKey();
        String alg = key.getAlgorithm();
        switch (alg) {
            case "EC":
            case "ECDSA": {
                int bits = curveBits(cc);
                if (tls13) {
                    // TLS 1.3 binds the curve to the hash (RFC 8446 §4.2.3).
                    return bits > 384 ? new int[] {SignatureScheme.ecdsa_secp521r1_sha512}
                            : bits > 256 ? new int[] {SignatureScheme.ecdsa_secp384r1_sha384}
                            : new int[] {SignatureScheme.ecdsa_secp256r1_sha256};
                }
                return new int[] {SignatureScheme.ecdsa_secp256r1_sha256, SignatureScheme.ecdsa_secp384r1_sha384,
                    SignatureScheme.ecdsa_secp521r1_sha512};
            }
            case "RSA":
                return tls13
                        ? new int[] {SignatureScheme.rsa_pss_rsae_sha256, SignatureScheme.rsa_pss_rsae_sha384,
                            SignatureScheme.rsa_pss_rsae_sha512}
                        : new int[] {SignatureScheme.rsa_pss_rsae_sha256, SignatureScheme.rsa_pkcs1_sha256,
                            SignatureScheme.rsa_pss_rsae_sha384, SignatureScheme.rsa_pkcs1_sha384,
                            SignatureScheme.rsa_pkcs1_sha512};
            case "RSASSA-PSS":
                return new int[] {SignatureScheme.rsa_pss_pss_sha256, SignatureScheme.rsa_pss_pss_sha384,
                    SignatureScheme.rsa_pss_pss_sha512};
            case "Ed25519":
            case "EdDSA":
                return new int[] {SignatureScheme.ed25519};
            case "Ed448":
                return new int[] {SignatureScheme.ed448};
            default:
                return new int[0];
        }
    }

    /** The JSSE-style key type names a certificate serves ("RSA", "EC", "Ed25519", "RSASSA-PSS"). */
    static String keyType(CertContext cc) {
        String alg = cc.getPrivateKey().getAlgorithm();
        return "ECDSA".equals(alg) ? "EC" : "EdDSA".equals(alg) ? "Ed25519" : alg;
    }

    private static int curveBits(CertContext cc) {
        if (cc.getPrivateKey() instanceof ECKey) {
            return ((ECKey) cc.getPrivateKey()).getParams().getCurve().getField().getFieldSize();
        }
        X509Certificate c = cc.getCertificate();
        if (c.getPublicKey() instanceof ECKey) {
            return ((ECKey) c.getPublicKey()).getParams().getCurve().getField().getFieldSize();
        }
        return 256;
    }

    /**
     * The first scheme of ours the peer accepts, or -1. A null {@code peerAlgs} (TLS 1.2 peer
     * without signature_algorithms) accepts the first scheme.
     */
    static int chooseScheme(CertContext cc, boolean tls13, Vector<?> peerAlgs) {
        for (int scheme : schemesFor(cc, tls13)) {
            if (peerAlgs == null) {
                return scheme;
            }
            for (Object o : peerAlgs) {
                if (SignatureScheme.from((SignatureAndHashAlgorithm) o) == scheme) {
                    return scheme;
                }
            }
        }
        return -1;
    }

    /** BC's certificate message for our chain (TLS 1.3 carries the request context, RFC 8446 §4.4.2). */
    static Certificate certificateMessage(TlsContext context, CertContext cc, byte[] requestContext, boolean tls13)
            throws IOException {
        X509Certificate[] chain = cc.getChain();
        TlsCertificate[] certs = new TlsCertificate[chain.length];
        try {
            for (int i = 0; i < chain.length; i++) {
                certs[i] = context.getCrypto().createCertificate(chain[i].getEncoded());
            }
        } catch (CertificateEncodingException e) {
            throw new IOException("certificate cannot be encoded", e);
        }
        if (!tls13) {
            return new Certificate(certs);
        }
        CertificateEntry[] entries = new CertificateEntry[certs.length];
        for (int i = 0; i < certs.length; i++) {
            entries[i] = new CertificateEntry(certs[i], null);
        }
        return new Certificate(requestContext == null ? new byte[0] : requestContext, entries);
    }

    /** Signing credentials for {@code scheme}. */
    static TlsCredentialedSigner signer(TlsContext context, CertContext cc, int scheme, Certificate message) {
        return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), CryptoFactory.crypto(),
                cc.getPrivateKey(), message, SignatureScheme.getSignatureAndHashAlgorithm(scheme));
    }
}
