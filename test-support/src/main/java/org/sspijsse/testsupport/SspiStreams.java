package org.sspijsse.testsupport;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.sspijsse.sspi.CredHandle;
import org.sspijsse.sspi.CtxtHandle;
import org.sspijsse.sspi.Holder;
import org.sspijsse.sspi.IntHolder;
import org.sspijsse.sspi.IscReq;
import org.sspijsse.sspi.SchannelConstants;
import org.sspijsse.sspi.SecBuffer;
import org.sspijsse.sspi.SecBufferDesc;
import org.sspijsse.sspi.SecBufferType;
import org.sspijsse.sspi.SecPkgAttr;
import org.sspijsse.sspi.SecPkgContext;
import org.sspijsse.sspi.SecStatus;
import org.sspijsse.sspi.Sspi;
import org.sspijsse.sspi.TimeStamp;

/**
 * EncryptMessage / DecryptMessage in stream mode, the way Schannel callers lay out their buffers
 * (SSPI-FACTS.md, "EncryptMessage / DecryptMessage"), plus the shutdown and post-handshake calls.
 */
public final class SspiStreams {
    private SspiStreams() {
    }

    /** {@code SECPKG_ATTR_STREAM_SIZES}. */
    public static SecPkgContext.StreamSizes streamSizes(CtxtHandle ctx) {
        Holder<Object> out = new Holder<>();
        int status = Sspi.queryContextAttributes(ctx, SecPkgAttr.SECPKG_ATTR_STREAM_SIZES, out);
        if (status != SecStatus.SEC_E_OK || !(out.value instanceof SecPkgContext.StreamSizes)) {
            throw new SspiException("QueryContextAttributes(STREAM_SIZES)", status, String.valueOf(out.value));
        }
        return (SecPkgContext.StreamSizes) out.value;
    }

    /**
     * Encrypts {@code plaintext} into records of at most {@code cbMaximumMessage} bytes of data each,
     * each laid out as {@code [STREAM_HEADER, DATA, STREAM_TRAILER, EMPTY]} in one array, and
     * returns the records back to back. An empty plaintext gives one empty record.
     */
    public static byte[] encrypt(CtxtHandle ctx, byte[] plaintext) {
        SecPkgContext.StreamSizes sizes = streamSizes(ctx);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        do {
            int n = Math.min(sizes.cbMaximumMessage, plaintext.length - pos);
            out.writeBytes(encryptRecord(ctx, sizes, Arrays.copyOfRange(plaintext, pos, pos + n)));
            pos += n;
        } while (pos < plaintext.length);
        return out.toByteArray();
    }

    /** One record for {@code data} (at most {@code cbMaximumMessage} bytes). */
    public static byte[] encryptRecord(CtxtHandle ctx, SecPkgContext.StreamSizes sizes, byte[] data) {
        byte[] buf = new byte[sizes.cbHeader + data.length + sizes.cbTrailer];
        System.arraycopy(data, 0, buf, sizes.cbHeader, data.length);
        ByteBuffer bb = ByteBuffer.wrap(buf);
        SecBuffer header = new SecBuffer(SecBufferType.SECBUFFER_STREAM_HEADER, bb, 0, sizes.cbHeader);
        SecBuffer body = new SecBuffer(SecBufferType.SECBUFFER_DATA, bb, sizes.cbHeader, data.length);
        SecBuffer trailer = new SecBuffer(SecBufferType.SECBUFFER_STREAM_TRAILER, bb, sizes.cbHeader + data.length,
                sizes.cbTrailer);
        int status = Sspi.encryptMessage(ctx, 0, new SecBufferDesc(header, body, trailer, SecBuffer.empty()), 0);
        if (status != SecStatus.SEC_E_OK) {
            throw new SspiException("EncryptMessage", status, data.length + " bytes");
        }
        // Header and trailer report what they used; copy the three windows in order.
        ByteArrayOutputStream record = new ByteArrayOutputStream(buf.length);
        record.writeBytes(header.toByteArray());
        record.writeBytes(body.toByteArray());
        record.writeBytes(trailer.toByteArray());
        return record.toByteArray();
    }

    /** A stateful reader of incoming records for {@code ctx}. */
    public static Decryptor decryptor(CtxtHandle ctx) {
        return new Decryptor(ctx);
    }

