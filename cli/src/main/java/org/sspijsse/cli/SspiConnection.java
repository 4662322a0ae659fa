package org.sspijsse.cli;

import static org.sspijsse.sspi.SecBufferType.SECBUFFER_ALERT;
import static org.sspijsse.sspi.SecBufferType.SECBUFFER_DATA;
import static org.sspijsse.sspi.SecBufferType.SECBUFFER_EXTRA;
import static org.sspijsse.sspi.SecBufferType.SECBUFFER_TOKEN;
import static org.sspijsse.sspi.SecStatus.SEC_E_INCOMPLETE_MESSAGE;
import static org.sspijsse.sspi.SecStatus.SEC_E_OK;
import static org.sspijsse.sspi.SecStatus.SEC_I_COMPLETE_AND_CONTINUE;
import static org.sspijsse.sspi.SecStatus.SEC_I_COMPLETE_NEEDED;
import static org.sspijsse.sspi.SecStatus.SEC_I_CONTEXT_EXPIRED;
import static org.sspijsse.sspi.SecStatus.SEC_I_CONTINUE_NEEDED;
import static org.sspijsse.sspi.SecStatus.SEC_I_RENEGOTIATE;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.sspijsse.sspi.CredHandle;
import org.sspijsse.sspi.CtxtHandle;
import org.sspijsse.sspi.Holder;
import org.sspijsse.sspi.IntHolder;
import org.sspijsse.sspi.SchannelConstants;
import org.sspijsse.sspi.SecBuffer;
import org.sspijsse.sspi.SecBufferDesc;
import org.sspijsse.sspi.SecPkgAttr;
import org.sspijsse.sspi.SecPkgContext;
import org.sspijsse.sspi.SecStatus;
import org.sspijsse.sspi.Sspi;
import org.sspijsse.sspi.TimeStamp;

/**
 * What the client ({@link ClientLoop}) and the server ({@link ServerLoop}) do the same way around
 * their context: the handshake loop over ISC or ASC (read more on {@code SEC_E_INCOMPLETE_MESSAGE},
 * keep the {@code SECBUFFER_EXTRA} tail), EncryptMessage / DecryptMessage, ApplyControlToken for
 * the close_notify, QueryContextAttributes, and releasing the handles. Every call is printed by
 * {@link SspiTrace}.
 *
 * <p>Invariant: {@code recv[0, recvLen)} holds the peer's bytes that no call has consumed yet, in
 * order. During the handshake they are the next TOKEN; after it, DecryptMessage's next DATA.
 */
abstract class SspiConnection implements AutoCloseable {
    /** Room for two of the largest TLS 1.2 records (2^14 + 2048 + 5); nothing here grows past it. */
    static final int RECEIVE_CAPACITY = 2 * (16384 + 2048 + 5);

    /** A handshake that needs more ISC/ASC calls than this is stuck (a normal one takes 2 to 6). */
    private static final int MAX_HANDSHAKE_CALLS = 64;

    final String packageName;
    final SspiTrace trace;
    final CredHandle cred;
    final CtxtHandle ctx = new CtxtHandle();
    final TimeStamp expiry = new TimeStamp();
    final IntHolder contextAttr = new IntHolder();
    final byte[] recv = new byte[RECEIVE_CAPACITY];
    int recvLen;
    private final boolean ownsCredential;
    private InputStream in;
    private OutputStream out;
    private SecPkgContext.StreamSizes streamSizes;

    /** {@code cred} is acquired and freed by this object when {@code ownsCredential}. */
    SspiConnection(String packageName, SspiTrace trace, CredHandle cred, boolean ownsCredential) {
        this.packageName = packageName;
        this.trace = trace;
        this.cred = cred;
        this.ownsCredential = ownsCredential;
    }

    /** "InitializeSecurityContext" or "AcceptSecurityContext". */
    abstract String handshakeFunction();

    /** The next handshake input over {@code recv[0, recvLen)}: {@code [TOKEN, EMPTY]} and maybe more. */
    abstract SecBufferDesc handshakeInput();

    /** One ISC or ASC call with {@code output}; the caller prints, sends and frees. */
    abstract int callHandshake(SecBufferDesc input, SecBufferDesc output);

