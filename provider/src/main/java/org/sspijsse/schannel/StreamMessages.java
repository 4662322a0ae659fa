package org.sspijsse.schannel;

import java.nio.ByteBuffer;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.HandshakeType;
import org.sspijsse.record.OpenResult;
import org.sspijsse.record.RecordException;
import org.sspijsse.record.RecordLayer;
import org.sspijsse.record.RecordVersion;
import org.sspijsse.sspi.IntHolder;
import org.sspijsse.sspi.SecBuffer;
import org.sspijsse.sspi.SecBufferDesc;
import org.sspijsse.sspi.SecBufferType;
import org.sspijsse.sspi.SecPkgContext;
import org.sspijsse.sspi.SecStatus;
import org.sspijsse.sspi.TimeStamp;

/**
 * EncryptMessage / DecryptMessage in stream mode over our record layer, and the ISC/ASC calls that
 * process the post-handshake messages DecryptMessage hands back (SSPI-FACTS.md,
 * "EncryptMessage / DecryptMessage"). Encrypt and decrypt may run at once on two threads: the
 * record layer keeps separate read and write states; two decrypts at once are serialised here.
 * The per-record path allocates nothing: buffers are rewritten as windows over the caller's bytes.
 */
final class StreamMessages {
    private static final byte APPLICATION_DATA = 23;

    private final SchannelContext owner;
    private final RecordLayer records;
    private final Object readLock = new Object();
    private final OpenResult result = new OpenResult();
    /** A post-handshake message handed back with SEC_I_RENEGOTIATE and not yet given to ISC/ASC. */
    private volatile byte[] pendingMessage;
    /** Messages one record completed beyond the first; handed out by later DecryptMessage calls. */
    private final java.util.ArrayDeque<byte[]> queued = new java.util.ArrayDeque<>();
    /** NewSessionTicket messages received (bounded): kept for the resumption work. */
    final java.util.ArrayDeque<byte[]> tickets = new java.util.ArrayDeque<>();
    static final int MAX_TICKETS = 8;

    StreamMessages(SchannelContext owner, RecordLayer records) {
        this.owner = owner;
        this.records = records;
    }

    RecordLayer records() {
        return records;
    }

    SecPkgContext.StreamSizes sizes() {
        return new SecPkgContext.StreamSizes(records.headerSize(), records.trailerSize(), RecordLayer.MAX_PLAINTEXT,
                4, 16);
    }

    /** EncryptMessage: {@code [STREAM_HEADER, DATA, STREAM_TRAILER, EMPTY]}, sealed in place. */
    int encrypt(int qop, SecBufferDesc message) {
        if (message == null) {
            return SecStatus.SEC_E_INVALID_TOKEN;
        }
        SecBuffer header = message.find(SecBufferType.SECBUFFER_STREAM_HEADER);
        SecBuffer data = message.find(SecBufferType.SECBUFFER_DATA);
        SecBuffer trailer = message.find(SecBufferType.SECBUFFER_STREAM_TRAILER);
        if (header == null || data == null || trailer == null || header.getBuffer() == null
                || trailer.getBuffer() == null || (data.getBuffer() == null && data.getCbBuffer() > 0)) {
            return SecStatus.SEC_E_INVALID_TOKEN;
        }
        if (header.getCbBuffer() < records.headerSize() || trailer.getCbBuffer() < records.trailerSize()) {
            return SecStatus.SEC_E_BUFFER_TOO_SMALL;
        }
        if (data.getCbBuffer() > RecordLayer.MAX_PLAINTEXT) {
            return SecStatus.SEC_E_INVALID_PARAMETER;
        }
        if (pendingMessage != null || records.isWriteClosed() || owner.state == SchannelContext.Lifecycle.CLOSED) {
            // Stuck until ISC/ASC has processed the post-handshake message, or shut down.
            return SecStatus.SEC_E_CONTEXT_EXPIRED;
        }
        ByteBuffer dataBuf = data.getBuffer() != null ? data.getBuffer() : header.getBuffer();
        try {
            records.sealInPlace(APPLICATION_DATA, header.getBuffer(), header.getOffset(), dataBuf, data.getOffset(),
                    data.getCbBuffer(), trailer.getBuffer(), trailer.getOffset());
        } catch (RecordException e) {
            // The key is used up (RFC 8446 §5.5 hard limit) or the write side is closed.
            return SecStatus.SEC_E_CONTEXT_EXPIRED;
        }
        header.setCbBuffer(records.headerSize());
        trailer.setCbBuffer(records.trailerSize());
        return SecStatus.SEC_E_OK;
    }

