package org.sspijsse.jsse;

import static org.sspijsse.sspi.SecBufferType.SECBUFFER_ALERT;
import static org.sspijsse.sspi.SecBufferType.SECBUFFER_DATA;
import static org.sspijsse.sspi.SecBufferType.SECBUFFER_TOKEN;

import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import org.sspijsse.sspi.AscReq;
import org.sspijsse.sspi.CertContext;
import org.sspijsse.sspi.CredHandle;
import org.sspijsse.sspi.CtxtHandle;
import org.sspijsse.sspi.Holder;
import org.sspijsse.sspi.IntHolder;
import org.sspijsse.sspi.IscReq;
import org.sspijsse.sspi.SchannelConstants;
import org.sspijsse.sspi.SecApplicationProtocols;
import org.sspijsse.sspi.SecBuffer;
import org.sspijsse.sspi.SecBufferDesc;
import org.sspijsse.sspi.SecPkgAttr;
import org.sspijsse.sspi.SecPkgContext;
import org.sspijsse.sspi.SecStatus;
import org.sspijsse.sspi.Sspi;
import org.sspijsse.sspi.TimeStamp;

/**
 * One engine's SSPI side: the credential and context handles, the records waiting to be wrapped,
 * the delegated task, the close and failure facts; and the ISC/ASC calls that move the handshake.
 * The handshake status is computed from these facts ({@link #status()}), never stored.
 * Guarded by {@code this}; the calls that queue output run under the engine's write lock too.
 */
final class EngineContext {
    private static final int ISC_FLAGS = IscReq.ISC_REQ_SEQUENCE_DETECT | IscReq.ISC_REQ_REPLAY_DETECT
            | IscReq.ISC_REQ_CONFIDENTIALITY | IscReq.ISC_REQ_ALLOCATE_MEMORY | IscReq.ISC_REQ_STREAM;
    private static final int ASC_FLAGS = AscReq.ASC_REQ_SEQUENCE_DETECT | AscReq.ASC_REQ_REPLAY_DETECT
            | AscReq.ASC_REQ_CONFIDENTIALITY | AscReq.ASC_REQ_ALLOCATE_MEMORY | AscReq.ASC_REQ_STREAM;

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final SspiSslContext sslContext;
    private final SspiSslEngine engine;
    private final String host;
    private final int port;
    private volatile EngineConfig config;
    private volatile Boolean clientMode;

    private CredHandle cred;
    private final CtxtHandle ctx = new CtxtHandle();
    /** The session the trust and key managers see during the handshake (getHandshakeSession). */
    private volatile SspiSslSession handshakeSession;
    private boolean ctxCreated;
    private String target;
    private int req;
    private int inboundRecords;
    private boolean peerCcsSeen;

    private volatile boolean started;
    private volatile boolean established;
    private volatile boolean tls13;
    private boolean finishedOwed;
    /** Whole records to send (a handshake flight, an alert, a KeyUpdate, a close_notify). */
    private byte[] pending;
    private int pendingPos;
    private volatile Runnable task;
    private boolean taskHandedOut;
    private volatile SSLException failure;
    private boolean failureThrown;
    private volatile boolean closeRequested;
    private boolean closeProduced;
    private volatile boolean outboundDone;
    private volatile boolean inboundDone;
    private volatile boolean peerClosed;
    private volatile int header = 13;
    private volatile int trailer = 17;
    private volatile SspiSslSession session;
    private volatile String alpn;
    private ByteBuffer scratch;

    EngineContext(SspiSslContext sslContext, SspiSslEngine engine, String host, int port) {
        this.sslContext = sslContext;
        this.engine = engine;
        // The callbacks of the shared credential find this engine through HandshakeInfo.
        this.ctx.setApplicationContext(engine);
        this.host = host;
        this.port = port;
        this.config = new EngineConfig(sslContext.defaultProtocols(true));
        this.session = SspiSslSession.nullSession(host, port);
    }

    EngineConfig config() {
        return config;
    }

    // ---- mode and start ----

    synchronized void setClientMode(boolean client) {
        if (started) {
            throw new IllegalArgumentException("cannot change mode after the handshake has begun");
        }
        if (clientMode == null || clientMode != client) {
            EngineConfig c = config;
            // Each side has its own default protocols (SunJSSE: a "TLSv1.2" context's server
            // still enables every protocol); protocols set explicitly are kept.
            if (c.protocols.equals(sslContext.defaultProtocols(clientMode == null || clientMode))) {
                c.protocols = sslContext.defaultProtocols(client);
            }
        }
        clientMode = client;
    }