    /** {@code SEC_I_INCOMPLETE_CREDENTIALS}: true to call again with the same input, false to fail. */
    boolean onIncompleteCredentials() {
        return false;
    }

    /** The connection the tokens and records travel over (any byte stream: a socket, a pipe). */
    void attach(InputStream input, OutputStream output) {
        this.in = input;
        this.out = output;
    }

    /** AcquireCredentialsHandle(NULL, package, use, creds, &cred, &expiry), printed; throws unless SEC_E_OK. */
    static void acquire(SspiTrace trace, String packageName, int use, Object creds, CredHandle cred)
            throws SspiCallException {
        int status = Sspi.acquireCredentialsHandle(null, packageName, use, creds, cred, new TimeStamp());
        trace.call("AcquireCredentialsHandle", status, "package " + packageName + ", "
                + (use == SchannelConstants.SECPKG_CRED_INBOUND ? "SECPKG_CRED_INBOUND" : "SECPKG_CRED_OUTBOUND"));
        if (status != SEC_E_OK) {
            throw new SspiCallException("AcquireCredentialsHandle", status,
                    status == SecStatus.SEC_E_SECPKG_NOT_FOUND ? "no security package named " + packageName : null);
        }
    }

    /**
     * Handshake calls until {@code SEC_E_OK}. With {@code haveInput} the first call is made with
     * what {@code recv} already holds; otherwise the loop reads first.
     */
    final void continueHandshake(boolean haveInput) throws IOException, SspiCallException {
        // INCOMPLETE_MESSAGE calls are bounded by the receive buffer (each read adds a byte or
        // more); the others by MAX_HANDSHAKE_CALLS.
        for (int calls = 0; calls < MAX_HANDSHAKE_CALLS; ) {
            if (!haveInput && !readMore()) {
                throw new EOFException("the peer closed the connection during the handshake");
            }
            SecBufferDesc input = handshakeInput();
            int status = exchange(input);
            if (status != SEC_E_INCOMPLETE_MESSAGE) {
                calls++;
            }
            switch (status) {
                case SEC_E_INCOMPLETE_MESSAGE:
                    // Nothing consumed; index 1 says how much is MISSING (a hint). Read, append, retry.
                    haveInput = false;
                    break;
                case SEC_I_CONTINUE_NEEDED:
                case SEC_I_COMPLETE_AND_CONTINUE:
                    // Index 1 = EXTRA: the tail was not consumed; call again with it before reading.
                    haveInput = keepExtra(input.get(1));
                    break;
                case SecStatus.SEC_I_INCOMPLETE_CREDENTIALS:
                    if (!onIncompleteCredentials()) {
                        throw new SspiCallException(handshakeFunction(), status);
                    }
                    haveInput = true;
                    break;
                case SEC_E_OK:
                case SEC_I_COMPLETE_NEEDED:
                    // Done. Any EXTRA bytes are the first application records: DecryptMessage's now.
                    keepExtra(input.get(1));
                    return;
                default:
                    throw new SspiCallException(handshakeFunction(), status);
            }
        }
        throw new IOException("handshake did not finish within " + MAX_HANDSHAKE_CALLS + " calls");
    }

    /**
     * One ISC/ASC call with {@code [TOKEN, ALERT]} outputs allocated by the package; sends the token
     * (or, on failure, the alert) and frees both.
     */
    final int exchange(SecBufferDesc input) throws IOException {
        SecBuffer token = new SecBuffer(SECBUFFER_TOKEN);
        SecBuffer alert = new SecBuffer(SECBUFFER_ALERT);
        SecBufferDesc output = new SecBufferDesc(token, alert);
        int status = callHandshake(input, output);
        trace.call(handshakeFunction(), status, SspiTrace.buffers(input), SspiTrace.buffers(output));
        byte[] toSend = SecStatus.succeeded(status) ? token.toByteArray() : alert.toByteArray();
        free(token);
        free(alert);
        if (toSend.length > 0) {
            write(toSend, SecStatus.succeeded(status) ? "token" : "alert");
        }
        return status;
    }

