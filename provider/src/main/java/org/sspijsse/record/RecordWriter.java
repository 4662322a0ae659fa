package org.sspijsse.record;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.crypto.Cipher;

/**
 * The write direction. Every public entry point of {@link RecordLayer} that seals a record lands
 * here and runs under this object's monitor, so two sealing threads are serialised and records
 * leave in sequence-number order.
 *
 * <p>Fast path: plaintext and trailer contiguous in one heap array, sealed in place with one
 * {@code doFinal}. Anything else (direct buffers, header/data/trailer in different arrays) goes
 * through a reused heap scratch array: SunJCE is slower and allocates more on direct buffers.
 */
final class RecordWriter {
    /** RFC 8446 §5.5: AES-GCM may protect up to 2^24.5 full-size records per key; we stop at 2^24. */
    static final long HARD_LIMIT = 1L << 24;
    /** Soft limit at which {@link #isKeyUpdateDue()} asks the caller to send a KeyUpdate. */
    static final long SOFT_LIMIT = 1L << 23;

    private final RecordVersion version;
    private final RecordCipher suite;
    private final AeadState state;
    private final KeySchedule schedule;
    private final AtomicBoolean keyUpdateOwed;
    private final int headerSize;
    private final int trailerSize;
    private final byte[] hdr = new byte[13];
    private final byte[] aad = new byte[13];
    private final byte[] one = new byte[1];
    private final byte[] control = new byte[5];
    private byte[] scratch;
    private volatile boolean closed;
    /** Set once the soft limit is reached, so that the per-record check takes no lock. */
    private volatile boolean keyUpdateDue;
    private RecordException failure;

    RecordWriter(RecordVersion version, RecordCipher suite, TrafficKeys keys, long seq,
            KeySchedule schedule, AtomicBoolean keyUpdateOwed) {
        this.version = version;
        this.suite = suite;
        this.state = new AeadState(version, suite, keys, seq);
        this.schedule = schedule;
        this.keyUpdateOwed = keyUpdateOwed;
        this.headerSize = RecordLayer.headerSize(version, suite);
        this.trailerSize = RecordLayer.trailerSize(version);
    }

    boolean isClosed() {
        return closed;
    }

    boolean isKeyUpdateDue() {
        return keyUpdateDue;
    }

    private void updateKeyUpdateDue() {
        keyUpdateDue = version == RecordVersion.TLS13 && Long.compareUnsigned(state.seq(), SOFT_LIMIT) >= 0;
    }

    synchronized long seq() {
        return state.seq();
    }

    synchronized void setSeq(long s) {
        state.setSeq(s);
        updateKeyUpdateDue();
    }

    synchronized void destroy() {
        state.destroy();
        closed = true;
    }

    synchronized void sealInPlace(byte type, ByteBuffer header, int hOff, ByteBuffer data, int dOff, int len,
            ByteBuffer trailer, int tOff) throws RecordException {
        checkType(type, len);
        checkRegion(header, hOff, headerSize, "header");
        checkRegion(data, dOff, len, "data");
        checkRegion(trailer, tOff, trailerSize, "trailer");
        boolean alert = type == Alerts.ALERT;
        int level = alert ? data.get(dOff) : 0;
        int desc = alert ? data.get(dOff + 1) : 0;
        checkCanSeal(alert);
        if (data.hasArray() && trailer.hasArray() && data.array() == trailer.array()
                && data.arrayOffset() + dOff + len == trailer.arrayOffset() + tOff) {
            sealArray(type, data.array(), data.arrayOffset() + dOff, len);
        } else {
            byte[] s = scratch(len + trailerSize);
            data.get(dOff, s, 0, len);
            sealArray(type, s, 0, len);
            data.put(dOff, s, 0, len);
            trailer.put(tOff, s, len, trailerSize);
        }
        putHeader(header, hOff);
        if (alert) {
            afterAlert(level, desc);
        }
    }

    synchronized int seal(byte type, ByteBuffer src, ByteBuffer dst) throws RecordException {
        int n = src.remaining();
        checkType(type, n);
        int need = checkRoom(n, dst);
        int sPos = src.position();
        boolean alert = type == Alerts.ALERT;
        int level = alert ? src.get(sPos) : 0;
        int desc = alert ? src.get(sPos + 1) : 0;
        checkCanSeal(alert);
        int hPos = dst.position();
        int dPos = hPos + headerSize;
        if (dst.hasArray()) {
            byte[] a = dst.array();
            int d = dst.arrayOffset() + dPos;
            if (src.hasArray() && src.array() != a) {
                sealArrayFrom(type, src.array(), src.arrayOffset() + sPos, n, a, d);
            } else {
                src.get(sPos, a, d, n); // a direct source, or the same array: copy, then in place
                sealArray(type, a, d, n);
            }
            System.arraycopy(hdr, 0, a, dst.arrayOffset() + hPos, headerSize);
        } else {
            byte[] s = scratch(n + trailerSize);
            src.get(sPos, s, 0, n);
            sealArray(type, s, 0, n);
            dst.put(hPos, hdr, 0, headerSize);
            dst.put(dPos, s, 0, n + trailerSize);
        }
        src.position(sPos + n);
        dst.position(hPos + need);
        if (alert) {
            afterAlert(level, desc);
        }
        return need;
    }