    boolean isClient() {
        Boolean m = clientMode;
        return m != null && m;
    }

    void requireMode() {
        if (clientMode == null) {
            // As SunJSSE: an engine must be told its side before it can do anything.
            throw new IllegalStateException("Client/Server mode has not yet been set.");
        }
    }

    /** beginHandshake, or the first wrap/unwrap. After the handshake: a no-op (see SECURITY.md). */
    synchronized void startIfNeeded() throws SSLException {
        if (started) {
            return;
        }
        if (outboundDone || inboundDone) {
            throw new SSLException("engine is closed");
        }
        started = true;
    }

    boolean clientHelloDue() {
        return isClient() && started && !ctxCreated && failure == null && !outboundDone;
    }

    boolean isEstablished() {
        return established;
    }

    // ---- the handshake ----

    /** The first ISC: the ClientHello (and the ALPN list) into the pending output. */
    void firstClientCall() {
        EngineConfig c = config;
        int[] st = {0};
        cred = sslContext.credential(true, c.protocols, c.suites, c.nameCheck() && !sslContext.trustManagerChecksNames(), st);
        if (cred == null) {
            failHandshake(st[0], null);
            return;
        }
        target = c.sniHost(host);
        req = ISC_FLAGS;
        SecBufferDesc in = c.applicationProtocols.length == 0 ? null
                : new SecBufferDesc(SecApplicationProtocols.alpnBuffer(c.applicationProtocols));
        SecBuffer tok = new SecBuffer(SECBUFFER_TOKEN);
        SecBuffer alert = new SecBuffer(SECBUFFER_ALERT);
        int s = Sspi.initializeSecurityContext(cred, null, target, req, in, ctx, new SecBufferDesc(tok, alert),
                new IntHolder(), new TimeStamp());
        ctxCreated = ctx.isValid();
        handle(s, tok, alert);
    }

    /**
     * unwrap during the handshake: one whole record, copied out of {@code src} (it is consumed). The
     * records that may carry the peer's certificates go to a delegated task, so that the trust
     * manager's and key manager's work runs on the application's executor.
     */
    SSLEngineResult handshakeRecord(ByteBuffer src, int recLen, int type) throws SSLException {
        byte[] rec = new byte[recLen];
        src.get(src.position(), rec, 0, recLen);
        src.position(src.position() + recLen);
        boolean asTask;
        synchronized (this) {
            inboundRecords++;
            // An alert (21) or ChangeCipherSpec (20) carries no certificate, nor does a TLS 1.2 Finished
            // (type 22 after the peer's ChangeCipherSpec); TLS 1.3's flight after its
            // compatibility ChangeCipherSpec is type 23 (RFC 8446 §5, App. D.4).
            boolean certificateFlight = (type == 22 || type == 23) && !(peerCcsSeen && type == 22);
            if (type == 20) {
                peerCcsSeen = true;
            }
            asTask = certificateFlight && (isClient() ? inboundRecords > 1
                    : ctxCreated && (config.needClientAuth || config.wantClientAuth));
            if (asTask) {
                task = () -> runTask(rec);
                taskHandedOut = false;
                return SspiSslEngine.result(Status.OK, recLen, 0, HandshakeStatus.NEED_TASK);
            }
        }
        synchronized (engine.wrapLock()) {
            step(rec);
            SSLException f = failure;
            if (f != null) {
                failureThrown = true;
                throw f;
            }
            HandshakeStatus hs = status();
            if (hs == HandshakeStatus.NOT_HANDSHAKING && takeFinished()) {
                hs = HandshakeStatus.FINISHED;
            }
            return SspiSslEngine.result(Status.OK, recLen, 0, hs);
        }
    }

    private void runTask(byte[] rec) {
        synchronized (engine.unwrapLock()) {
            synchronized (engine.wrapLock()) {
                try {
                    step(rec);
                } finally {
                    task = null;
                }
            }
        }
    }

    /** Each task is handed out once (callers loop until null); it stays pending until it has run. */
    synchronized Runnable takeTask() {
        if (task == null || taskHandedOut) {
            return null;
        }
        taskHandedOut = true;
        return task;
    }

    boolean taskPending() {
        return task != null;
    }

