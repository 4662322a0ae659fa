package org.sspijsse.record;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;

/**
 * The read direction; every method runs under this object's monitor (independent of the writer's).
 *
 * <p>Invariants of {@link #open}: it looks at one record only; it consumes a whole record or
 * nothing ({@link OpenResult.Kind#INCOMPLETE}); header checks happen as soon as the 5 header
 * bytes are there, before waiting for the body; decryption is in place (heap) or through a reused
 * scratch array (direct buffers), and the plaintext ends at the same absolute index either way;
 * the first failure is sticky: every later call throws the same alert.
 */
final class RecordReader {
    /** Post-handshake messages handed out by neither {@code open} nor a poll yet: at most 64 KiB. */
    static final int MAX_QUEUED_BYTES = 1 << 16;

    private final RecordVersion version;
    private final AeadState state;
    private final KeySchedule schedule;
    private final AtomicBoolean keyUpdateOwed;
    private final int maxCiphertext;
    private final int explicitLen;
    private final byte[] aad = new byte[13];
    private final HandshakeAssembler assembler = new HandshakeAssembler();
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>(2);
    private int queuedBytes;
    private byte[] scratch;
    private volatile boolean closed;
    private RecordException failure;

    RecordReader(RecordVersion version, RecordCipher suite, TrafficKeys keys, long seq,
            KeySchedule schedule, AtomicBoolean keyUpdateOwed) {
        this.version = version;
        this.state = new AeadState(version, suite, keys, seq);
        this.schedule = schedule;
        this.keyUpdateOwed = keyUpdateOwed;
        // RFC 8446 §5.2: 2^14 + 256; RFC 5246 §6.2.3: 2^14 + 2048.
        this.maxCiphertext = version == RecordVersion.TLS13 ? (1 << 14) + 256 : (1 << 14) + 2048;
        this.explicitLen = version == RecordVersion.TLS12 && suite.hasExplicitNonce12() ? 8 : 0;
    }

    boolean isClosed() {
        return closed;
    }

    synchronized long seq() {
        return state.seq();
    }

    synchronized void setSeq(long s) {
        state.setSeq(s);
    }

    synchronized void destroy() {
        state.destroy();
        closed = true;
    }

    synchronized byte[] poll() {
        byte[] m = queue.poll();
        if (m != null) {
            queuedBytes -= m.length;
        }
        return m;
    }

    synchronized void open(ByteBuffer buf, int off, int avail, OpenResult result) throws RecordException {
        result.reset();
        if (failure != null) {
            throw new RecordException(failure.alertDescription(), "read side failed earlier: " + failure.getMessage(), failure);
        }
        if (buf == null || off < 0 || avail < 0 || off > buf.limit() - avail) {
            throw new IllegalArgumentException("input region [" + off + ", +" + avail + ") is not inside the buffer");
        }
        if (avail < 5) {
            result.incomplete(5 - avail);
            return;
        }
        int type = buf.get(off) & 0xff;
        int major = buf.get(off + 1) & 0xff;
        int minor = buf.get(off + 2) & 0xff;
        int length = ((buf.get(off + 3) & 0xff) << 8) | (buf.get(off + 4) & 0xff);
        int total = 5 + length;
        if (closed) {
            // RFC 8446 §6.1: data received after a closure alert MUST be ignored. Frame, do not decrypt.
            if (avail < total) {
                result.incomplete(total - avail);
            } else {
                result.consumed(OpenResult.Kind.IGNORED_AFTER_CLOSE, total, off + 5, 0);
            }
            return;
        }
        checkHeader(type, major, minor, length);
        if (avail < total) {
            result.incomplete(total - avail);
            return;
        }
        if (buf.isReadOnly()) {
            throw new IllegalArgumentException("records are decrypted in place: the buffer must be writable");
        }
        byte[] a;
        int base;
        boolean inPlace = buf.hasArray();
        if (inPlace) {
            a = buf.array();
            base = buf.arrayOffset() + off;
        } else {
            a = scratch(total);
            base = 0;
            buf.get(off, a, 0, total);
        }
        int ctOff = base + 5 + explicitLen;
        int n = decrypt(type, a, base, ctOff, length - explicitLen);
        int innerType;
        int contentLen;
        if (version == RecordVersion.TLS13) {
            if (n > (1 << 14) + 1) { // RFC 8446 §5.4: TLSInnerPlaintext at most 2^14 + 1 bytes
                throw fail(Alerts.RECORD_OVERFLOW, "inner plaintext of " + n + " bytes exceeds 2^14 + 1");
            }
            int i = ctOff + n - 1;
            while (i >= ctOff && a[i] == 0) { // strip zero padding (RFC 8446 §5.4)
                i--;
            }
            if (i < ctOff) {
                throw fail(Alerts.UNEXPECTED_MESSAGE, "inner plaintext holds no non-zero content type (RFC 8446 §5.4)");
            }
            innerType = a[i] & 0xff;
            contentLen = i - ctOff;
        } else {
            if (n > 1 << 14) { // RFC 5246 §6.2.3
                throw fail(Alerts.RECORD_OVERFLOW, "plaintext of " + n + " bytes exceeds 2^14");
            }
            innerType = type;
            contentLen = n;
        }
        int ptOffset = off + (ctOff - base);
        if (!inPlace) {
            buf.put(ptOffset, a, ctOff, contentLen);
        }
        dispatch(innerType, a, ctOff, contentLen, total, ptOffset, result);
    }

