package org.sspijsse.jsse;

import static org.sspijsse.sspi.SecBufferType.SECBUFFER_DATA;
import static org.sspijsse.sspi.SecBufferType.SECBUFFER_EXTRA;
import static org.sspijsse.sspi.SecBufferType.SECBUFFER_STREAM_HEADER;
import static org.sspijsse.sspi.SecBufferType.SECBUFFER_STREAM_TRAILER;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import org.sspijsse.sspi.SecBuffer;
import org.sspijsse.sspi.SecBufferDesc;
import org.sspijsse.sspi.SecStatus;

/**
 * The {@code SSLEngine}: a translator from JSSE calls to SSPI calls (DESIGN.md, layer 3). The SSPI
 * context lives in {@link EngineContext}; this class owns the JSSE buffer contract.
 *
 * <p>Invariants of {@link #unwrap} and {@link #wrap}:
 * <ul>
 * <li>{@code unwrap} consumes exactly one whole record or nothing: a partial record is
 *     BUFFER_UNDERFLOW, a {@code dst} too small for the record's plaintext bound is
 *     BUFFER_OVERFLOW, both with nothing consumed.</li>
 * <li>{@code wrap} produces whole records only: pending handshake or alert records first (as many
 *     as fit), else one application-data record; BUFFER_OVERFLOW when not even one fits.</li>
 * <li>The handshake status is derived from SSPI facts in {@link EngineContext#status()}; FINISHED
 *     is returned once, by the call that completed the handshake with nothing left to send, or by
 *     the wrap that flushed the last handshake bytes.</li>
 * <li>{@code wrap} and {@code unwrap} may run at once: each takes its own lock; the handshake and
 *     post-handshake steps, which may queue records to send, hold the write lock too.</li>
 * </ul>
 */
final class SspiSslEngine extends SSLEngine {
    private final EngineContext ec;
    private final Object wrapLock = new Object();
    private final Object unwrapLock = new Object();
    /**
     * The SecBuffers of the record path, reused under their direction's lock so that a record
     * allocates nothing in this layer (DESIGN.md, Performance); made on the first record.
     */
    private SecBufferDesc sealDesc;
    private SecBufferDesc openDesc;

    SspiSslEngine(SspiSslContext context, String host, int port) {
        super(host, port);
        this.ec = new EngineContext(context, this, host, port);
    }

    EngineContext engineContext() {
        return ec;
    }

    Object wrapLock() {
        return wrapLock;
    }

    Object unwrapLock() {
        return unwrapLock;
    }

    // ---- wrap ----