    /**
     * {@code ApplyControlToken(SCHANNEL_SHUTDOWN)} then ISC with no input: returns the close_notify
     * token to send (SEC_E_OK or SEC_I_CONTEXT_EXPIRED are both accepted, as callers do).
     */
    public static byte[] shutdown(CredHandle cred, CtxtHandle ctx, String targetName) {
        byte[] dword = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(SchannelConstants.SCHANNEL_SHUTDOWN)
                .array();
        int status = Sspi.applyControlToken(ctx, new SecBufferDesc(new SecBuffer(SecBufferType.SECBUFFER_TOKEN, dword)));
        if (status != SecStatus.SEC_E_OK) {
            throw new SspiException("ApplyControlToken(SCHANNEL_SHUTDOWN)", status, null);
        }
        SecBuffer token = new SecBuffer(SecBufferType.SECBUFFER_TOKEN);
        status = Sspi.initializeSecurityContext(cred, ctx, targetName,
                SspiClientLoop.DEFAULT_REQ | IscReq.ISC_REQ_ALLOCATE_MEMORY, null, ctx, new SecBufferDesc(token),
                new IntHolder(), new TimeStamp());
        if (status != SecStatus.SEC_E_OK && status != SecStatus.SEC_I_CONTEXT_EXPIRED) {
            throw new SspiException("InitializeSecurityContext(shutdown)", status, null);
        }
        byte[] out = token.toByteArray();
        if (token.isPackageAllocated()) {
            Sspi.freeContextBuffer(token);
        }
        return out;
    }

    /** ASC with a post-handshake message on a server context ({@code [TOKEN, EMPTY]}); returns its token. */
    public static byte[] serverPostHandshake(CtxtHandle ctx, byte[] token) {
        SecBuffer out = new SecBuffer(SecBufferType.SECBUFFER_TOKEN);
        int status = Sspi.acceptSecurityContext(null, ctx, new SecBufferDesc(
                new SecBuffer(SecBufferType.SECBUFFER_TOKEN, token.clone()), SecBuffer.empty()), SspiServerPeer.DEFAULT_REQ,
                ctx, new SecBufferDesc(out), new IntHolder(), new TimeStamp());
        if (status != SecStatus.SEC_E_OK) {
            throw new SspiException("AcceptSecurityContext(post-handshake)", status, token.length + " bytes");
        }
        byte[] bytes = out.getBuffer() == null ? new byte[0] : out.toByteArray();
        if (out.isPackageAllocated()) {
            Sspi.freeContextBuffer(out);
        }
        return bytes;
    }

    /** The server's shutdown: {@code ApplyControlToken(SCHANNEL_SHUTDOWN)} then ASC; returns the close_notify token. */
    public static byte[] shutdownServer(CredHandle cred, CtxtHandle ctx) {
        byte[] dword = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(SchannelConstants.SCHANNEL_SHUTDOWN)
                .array();
        int status = Sspi.applyControlToken(ctx, new SecBufferDesc(new SecBuffer(SecBufferType.SECBUFFER_TOKEN, dword)));
        if (status != SecStatus.SEC_E_OK) {
            throw new SspiException("ApplyControlToken(SCHANNEL_SHUTDOWN)", status, null);
        }
        return controlTokenAsc(cred, ctx);
    }

    /**
     * ASC with no input on an established server context: the token a pending ApplyControlToken
     * request makes (close_notify after SCHANNEL_SHUTDOWN, a KeyUpdate after SCHANNEL_RENEGOTIATE).
     */
    public static byte[] controlTokenAsc(CredHandle cred, CtxtHandle ctx) {
        SecBuffer token = new SecBuffer(SecBufferType.SECBUFFER_TOKEN);
        int status = Sspi.acceptSecurityContext(cred, ctx, null, SspiServerPeer.DEFAULT_REQ, ctx, new SecBufferDesc(token),
                new IntHolder(), new TimeStamp());
        if (status != SecStatus.SEC_E_OK && status != SecStatus.SEC_I_CONTEXT_EXPIRED) {
            throw new SspiException("AcceptSecurityContext(control token)", status, null);
        }
        byte[] out = token.toByteArray();
        if (token.isPackageAllocated()) {
            Sspi.freeContextBuffer(token);
        }
        return out;
    }