    synchronized int sealAlert(int level, int description, ByteBuffer dst) throws RecordException {
        if (level < 0 || level > 255 || description < 0 || description > 255) {
            throw new IllegalArgumentException("alert level and description are single bytes");
        }
        int need = checkRoom(2, dst);
        checkCanSeal(true);
        control[0] = (byte) level;
        control[1] = (byte) description;
        sealControl(Alerts.ALERT, 2, dst, need);
        afterAlert(level, description);
        return need;
    }

    /** RFC 8446 §4.6.3: KeyUpdate under the current key, then switch to the next write key at seq 0. */
    synchronized int sealKeyUpdate(boolean updateRequested, ByteBuffer dst) throws RecordException {
        if (version != RecordVersion.TLS13) {
            throw new IllegalStateException("KeyUpdate exists only in TLS 1.3");
        }
        int need = checkRoom(5, dst);
        checkCanSeal(true);
        // Cleared before sealing: a request that arrives while we seal is answered by a later KeyUpdate.
        keyUpdateOwed.set(false);
        control[0] = (byte) Alerts.KEY_UPDATE;
        control[1] = 0;
        control[2] = 0;
        control[3] = 1;
        control[4] = (byte) (updateRequested ? 1 : 0);
        sealControl(Alerts.HANDSHAKE, 5, dst, need);
        TrafficKeys next;
        try {
            next = schedule.nextWriteKeys();
        } catch (RuntimeException e) {
            throw fail(Alerts.INTERNAL_ERROR, "next write keys could not be derived", e);
        }
        String problem = state.check(next);
        if (problem != null) {
            throw fail(Alerts.INTERNAL_ERROR, "next write keys unusable: " + problem, null);
        }
        state.install(next, 0);
        updateKeyUpdateDue();
        return need;
    }

    private void sealControl(byte type, int n, ByteBuffer dst, int need) throws RecordException {
        int hPos = dst.position();
        if (dst.hasArray()) {
            byte[] a = dst.array();
            int d = dst.arrayOffset() + hPos + headerSize;
            System.arraycopy(control, 0, a, d, n);
            sealArray(type, a, d, n);
            System.arraycopy(hdr, 0, a, dst.arrayOffset() + hPos, headerSize);
        } else {
            byte[] s = scratch(n + trailerSize);
            System.arraycopy(control, 0, s, 0, n);
            sealArray(type, s, 0, n);
            dst.put(hPos, hdr, 0, headerSize);
            dst.put(hPos + headerSize, s, 0, n + trailerSize);
        }
        dst.position(hPos + need);
    }

    /**
     * Seals {@code a[off..off+len)} in place, writing the trailer right after it, and leaves the
     * header in {@link #hdr}. TLS 1.3: TLSInnerPlaintext = content || type, AAD = the header
     * (RFC 8446 §5.2). TLS 1.2: AAD = seq || type || version || length (RFC 5246 §6.2.3.3).
     */
    private void sealArray(byte type, byte[] a, int off, int len) throws RecordException {
        int inputLen = prepare(type, len);
        if (version == RecordVersion.TLS13) {
            a[off + len] = type;
        }
        try {
            state.cipher().doFinal(a, off, inputLen, a, off);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw fail(Alerts.INTERNAL_ERROR, "record encryption failed", e);
        }
    }