    /** Encrypts and sends {@code data}, one EncryptMessage per {@code cbMaximumMessage} bytes. */
    void send(byte[] data) throws IOException, SspiCallException {
        SecPkgContext.StreamSizes sizes = streamSizes();
        for (int off = 0; off < data.length; ) {
            int n = Math.min(sizes.cbMaximumMessage, data.length - off);
            SecBufferDesc message = StreamBuffers.forEncrypt(sizes, data, off, n);
            String before = SspiTrace.buffers(message);
            int status = Sspi.encryptMessage(ctx, 0, message, 0);
            trace.call("EncryptMessage", status, before, SspiTrace.buffers(message));
            if (status != SEC_E_OK) {
                throw new SspiCallException("EncryptMessage", status);
            }
            write(StreamBuffers.encryptedRecord(message), "record");
            off += n;
        }
    }

    /**
     * DecryptMessage until a record yields plaintext (returned, possibly empty) or the peer's
     * close_notify arrives (null). {@code SEC_I_RENEGOTIATE} (a TLS 1.3 NewSessionTicket or
     * KeyUpdate) goes back to ISC/ASC and the loop goes on.
     */
    byte[] receive() throws IOException, SspiCallException {
        for (;;) {
            if (recvLen == 0 && !readMore()) {
                trace.note("the peer closed the connection without close_notify");
                return null;
            }
            SecBufferDesc message = StreamBuffers.forDecrypt(recv, recvLen);
            String before = SspiTrace.buffers(message);
            int status = Sspi.decryptMessage(ctx, message, 0, new IntHolder());
            trace.call("DecryptMessage", status, before, SspiTrace.buffers(message));
            switch (status) {
                case SEC_E_OK: {
                    SecBuffer data = message.find(SECBUFFER_DATA);
                    byte[] plaintext = data == null ? new byte[0] : data.toByteArray();
                    keepDecryptExtra(message);
                    return plaintext;
                }
                case SEC_E_INCOMPLETE_MESSAGE:
                    if (!readMore()) {
                        throw new EOFException("the peer closed the connection in the middle of a record");
                    }
                    break;
                case SEC_I_RENEGOTIATE:
                    // EXTRA holds the post-handshake message (and whatever followed it): the next token.
                    keepDecryptExtra(message);
                    continueHandshake(true);
                    break;
                case SEC_I_CONTEXT_EXPIRED:
                    keepDecryptExtra(message);
                    return null;
                default:
                    throw new SspiCallException("DecryptMessage", status);
            }
        }
    }

    /**
     * ApplyControlToken(SCHANNEL_SHUTDOWN), then ISC/ASC for the close_notify token, which is sent.
     * The peer may have closed already: a failed send is reported, not thrown.
     */
    void shutdown() throws SspiCallException {
        SecBufferDesc control = new SecBufferDesc(new SecBuffer(SECBUFFER_TOKEN,
                StreamBuffers.controlToken(SchannelConstants.SCHANNEL_SHUTDOWN)));
        int status = Sspi.applyControlToken(ctx, control);
        trace.call("ApplyControlToken", status, "SCHANNEL_SHUTDOWN " + SspiTrace.buffers(control), null);
        if (status != SEC_E_OK) {
            throw new SspiCallException("ApplyControlToken", status);
        }
        try {
            // As curl does, no input: the package builds the close_notify whatever it is given.
            status = exchange(null);
        } catch (IOException e) {
            trace.note("close_notify not delivered: " + e.getMessage());
            return;
        }
        if (status != SEC_E_OK && status != SEC_I_CONTEXT_EXPIRED) {
            throw new SspiCallException(handshakeFunction(), status, "shutdown");
        }
    }

    /** QueryContextAttributes; null (after printing the status) when the attribute is not available. */
    Object query(int attribute, String name) {
        Holder<Object> buffer = new Holder<>();
        int status = Sspi.queryContextAttributes(ctx, attribute, buffer);
        trace.call("QueryContextAttributes", status, name);
        return status == SEC_E_OK ? buffer.value : null;
    }

