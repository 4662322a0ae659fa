package org.sspijsse.testsupport;

/** The key types {@link TestPki} issues certificates for. */
public enum KeyType {
    /** RSA 2048 (rsaEncryption); signs with RSASSA-PKCS1-v1_5 or rsa_pss_rsae. */
    RSA_2048("RSA", "RSA", 2048, "SHA256withRSA"),
    /** RSA 2048 with the id-RSASSA-PSS key OID: TLS 1.3 rsa_pss_pss_* schemes. */
    RSA_PSS_2048("RSASSA-PSS", "RSASSA-PSS", 2048, "SHA256withRSAandMGF1"),
    /** ECDSA over NIST P-256 (secp256r1). */
    EC_P256("EC", "EC", 256, "SHA256withECDSA"),
    /** ECDSA over NIST P-384 (secp384r1). */
    EC_P384("EC", "EC", 384, "SHA384withECDSA"),
    /** Ed25519 (RFC 8410). */
    ED25519("Ed25519", "Ed25519", 0, "Ed25519");

    private final String generatorAlgorithm;
    private final String keyFactoryAlgorithm;
    private final int bits;
    private final String signatureAlgorithm;

    KeyType(String generatorAlgorithm, String keyFactoryAlgorithm, int bits, String signatureAlgorithm) {
        this.generatorAlgorithm = generatorAlgorithm;
        this.keyFactoryAlgorithm = keyFactoryAlgorithm;
        this.bits = bits;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /** The algorithm name for {@code KeyPairGenerator}. */
    public String generatorAlgorithm() {
        return generatorAlgorithm;
    }

    /** The algorithm name for the JDK's {@code KeyFactory} (as {@code PrivateKey.getAlgorithm()} reports it). */
    public String keyFactoryAlgorithm() {
        return keyFactoryAlgorithm;
    }

    /** Modulus or field size in bits; 0 for Ed25519. */
    public int bits() {
        return bits;
    }

    /** The signature algorithm (Bouncy Castle name) a key of this type signs certificates with. */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /** True for both RSA variants. */
    public boolean isRsa() {
        return this == RSA_2048 || this == RSA_PSS_2048;
    }
}