    /** As {@link #sealArray} but reading the plaintext from another array: no copy before the cipher. */
    private void sealArrayFrom(byte type, byte[] src, int sOff, int len, byte[] a, int off) throws RecordException {
        prepare(type, len);
        Cipher c = state.cipher();
        try {
            if (version == RecordVersion.TLS13) {
                int w = c.update(src, sOff, len, a, off);
                one[0] = type;
                c.doFinal(one, 0, 1, a, off + w);
            } else {
                c.doFinal(src, sOff, len, a, off);
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            throw fail(Alerts.INTERNAL_ERROR, "record encryption failed", e);
        }
    }

    /** Builds header and AAD, consumes a sequence number, initialises the cipher; returns the cipher input length. */
    private int prepare(byte type, int len) throws RecordException {
        long s = state.takeSeq();
        if (!keyUpdateDue && version == RecordVersion.TLS13 && Long.compareUnsigned(s + 1, SOFT_LIMIT) >= 0) {
            keyUpdateDue = true;
        }
        int recordLen;
        int inputLen;
        if (version == RecordVersion.TLS13) {
            inputLen = len + 1;
            recordLen = inputLen + 16;
            hdr[0] = Alerts.APPLICATION_DATA; // opaque_type (RFC 8446 §5.2)
        } else {
            inputLen = len;
            recordLen = len + 16 + (suite.hasExplicitNonce12() ? 8 : 0);
            hdr[0] = type;
            AeadState.putLong(hdr, 5, s); // explicit nonce = sequence number (RFC 5288 §3); unused for ChaCha20
        }
        hdr[1] = 3;
        hdr[2] = 3;
        hdr[3] = (byte) (recordLen >>> 8);
        hdr[4] = (byte) recordLen;
        Cipher c = state.cipher();
        try {
            state.init(Cipher.ENCRYPT_MODE, s, hdr, 5);
            if (version == RecordVersion.TLS13) {
                c.updateAAD(hdr, 0, 5);
            } else {
                AeadState.putLong(aad, 0, s);
                aad[8] = type;
                aad[9] = 3;
                aad[10] = 3;
                aad[11] = (byte) (len >>> 8);
                aad[12] = (byte) len;
                c.updateAAD(aad, 0, 13);
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            throw fail(Alerts.INTERNAL_ERROR, "cipher initialisation failed", e);
        }
        return inputLen;
    }

    private void checkCanSeal(boolean controlRecord) throws RecordException {
        if (failure != null) {
            throw new RecordException(failure.alertDescription(), "write side failed earlier: " + failure.getMessage(), failure);
        }
        if (closed) {
            throw new RecordException(Alerts.INTERNAL_ERROR, "write side closed: close_notify or a fatal alert was sent");
        }
        if (state.exhausted()) {
            throw fail(Alerts.INTERNAL_ERROR, "write sequence numbers exhausted (RFC 8446 §5.3, RFC 5246 §6.1)", null);
        }
        if (version == RecordVersion.TLS13 && suite != RecordCipher.CHACHA20_POLY1305) {
            // At most 2^24 data records per key; the KeyUpdate or alert that ends the key may be the one after.
            int cmp = Long.compareUnsigned(state.seq(), HARD_LIMIT);
            if (cmp > 0 || (cmp == 0 && !controlRecord)) {
                throw fail(Alerts.INTERNAL_ERROR, "AES-GCM key usage limit reached without KeyUpdate (RFC 8446 §5.5)", null);
            }
        }
    }

    private void afterAlert(int level, int desc) {
        boolean fatal = version == RecordVersion.TLS13
                ? desc != Alerts.CLOSE_NOTIFY && desc != Alerts.USER_CANCELED // RFC 8446 §6
                : level == Alerts.LEVEL_FATAL;
        if (desc == Alerts.CLOSE_NOTIFY || fatal) {
            closed = true;
        }
    }

    private RecordException fail(int alert, String msg, Throwable cause) {
        RecordException e = new RecordException(alert, msg, cause);
        if (failure == null) {
            failure = e;
        }
        return e;
    }

    private int checkRoom(int n, ByteBuffer dst) {
        if (n > RecordLayer.MAX_PLAINTEXT) {
            throw new IllegalArgumentException("plaintext of " + n + " bytes exceeds " + RecordLayer.MAX_PLAINTEXT);
        }
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("destination buffer is read-only");
        }
        int need = headerSize + n + trailerSize;
        if (dst.remaining() < need) {
            throw new BufferOverflowException();
        }
        return need;
    }

    private static void checkType(byte type, int len) {
        if (len < 0 || len > RecordLayer.MAX_PLAINTEXT) {
            throw new IllegalArgumentException("plaintext length " + len + " outside 0.." + RecordLayer.MAX_PLAINTEXT);
        }
        switch (type) {
            case Alerts.APPLICATION_DATA:
                return;
            case Alerts.HANDSHAKE:
                if (len == 0) { // RFC 8446 §5.1, RFC 5246 §6.2.1: no zero-length handshake fragments
                    throw new IllegalArgumentException("zero-length handshake record");
                }
                return;
            case Alerts.ALERT:
                if (len != 2) {
                    throw new IllegalArgumentException("an alert record holds exactly one 2-byte alert");
                }
                return;
            default:
                throw new IllegalArgumentException("content type " + type + " cannot be sealed");
        }
    }

    private static void checkRegion(ByteBuffer b, int off, int len, String what) {
        if (b == null) {
            throw new IllegalArgumentException(what + " buffer is null");
        }
        if (b.isReadOnly()) {
            throw new IllegalArgumentException(what + " buffer is read-only");
        }
        if (off < 0 || len < 0 || off > b.limit() - len) {
            throw new IllegalArgumentException(what + " region [" + off + ", +" + len + ") outside limit " + b.limit());
        }
    }

    private void putHeader(ByteBuffer header, int hOff) {
        if (header.hasArray()) {
            System.arraycopy(hdr, 0, header.array(), header.arrayOffset() + hOff, headerSize);
        } else {
            header.put(hOff, hdr, 0, headerSize);
        }
    }

    /**
     * The reused scratch array, grown to {@code need} (at most a full record): a connection that only
     * ever seals small records out of place (a NewSessionTicket, alerts) keeps a small one.
     */
    private byte[] scratch(int need) {
        if (scratch == null || scratch.length < need) {
            scratch = new byte[Math.max(need, scratch == null ? 0 : Math.min(2 * scratch.length,
                    RecordLayer.MAX_PLAINTEXT + trailerSize))];
        }
        return scratch;
    }
}
