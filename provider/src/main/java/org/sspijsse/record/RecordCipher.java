package org.sspijsse.record;

/**
 * The AEAD algorithms the record layer protects records with. Key and IV lengths are those of the
 * TLS cipher suites that use them: RFC 8446 §B.4 (TLS 1.3), RFC 5288 §3 (TLS 1.2 AES-GCM, a 4-byte
 * implicit "salt" plus an 8-byte explicit nonce) and RFC 7905 §2 (TLS 1.2 ChaCha20-Poly1305, a
 * 12-byte IV and no explicit nonce).
 */
public enum RecordCipher {
    AES_128_GCM(16, 4, "AES/GCM/NoPadding", "AES"),
    AES_256_GCM(32, 4, "AES/GCM/NoPadding", "AES"),
    CHACHA20_POLY1305(32, 12, "ChaCha20-Poly1305", "ChaCha20");

    private final int keyLength;
    private final int fixedIvLength12;
    private final String jcaName;
    private final String keyAlgorithm;

    RecordCipher(int keyLength, int fixedIvLength12, String jcaName, String keyAlgorithm) {
        this.keyLength = keyLength;
        this.fixedIvLength12 = fixedIvLength12;
        this.jcaName = jcaName;
        this.keyAlgorithm = keyAlgorithm;
    }

    /** Key length in bytes. */
    public int keyLength() {
        return keyLength;
    }

    /** Authentication tag length in bytes: 16 for all three (RFC 5116 §5.1, RFC 8439 §2.8). */
    public int tagLength() {
        return 16;
    }

    /** The IV length a TLS 1.3 traffic key set carries: always the 12-byte AEAD nonce (RFC 8446 §5.3). */
    public int ivLength13() {
        return 12;
    }

    /**
     * The IV length of a TLS 1.2 key block: 4 bytes of implicit salt for AES-GCM (RFC 5288 §3), the
     * whole 12-byte nonce mask for ChaCha20-Poly1305 (RFC 7905 §2).
     */
    public int fixedIvLength12() {
        return fixedIvLength12;
    }

    /** True when a TLS 1.2 record carries an 8-byte explicit nonce (AES-GCM, RFC 5288 §3). */
    public boolean hasExplicitNonce12() {
        return this != CHACHA20_POLY1305;
    }

    /** Transformation name for {@code javax.crypto.Cipher.getInstance}. */
    public String jcaName() {
        return jcaName;
    }

    /** Algorithm name for the {@code SecretKeySpec}. */
    public String keyAlgorithm() {
        return keyAlgorithm;
    }
}
