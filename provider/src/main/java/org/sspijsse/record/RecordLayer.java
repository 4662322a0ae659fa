package org.sspijsse.record;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * AEAD record protection after the handshake: TLS 1.3 (RFC 8446 §5) and TLS 1.2 with AES-GCM
 * (RFC 5288) or ChaCha20-Poly1305 (RFC 7905), on the JDK's own ciphers.
 *
 * <h2>Threads</h2>
 * The write state and the read state are separate objects with separate locks: one thread may
 * seal while another opens. Two threads sealing at once are serialised (records leave in
 * sequence-number order); likewise two threads opening. The only state shared between the
 * directions is {@link #isKeyUpdateOwed()}.
 *
 * <h2>Per record</h2>
 * No allocation and no copy in this code beyond what {@code javax.crypto.Cipher} does: one
 * reused {@code Cipher} per direction, reused nonce and AAD arrays, heap buffers sealed and
 * opened in place through their arrays. The JDK needs a new {@code GCMParameterSpec} (or
 * {@code IvParameterSpec}) per record. Direct buffers go through one reused heap scratch array
 * per direction (SunJCE is slower on direct buffers).
 *
 * <h2>Post-handshake messages</h2>
 * {@link #open} reassembles handshake messages (bounded: one message at most 64 KiB, at most
 * 64 KiB waiting to be collected). A record that completes messages reports the oldest one not
 * yet handed out as {@link OpenResult.Kind#HANDSHAKE}; the others wait in
 * {@link #pollHandshakeMessage()} in order. KeyUpdate is applied inside {@code open} (read keys
 * switch at once, RFC 8446 §4.6.3) and still handed out, so the caller sees every message.
 *
 * <h2>Closure</h2>
 * Sealing a close_notify or a fatal alert closes the write side ({@link #isWriteClosed()}); any
 * later seal throws internal_error. Receiving close_notify or a fatal alert closes the read side
 * ({@link #isReadClosed()}); later records are framed and reported as
 * {@link OpenResult.Kind#IGNORED_AFTER_CLOSE} without being decrypted (RFC 8446 §6.1). Each side
 * closes independently (half-close).
 *
 * <h2>Limits</h2>
 * TLS 1.3 AES-GCM: {@link #isWriteKeyUpdateDue()} from 2^23 records per key; at 2^24 data records
 * without a KeyUpdate sealing data throws internal_error (RFC 8446 §5.5), though one KeyUpdate or
 * alert may still be sealed. ChaCha20-Poly1305 reports the same soft limit but has no hard one.
 * Any version: a direction whose sequence number 2^64-1 has been used refuses further records
 * (RFC 8446 §5.3, RFC 5246 §6.1). Failures are sticky per direction.
 *
 * <h2>Errors</h2>
 * Malformed input records throw {@link RecordException} with the alert to send. Caller mistakes
 * (a region outside its buffer, a read-only buffer, a plaintext above {@link #MAX_PLAINTEXT})
 * throw {@code IllegalArgumentException}; too small a destination, {@code BufferOverflowException}
 * (nothing consumed).
 */
public final class RecordLayer {
    /** RFC 8446 §5.1, RFC 5246 §6.2.1: at most 2^14 bytes of content per record. */
    public static final int MAX_PLAINTEXT = 16384;

    private final RecordVersion version;
    private final RecordCipher cipher;
    private final RecordReader reader;
    private final RecordWriter writer;
    private final AtomicBoolean keyUpdateOwed = new AtomicBoolean();

    private RecordLayer(RecordVersion version, RecordCipher cipher, TrafficKeys read, TrafficKeys write,
            KeySchedule schedule, long readSeq, long writeSeq) {
        this.version = Objects.requireNonNull(version, "version");
        this.cipher = Objects.requireNonNull(cipher, "cipher");
        if (version == RecordVersion.TLS13) {
            Objects.requireNonNull(schedule, "TLS 1.3 needs a key schedule for KeyUpdate");
        }
        this.reader = new RecordReader(version, cipher, read, readSeq, schedule, keyUpdateOwed);
        this.writer = new RecordWriter(version, cipher, write, writeSeq, schedule, keyUpdateOwed);
    }

    /** TLS 1.3 application traffic keys; both sequence numbers start at 0 (RFC 8446 §5.3). */
    public static RecordLayer tls13(RecordCipher c, TrafficKeys read, TrafficKeys write, KeySchedule schedule) {
        return new RecordLayer(RecordVersion.TLS13, c, read, write, schedule, 0, 0);
    }

    /** TLS 1.2 after the handshake: both sequence numbers start at 1, the Finished messages used 0. */
    public static RecordLayer tls12(RecordCipher c, TrafficKeys read, TrafficKeys write) {
        return new RecordLayer(RecordVersion.TLS12, c, read, write, null, 1, 1);
    }

    /** Any starting point (tests, resumption of other states). The schedule may be null for TLS 1.2. */
    public static RecordLayer create(RecordVersion v, RecordCipher c, TrafficKeys read, TrafficKeys write,
            KeySchedule s, long readSeq, long writeSeq) {
        return new RecordLayer(v, c, read, write, s, readSeq, writeSeq);
    }

    public RecordVersion version() {
        return version;
    }

    public RecordCipher cipher() {
        return cipher;
    }

    /** 5, or 13 for TLS 1.2 AES-GCM (5 + the 8-byte explicit nonce, RFC 5288 §3). */
    public int headerSize() {
        return headerSize(version, cipher);
    }

    /** 17 for TLS 1.3 (inner content type + tag, RFC 8446 §5.2), 16 for TLS 1.2. */
    public int trailerSize() {
        return trailerSize(version);
    }

    /** Largest record we must accept: 5 + 2^14 + 256 (RFC 8446 §5.2) or 5 + 2^14 + 2048 (RFC 5246 §6.2.3). */
    public int maxRecordSize() {
        return 5 + MAX_PLAINTEXT + (version == RecordVersion.TLS13 ? 256 : 2048);
    }

    /** Size of the record that seals {@code plaintextLength} bytes: header + plaintext + trailer. */
    public int sealedSize(int plaintextLength) {
        return headerSize() + plaintextLength + trailerSize();
    }

    static int headerSize(RecordVersion v, RecordCipher c) {
        return v == RecordVersion.TLS12 && c.hasExplicitNonce12() ? 13 : 5;
    }

    static int trailerSize(RecordVersion v) {
        return v == RecordVersion.TLS13 ? 17 : 16;
    }

    // ---- write side ----

    /**
     * Seals one record in place, as SSPI's EncryptMessage does: the header is written at
     * {@code header[hOff..hOff+headerSize())}, the {@code len} bytes at {@code data[dOff..)} are
     * encrypted in place, the trailer is written at {@code trailer[tOff..tOff+trailerSize())}.
     * The regions may be contiguous in one buffer (the fast case) or anywhere else; they must not
     * overlap. Absolute indices: no position or limit changes.
     *
     * @param contentType application_data (23), handshake (22, not empty) or alert (21, 2 bytes)
     */
    public void sealInPlace(byte contentType, ByteBuffer header, int hOff, ByteBuffer data, int dOff, int len,
            ByteBuffer trailer, int tOff) throws RecordException {
        writer.sealInPlace(contentType, header, hOff, data, dOff, len, trailer, tOff);
    }

    /**
     * Seals {@code src.remaining()} bytes (at most {@link #MAX_PLAINTEXT}) as one record written at
     * {@code dst}'s position; advances both positions and returns the record length.
     *
     * @throws java.nio.BufferOverflowException if {@code dst} has less than
     *     {@link #sealedSize}{@code (src.remaining())} bytes left; nothing is consumed
     */
    public int seal(byte contentType, ByteBuffer src, ByteBuffer dst) throws RecordException {
        return writer.seal(contentType, src, dst);
    }

    /** Seals one alert record at {@code dst}'s position and advances it; returns the record length. */
    public int sealAlert(int level, int description, ByteBuffer dst) throws RecordException {
        return writer.sealAlert(level, description, dst);
    }

    /**
     * TLS 1.3 only: seals our KeyUpdate (RFC 8446 §4.6.3) under the current write key, then switches
     * to {@link KeySchedule#nextWriteKeys()} at sequence number 0. Clears {@link #isKeyUpdateOwed()}.
     *
     * @throws IllegalStateException for TLS 1.2
     */
    public int sealKeyUpdate(boolean updateRequested, ByteBuffer dst) throws RecordException {
        return writer.sealKeyUpdate(updateRequested, dst);
    }

    /**
     * The peer sent KeyUpdate(update_requested) and we have not sent a KeyUpdate since: send one
     * before the next application data (RFC 8446 §4.6.3). Nothing enforces it: the caller does.
     */
    public boolean isKeyUpdateOwed() {
        return keyUpdateOwed.get();
    }

    /** TLS 1.3: the write key has protected 2^23 records or more; send a KeyUpdate (RFC 8446 §5.5). */
    public boolean isWriteKeyUpdateDue() {
        return writer.isKeyUpdateDue();
    }

    /** We sealed close_notify or a fatal alert: nothing more can be sealed. */
    public boolean isWriteClosed() {
        return writer.isClosed();
    }

    // ---- read side ----

    /**
     * Opens (authenticates and decrypts in place) one record at absolute index {@code off} of
     * {@code buf}, where {@code avail} bytes are available (less than a record, or more). Fills
     * {@code result}; consumes a whole record or nothing. Positions and limits are not changed.
     *
     * @throws RecordException for any malformed, forged, replayed or out-of-order record, with its alert
     */
    public void open(ByteBuffer buf, int off, int avail, OpenResult result) throws RecordException {
        reader.open(buf, off, avail, result);
    }

    /**
     * The next post-handshake message that an earlier {@link #open} completed but did not hand out
     * (several messages in one record), or null. Call it until null after each
     * {@link OpenResult.Kind#HANDSHAKE}.
     */
    public byte[] pollHandshakeMessage() {
        return reader.poll();
    }

    /** We received close_notify or a fatal alert: later records are ignored. */
    public boolean isReadClosed() {
        return reader.isClosed();
    }

    /** Zeroes the IV copies and drops the keys; the layer is closed both ways afterwards. */
    public void destroy() {
        reader.destroy();
        writer.destroy();
    }

    // ---- test hooks ----

    long writeSequence() {
        return writer.seq();
    }

    long readSequence() {
        return reader.seq();
    }

    /** Pretends the current write key has already protected {@code seq} records. */
    void setWriteSequence(long seq) {
        writer.setSeq(seq);
    }

    void setReadSequence(long seq) {
        reader.setSeq(seq);
    }

    @Override
    public String toString() {
        return "RecordLayer[" + version + ", " + cipher + (isReadClosed() ? ", read closed" : "")
                + (isWriteClosed() ? ", write closed" : "") + "]";
    }
}