    private void checkHeader(int type, int major, int minor, int length) throws RecordException {
        if (version == RecordVersion.TLS13) {
            if (type != Alerts.APPLICATION_DATA) {
                // RFC 8446 §5: after the handshake every record is protected, so its outer type is
                // application_data; a change_cipher_spec is dropped only before the peer's Finished.
                throw fail(Alerts.UNEXPECTED_MESSAGE, "unprotected record of content type " + type + " after the handshake");
            }
            if (major != 3) {
                // legacy_record_version is otherwise ignored (RFC 8446 §5.1); it is authenticated as AAD.
                throw fail(Alerts.PROTOCOL_VERSION, "record version " + major + "." + minor + " is not TLS");
            }
        } else {
            if (type != Alerts.APPLICATION_DATA && type != Alerts.ALERT && type != Alerts.HANDSHAKE) {
                // change_cipher_spec is unexpected: we do not renegotiate (RFC 5246 §7.1).
                throw fail(Alerts.UNEXPECTED_MESSAGE, "record of content type " + type + " after the handshake");
            }
            if (major != 3 || minor != 3) {
                throw fail(Alerts.PROTOCOL_VERSION, "record version " + major + "." + minor + " is not the negotiated TLS 1.2");
            }
        }
        if (length > maxCiphertext) {
            throw fail(Alerts.RECORD_OVERFLOW, "record length " + length + " exceeds " + maxCiphertext);
        }
        if (length < explicitLen + 16) {
            throw fail(Alerts.BAD_RECORD_MAC, "record of " + length + " bytes is shorter than its nonce and tag");
        }
    }

    /** Decrypts {@code a[ctOff..ctOff+ctLen)} in place; returns the plaintext length. */
    private int decrypt(int type, byte[] a, int base, int ctOff, int ctLen) throws RecordException {
        if (state.exhausted()) {
            throw fail(Alerts.INTERNAL_ERROR, "read sequence numbers exhausted (RFC 8446 §5.3, RFC 5246 §6.1)");
        }
        long s = state.takeSeq();
        Cipher c = state.cipher();
        try {
            state.init(Cipher.DECRYPT_MODE, s, a, base + 5);
            if (version == RecordVersion.TLS13) {
                c.updateAAD(a, base, 5); // the record header as received (RFC 8446 §5.2)
            } else {
                int ptLen = ctLen - 16; // RFC 5246 §6.2.3.3: seq || type || version || length
                AeadState.putLong(aad, 0, s);
                aad[8] = (byte) type;
                aad[9] = a[base + 1];
                aad[10] = a[base + 2];
                aad[11] = (byte) (ptLen >>> 8);
                aad[12] = (byte) ptLen;
                c.updateAAD(aad, 0, 13);
            }
            return c.doFinal(a, ctOff, ctLen, a, ctOff);
        } catch (AEADBadTagException e) {
            throw fail(Alerts.BAD_RECORD_MAC, "record authentication failed", e);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw fail(Alerts.INTERNAL_ERROR, "record decryption failed", e);
        }
    }

