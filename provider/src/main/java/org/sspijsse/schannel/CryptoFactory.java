package org.sspijsse.schannel;

import java.security.AlgorithmParameterGenerator;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Locale;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.SecretKeyFactory;
import org.bouncycastle.jcajce.util.JcaJceHelper;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The one {@code JcaTlsCrypto} of the package, with a provider chosen per algorithm by measured
 * speed (DESIGN.md, "Crypto"), never by registration order: the JDK's providers for AES-GCM, SHA-2,
 * HMAC and RSA (SunJCE's AES-GCM uses AES-NI and is 15 to 40 times faster than BC's); an
 * unregistered Bouncy Castle provider for elliptic-curve work (ECDSA, ECDH, X25519/X448, EdDSA:
 * 2 to 13 times faster than SunEC on JDK 17) and for the names the JDK does not register (BC asks
 * for ChaCha20 as "ChaCha7539" plus a "Poly1305" Mac; RSA-PSS as "SHA256withRSAandMGF1").
 * An algorithm the preferred provider lacks is taken from the other one.
 */
final class CryptoFactory {
    /** Never registered with {@code java.security.Security}: ours alone, no effect on the application. */
    static final Provider BC = new BouncyCastleProvider();

    private static final Set<String> BC_PREFERRED = Set.of(
            "EC", "ECDSA", "ECDH", "X25519", "X448", "XDH", "ED25519", "ED448", "EDDSA",
            "ML-KEM", "MLKEM", "CHACHA7539", "POLY1305");

    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * Built directly (not through {@code JcaTlsCryptoProvider.create}) because TLS 1.3 resumption
     * needs BC's crypto subclassed: see {@link BcResumption.Crypto}.
     */
    private static final BcResumption.Crypto CRYPTO = new BcResumption.Crypto(new PerAlgorithmHelper(), RANDOM);

    private CryptoFactory() {
    }

    /** The shared crypto: thread-safe (BC creates a new JCA object per operation). */
    static BcResumption.Crypto crypto() {
        return CRYPTO;
    }

    static SecureRandom random() {
        return RANDOM;
    }

    /** Routing decisions by JCA name: BC asks for the same few dozen names on every handshake. */
    private static final java.util.concurrent.ConcurrentHashMap<String, Boolean> ROUTES =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** True when {@code algorithm} (a JCA name) goes to Bouncy Castle first. */
    static boolean prefersBc(String algorithm) {
        Boolean known = ROUTES.get(algorithm);
        if (known == null) {
            known = route(algorithm);
            if (ROUTES.size() < 256) {
                ROUTES.put(algorithm, known);
            }
        }
        return known;
    }

    private static boolean route(String algorithm) {
        String a = algorithm.toUpperCase(Locale.ROOT);
        if (a.endsWith("ANDMGF1")) {
            return true; // BC's RSA-PSS naming; the JDK registers "RSASSA-PSS" instead.
        }
        int with = a.indexOf("WITH");
        if (with >= 0) {
            // "SHA256withECDSA": the key algorithm decides.
            a = a.substring(with + 4);
        }
        return BC_PREFERRED.contains(a) || a.startsWith("EC") || a.startsWith("ML-KEM");
    }

    @FunctionalInterface
    private interface Factory<T> {
        T create(Provider provider) throws GeneralSecurityException;
    }

    @FunctionalInterface
    private interface JdkFactory<T> {
        T create() throws GeneralSecurityException;
    }

    private static <T> T pick(String algorithm, JdkFactory<T> jdk, Factory<T> withProvider)
            throws GeneralSecurityException {
        if (prefersBc(algorithm)) {
            try {
                return withProvider.create(BC);
            } catch (NoSuchAlgorithmException e) {
                return jdk.create();
            }
        }
        try {
            return jdk.create();
        } catch (NoSuchAlgorithmException e) {
            return withProvider.create(BC);
        }
    }

    /** A {@link JcaJceHelper} that routes each request by {@link #prefersBc(String)}. */
    private static final class PerAlgorithmHelper implements JcaJceHelper {
        @Override
        public Cipher createCipher(String algorithm) throws NoSuchAlgorithmException, NoSuchPaddingException {
            try {
                return pick(algorithm, () -> Cipher.getInstance(algorithm), p -> Cipher.getInstance(algorithm, p));
            } catch (NoSuchPaddingException | NoSuchAlgorithmException e) {
                throw e;
            } catch (GeneralSecurityException e) {
                throw new NoSuchAlgorithmException(algorithm, e);
            }
        }

        @Override
        public Mac createMac(String algorithm) throws NoSuchAlgorithmException {
            return rethrow(algorithm, () -> pick(algorithm, () -> Mac.getInstance(algorithm),
                    p -> Mac.getInstance(algorithm, p)));
        }