    /** DecryptMessage: one record of {@code [DATA, EMPTY, EMPTY, EMPTY]}, decrypted in place. */
    int decrypt(SecBufferDesc message, IntHolder qop) {
        if (message == null || message.getCount() < 4) {
            return SecStatus.SEC_E_INVALID_TOKEN;
        }
        SecBuffer data = null;
        for (int i = 0; i < message.getCount(); i++) {
            SecBuffer b = message.get(i);
            if (b == null) {
                return SecStatus.SEC_E_INVALID_TOKEN;
            }
            if (b.getBaseType() == SecBufferType.SECBUFFER_DATA) {
                if (data != null) {
                    return SecStatus.SEC_E_INVALID_TOKEN;
                }
                data = b;
            } else if (b.getBaseType() != SecBufferType.SECBUFFER_EMPTY) {
                return SecStatus.SEC_E_INVALID_TOKEN;
            }
        }
        if (data == null || (data.getBuffer() == null && data.getCbBuffer() > 0)) {
            return SecStatus.SEC_E_INVALID_TOKEN;
        }
        synchronized (readLock) {
            if (pendingMessage != null) {
                return SecStatus.SEC_E_CONTEXT_EXPIRED;
            }
            ByteBuffer buf = data.getBuffer();
            int off = data.getOffset();
            int len = data.getCbBuffer();
            byte[] next = queued.poll();
            if (next != null) {
                return handBack(message, next, buf, off, off, len);
            }
            if (records.isReadClosed()) {
                return SecStatus.SEC_I_CONTEXT_EXPIRED;
            }
            if (len == 0 || buf == null) {
                return missing(message, 5);
            }
            try {
                records.open(buf, off, len, result);
            } catch (RecordException e) {
                return readFailure(e);
            }
            int end = off + result.recordLength();
            switch (result.kind()) {
                case INCOMPLETE:
                    return missing(message, result.missing());
                case APPLICATION_DATA:
                    split(message, buf, off, result.plaintextOffset(), result.plaintextLength(), end, off + len);
                    return SecStatus.SEC_E_OK;
                case HANDSHAKE_FRAGMENT:
                    // Part of a post-handshake message: nothing for the caller yet (DATA of 0 bytes).
                    split(message, buf, off, end, 0, end, off + len);
                    return SecStatus.SEC_E_OK;
                case ALERT:
                    split(message, buf, off, end, 0, end, off + len);
                    if (result.alertDescription() == AlertDescription.close_notify) {
                        return SecStatus.SEC_I_CONTEXT_EXPIRED;
                    }
                    if (result.alertFatal()) {
                        owner.fail(AlertStatusMap.statusForReceivedAlert((short) result.alertDescription()));
                        return owner.failure;
                    }
                    // A TLS 1.2 warning (e.g. no_renegotiation): no data, the connection goes on.
                    return SecStatus.SEC_E_OK;
                case HANDSHAKE: {
                    byte[] m = result.handshakeMessage();
                    for (byte[] more = records.pollHandshakeMessage(); more != null; more = records.pollHandshakeMessage()) {
                        queued.add(more);
                    }
                    return handBack(message, m, buf, off, end, off + len);
                }
                case IGNORED_AFTER_CLOSE:
                default:
                    return SecStatus.SEC_I_CONTEXT_EXPIRED;
            }
        }
    }