    /** One ISC/ASC call with {@code [TOKEN=record, EMPTY]} (the server's first call adds its ALPN list). */
    private void step(byte[] rec) {
        EngineConfig c = config;
        SecBuffer tok = new SecBuffer(SECBUFFER_TOKEN);
        SecBuffer alert = new SecBuffer(SECBUFFER_ALERT);
        SecBufferDesc out = new SecBufferDesc(tok, alert);
        SecBuffer token = new SecBuffer(SECBUFFER_TOKEN, rec);
        int s;
        if (isClient()) {
            s = Sspi.initializeSecurityContext(cred, ctx, target, req, new SecBufferDesc(token, SecBuffer.empty()), ctx,
                    out, new IntHolder(), new TimeStamp());
        } else if (!ctxCreated) {
            int[] st = {0};
            cred = sslContext.credential(false, c.protocols, c.suites, false, st);
            if (cred == null) {
                failHandshake(st[0], null);
                return;
            }
            req = ASC_FLAGS;
            if (c.needClientAuth) {
                req |= AscReq.ASC_REQ_MUTUAL_AUTH;
            } else if (c.wantClientAuth) {
                req |= AscReq.ASC_REQ_MUTUAL_AUTH | AscReq.ASC_REQ_ALLOW_NULL_SESSION;
            }
            SecBufferDesc in = c.applicationProtocols.length == 0
                    ? new SecBufferDesc(token, SecBuffer.empty())
                    : new SecBufferDesc(token, SecBuffer.empty(), SecApplicationProtocols.alpnBuffer(c.applicationProtocols));
            s = Sspi.acceptSecurityContext(cred, null, in, req, ctx, out, new IntHolder(), new TimeStamp());
            ctxCreated = ctx.isValid();
        } else {
            s = Sspi.acceptSecurityContext(cred, ctx, new SecBufferDesc(token, SecBuffer.empty()), req, ctx, out,
                    new IntHolder(), new TimeStamp());
        }
        handle(s, tok, alert);
    }

    private void handle(int s, SecBuffer tok, SecBuffer alert) {
        byte[] t = take(tok);
        if (s == SecStatus.SEC_I_CONTINUE_NEEDED) {
            queue(t);
        } else if (s == SecStatus.SEC_E_OK) {
            queue(t);
            onEstablished();
        } else if (s == SecStatus.SEC_I_INCOMPLETE_CREDENTIALS) {
            // Not reached with a selector on the credential; go on without a certificate.
            queue(t);
            SecBuffer tok2 = new SecBuffer(SECBUFFER_TOKEN);
            SecBuffer alert2 = new SecBuffer(SECBUFFER_ALERT);
            int s2 = Sspi.initializeSecurityContext(cred, ctx, target, req, null, ctx,
                    new SecBufferDesc(tok2, alert2), new IntHolder(), new TimeStamp());
            handle(s2 == SecStatus.SEC_I_INCOMPLETE_CREDENTIALS ? SecStatus.SEC_E_NO_CREDENTIALS : s2, tok2, alert2);
        } else if (s == SecStatus.SEC_E_INCOMPLETE_MESSAGE) {
            // A handshake message spread over more records: nothing to send yet.
            queue(t);
        } else {
            byte[] a = take(alert);
            failHandshake(s, a.length > 0 ? a : t);
        }
    }

    private void failHandshake(int status, byte[] alert) {
        queue(alert);
        failure = StatusExceptions.forStatus(status, StatusExceptions.plaintextAlert(alert), true);
    }

    private static byte[] take(SecBuffer b) {
        if (b.getBuffer() == null || b.getCbBuffer() == 0) {
            return new byte[0];
        }
        byte[] a = b.toByteArray();
        if (b.isPackageAllocated()) {
            Sspi.freeContextBuffer(b);
        }
        return a;
    }