    /** SECPKG_ATTR_STREAM_SIZES, asked once. */
    SecPkgContext.StreamSizes streamSizes() throws SspiCallException {
        if (streamSizes == null) {
            Object o = query(SecPkgAttr.SECPKG_ATTR_STREAM_SIZES, "SECPKG_ATTR_STREAM_SIZES");
            if (!(o instanceof SecPkgContext.StreamSizes)) {
                throw new SspiCallException("QueryContextAttributes", SecStatus.SEC_E_UNSUPPORTED_FUNCTION,
                        "no SECPKG_ATTR_STREAM_SIZES");
            }
            streamSizes = (SecPkgContext.StreamSizes) o;
        }
        return streamSizes;
    }

    /** DeleteSecurityContext, and FreeCredentialsHandle when the credential is this object's. */
    @Override
    public void close() {
        if (ctx.isValid()) {
            trace.call("DeleteSecurityContext", Sspi.deleteSecurityContext(ctx), null, null);
        }
        if (ownsCredential && cred.isValid()) {
            trace.call("FreeCredentialsHandle", Sspi.freeCredentialsHandle(cred), null, null);
        }
    }

    /** The handshake TOKEN over what is held: {@code [TOKEN recv[0, recvLen), EMPTY]}. */
    final SecBufferDesc tokenAndEmpty() {
        return new SecBufferDesc(new SecBuffer(SECBUFFER_TOKEN, recv, 0, recvLen), SecBuffer.empty());
    }

    /** ISC/ASC's index-1 EXTRA: keep the last cbBuffer bytes of the input at the front. True if any. */
    private boolean keepExtra(SecBuffer slot) throws IOException {
        int extra = slot != null && slot.getBaseType() == SECBUFFER_EXTRA ? slot.getCbBuffer() : 0;
        if (extra > recvLen) {
            throw new IOException("the package reported " + extra + " EXTRA bytes of a " + recvLen + "-byte input");
        }
        System.arraycopy(recv, recvLen - extra, recv, 0, extra);
        recvLen = extra;
        return extra > 0;
    }

    /**
     * DecryptMessage's EXTRA points into our bytes: everything from its start to the end of what
     * we hold is still unconsumed. A window elsewhere (not expected) is copied as it is.
     */
    private void keepDecryptExtra(SecBufferDesc message) throws IOException {
        SecBuffer extra = message.find(SECBUFFER_EXTRA);
        if (extra == null || extra.getCbBuffer() == 0) {
            recvLen = 0;
            return;
        }
        boolean ours = extra.getBuffer() != null && extra.getBuffer().hasArray() && extra.getBuffer().array() == recv
                && extra.getBuffer().arrayOffset() == 0;
        if (ours) {
            int start = extra.getOffset();
            if (start < 0 || start > recvLen) {
                throw new IOException("EXTRA window at " + start + " is outside the " + recvLen + " bytes given");
            }
            System.arraycopy(recv, start, recv, 0, recvLen - start);
            recvLen -= start;
        } else {
            byte[] bytes = extra.toByteArray();
            System.arraycopy(bytes, 0, recv, 0, bytes.length);
            recvLen = bytes.length;
        }
    }

    /** Appends what one read gives after {@code recv[recvLen]}; false at end of stream. */
    final boolean readMore() throws IOException {
        if (recvLen == recv.length) {
            throw new IOException("the peer sent more than " + recv.length + " bytes without a whole record");
        }
        int n = in.read(recv, recvLen, recv.length - recvLen);
        if (n < 0) {
            return false;
        }
        recvLen += n;
        trace.note("received " + n + " bytes");
        return true;
    }

    /** Printed before the write, so that the peer's "received" line comes after it in the demo. */
    private void write(byte[] bytes, String what) throws IOException {
        trace.note("sending " + what + " of " + bytes.length + " bytes");
        out.write(bytes);
        out.flush();
    }

    /** FreeContextBuffer for an output the package allocated (ISC/ASC_REQ_ALLOCATE_MEMORY). */
    private void free(SecBuffer b) {
        if (b.isPackageAllocated()) {
            String what = SspiTrace.buffers(new SecBufferDesc(b));
            trace.call("FreeContextBuffer", Sspi.freeContextBuffer(b), what, null);
        }
    }
}