    @Override
    public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) throws SSLException {
        checkArgs(srcs, offset, length, dst);
        if (dst.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
        synchronized (wrapLock) {
            ec.requireMode();
            // A failure not yet reported (met in a delegated task) is thrown first, as SunJSSE
            // does; the alert it queued is wrapped by the calls after that.
            ec.throwIfUnreported();
            if (ec.hasPendingOutput()) {
                return flush(dst);
            }
            if (ec.failedAndFlushed()) {
                return result(Status.CLOSED, 0, 0, ec.status());
            }
            if (ec.taskPending()) {
                return result(Status.OK, 0, 0, HandshakeStatus.NEED_TASK);
            }
            if (ec.closeRequested()) {
                ec.produceCloseNotify();
                if (ec.hasPendingOutput()) {
                    return flush(dst);
                }
                return result(Status.CLOSED, 0, 0, ec.status());
            }
            if (ec.isOutboundDone()) {
                return result(Status.CLOSED, 0, 0, ec.status());
            }
            if (!ec.isEstablished()) {
                synchronized (ec) {
                    ec.startIfNeeded();
                }
                if (ec.clientHelloDue()) {
                    ec.firstClientCall();
                    ec.throwIfUnreported();
                    if (ec.hasPendingOutput()) {
                        return flush(dst);
                    }
                }
                return result(Status.OK, 0, 0, ec.status());
            }
            if (ec.takeFinished()) {
                // The handshake completed inside a delegated task with nothing to send.
                return result(Status.OK, 0, 0, HandshakeStatus.FINISHED);
            }
            return sealData(srcs, offset, length, dst);
        }
    }

    /** Copies whole pending records into {@code dst}; FINISHED when the last handshake byte left. */
    private SSLEngineResult flush(ByteBuffer dst) throws SSLException {
        int n = ec.drainPending(dst);
        if (n == 0) {
            return result(Status.BUFFER_OVERFLOW, 0, 0, ec.status());
        }
        HandshakeStatus hs = ec.status();
        if (!ec.hasPendingOutput() && ec.takeFinished()) {
            hs = HandshakeStatus.FINISHED;
        }
        Status st = ec.isOutboundDone() || ec.failedAndFlushed() ? Status.CLOSED : Status.OK;
        return result(st, 0, n, hs);
    }

    /** One application-data record: the plaintext is copied into {@code dst} and sealed there. */
    private SSLEngineResult sealData(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) throws SSLException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            total += srcs[i].remaining();
        }
        if (total == 0) {
            return result(Status.OK, 0, 0, ec.status());
        }
        int n = (int) Math.min(total, ec.maxFragment());
        int header = ec.header();
        int trailer = ec.trailer();
        if (dst.remaining() < header + n + trailer) {
            return result(Status.BUFFER_OVERFLOW, 0, 0, ec.status());
        }
        int start = dst.position();
        int at = start + header;
        int left = n;
        for (int i = offset; i < offset + length && left > 0; i++) {
            ByteBuffer s = srcs[i];
            int k = Math.min(left, s.remaining());
            dst.put(at, s, s.position(), k);
            s.position(s.position() + k);
            at += k;
            left -= k;
        }
        if (sealDesc == null) {
            sealDesc = new SecBufferDesc(new SecBuffer(SECBUFFER_STREAM_HEADER), new SecBuffer(SECBUFFER_DATA),
                    new SecBuffer(SECBUFFER_STREAM_TRAILER), SecBuffer.empty());
        }
        SecBuffer h = sealDesc.get(0);
        SecBuffer d = sealDesc.get(1);
        SecBuffer t = sealDesc.get(2);
        h.set(SECBUFFER_STREAM_HEADER, dst, start, header);
        d.set(SECBUFFER_DATA, dst, start + header, n);
        t.set(SECBUFFER_STREAM_TRAILER, dst, start + header + n, trailer);
        sealDesc.get(3).clear();
        int st = ec.encrypt(sealDesc);
        if (st != SecStatus.SEC_E_OK) {
            // The plaintext was taken from src: the failure is final (a used-up key, a closed side).
            throw ec.failNow(st);
        }
        int produced = h.getCbBuffer() + n + t.getCbBuffer();
        dst.position(start + produced);
        return result(Status.OK, n, produced, ec.status());
    }

    // ---- unwrap ----

    @Override
    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) throws SSLException {
        checkArgs(dsts, offset, length, src);
        for (int i = offset; i < offset + length; i++) {
            if (dsts[i].isReadOnly()) {
                throw new ReadOnlyBufferException();
            }
        }
        synchronized (unwrapLock) {
            ec.requireMode();
            ec.throwIfFailed();
            if (ec.taskPending()) {
                return result(Status.OK, 0, 0, HandshakeStatus.NEED_TASK);
            }
            if (ec.isInboundDone()) {
                return result(Status.CLOSED, 0, 0, ec.status());
            }
            synchronized (ec) {
                ec.startIfNeeded();
            }
            if (ec.clientHelloDue()) {
                // The client speaks first: nothing can be read before the ClientHello is wrapped.
                return result(Status.OK, 0, 0, HandshakeStatus.NEED_WRAP);
            }
            int avail = src.remaining();
            if (avail < 5) {
                return result(Status.BUFFER_UNDERFLOW, 0, 0, ec.status());
            }
            int p = src.position();
            int type = src.get(p) & 0xFF;
            int recLen = 5 + (((src.get(p + 3) & 0xFF) << 8) | (src.get(p + 4) & 0xFF));
            boolean plausible = type >= 20 && type <= 23 && src.get(p + 1) == 3
                    && recLen <= SspiSslSession.MAX_PACKET_BUFFER_SIZE;
            if (!plausible) {
                // Not a TLS record: the SSPI call fails on the header alone and queues its alert.
                recLen = 5;
            } else if (avail < recLen) {
                ec.growPacketBufferSize(recLen);
                return result(Status.BUFFER_UNDERFLOW, 0, 0, ec.status());
            }
            if (!ec.isEstablished()) {
                return ec.handshakeRecord(src, recLen, type);
            }
            if (ec.takeFinished()) {
                return result(Status.OK, 0, 0, HandshakeStatus.FINISHED);
            }
            return openData(src, recLen, dsts, offset, length);
        }
    }

    /** DecryptMessage of one record: in {@code dst} itself when it can hold the record, else in scratch. */
    private SSLEngineResult openData(ByteBuffer src, int recLen, ByteBuffer[] dsts, int offset, int length)
            throws SSLException {
        long room = 0;
        for (int i = offset; i < offset + length; i++) {
            room += dsts[i].remaining();
        }
        int bound = Math.max(0, recLen - ec.header() - ec.trailer());
        if (room < bound) {
            return result(Status.BUFFER_OVERFLOW, 0, 0, ec.status());
        }
        ByteBuffer first = null;
        for (int i = offset; i < offset + length; i++) {
            if (dsts[i].hasRemaining()) {
                first = dsts[i];
                break;
            }
        }
        ByteBuffer work;
        int base;
        boolean inDst = first != null && first.hasArray() && first.remaining() >= recLen;
        if (inDst) {
            work = first;
            base = first.position();
        } else {
            work = ec.scratch();
            base = 0;
        }
        work.put(base, src, src.position(), recLen);
        src.position(src.position() + recLen);
        SecBufferDesc m = openDesc;
        if (m == null) {
            m = new SecBufferDesc(new SecBuffer(SECBUFFER_DATA), SecBuffer.empty(), SecBuffer.empty(), SecBuffer.empty());
            openDesc = m;
        }
        m.get(0).set(SECBUFFER_DATA, work, base, recLen);
        m.get(1).clear();
        m.get(2).clear();
        m.get(3).clear();
        int st;
        // Under wrapLock: between a DecryptMessage that hands back a post-handshake message and
        // the ISC/ASC that takes it, EncryptMessage fails (SEC_E_CONTEXT_EXPIRED); a wrap on
        // another thread must not fall into that window.
        synchronized (wrapLock) {
            st = ec.decrypt(m);
            if (st == SecStatus.SEC_I_RENEGOTIATE) {
                ec.postHandshake(m.find(SECBUFFER_EXTRA));
                return result(Status.OK, recLen, 0, ec.status());
            }
        }
        if (st == SecStatus.SEC_E_OK) {
            SecBuffer data = m.find(SECBUFFER_DATA);
            int ptLen = data == null ? 0 : data.getCbBuffer();
            int ptOff = data == null ? base : data.getOffset();
            if (inDst) {
                // Move the plaintext down over the header (overlapping: arraycopy is a memmove).
                byte[] a = work.array();
                int ao = work.arrayOffset();
                System.arraycopy(a, ao + ptOff, a, ao + base, ptLen);
                work.position(base + ptLen);
            } else {
                scatter(work, ptOff, ptLen, dsts, offset, length);
            }
            return result(Status.OK, recLen, ptLen, ec.status());
        }
        if (st == SecStatus.SEC_I_CONTEXT_EXPIRED) {
            ec.onPeerCloseNotify();
            return result(Status.CLOSED, recLen, 0, ec.status());
        }
        // A bad record: the alert the package holds is queued for wrap; the failure is thrown now.
        synchronized (wrapLock) {
            throw ec.failNow(st);
        }
    }

    private static void scatter(ByteBuffer from, int off, int len, ByteBuffer[] dsts, int offset, int length) {
        for (int i = offset; i < offset + length && len > 0; i++) {
            ByteBuffer d = dsts[i];
            int k = Math.min(len, d.remaining());
            d.put(d.position(), from, off, k);
            d.position(d.position() + k);
            off += k;
            len -= k;
        }
    }

    private static void checkArgs(ByteBuffer[] bufs, int offset, int length, ByteBuffer single) {
        if (bufs == null || single == null) {
            throw new IllegalArgumentException("buffers must not be null");
        }
        if (offset < 0 || length < 0 || offset > bufs.length - length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length);
        }
        for (int i = offset; i < offset + length; i++) {
            if (bufs[i] == null) {
                throw new IllegalArgumentException("buffer " + i + " is null");
            }
        }
    }

    static SSLEngineResult result(Status st, int consumed, int produced, HandshakeStatus hs) {
        return new SSLEngineResult(st, hs, consumed, produced);
    }

    // ---- the rest of the SSLEngine API ----

    @Override
    public Runnable getDelegatedTask() {
        return ec.takeTask();
    }

    @Override
    public void closeInbound() throws SSLException {
        ec.closeInbound();
    }

    @Override
    public boolean isInboundDone() {
        return ec.isInboundDone();
    }

    @Override
    public void closeOutbound() {
        ec.closeOutbound();
    }

    @Override
    public boolean isOutboundDone() {
        return ec.isOutboundDone();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return CipherSuites.SUPPORTED.toArray(new String[0]);
    }

    @Override
    public String[] getEnabledCipherSuites() {
        return ec.config().suites.toArray(new String[0]);
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {
        ec.config().suites = CipherSuites.check(suites);
    }

    @Override
    public String[] getSupportedProtocols() {
        return ProtocolSet.SUPPORTED.toArray(new String[0]);
    }

    @Override
    public String[] getEnabledProtocols() {
        return ec.config().protocols.toArray(new String[0]);
    }

    @Override
    public void setEnabledProtocols(String[] protocols) {
        ec.config().protocols = ProtocolSet.check(protocols);
    }

    @Override
    public SSLSession getSession() {
        return ec.session();
    }

    @Override
    public SSLSession getHandshakeSession() {
        return ec.handshakeSession();
    }

    @Override
    public void beginHandshake() throws SSLException {
        synchronized (ec) {
            ec.requireMode();
            ec.throwIfFailed();
            ec.startIfNeeded();
        }
    }

    @Override
    public HandshakeStatus getHandshakeStatus() {
        return ec.status();
    }

    @Override
    public void setUseClientMode(boolean mode) {
        ec.setClientMode(mode);
    }

    @Override
    public boolean getUseClientMode() {
        return ec.isClient();
    }

    @Override
    public void setNeedClientAuth(boolean need) {
        ec.config().setNeedClientAuth(need);
    }

    @Override
    public boolean getNeedClientAuth() {
        return ec.config().needClientAuth;
    }

    @Override
    public void setWantClientAuth(boolean want) {
        ec.config().setWantClientAuth(want);
    }

    @Override
    public boolean getWantClientAuth() {
        return ec.config().wantClientAuth;
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {
        ec.config().enableSessionCreation = flag;
    }

    @Override
    public boolean getEnableSessionCreation() {
        return ec.config().enableSessionCreation;
    }

    @Override
    public javax.net.ssl.SSLParameters getSSLParameters() {
        return ec.config().toParameters();
    }

    @Override
    public void setSSLParameters(javax.net.ssl.SSLParameters params) {
        ec.config().apply(params);
    }

    @Override
    public String getApplicationProtocol() {
        return ec.applicationProtocol();
    }

    @Override
    public String getHandshakeApplicationProtocol() {
        return ec.handshakeApplicationProtocol();
    }

    @Override
    public void setHandshakeApplicationProtocolSelector(
            java.util.function.BiFunction<SSLEngine, List<String>, String> selector) {
        ec.config().alpnSelector = selector;
    }

    @Override
    public java.util.function.BiFunction<SSLEngine, List<String>, String> getHandshakeApplicationProtocolSelector() {
        return ec.config().alpnSelector;
    }
}
