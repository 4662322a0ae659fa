package org.sspijsse.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Random;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.function.Executable;

/**
 * Test-only helpers: hex, HKDF-Expand-Label (RFC 5869, RFC 8446 §7.1) on the JDK's HmacSHA256,
 * a KeySchedule for KeyUpdate, connected layer pairs, and an independent record builder that
 * computes records with a bare Cipher (the oracle for format tests and the source of
 * deliberately malformed records).
 */
final class TestSupport {
    private TestSupport() {
    }

    static byte[] hex(String s) {
        String t = s.replaceAll("\\s", "");
        byte[] out = new byte[t.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(t.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    static String hex(byte[] a) {
        StringBuilder sb = new StringBuilder();
        for (byte b : a) {
            sb.append(String.format("%02x", b & 0xff));
        }
        return sb.toString();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** HKDF-Expand (RFC 5869 §2.3) with HMAC-SHA256. */
    static byte[] hkdfExpand(byte[] prk, byte[] info, int len) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            byte[] out = new byte[len];
            byte[] t = new byte[0];
            int done = 0;
            for (int i = 1; done < len; i++) {
                mac.update(t);
                mac.update(info);
                mac.update((byte) i);
                t = mac.doFinal();
                int n = Math.min(t.length, len - done);
                System.arraycopy(t, 0, out, done, n);
                done += n;
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** HKDF-Expand-Label (RFC 8446 §7.1): HkdfLabel = length || "tls13 " + label || context. */
    static byte[] expandLabel(byte[] secret, String label, byte[] context, int len) {
        byte[] l = ("tls13 " + label).getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        info.write(len >>> 8);
        info.write(len);
        info.write(l.length);
        info.writeBytes(l);
        info.write(context.length);
        info.writeBytes(context);
        return hkdfExpand(secret, info.toByteArray(), len);
    }

    /** key and iv from a traffic secret (RFC 8446 §7.3). */
    static TrafficKeys keys13(RecordCipher c, byte[] secret) {
        return new TrafficKeys(expandLabel(secret, "key", new byte[0], c.keyLength()),
                expandLabel(secret, "iv", new byte[0], 12));
    }

    static byte[] nextSecret(byte[] secret) {
        return expandLabel(secret, "traffic upd", new byte[0], 32); // RFC 8446 §7.2
    }

    /** KeyUpdate schedule over two independent secrets, one per direction. */
    static final class Schedule implements KeySchedule {
        private final RecordCipher cipher;
        volatile byte[] readSecret;
        volatile byte[] writeSecret;
        volatile int readUpdates;
        volatile int writeUpdates;

        Schedule(RecordCipher cipher, byte[] readSecret, byte[] writeSecret) {
            this.cipher = cipher;
            this.readSecret = readSecret.clone();
            this.writeSecret = writeSecret.clone();
        }

        @Override
        public TrafficKeys nextReadKeys() {
            readSecret = nextSecret(readSecret);
            readUpdates++;
            return keys13(cipher, readSecret);
        }

        @Override
        public TrafficKeys nextWriteKeys() {
            writeSecret = nextSecret(writeSecret);
            writeUpdates++;
            return keys13(cipher, writeSecret);
        }
    }

    /** Two connected layers: what {@code a} seals {@code b} opens, and the other way round. */
    static final class Pair {
        final RecordVersion version;
        final RecordCipher cipher;
        final RecordLayer a;
        final RecordLayer b;
        /** The keys a writes with (b reads with) and the other way round. */
        final TrafficKeys aWrite;
        final TrafficKeys bWrite;
        final Schedule aSchedule;
        final Schedule bSchedule;

        Pair(RecordVersion version, RecordCipher cipher, long seed) {
            this.version = version;
            this.cipher = cipher;
            Random r = new Random(seed);
            if (version == RecordVersion.TLS13) {
                byte[] sa = bytes(r, 32);
                byte[] sb = bytes(r, 32);
                aWrite = keys13(cipher, sa);
                bWrite = keys13(cipher, sb);
                aSchedule = new Schedule(cipher, sb, sa);
                bSchedule = new Schedule(cipher, sa, sb);
                a = RecordLayer.tls13(cipher, bWrite, aWrite, aSchedule);
                b = RecordLayer.tls13(cipher, aWrite, bWrite, bSchedule);
            } else {
                aWrite = new TrafficKeys(bytes(r, cipher.keyLength()), bytes(r, cipher.fixedIvLength12()));
                bWrite = new TrafficKeys(bytes(r, cipher.keyLength()), bytes(r, cipher.fixedIvLength12()));
                aSchedule = null;
                bSchedule = null;
                a = RecordLayer.tls12(cipher, bWrite, aWrite);
                b = RecordLayer.tls12(cipher, aWrite, bWrite);
            }
        }
    }

    static Pair pair(RecordVersion v, RecordCipher c) {
        return new Pair(v, c, 42);
    }

    static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    /** Seals {@code plaintext} with {@code from} into a fresh heap array. */
    static byte[] seal(RecordLayer from, byte type, byte[] plaintext) throws RecordException {
        ByteBuffer dst = ByteBuffer.allocate(from.sealedSize(plaintext.length));
        from.seal(type, ByteBuffer.wrap(plaintext), dst);
        assertEquals(dst.capacity(), dst.position());
        return dst.array();
    }

    /** Opens one whole record (a copy) with {@code to}; checks it was consumed entirely. */
    static OpenResult open(RecordLayer to, byte[] record) throws RecordException {
        OpenResult r = new OpenResult();
        to.open(ByteBuffer.wrap(record.clone()), 0, record.length, r);
        return r;
    }

    /** Opens a record and returns its application data. */
    static byte[] openData(RecordLayer to, byte[] record) throws RecordException {
        byte[] copy = record.clone();
        OpenResult r = new OpenResult();
        to.open(ByteBuffer.wrap(copy), 0, copy.length, r);
        assertEquals(OpenResult.Kind.APPLICATION_DATA, r.kind());
        assertEquals(copy.length, r.recordLength());
        byte[] out = new byte[r.plaintextLength()];
        System.arraycopy(copy, r.plaintextOffset(), out, 0, out.length);
        return out;
    }

    static int alertOf(Executable e) {
        return assertThrows(RecordException.class, e).alertDescription();
    }

    // ---- independent record construction with a bare Cipher ----

    /** TLS 1.3 record: header(outerType, version, length) || AEAD(inner) with AAD = header (RFC 8446 §5.2). */
    static byte[] raw13(RecordCipher c, TrafficKeys k, long seq, int outerType, int version, byte[] inner) {
        int len = inner.length + 16;
        byte[] header = {(byte) outerType, (byte) (version >>> 8), (byte) version, (byte) (len >>> 8), (byte) len};
        byte[] nonce = k.iv();
        for (int i = 0; i < 8; i++) {
            nonce[11 - i] ^= (byte) (seq >>> (8 * i));
        }
        return concat(header, aead(c, k.key(), nonce, header, inner));
    }

    /** The usual TLSInnerPlaintext: content || type || zeros (RFC 8446 §5.2). */
    static byte[] inner(byte[] content, int type, int padding) {
        return concat(content, new byte[] {(byte) type}, new byte[padding]);
    }

    /** TLS 1.2 AEAD record (RFC 5246 §6.2.3.3 with RFC 5288 §3 or RFC 7905 §2). */
    static byte[] raw12(RecordCipher c, TrafficKeys k, long seq, int type, byte[] plaintext) {
        byte[] seqBytes = new byte[8];
        AeadState.putLong(seqBytes, 0, seq);
        byte[] aad = concat(seqBytes, new byte[] {(byte) type, 3, 3, (byte) (plaintext.length >>> 8), (byte) plaintext.length});
        byte[] nonce;
        byte[] explicit;
        if (c.hasExplicitNonce12()) {
            explicit = seqBytes;
            nonce = concat(k.iv(), explicit);
        } else {
            explicit = new byte[0];
            nonce = k.iv();
            for (int i = 0; i < 8; i++) {
                nonce[11 - i] ^= seqBytes[7 - i];
            }
        }
        byte[] body = concat(explicit, aead(c, k.key(), nonce, aad, plaintext));
        byte[] header = {(byte) type, 3, 3, (byte) (body.length >>> 8), (byte) body.length};
        return concat(header, body);
    }

    static byte[] aead(RecordCipher c, byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) {
        try {
            Cipher cipher = Cipher.getInstance(c.jcaName());
            SecretKeySpec spec = new SecretKeySpec(key, c.keyAlgorithm());
            if (c == RecordCipher.CHACHA20_POLY1305) {
                cipher.init(Cipher.ENCRYPT_MODE, spec, new IvParameterSpec(nonce));
            } else {
                cipher.init(Cipher.ENCRYPT_MODE, spec, new GCMParameterSpec(128, nonce));
            }
            cipher.updateAAD(aad);
            return cipher.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