    private void dispatch(int type, byte[] a, int off, int len, int total, int ptOffset, OpenResult result)
            throws RecordException {
        if (assembler.hasPartial() && type != Alerts.HANDSHAKE) {
            // RFC 8446 §5.1: a handshake message split over records allows no other record in between.
            throw fail(Alerts.UNEXPECTED_MESSAGE, "content type " + type + " inside a fragmented handshake message");
        }
        switch (type) {
            case Alerts.APPLICATION_DATA:
                result.consumed(OpenResult.Kind.APPLICATION_DATA, total, ptOffset, len);
                return;
            case Alerts.ALERT:
                alert(a, off, len, total, ptOffset, result);
                return;
            case Alerts.HANDSHAKE:
                handshake(a, off, len, total, ptOffset, result);
                return;
            default:
                throw fail(Alerts.UNEXPECTED_MESSAGE, "unexpected content type " + type + " after the handshake");
        }
    }

    private void alert(byte[] a, int off, int len, int total, int ptOffset, OpenResult result) throws RecordException {
        if (len == 0) { // RFC 8446 §5.1, RFC 5246 §6.2.1: no zero-length alert fragments
            throw fail(Alerts.UNEXPECTED_MESSAGE, "empty alert record");
        }
        if (len != 2) { // RFC 8446 §5.1: an alert record holds exactly one 2-byte alert
            throw fail(Alerts.DECODE_ERROR, "alert record of " + len + " bytes");
        }
        int level = a[off] & 0xff;
        int desc = a[off + 1] & 0xff;
        boolean fatal;
        if (version == RecordVersion.TLS13) {
            // RFC 8446 §6: the level is ignored; all but close_notify and user_canceled are errors.
            fatal = desc != Alerts.CLOSE_NOTIFY && desc != Alerts.USER_CANCELED;
        } else {
            if (level != Alerts.LEVEL_WARNING && level != Alerts.LEVEL_FATAL) {
                throw fail(Alerts.ILLEGAL_PARAMETER, "alert level " + level);
            }
            fatal = level == Alerts.LEVEL_FATAL;
        }
        if (desc == Alerts.CLOSE_NOTIFY || fatal) {
            closed = true;
        }
        result.consumed(OpenResult.Kind.ALERT, total, ptOffset, len);
        result.alert(level, desc, fatal);
    }

    private void handshake(byte[] a, int off, int len, int total, int ptOffset, OpenResult result)
            throws RecordException {
        if (len == 0) { // RFC 8446 §5.1: zero-length handshake fragments are forbidden
            throw fail(Alerts.UNEXPECTED_MESSAGE, "empty handshake record");
        }
        int pos = off;
        int end = off + len;
        boolean keyUpdated = false;
        while (pos < end) {
            boolean hadHeader = assembler.hasHeader();
            pos = assembler.consume(a, pos, end);
            if (!hadHeader && assembler.hasHeader()) {
                checkMessageHeader(assembler.type(), assembler.bodyLength());
            }
            if (assembler.isComplete()) {
                byte[] m = assembler.take();
                if (queuedBytes + m.length > MAX_QUEUED_BYTES) {
                    throw fail(Alerts.UNEXPECTED_MESSAGE, "more than " + MAX_QUEUED_BYTES + " bytes of uncollected post-handshake messages");
                }
                if (m[0] == Alerts.NEW_SESSION_TICKET) {
                    try {
                        NewSessionTicket.parse(m); // validates; the caller parses again when it keeps it
                    } catch (RecordException e) {
                        throw fail(e.alertDescription(), e.getMessage(), e);
                    }
                } else if (m[0] == Alerts.KEY_UPDATE) {
                    keyUpdate(m[4], end - pos);
                    keyUpdated = true;
                }
                queue.add(m);
                queuedBytes += m.length;
            }
        }
        byte[] first = poll();
        result.consumed(first == null ? OpenResult.Kind.HANDSHAKE_FRAGMENT : OpenResult.Kind.HANDSHAKE, total, ptOffset, len);
        result.handshake(first);
        result.keyUpdated(keyUpdated);
    }