    /**
     * SEC_I_RENEGOTIATE: the message goes back to the caller rewritten as a plaintext handshake
     * record (type 22, version 0x0303) in the EXTRA buffer, followed by the bytes after the record,
     * to pass as-is as the TOKEN of ISC/ASC. A TLS 1.2 HelloRequest instead comes back as an empty
     * DATA buffer with a trailer counting its 4 bytes, for an ISC call without input.
     */
    private int handBack(SecBufferDesc message, byte[] m, ByteBuffer buf, int recordStart, int recordEnd, int inputEnd) {
        pendingMessage = m;
        boolean helloRequest = records.version() == RecordVersion.TLS12 && (m[0] & 0xFF) == HandshakeType.hello_request;
        if (helloRequest) {
            split(message, buf, recordStart, recordEnd - m.length, 0, recordEnd, inputEnd);
            message.get(2).setCbBuffer(m.length);
            return SecStatus.SEC_I_RENEGOTIATE;
        }
        int recLen = 5 + m.length;
        int rest = inputEnd - recordEnd;
        ByteBuffer target;
        int start;
        if (recordEnd - recordStart >= recLen) {
            // In place: the plaintext record ends where the protected one ended, next to the rest.
            target = buf;
            start = recordEnd - recLen;
        } else {
            // Reassembled from several records (or queued): a package buffer holds record + rest.
            target = ByteBuffer.allocate(recLen + rest);
            start = 0;
            if (rest > 0) {
                target.put(recLen, buf, recordEnd, rest);
            }
        }
        target.put(start, (byte) 22).put(start + 1, (byte) 3).put(start + 2, (byte) 3)
                .put(start + 3, (byte) (m.length >>> 8)).put(start + 4, (byte) m.length);
        target.put(start + 5, m);
        SecBuffer d0 = message.get(0);
        d0.set(SecBufferType.SECBUFFER_STREAM_HEADER, buf, recordStart, 0);
        message.get(1).set(SecBufferType.SECBUFFER_DATA, buf, recordStart, 0);
        message.get(2).set(SecBufferType.SECBUFFER_STREAM_TRAILER, buf, recordStart, 0);
        message.get(3).set(SecBufferType.SECBUFFER_EXTRA, target, start, recLen + rest);
        return SecStatus.SEC_I_RENEGOTIATE;
    }

    /** Rewrites the four buffers as header / data / trailer / extra windows over the caller's bytes. */
    private static void split(SecBufferDesc m, ByteBuffer buf, int recordStart, int ptOff, int ptLen, int recordEnd,
            int inputEnd) {
        m.get(0).set(SecBufferType.SECBUFFER_STREAM_HEADER, buf, recordStart, ptOff - recordStart);
        m.get(1).set(SecBufferType.SECBUFFER_DATA, buf, ptOff, ptLen);
        m.get(2).set(SecBufferType.SECBUFFER_STREAM_TRAILER, buf, ptOff + ptLen, recordEnd - ptOff - ptLen);
        if (inputEnd > recordEnd) {
            m.get(3).set(SecBufferType.SECBUFFER_EXTRA, buf, recordEnd, inputEnd - recordEnd);
        } else {
            m.get(3).set(SecBufferType.SECBUFFER_EMPTY, null, 0, 0);
        }
    }

    /** SEC_E_INCOMPLETE_MESSAGE: index 0 (the DATA buffer) becomes MISSING, index 1 too for callers who look there. */
    private static int missing(SecBufferDesc m, int count) {
        m.get(0).set(SecBufferType.SECBUFFER_MISSING, null, 0, count);
        m.get(1).set(SecBufferType.SECBUFFER_MISSING, null, 0, count);
        return SecStatus.SEC_E_INCOMPLETE_MESSAGE;
    }

    private int readFailure(RecordException e) {
        int status = AlertStatusMap.statusForRaisedAlert((short) e.alertDescription());
        byte[] alert = alertRecord(AlertLevel.fatal, e.alertDescription());
        owner.failWithAlert(status, alert);
        return status;
    }

    /** An alert record under the write keys (SCHANNEL_ALERT / SCHANNEL_SHUTDOWN tokens, read failures). */
    byte[] alertRecord(int level, int description) {
        ByteBuffer out = ByteBuffer.allocate(records.sealedSize(2));
        try {
            records.sealAlert(level, description, out);
        } catch (RecordException e) {
            return new byte[0];
        }
        return java.util.Arrays.copyOf(out.array(), out.position());
    }