    /**
     * Passes a post-handshake message (the token DecryptMessage gave with SEC_I_RENEGOTIATE) to ISC
     * as {@code [TOKEN, EMPTY]}; returns the output token to send (often empty). Throws unless the
     * status is SEC_E_OK or SEC_I_CONTINUE_NEEDED.
     */
    public static byte[] postHandshake(CredHandle cred, CtxtHandle ctx, String targetName, byte[] token) {
        SecBuffer out = new SecBuffer(SecBufferType.SECBUFFER_TOKEN);
        SecBufferDesc in = new SecBufferDesc(new SecBuffer(SecBufferType.SECBUFFER_TOKEN, token.clone()),
                SecBuffer.empty());
        int status = Sspi.initializeSecurityContext(cred, ctx, targetName,
                SspiClientLoop.DEFAULT_REQ | IscReq.ISC_REQ_ALLOCATE_MEMORY, in, ctx, new SecBufferDesc(out),
                new IntHolder(), new TimeStamp());
        if (status != SecStatus.SEC_E_OK && status != SecStatus.SEC_I_CONTINUE_NEEDED) {
            throw new SspiException("InitializeSecurityContext(post-handshake)", status, token.length + " bytes");
        }
        byte[] bytes = out.getBuffer() == null ? new byte[0] : out.toByteArray();
        if (out.isPackageAllocated()) {
            Sspi.freeContextBuffer(out);
        }
        return bytes;
    }

    /** One DecryptMessage call: status, input size, plaintext size, EXTRA and MISSING counts (-1: none). */
    public record DecryptStep(int status, int inputLength, int plaintextLength, int extra, int missing) {
        @Override
        public String toString() {
            return SecStatus.name(status) + " in=" + inputLength + " plain=" + plaintextLength
                    + (extra >= 0 ? " EXTRA=" + extra : "") + (missing >= 0 ? " MISSING=" + missing : "");
        }
    }

    /**
     * Feeds bytes as they arrive, one DecryptMessage call per record with
     * {@code [DATA, EMPTY, EMPTY, EMPTY]}: plaintext (index 1 on SEC_E_OK) is collected, EXTRA
     * (index 3) is carried into the next call, an incomplete record waits for more bytes,
     * SEC_I_CONTEXT_EXPIRED marks the peer's close_notify and stops, SEC_I_RENEGOTIATE hands the
     * EXTRA buffer's content (the post-handshake message as a handshake record, or empty for a
     * TLS 1.2 HelloRequest) to the callback and goes on after that record. Any other status stops
     * and is kept in {@link #status()}.
     */
    public static final class Decryptor {
        private static final int MAX_CALLS_PER_FEED = 100_000;
        private final CtxtHandle ctx;
        private final ByteArrayOutputStream plaintext = new ByteArrayOutputStream();
        private final List<DecryptStep> steps = new ArrayList<>();
        private byte[] pending = new byte[0];
        private Consumer<byte[]> onRenegotiate;
        private boolean expired;
        private int status = SecStatus.SEC_E_OK;
        private int lastMissing = -1;
        private final List<byte[]> postHandshakeTokens = new ArrayList<>();
        private final List<byte[]> replies = new ArrayList<>();

        private Decryptor(CtxtHandle ctx) {
            this.ctx = ctx;
        }

        /**
         * What to do with a post-handshake message (SEC_I_RENEGOTIATE); e.g.
         * {@code t -> send(SspiStreams.postHandshake(cred, ctx, "localhost", t))}. Without one the
         * messages are only kept ({@link #postHandshakeTokens()}) and decryption goes on.
         */
        public Decryptor onRenegotiate(Consumer<byte[]> callback) {
            this.onRenegotiate = callback;
            return this;
        }

        /**
         * Passes each post-handshake message (a TLS 1.3 NewSessionTicket or KeyUpdate) straight to
         * ISC ({@code server} false) or ASC on this context, as a Schannel caller must before it
         * decrypts further; tokens to send back (a KeyUpdate answer) are kept in {@link #replies()}.
         */
        public Decryptor processingPostHandshake(boolean server) {
            this.onRenegotiate = token -> {
                byte[] reply = server ? serverPostHandshake(ctx, token) : postHandshake(null, ctx, null, token);
                if (reply.length > 0) {
                    replies.add(reply);
                }
            };
            return this;
        }

        /** Tokens ISC/ASC produced for post-handshake messages, to send to the peer (and clears them). */
        public List<byte[]> replies() {
            List<byte[]> out = List.copyOf(replies);
            replies.clear();
            return out;
        }