    private void onEstablished() {
        Holder<Object> h = new Holder<>();
        if (Sspi.queryContextAttributes(ctx, SecPkgAttr.SECPKG_ATTR_STREAM_SIZES, h) == SecStatus.SEC_E_OK) {
            SecPkgContext.StreamSizes z = (SecPkgContext.StreamSizes) h.value;
            header = z.cbHeader;
            trailer = z.cbTrailer;
        }
        String protocol = "NONE";
        if (Sspi.queryContextAttributes(ctx, SecPkgAttr.SECPKG_ATTR_CONNECTION_INFO, h) == SecStatus.SEC_E_OK) {
            protocol = ProtocolSet.name(((SecPkgContext.ConnectionInfo) h.value).dwProtocol);
        }
        tls13 = ProtocolSet.TLS13.equals(protocol);
        String suite = "SSL_NULL_WITH_NULL_NULL";
        if (Sspi.queryContextAttributes(ctx, SecPkgAttr.SECPKG_ATTR_CIPHER_INFO, h) == SecStatus.SEC_E_OK) {
            suite = ((SecPkgContext.CipherInfo) h.value).szCipherSuite;
        }
        X509Certificate[] peer = chain(SecPkgAttr.SECPKG_ATTR_REMOTE_CERT_CONTEXT);
        X509Certificate[] local = chain(SecPkgAttr.SECPKG_ATTR_LOCAL_CERT_CONTEXT);
        byte[] id = null;
        if (Sspi.queryContextAttributes(ctx, SecPkgAttr.SECPKG_ATTR_SESSION_INFO, h) == SecStatus.SEC_E_OK) {
            id = ((SecPkgContext.SessionInfo) h.value).getSessionId();
        }
        if (id == null || id.length == 0) {
            // TLS 1.3 has no session id of its own (legacy_session_id may be empty): like SunJSSE,
            // the JSSE session gets a random one, so that it is valid and listed by its context.
            id = new byte[32];
            RANDOM.nextBytes(id);
        }
        String chosen = "";
        if (Sspi.queryContextAttributes(ctx, SecPkgAttr.SECPKG_ATTR_APPLICATION_PROTOCOL, h) == SecStatus.SEC_E_OK) {
            String p = ((SecPkgContext.ApplicationProtocol) h.value).getProtocol();
            chosen = p == null ? "" : p;
        }
        alpn = chosen;
        SspiSslSession s = new SspiSslSession(id, protocol, suite, peer, local, host, port,
                isClient() ? SspiSslSession.hostName(target) : java.util.List.of());
        sslContext.sessions(isClient()).add(s);
        session = s;
        handshakeSession = null;
        established = true;
        finishedOwed = true;
    }

    private X509Certificate[] chain(int attribute) {
        Holder<Object> h = new Holder<>();
        if (Sspi.queryContextAttributes(ctx, attribute, h) != SecStatus.SEC_E_OK) {
            return null;
        }
        return ((CertContext) h.value).getChain();
    }

    // ---- output ----

    private synchronized void queue(byte[] records) {
        if (records == null || records.length == 0) {
            return;
        }
        if (pending == null) {
            pending = records;
            pendingPos = 0;
        } else {
            byte[] joined = new byte[pending.length - pendingPos + records.length];
            System.arraycopy(pending, pendingPos, joined, 0, pending.length - pendingPos);
            System.arraycopy(records, 0, joined, pending.length - pendingPos, records.length);
            pending = joined;
            pendingPos = 0;
        }
    }

    synchronized boolean hasPendingOutput() {
        return pending != null;
    }

    /** Copies as many whole pending records as fit into {@code dst}; returns the byte count. */
    synchronized int drainPending(ByteBuffer dst) {
        int n = 0;
        while (pending != null) {
            int left = pending.length - pendingPos;
            int rec = left < 5 ? left
                    : Math.min(left, 5 + (((pending[pendingPos + 3] & 0xFF) << 8) | (pending[pendingPos + 4] & 0xFF)));
            if (dst.remaining() < rec) {
                break;
            }
            dst.put(pending, pendingPos, rec);
            pendingPos += rec;
            n += rec;
            if (pendingPos == pending.length) {
                pending = null;
                if (closeProduced) {
                    outboundDone = true;
                }
            }
        }
        return n;
    }

    synchronized boolean takeFinished() {
        if (finishedOwed && established && pending == null && task == null) {
            finishedOwed = false;
            return true;
        }
        return false;
    }

    // ---- status ----