    /** Vets a message from its 4-byte header, before any body byte is buffered. */
    private void checkMessageHeader(int type, int bodyLength) throws RecordException {
        if (4 + bodyLength > HandshakeAssembler.MAX_MESSAGE_LENGTH) {
            throw fail(Alerts.ILLEGAL_PARAMETER, "post-handshake message of " + bodyLength + " bytes exceeds our limit");
        }
        if (version == RecordVersion.TLS12) {
            if (type != Alerts.HELLO_REQUEST) { // we never renegotiate; the caller refuses HelloRequest
                throw fail(Alerts.UNEXPECTED_MESSAGE, "handshake message " + type + " after the TLS 1.2 handshake");
            }
            if (bodyLength != 0) { // RFC 5246 §7.4.1.1: struct { } HelloRequest
                throw fail(Alerts.DECODE_ERROR, "HelloRequest with a body");
            }
            return;
        }
        switch (type) {
            case Alerts.NEW_SESSION_TICKET:
                return;
            case Alerts.KEY_UPDATE:
                if (bodyLength != 1) { // RFC 8446 §4.6.3: one KeyUpdateRequest byte
                    throw fail(Alerts.DECODE_ERROR, "KeyUpdate body of " + bodyLength + " bytes");
                }
                return;
            case Alerts.CERTIFICATE_REQUEST:
                // RFC 8446 §4.6.2: only after the client offered post_handshake_auth, which we never do.
                throw fail(Alerts.UNEXPECTED_MESSAGE, "post-handshake CertificateRequest without post_handshake_auth");
            default:
                throw fail(Alerts.UNEXPECTED_MESSAGE, "handshake message " + type + " after the TLS 1.3 handshake");
        }
    }

    /** RFC 8446 §4.6.3: switch the read keys now; answer later if the peer asked. */
    private void keyUpdate(byte request, int bytesAfter) throws RecordException {
        if (request != 0 && request != 1) {
            throw fail(Alerts.ILLEGAL_PARAMETER, "KeyUpdateRequest " + (request & 0xff));
        }
        if (bytesAfter != 0) {
            // RFC 8446 §5.1: handshake messages MUST NOT span key changes; the KeyUpdate ends its record.
            throw fail(Alerts.UNEXPECTED_MESSAGE, "data after KeyUpdate in the same record");
        }
        TrafficKeys next;
        try {
            next = schedule.nextReadKeys();
        } catch (RuntimeException e) {
            throw fail(Alerts.INTERNAL_ERROR, "next read keys could not be derived", e);
        }
        String problem = state.check(next);
        if (problem != null) {
            throw fail(Alerts.INTERNAL_ERROR, "next read keys unusable: " + problem);
        }
        state.install(next, 0);
        if (request == 1) {
            keyUpdateOwed.set(true);
        }
    }

    private RecordException fail(int alert, String msg) {
        return fail(alert, msg, null);
    }

    private RecordException fail(int alert, String msg, Throwable cause) {
        RecordException e = new RecordException(alert, msg, cause);
        if (failure == null) {
            failure = e;
        }
        return e;
    }

    /** The reused scratch array for direct buffers, grown to {@code need} (at most a full record). */
    private byte[] scratch(int need) {
        if (scratch == null || scratch.length < need) {
            scratch = new byte[Math.max(need, scratch == null ? 0 : Math.min(2 * scratch.length, 5 + maxCiphertext))];
        }
        return scratch;
    }
}