        @Override
        public KeyAgreement createKeyAgreement(String algorithm) throws NoSuchAlgorithmException {
            return rethrow(algorithm, () -> pick(algorithm, () -> KeyAgreement.getInstance(algorithm),
                    p -> KeyAgreement.getInstance(algorithm, p)));
        }

        @Override
        public AlgorithmParameterGenerator createAlgorithmParameterGenerator(String algorithm)
                throws NoSuchAlgorithmException {
            return rethrow(algorithm, () -> pick(algorithm, () -> AlgorithmParameterGenerator.getInstance(algorithm),
                    p -> AlgorithmParameterGenerator.getInstance(algorithm, p)));
        }

        @Override
        public AlgorithmParameters createAlgorithmParameters(String algorithm) throws NoSuchAlgorithmException {
            return rethrow(algorithm, () -> pick(algorithm, () -> AlgorithmParameters.getInstance(algorithm),
                    p -> AlgorithmParameters.getInstance(algorithm, p)));
        }

        @Override
        public KeyGenerator createKeyGenerator(String algorithm) throws NoSuchAlgorithmException {
            return rethrow(algorithm, () -> pick(algorithm, () -> KeyGenerator.getInstance(algorithm),
                    p -> KeyGenerator.getInstance(algorithm, p)));
        }

        @Override
        public KeyFactory createKeyFactory(String algorithm) throws NoSuchAlgorithmException {
            return rethrow(algorithm, () -> pick(algorithm, () -> KeyFactory.getInstance(algorithm),
                    p -> KeyFactory.getInstance(algorithm, p)));
        }

        @Override
        public SecretKeyFactory createSecretKeyFactory(String algorithm) throws NoSuchAlgorithmException {
            return rethrow(algorithm, () -> pick(algorithm, () -> SecretKeyFactory.getInstance(algorithm),
                    p -> SecretKeyFactory.getInstance(algorithm, p)));
        }

        @Override
        public KeyPairGenerator createKeyPairGenerator(String algorithm) throws NoSuchAlgorithmException {
            return rethrow(algorithm, () -> pick(algorithm, () -> KeyPairGenerator.getInstance(algorithm),
                    p -> KeyPairGenerator.getInstance(algorithm, p)));
        }

        @Override
        @SuppressWarnings("deprecation")
        public MessageDigest createDigest(String algorithm) throws NoSuchAlgorithmException {
            return createMessageDigest(algorithm);
        }

        @Override
        public MessageDigest createMessageDigest(String algorithm) throws NoSuchAlgorithmException {
            return rethrow(algorithm, () -> pick(algorithm, () -> MessageDigest.getInstance(algorithm),
                    p -> MessageDigest.getInstance(algorithm, p)));
        }

        @Override
        public Signature createSignature(String algorithm) throws NoSuchAlgorithmException {
            return rethrow(algorithm, () -> pick(algorithm, () -> Signature.getInstance(algorithm),
                    p -> Signature.getInstance(algorithm, p)));
        }

        @Override
        public CertificateFactory createCertificateFactory(String algorithm) throws CertificateException {
            // The JDK's X.509 parser: peer certificates then reach validators as the JDK's own objects.
            return CertificateFactory.getInstance(algorithm);
        }

        @Override
        public java.security.KeyStore createKeyStore(String type) throws java.security.KeyStoreException {
            return java.security.KeyStore.getInstance(type);
        }

        @Override
        public SecureRandom createSecureRandom(String algorithm) throws NoSuchAlgorithmException {
            return rethrow(algorithm, () -> pick(algorithm, () -> SecureRandom.getInstance(algorithm),
                    p -> SecureRandom.getInstance(algorithm, p)));
        }

        @Override
        public java.security.cert.CertPathBuilder createCertPathBuilder(String algorithm)
                throws NoSuchAlgorithmException {
            return java.security.cert.CertPathBuilder.getInstance(algorithm);
        }

        @Override
        public java.security.cert.CertPathValidator createCertPathValidator(String algorithm)
                throws NoSuchAlgorithmException {
            return java.security.cert.CertPathValidator.getInstance(algorithm);
        }

        @Override
        public java.security.cert.CertStore createCertStore(String type,
                java.security.cert.CertStoreParameters params)
                throws java.security.InvalidAlgorithmParameterException, NoSuchAlgorithmException {
            return java.security.cert.CertStore.getInstance(type, params);
        }

        @Override
        public javax.crypto.ExemptionMechanism createExemptionMechanism(String algorithm)
                throws NoSuchAlgorithmException {
            return javax.crypto.ExemptionMechanism.getInstance(algorithm);
        }

        private static <T> T rethrow(String algorithm, JdkFactory<T> f) throws NoSuchAlgorithmException {
            try {
                return f.create();
            } catch (NoSuchAlgorithmException e) {
                throw e;
            } catch (GeneralSecurityException e) {
                throw new NoSuchAlgorithmException(algorithm, e);
            }
        }
    }
}