    synchronized HandshakeStatus status() {
        if (task != null) {
            return HandshakeStatus.NEED_TASK;
        }
        if (pending != null) {
            return HandshakeStatus.NEED_WRAP;
        }
        if (failure != null) {
            // A failure met in a delegated task with no alert to send is still unreported: NEED_WRAP
            // brings the application to the wrap that throws it.
            return failureThrown ? HandshakeStatus.NOT_HANDSHAKING : HandshakeStatus.NEED_WRAP;
        }
        if (!started) {
            return HandshakeStatus.NOT_HANDSHAKING;
        }
        if (closeRequested && !closeProduced && !outboundDone) {
            return HandshakeStatus.NEED_WRAP;
        }
        if (!established) {
            if (outboundDone || inboundDone) {
                return HandshakeStatus.NOT_HANDSHAKING;
            }
            return isClient() && !ctxCreated ? HandshakeStatus.NEED_WRAP : HandshakeStatus.NEED_UNWRAP;
        }
        if (outboundDone && !inboundDone && !tls13) {
            // TLS 1.2: after our close_notify the peer's answer is awaited (RFC 5246 §7.2.1).
            return HandshakeStatus.NEED_UNWRAP;
        }
        return HandshakeStatus.NOT_HANDSHAKING;
    }

    // ---- failures ----

    /** unwrap after a failure: always throws it (the alert, if any, stays for wrap). */
    synchronized void throwIfFailed() throws SSLException {
        SSLException f = failure;
        if (f != null) {
            failureThrown = true;
            throw f;
        }
    }

    /** wrap: throws a failure once if no call has reported it yet. */
    synchronized void throwIfUnreported() throws SSLException {
        SSLException f = failure;
        if (f != null && !failureThrown) {
            failureThrown = true;
            throw f;
        }
    }

    synchronized boolean failedAndFlushed() {
        return failure != null && pending == null;
    }

    /**
     * A failure after the handshake: the alert the package holds (it gives it to the next ISC/ASC's
     * ALERT buffer) is queued for wrap, and the exception is returned for the caller to throw.
     */
    SSLException failNow(int status) {
        SecBuffer tok = new SecBuffer(SECBUFFER_TOKEN);
        SecBuffer alert = new SecBuffer(SECBUFFER_ALERT);
        SecBufferDesc out = new SecBufferDesc(tok, alert);
        if (isClient()) {
            Sspi.initializeSecurityContext(cred, ctx, target, req, null, ctx, out, new IntHolder(), new TimeStamp());
        } else {
            Sspi.acceptSecurityContext(cred, ctx, null, req, ctx, out, new IntHolder(), new TimeStamp());
        }
        byte[] a = take(alert);
        queue(a.length > 0 ? a : take(tok));
        SSLException e = StatusExceptions.forStatus(status, -1, !established);
        synchronized (this) {
            if (failure == null) {
                failure = e;
            }
            failureThrown = true;
            return failure;
        }
    }

    // ---- records after the handshake ----

    int header() {
        return header;
    }

    int trailer() {
        return trailer;
    }

    int maxFragment() {
        int max = config.maximumPacketSize;
        int f = 16384;
        if (max > 0) {
            f = Math.max(1, Math.min(f, max - header - trailer));
        }
        return f;
    }

    int encrypt(SecBufferDesc m) {
        return Sspi.encryptMessage(ctx, 0, m, 0);
    }

    int decrypt(SecBufferDesc m) {
        session.touch();
        return Sspi.decryptMessage(ctx, m, 0, null);
    }

    ByteBuffer scratch() {
        ByteBuffer s = scratch;
        if (s == null) {
            s = ByteBuffer.allocate(SspiSslSession.MAX_PACKET_BUFFER_SIZE);
            scratch = s;
        }
        return s;
    }

    void growPacketBufferSize(int recordLength) {
        session.growPacketBufferSize(recordLength);
    }

    /**
     * SEC_I_RENEGOTIATE: the post-handshake message (NewSessionTicket, KeyUpdate) goes to ISC/ASC,
     * whose token (a KeyUpdate of ours, or nothing) is queued before any later data record. Messages
     * the same record completed come from further DecryptMessage calls without input.
     */
    void postHandshake(SecBuffer extra) throws SSLException {
        SecBuffer message = extra;
        for (int i = 0; i < 64 && message != null; i++) {
            SecBuffer tok = new SecBuffer(SECBUFFER_TOKEN);
            SecBuffer alert = new SecBuffer(SECBUFFER_ALERT);
            SecBufferDesc in = new SecBufferDesc(new SecBuffer(SECBUFFER_TOKEN, message.getBuffer(), message.getOffset(),
                    message.getCbBuffer()), SecBuffer.empty());
            SecBufferDesc out = new SecBufferDesc(tok, alert);
            int s = isClient()
                    ? Sspi.initializeSecurityContext(cred, ctx, target, req, in, ctx, out, new IntHolder(), new TimeStamp())
                    : Sspi.acceptSecurityContext(cred, ctx, in, req, ctx, out, new IntHolder(), new TimeStamp());
            if (SecStatus.failed(s)) {
                throw failNow(s);
            }
            queue(take(tok));
            SecBufferDesc more = new SecBufferDesc(new SecBuffer(SECBUFFER_DATA), SecBuffer.empty(), SecBuffer.empty(),
                    SecBuffer.empty());
            int d = Sspi.decryptMessage(ctx, more, 0, null);
            message = d == SecStatus.SEC_I_RENEGOTIATE ? more.find(org.sspijsse.sspi.SecBufferType.SECBUFFER_EXTRA) : null;
        }
    }