    /**
     * ISC/ASC after the handshake: the post-handshake message DecryptMessage handed back. Returns
     * SEC_E_OK with our KeyUpdate as the token when the peer asked for one, a no_renegotiation
     * warning for a TLS 1.2 HelloRequest, and no token for a NewSessionTicket.
     */
    /** A post-handshake message DecryptMessage handed back waits for ISC/ASC. */
    boolean hasPendingMessage() {
        return pendingMessage != null;
    }

    int postHandshake(SecBufferDesc in, OutputBuffers ob, int contextReq, IntHolder attr, TimeStamp expiry) {
        byte[] m = pendingMessage;
        if (m == null) {
            // Reauthentication (renegotiation) is not supported: TLS 1.3 has none and TLS 1.2
            // renegotiation is refused (SECURITY.md). A definite status, the context lives on.
            ob.clear();
            return SecStatus.SEC_E_UNSUPPORTED_FUNCTION;
        }
        int type = m[0] & 0xFF;
        SecBuffer slot = null;
        if (type != HandshakeType.hello_request) {
            if (in == null || InputBuffers.checkShape(in, false) != SecStatus.SEC_E_OK) {
                ob.clear();
                return SecStatus.SEC_E_INVALID_TOKEN;
            }
            SecBuffer t = in.get(0);
            slot = InputBuffers.firstEmpty(in);
            if (!isRecordOf(t, m)) {
                ob.clear();
                return SecStatus.SEC_E_INVALID_TOKEN;
            }
            int rest = t.getCbBuffer() - 5 - m.length;
            if (slot != null && rest > 0) {
                slot.set(SecBufferType.SECBUFFER_EXTRA, null, 0, rest);
            }
        }
        byte[] token = new byte[0];
        try {
            if (type == HandshakeType.key_update && records.isKeyUpdateOwed() && !records.isWriteClosed()) {
                token = sealKeyUpdate(false);
            } else if (type == HandshakeType.hello_request) {
                // RFC 5246 §7.4.1.1: a client that does not renegotiate may answer no_renegotiation.
                token = alertRecord(AlertLevel.warning, AlertDescription.no_renegotiation);
            } else if (type == HandshakeType.new_session_ticket) {
                synchronized (tickets) {
                    if (tickets.size() == MAX_TICKETS) {
                        tickets.poll();
                    }
                    tickets.add(m);
                }
                owner.onNewSessionTicket(m);
            }
        } catch (RecordException e) {
            ob.clear();
            owner.fail(SecStatus.SEC_E_CONTEXT_EXPIRED);
            return owner.failure;
        }
        pendingMessage = null;
        return owner.finishWithToken(ob, token, SecStatus.SEC_E_OK, contextReq, attr, expiry);
    }

    boolean isTls13() {
        return records.version() == RecordVersion.TLS13;
    }

    /** Our KeyUpdate record (RFC 8446 §4.6.3); the write key changes after it. Empty if it cannot be sealed. */
    byte[] keyUpdateRecord(boolean updateRequested) {
        try {
            return sealKeyUpdate(updateRequested);
        } catch (RecordException e) {
            return new byte[0];
        }
    }

    private byte[] sealKeyUpdate(boolean updateRequested) throws RecordException {
        ByteBuffer out = ByteBuffer.allocate(records.sealedSize(5));
        records.sealKeyUpdate(updateRequested, out);
        return java.util.Arrays.copyOf(out.array(), out.position());
    }

    private static boolean isRecordOf(SecBuffer t, byte[] m) {
        ByteBuffer b = t.getBuffer();
        int o = t.getOffset();
        if (b == null || t.getCbBuffer() < 5 + m.length || b.get(o) != 22
                || (((b.get(o + 3) & 0xFF) << 8) | (b.get(o + 4) & 0xFF)) != m.length) {
            return false;
        }
        for (int i = 0; i < m.length; i++) {
            if (b.get(o + 5 + i) != m[i]) {
                return false;
            }
        }
        return true;
    }

    void destroy() {
        records.destroy();
    }
}
