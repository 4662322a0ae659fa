package org.sspijsse.record;

import java.security.GeneralSecurityException;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One direction's AEAD state: the reused {@link Cipher}, the current key, the IV, the sequence
 * number and the reused nonce array. Not thread-safe: the owning reader or writer holds its lock.
 *
 * <p>Nonces. TLS 1.3 and TLS 1.2 ChaCha20-Poly1305: the 64-bit sequence number, left-padded to
 * 12 bytes, XORed with the 12-byte IV (RFC 8446 §5.3, RFC 7905 §2). TLS 1.2 AES-GCM: the 4-byte
 * implicit salt followed by the 8-byte explicit nonce carried in the record (RFC 5288 §3).
 *
 * <p>Sequence numbers are unsigned 64-bit. Once the number 2^64-1 has been used the state is
 * exhausted: RFC 8446 §5.3 and RFC 5246 §6.1 forbid wrapping, so the next record is refused.
 */
final class AeadState {
    private final RecordVersion version;
    private final RecordCipher cipherSuite;
    private final Cipher cipher;
    private final byte[] nonce = new byte[12];
    private SecretKeySpec key;
    private byte[] iv;
    private long seq;
    private boolean exhausted;

    AeadState(RecordVersion version, RecordCipher cipherSuite, TrafficKeys keys, long seq) {
        this.version = version;
        this.cipherSuite = cipherSuite;
        try {
            this.cipher = Cipher.getInstance(cipherSuite.jcaName());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(cipherSuite.jcaName() + " is not available", e);
        }
        String problem = check(keys);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        install(keys, seq);
    }

    /** Why these keys do not fit this cipher and version, or null when they fit. */
    String check(TrafficKeys keys) {
        if (keys == null) {
            return "no traffic keys";
        }
        if (keys.isDestroyed()) {
            return "traffic keys already destroyed";
        }
        if (keys.keyLength() != cipherSuite.keyLength()) {
            return cipherSuite + " needs a " + cipherSuite.keyLength() + "-byte key, got " + keys.keyLength();
        }
        int ivLen = version == RecordVersion.TLS13 ? cipherSuite.ivLength13() : cipherSuite.fixedIvLength12();
        if (keys.ivLength() != ivLen) {
            return cipherSuite + " " + version + " needs a " + ivLen + "-byte IV, got " + keys.ivLength();
        }
        return null;
    }

    /** Switches to new keys at sequence number {@code newSeq} (0 after a KeyUpdate, RFC 8446 §5.3). */
    void install(TrafficKeys keys, long newSeq) {
        byte[] k = keys.key();
        try {
            key = new SecretKeySpec(k, cipherSuite.keyAlgorithm());
        } finally {
            Arrays.fill(k, (byte) 0);
        }
        if (iv != null) {
            Arrays.fill(iv, (byte) 0);
        }
        iv = keys.iv();
        seq = newSeq;
        exhausted = false;
    }

    Cipher cipher() {
        return cipher;
    }

    long seq() {
        return seq;
    }

    boolean exhausted() {
        return exhausted;
    }

    /** Test hook: pretend {@code s} records were already protected with the current key. */
    void setSeq(long s) {
        seq = s;
        exhausted = false;
    }

    /**
     * Consumes the current sequence number: returns it and moves on. Called before the cipher is
     * initialised, so a failed call never leaves a nonce to be reused (SunJCE refuses to
     * re-initialise GCM encryption with the same key and nonce).
     */
    long takeSeq() {
        long s = seq;
        if (s == -1L) {
            exhausted = true; // 2^64-1 used: the next one would wrap
        } else {
            seq = s + 1;
        }
        return s;
    }

    /**
     * Initialises the cipher for the record with sequence number {@code s}. For TLS 1.2 AES-GCM
     * the explicit nonce is read from {@code explicit[explicitOff..+8)} (the record on the read
     * side; the sequence number itself on the write side, written by the caller).
     */
    void init(int mode, long s, byte[] explicit, int explicitOff) throws GeneralSecurityException {
        AlgorithmParameterSpec spec;
        if (version == RecordVersion.TLS12 && cipherSuite.hasExplicitNonce12()) {
            System.arraycopy(iv, 0, nonce, 0, 4);
            System.arraycopy(explicit, explicitOff, nonce, 4, 8);
        } else {
            System.arraycopy(iv, 0, nonce, 0, 12);
            for (int i = 0; i < 8; i++) {
                nonce[11 - i] ^= (byte) (s >>> (8 * i));
            }
        }
        // Both spec classes copy the nonce, so the array is reused for the next record.
        if (cipherSuite == RecordCipher.CHACHA20_POLY1305) {
            spec = new IvParameterSpec(nonce);
        } else {
            spec = new GCMParameterSpec(128, nonce);
        }
        cipher.init(mode, key, spec);
    }

    /** Drops the key and zeroes the IV copy; the state is unusable afterwards. */
    void destroy() {
        if (iv != null) {
            Arrays.fill(iv, (byte) 0);
        }
        Arrays.fill(nonce, (byte) 0);
        key = null;
        exhausted = true;
    }

    static void putLong(byte[] a, int off, long v) {
        for (int i = 0; i < 8; i++) {
            a[off + i] = (byte) (v >>> (56 - 8 * i));
        }
    }
}