    // ---- closing ----

    synchronized boolean closeRequested() {
        return closeRequested && !closeProduced;
    }

    /** ApplyControlToken(SCHANNEL_SHUTDOWN), then ISC/ASC without input builds the close_notify. */
    void produceCloseNotify() {
        synchronized (this) {
            closeProduced = true;
        }
        byte[] shutdown = {SchannelConstants.SCHANNEL_SHUTDOWN, 0, 0, 0};
        int s = Sspi.applyControlToken(ctx, new SecBufferDesc(new SecBuffer(SECBUFFER_TOKEN, shutdown)));
        if (s == SecStatus.SEC_E_OK) {
            SecBuffer tok = new SecBuffer(SECBUFFER_TOKEN);
            SecBufferDesc out = new SecBufferDesc(tok, new SecBuffer(SECBUFFER_ALERT));
            s = isClient()
                    ? Sspi.initializeSecurityContext(cred, ctx, target, req, null, ctx, out, new IntHolder(), new TimeStamp())
                    : Sspi.acceptSecurityContext(cred, ctx, null, req, ctx, out, new IntHolder(), new TimeStamp());
            if (s == SecStatus.SEC_E_OK) {
                queue(take(tok));
            }
        }
        synchronized (this) {
            if (pending == null) {
                outboundDone = true;
            }
        }
    }

    synchronized void closeOutbound() {
        if (outboundDone || closeRequested) {
            return;
        }
        if (!ctxCreated || failure != null) {
            // Nothing was sent yet (or the connection failed): there is no one to tell.
            closeRequested = true;
            closeProduced = true;
            if (pending == null) {
                outboundDone = true;
            }
            return;
        }
        closeRequested = true;
    }

    boolean isOutboundDone() {
        return outboundDone;
    }

    synchronized void closeInbound() throws SSLException {
        if (inboundDone) {
            return;
        }
        inboundDone = true;
        if (ctxCreated && !peerClosed && failure == null) {
            if (!tls13) {
                closeRequested = true;
            }
            throw new SSLException("closing inbound before receiving peer's close_notify");
        }
    }

    boolean isInboundDone() {
        return inboundDone;
    }

    /** The peer's close_notify: TLS 1.2 answers with its own (RFC 5246 §7.2.1); TLS 1.3 may go on sending. */
    synchronized void onPeerCloseNotify() {
        peerClosed = true;
        inboundDone = true;
        if (!tls13 && !closeRequested) {
            closeRequested = true;
        }
    }

    // ---- sessions and ALPN ----

    SspiSslSession session() {
        return session;
    }

    SspiSslSession handshakeSession() {
        if (!started || established) {
            return null;
        }
        SspiSslSession h = handshakeSession;
        return h != null ? h : session;
    }

    /**
     * A credential callback is about to call the application's trust or key manager for this
     * engine: the handshake session now shows the version, the server name and the peer's chain.
     */
    void onCallback(org.sspijsse.sspi.HandshakeInfo info, X509Certificate[] peerChain) {
        SspiSslSession prev = handshakeSession;
        X509Certificate[] chain = peerChain != null ? peerChain.clone() : null;
        if (chain == null && prev != null) {
            try {
                chain = (X509Certificate[]) prev.getPeerCertificates();
            } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
                chain = null;
            }
        }
        String name = info.getServerName();
        handshakeSession = new SspiSslSession(new byte[0], ProtocolSet.name(info.getProtocol()), "SSL_NULL_WITH_NULL_NULL",
                chain, null, host, port, SspiSslSession.hostName(name));
    }

    String applicationProtocol() {
        return established ? alpn : null;
    }

    String handshakeApplicationProtocol() {
        return null;
    }
}