        /** Adds {@code bytes} and decrypts every whole record; returns the last status. */
        public int feed(byte[] bytes) {
            pending = concat(pending, bytes);
            for (int i = 0; i < MAX_CALLS_PER_FEED; i++) {
                if (pending.length == 0 || expired || SecStatus.failed(status)
                        && status != SecStatus.SEC_E_INCOMPLETE_MESSAGE) {
                    return status;
                }
                if (!decryptOne()) {
                    return status;
                }
            }
            throw new AssertionError("DecryptMessage: no end after " + MAX_CALLS_PER_FEED + " calls " + steps);
        }

        // One call; true to go on with the bytes left.
        private boolean decryptOne() {
            byte[] work = pending.clone();
            SecBuffer[] b = {new SecBuffer(SecBufferType.SECBUFFER_DATA, work), SecBuffer.empty(), SecBuffer.empty(),
                    SecBuffer.empty()};
            status = Sspi.decryptMessage(ctx, new SecBufferDesc(b), 0, new IntHolder());
            SecBuffer data = find(b, SecBufferType.SECBUFFER_DATA);
            SecBuffer extra = find(b, SecBufferType.SECBUFFER_EXTRA);
            SecBuffer missing = find(b, SecBufferType.SECBUFFER_MISSING);
            byte[] plain = data != null && data.getBuffer() != null && status != SecStatus.SEC_E_INCOMPLETE_MESSAGE
                    && SecStatus.succeeded(status) ? data.toByteArray() : new byte[0];
            steps.add(new DecryptStep(status, work.length, plain.length, extra == null ? -1 : extra.getCbBuffer(),
                    missing == null ? -1 : missing.getCbBuffer()));
            switch (status) {
                case SecStatus.SEC_E_OK:
                    plaintext.writeBytes(plain);
                    pending = extra == null ? new byte[0] : tail(work, extra);
                    lastMissing = -1;
                    return true;
                case SecStatus.SEC_E_INCOMPLETE_MESSAGE:
                    lastMissing = missing == null ? -1 : missing.getCbBuffer();
                    return false;
                case SecStatus.SEC_I_CONTEXT_EXPIRED:
                    expired = true;
                    pending = afterFirstRecord(work);
                    return false;
                case SecStatus.SEC_I_RENEGOTIATE: {
                    plaintext.writeBytes(plain);
                    byte[] token = extra == null ? new byte[0] : extra.toByteArray();
                    // The EXTRA buffer holds the message itself here; what follows the record is framed by us.
                    pending = afterFirstRecord(work);
                    postHandshakeTokens.add(token);
                    status = SecStatus.SEC_E_OK;
                    if (onRenegotiate != null) {
                        onRenegotiate.accept(token);
                    }
                    return true;
                }
                default:
                    return false;
            }
        }

        private static byte[] tail(byte[] work, SecBuffer extra) {
            // EXTRA points into the caller's bytes: take its window (its count is what matters).
            int n = extra.getCbBuffer();
            return Arrays.copyOfRange(work, work.length - n, work.length);
        }

        private static byte[] afterFirstRecord(byte[] work) {
            if (work.length < TlsRecords.HEADER) {
                return new byte[0];
            }
            int end = Math.min(work.length, TlsRecords.HEADER + TlsRecords.length(work, 0));
            return Arrays.copyOfRange(work, end, work.length);
        }

        private static SecBuffer find(SecBuffer[] buffers, int type) {
            for (SecBuffer s : buffers) {
                if (s.getBaseType() == type) {
                    return s;
                }
            }
            return null;
        }

        /** The plaintext decrypted since the last call (and clears it). */
        public byte[] takePlaintext() {
            byte[] out = plaintext.toByteArray();
            plaintext.reset();
            return out;
        }

        /** The status of the last call (SEC_E_OK after a handled SEC_I_RENEGOTIATE). */
        public int status() {
            return status;
        }

        /** True once SEC_I_CONTEXT_EXPIRED (the peer's close_notify) came back. */
        public boolean contextExpired() {
            return expired;
        }

        /** The MISSING count of the last SEC_E_INCOMPLETE_MESSAGE, or -1. */
        public int lastMissing() {
            return lastMissing;
        }

        /** Bytes received but not yet decrypted (a partial record, or what followed close_notify). */
        public byte[] pending() {
            return pending.clone();
        }

        /** Every post-handshake message seen (SEC_I_RENEGOTIATE), in order. */
        public List<byte[]> postHandshakeTokens() {
            return List.copyOf(postHandshakeTokens);
        }

        /** Every DecryptMessage call. */
        public List<DecryptStep> steps() {
            return List.copyOf(steps);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
