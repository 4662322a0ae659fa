package org.sspijsse.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import org.sspijsse.sspi.CertContext;

/**
 * A certificate {@link TestPki} issued, with its private key: the chain to present (end entity
 * first, intermediates after it, never the root) and the trust anchor that validates it.
 */
public final class Issued {
    /**
     * PEM files for openssl: {@code cert} (end entity, for {@code -cert}), {@code key} (unencrypted
     * PKCS#8, {@code -key}), {@code ca} (the root, {@code -CAfile}), {@code chain} (end entity and
     * intermediates) and {@code intermediates} (intermediates only, for {@code -cert_chain}; empty
     * when there are none).
     */
    public record PemFiles(Path cert, Path key, Path ca, Path chain, Path intermediates) {
    }

    /** The password of every key store this class builds. */
    public static final char[] PASSWORD = "changeit".toCharArray();

    private final String label;
    private final KeyType keyType;
    private final TestPki.Variant variant;
    private final X509Certificate[] chain;
    private final PrivateKey key;
    private final X509Certificate root;

    Issued(String label, KeyType keyType, TestPki.Variant variant, X509Certificate[] chain, PrivateKey key,
            X509Certificate root) {
        this.label = label;
        this.keyType = keyType;
        this.variant = variant;
        this.chain = chain.clone();
        this.key = key;
        this.root = root;
    }

    /** End entity first, then intermediates; not the root. A copy. */
    public X509Certificate[] chain() {
        return chain.clone();
    }

    /** The end-entity certificate. */
    public X509Certificate certificate() {
        return chain[0];
    }

    public PrivateKey key() {
        return key;
    }

    /** The trust anchor that validates {@link #chain()} (the certificate itself when self-signed). */
    public X509Certificate root() {
        return root;
    }

    public KeyType keyType() {
        return keyType;
    }

    public TestPki.Variant variant() {
        return variant;
    }

    /** A short, file-name-safe name, unique within its PKI, e.g. {@code server-ec_p256-good-1a2b3c}. */
    public String label() {
        return label;
    }

    /** The chain and key as the SSPI layer's certificate context (for {@code SchannelCredentials}). */
    public CertContext certContext() {
        return new CertContext(chain, key);
    }

    /** An in-memory PKCS12 key store with one key entry, alias {@code "key"}, password {@link #PASSWORD}. */
    public KeyStore keyStore() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("key", key, PASSWORD, chain);
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a key store for " + label, e);
        }
    }

    /**
     * Writes {@code <label>.crt} (end entity), {@code <label>-chain.crt} (end entity and
     * intermediates), {@code <label>-intermediates.crt}, {@code <label>.key} (unencrypted PKCS#8) and
     * {@code <label>-ca.crt} (the root) into {@code dir}.
     */
    public PemFiles writePem(Path dir) {
        try {
            Files.createDirectories(dir);
            Path cert = dir.resolve(label + ".crt");
            Path chainFile = dir.resolve(label + "-chain.crt");
            Path keyFile = dir.resolve(label + ".key");
            Path ca = dir.resolve(label + "-ca.crt");
            Path inters = dir.resolve(label + "-intermediates.crt");
            Files.writeString(cert, pem(chain[0]), StandardCharsets.US_ASCII);
            StringBuilder all = new StringBuilder();
            for (X509Certificate c : chain) {
                all.append(pem(c));
            }
            Files.writeString(chainFile, all, StandardCharsets.US_ASCII);
            StringBuilder rest = new StringBuilder();
            for (int i = 1; i < chain.length; i++) {
                rest.append(pem(chain[i]));
            }
            Files.writeString(inters, rest, StandardCharsets.US_ASCII);
            Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
            Files.writeString(ca, pem(root), StandardCharsets.US_ASCII);
            return new PemFiles(cert, keyFile, ca, chainFile, inters);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes one certificate as PEM to {@code file} (e.g. a CA file for openssl). */
    public static Path writePem(Path file, X509Certificate... certs) {
        StringBuilder all = new StringBuilder();
        for (X509Certificate c : certs) {
            all.append(pem(c));
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, all, StandardCharsets.US_ASCII);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The PEM text of a certificate. */
    public static String pem(X509Certificate cert) {
        try {
            return pem("CERTIFICATE", cert.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(String type, byte[] der) {
        String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + b64 + "\n-----END " + type + "-----\n";
    }

    @Override
    public String toString() {
        return "Issued[" + label + ", " + chain[0].getSubjectX500Principal().getName() + "]";
    }
}
