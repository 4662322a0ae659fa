package org.sspijsse.schannel;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsProtocol;
import org.sspijsse.sspi.Holder;
import org.sspijsse.sspi.IntHolder;
import org.sspijsse.sspi.SecBuffer;
import org.sspijsse.sspi.SecBufferDesc;
import org.sspijsse.sspi.SecBufferType;
import org.sspijsse.sspi.SecStatus;
import org.sspijsse.sspi.SecurityPackage;
import org.sspijsse.sspi.TimeStamp;

/**
 * One Schannel security context: the core shared by InitializeSecurityContext and
 * AcceptSecurityContext (DESIGN.md, layer 2). Client and server differ in who speaks first and in
 * the BC peer they drive, not in how a call works.
 *
 * <p>Invariants of {@link #handshakeStep}:
 * <ul>
 * <li>BC is offered exactly one whole record per {@code offerInput}, copied into our own array
 *     (the caller's token stays intact: a caller may present it again, see {@link ReplayGuard}).</li>
 * <li>Records are offered while whole records remain and the handshake neither completed, failed,
 *     nor stopped for credentials; what follows the record that stopped it is SECBUFFER_EXTRA.</li>
 * <li>Everything BC queued during the step is drained into one token (an alert after a failure).</li>
 * <li>A step that consumed nothing returns SEC_E_INCOMPLETE_MESSAGE with the exact MISSING count and
 *     leaves the context untouched; a malformed call is rejected before the context is touched.</li>
 * <li>A protocol failure is sticky: later calls return the same status.</li>
 * <li>After the handshake BC sees no record: {@link StreamMessages} owns the traffic.</li>
 * </ul>
 */
abstract class SchannelContext implements SecurityPackage.Context {
    static final System.Logger LOG = System.getLogger(SchannelContext.class.getName());

    /** Largest record a peer may send during the handshake: 2^14 + 2048 + 5 (RFC 5246 §6.2.3). */
    static final int MAX_RECORD = 5 + 16384 + 2048;

    /** The lifecycle an SSPI caller can see; BC keeps the handshake states. */
    enum Lifecycle { HANDSHAKING, WAITING_FOR_CREDENTIALS, ESTABLISHED, CLOSED, FAILED, DELETED }

    final Object lock = new Object();
    SchannelCredential credential;
    final boolean client;
    volatile Lifecycle state = Lifecycle.HANDSHAKING;
    /** Sticky failure status once FAILED. */
    volatile int failure = SecStatus.SEC_E_OK;
    /** The alert record of a failure DecryptMessage met, given to the next ISC/ASC's ALERT buffer. */
    private byte[] failureAlert;
    /** A status our own check chose for the alert it raised inside BC (e.g. SEC_E_WRONG_PRINCIPAL). */
    int callbackStatus = SecStatus.SEC_E_OK;
    boolean handshakeCompleted;
    final ByteSink output = new ByteSink();
    final ReplayGuard replay = new ReplayGuard();
    final Negotiated negotiated = new Negotiated();
    /** Pending ApplyControlToken request (SCHANNEL_SHUTDOWN / SCHANNEL_ALERT), produced by the next ISC/ASC. */
    final ControlRequest control = new ControlRequest();
    volatile StreamMessages stream;
    /**
     * The one handshake record being offered to BC (~18 KB): allocated on first use and released when
     * the handshake completes or fails, so that an established idle context holds little heap.
     */
    private byte[] record;
    /** The caller's value from phNewContext of the call that created the context (HandshakeInfo). */
    Object applicationContext;

    SchannelContext(SchannelCredential credential, boolean client) {
        this.credential = credential;
        this.client = client;
    }

    abstract TlsProtocol protocol();

    /** ISC_RET_* / ASC_RET_* for a successful return. */
    abstract int returnFlags(int contextReq, int status);

    /**
     * BC's {@code notifyAlertRaised}. BC 1.84 raises internal_error when a peer declares a handshake
     * message longer than its limit (TlsProtocol.processHandshakeQueue): that is the peer's fault,
     * not ours, so the caller gets SEC_E_ILLEGAL_MESSAGE, as for any other malformed message.
     */
    final void onAlertRaised(short description, Throwable cause) {
        String detail = cause == null ? null : cause.getMessage();
        if (description == org.bouncycastle.tls.AlertDescription.internal_error && detail != null
                && detail.contains("Handshake message length exceeds the maximum")
                && callbackStatus == SecStatus.SEC_E_OK) {
            callbackStatus = SecStatus.SEC_E_ILLEGAL_MESSAGE;
        }
    }

    /** True for a server context: its first input may hold SECBUFFER_APPLICATION_PROTOCOLS. */
    boolean acceptsApplicationProtocols() {
        return false;
    }

    /** Runs before records are offered; a client waiting for credentials resumes here. */
    void beforeOffer() throws IOException {
    }

    /** An action on BC that may fail with an alert. */
    @FunctionalInterface
    interface BcAction {
        void run() throws IOException;
    }

    /** True when BC stopped inside the handshake to wait for the caller's credentials. */
    boolean needsCredentials() {
        return false;
    }

    /**
     * One ISC/ASC call after the first: {@code [TOKEN, EMPTY]} in, {@code [TOKEN, ALERT]} out.
     */
    final int handshakeStep(SecBufferDesc in, SecBufferDesc out, int contextReq, boolean allocate,
            IntHolder attr, TimeStamp expiry) {
        synchronized (lock) {
            int[] st = new int[1];
            OutputBuffers ob = OutputBuffers.check(out, allocate, st);
            if (ob == null) {
                return st[0];
            }
            switch (state) {
                case FAILED:
                    ob.clear();
                    if (failureAlert != null) {
                        ob.putAlert(failureAlert, failureAlert.length);
                        failureAlert = null;
                    }
                    return failure;
                case DELETED:
                    return SecStatus.SEC_E_INVALID_HANDLE;
                default:
                    break;
            }
            if (control.isPending()) {
                // ApplyControlToken recorded a shutdown or alert: this call makes its token and
                // ignores its input (SSPI-FACTS.md, "ApplyControlToken").
                return finishWithToken(ob, control.produce(this), SecStatus.SEC_E_OK, contextReq, attr, expiry);
            }
            if (state == Lifecycle.CLOSED && stream != null && stream.hasPendingMessage()) {
                // Our close_notify is out but the read side is open (TLS 1.3 half-close): a
                // NewSessionTicket or KeyUpdate that arrives now is still processed, without a token.
                return stream.postHandshake(in, ob, contextReq, attr, expiry);
            }
            if (state == Lifecycle.CLOSED) {
                ob.clear();
                return InputBuffers.isEmpty(in) ? SecStatus.SEC_E_INCOMPLETE_MESSAGE : SecStatus.SEC_E_CONTEXT_EXPIRED;
            }
            if (state == Lifecycle.ESTABLISHED && !replay.hasPending()) {
                // (With a parked result, the call that completed the handshake is being repeated
                // after SEC_E_INSUFFICIENT_MEMORY: recordsStep delivers its token.)
                return stream.postHandshake(in, ob, contextReq, attr, expiry);
            }
            return recordsStep(in, ob, contextReq, attr, expiry);
        }
    }

    private int recordsStep(SecBufferDesc in, OutputBuffers ob, int contextReq, IntHolder attr, TimeStamp expiry) {
        SecBuffer token = null;
        SecBuffer slot = null;
        if (in != null) {
            int shape = InputBuffers.checkShape(in, acceptsApplicationProtocols());
            if (shape != SecStatus.SEC_E_OK) {
                ob.clear();
                return shape;
            }
            token = in.get(0);
            slot = InputBuffers.firstEmpty(in);
        } else if (state != Lifecycle.WAITING_FOR_CREDENTIALS) {
            ob.clear();
            return SecStatus.SEC_E_INVALID_TOKEN;
        }
        ByteBuffer buf = token == null ? null : token.getBuffer();
        int base = token == null ? 0 : token.getOffset();
        int len = token == null || buf == null ? 0 : token.getCbBuffer();

        // A repeated call after SEC_E_INSUFFICIENT_MEMORY or SEC_I_INCOMPLETE_CREDENTIALS: the bytes
        // already consumed are recognised and skipped.
        int pos = replay.skipPrefix(buf, base, len);
        if (replay.hasPending()) {
            if (pos != replay.pendingConsumed()) {
                // The parked token belongs to other input: the caller must repeat the same call.
                ob.clear();
                return SecStatus.SEC_E_INVALID_TOKEN;
            }
            ReplayGuard.Pending p = replay.takePending();
            return deliver(ob, slot, p.token, p.status, buf, base, pos, len, contextReq, attr, expiry);
        }
        int start = pos;
        int missing = 0;
        boolean consumedAny = false;
        guarded(this::beforeOffer);
        while (!handshakeCompleted && state == Lifecycle.HANDSHAKING && !needsCredentials()) {
            int avail = len - pos;
            if (avail < 5) {
                // Not TLS even before the header is whole: answer at once (e.g. "GET").
                if (avail > 0 && !InputBuffers.plausibleStart(buf, base + pos, avail)) {
                    fail(SecStatus.SEC_E_INVALID_TOKEN);
                    break;
                }
                missing = 5 - avail;
                break;
            }
            int type = buf.get(base + pos) & 0xFF;
            int major = buf.get(base + pos + 1) & 0xFF;
            int length = ((buf.get(base + pos + 3) & 0xFF) << 8) | (buf.get(base + pos + 4) & 0xFF);
            if (type < 20 || type > 23 || major != 3 || length > MAX_RECORD - 5) {
                // Not TLS (HTTP text, an SSLv2 hello, garbage, an absurd length): fail at once, and let
                // BC raise the alert it defines for the header (RFC 8446 §5.1, RFC 5246 §6.2.1).
                buf.get(base + pos, recordBuffer(), 0, 5);
                offerGuarded(5);
                if (state != Lifecycle.FAILED) {
                    fail(SecStatus.SEC_E_INVALID_TOKEN);
                } else {
                    failure = SecStatus.SEC_E_INVALID_TOKEN;
                }
                break;
            }
            int need = 5 + length;
            if (avail < need) {
                missing = need - avail;
                break;
            }
            buf.get(base + pos, recordBuffer(), 0, need);
            pos += need;
            consumedAny = true;
            offerGuarded(need);
        }
        drainOutput();
        if (state == Lifecycle.FAILED) {
            return failed(ob, in);
        }
        boolean creds = needsCredentials();
        if (creds) {
            state = Lifecycle.WAITING_FOR_CREDENTIALS;
        }
        if (handshakeCompleted) {
            int s = completeHandshake();
            if (s != SecStatus.SEC_E_OK) {
                drainOutput();
                return failed(ob, in);
            }
        }
        int status = StatusChooser.choose(SecStatus.SEC_E_OK, creds, handshakeCompleted, consumedAny || start > 0,
                output.size() > 0);
        if (status == SecStatus.SEC_E_INCOMPLETE_MESSAGE) {
            ob.clear();
            if (slot != null) {
                slot.set(SecBufferType.SECBUFFER_MISSING, null, 0, missing);
            }
            return status;
        }
        if (creds) {
            // Remember what was consumed, so that a caller who presents the same input again (curl)
            // is not fed the same records twice.
            replay.remember(buf, base, pos);
        }
        byte[] tokenBytes = output.toByteArray();
        output.reset();
        if (state == Lifecycle.ESTABLISHED) {
            // The last handshake token is out: an established context writes no more of them.
            output.release();
        }
        return deliver(ob, slot, tokenBytes, status, buf, base, pos, len, contextReq, attr, expiry);
    }

    /** Writes the token and EXTRA, or parks them when the caller's TOKEN buffer is too small. */
    private int deliver(OutputBuffers ob, SecBuffer slot, byte[] tokenBytes, int status, ByteBuffer buf, int base,
            int consumed, int len, int contextReq, IntHolder attr, TimeStamp expiry) {
        if (!ob.tokenFits(tokenBytes.length)) {
            // SSPI-FACTS.md: SEC_E_INSUFFICIENT_MEMORY, nothing consumed, the token kept: the same
            // call with a larger buffer succeeds and nothing is lost.
            replay.park(tokenBytes, status, buf, base, consumed);
            return SecStatus.SEC_E_INSUFFICIENT_MEMORY;
        }
        ob.putToken(tokenBytes, tokenBytes.length);
        if (ob.alert != null) {
            ob.putAlert(tokenBytes, 0);
        }
        if (slot != null && consumed < len) {
            slot.set(SecBufferType.SECBUFFER_EXTRA, null, 0, len - consumed);
        }
        if (attr != null) {
            attr.value = returnFlags(contextReq, status);
        }
        if (expiry != null) {
            expiry.value = negotiated.expiry() != null ? negotiated.expiry() : credential.expiry();
        }
        return status;
    }

    /** The shutdown / alert token of a pending control request, as the call's token. */
    int finishWithToken(OutputBuffers ob, byte[] tokenBytes, int status, int contextReq, IntHolder attr,
            TimeStamp expiry) {
        ob.putToken(tokenBytes, tokenBytes.length);
        if (ob.alert != null) {
            ob.putAlert(tokenBytes, 0);
        }
        if (attr != null) {
            attr.value = returnFlags(contextReq, status);
        }
        if (expiry != null) {
            expiry.value = negotiated.expiry() != null ? negotiated.expiry() : credential.expiry();
        }
        return status;
    }

    private int failed(OutputBuffers ob, SecBufferDesc in) {
        byte[] alert = output.toByteArray();
        output.reset();
        ob.clear();
        if (failure != SecStatus.SEC_E_INVALID_TOKEN) {
            ob.putAlert(alert, alert.length);
        } else if (ob.alert != null) {
            // SSPI-FACTS.md: on SEC_E_INVALID_TOKEN the output cbBuffer is 0; the alert still goes to
            // the ALERT buffer, the one place a caller looks for it.
            ob.putAlert(alert, alert.length);
        }
        return failure;
    }

    /** Offers {@code n} bytes of {@link #record} to BC and turns every failure into a status. */
    private void offerGuarded(int n) {
        byte[] r = record;
        guarded(() -> protocol().offerInput(r, 0, n));
    }

    private byte[] recordBuffer() {
        byte[] r = record;
        if (r == null) {
            r = new byte[MAX_RECORD];
            record = r;
        }
        return r;
    }

    /** Runs an action on BC and turns every failure into the sticky status. */
    final void guarded(BcAction action) {
        if (state == Lifecycle.FAILED) {
            return;
        }
        try {
            action.run();
            if (!handshakeCompleted && protocol() != null && protocol().isClosed()) {
                // A close_notify in the middle of the handshake: the handshake cannot finish.
                fail(SecStatus.SEC_E_ILLEGAL_MESSAGE);
            }
        } catch (TlsFatalAlertReceived e) {
            fail(AlertStatusMap.statusForReceivedAlert(e.getAlertDescription()));
        } catch (TlsFatalAlert e) {
            fail(callbackStatus != SecStatus.SEC_E_OK ? callbackStatus
                    : AlertStatusMap.statusForRaisedAlert(e.getAlertDescription()));
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "handshake I/O failure", e);
            fail(callbackStatus != SecStatus.SEC_E_OK ? callbackStatus : SecStatus.SEC_E_ILLEGAL_MESSAGE);
        } catch (RuntimeException e) {
            // A defect in BC or in our callbacks: the caller gets a status, the cause is logged.
            LOG.log(Level.WARNING, "unexpected failure inside the TLS handshake: SEC_E_INTERNAL_ERROR", e);
            fail(SecStatus.SEC_E_INTERNAL_ERROR);
        }
    }

    /** The one way into FAILED: records the sticky status (BC has queued the alert, if any). */
    final void fail(int status) {
        if (state != Lifecycle.FAILED) {
            failure = status;
            state = Lifecycle.FAILED;
            stream = null;
            record = null;
        }
    }

    /** A failure met after the handshake, with the alert record to send (produced by the next ISC/ASC). */
    final void failWithAlert(int status, byte[] alert) {
        synchronized (lock) {
            if (state != Lifecycle.FAILED) {
                failureAlert = alert;
            }
            fail(status);
        }
    }

    /** Moves everything BC queued into {@link #output}. */
    final void drainOutput() {
        TlsProtocol p = protocol();
        if (p == null) {
            return;
        }
        int n = p.getAvailableOutputBytes();
        if (n > 0) {
            byte[] tmp = new byte[n];
            p.readOutput(tmp, 0, n);
            output.write(tmp, 0, n);
        }
    }

    /** Our record layer, built inside BC's notifyHandshakeComplete and installed by {@link #completeHandshake}. */
    private org.sspijsse.record.RecordLayer records;

    /**
     * Inside BC's {@code notifyHandshakeComplete}, the only moment every secret is alive
     * (BC-NOTES.md): takes the keys for our record layer and fixes what QueryContextAttributes
     * reports.
     */
    final void takeOver(org.bouncycastle.tls.TlsContext context, boolean alpnOffered, String serverName)
            throws IOException {
        org.bouncycastle.tls.SecurityParameters sp = context.getSecurityParametersConnection();
        records = KeyHandoff.take(context, client);
        Negotiated n = negotiated;
        n.tls13 = org.bouncycastle.tls.TlsUtils.isTLSv13(sp.getNegotiatedVersion());
        n.cipherSuite = sp.getCipherSuite();
        n.applicationProtocol = sp.getApplicationProtocol() == null ? null : sp.getApplicationProtocol().getBytes();
        n.alpnOffered = alpnOffered;
        n.sessionId = sp.getSessionID();
        n.resumed = sp.isResumedSession();
        n.negotiatedGroup = sp.getNegotiatedGroup();
        n.serverName = serverName;
        if (n.resumed && sp.getPeerCertificate() != null && !sp.getPeerCertificate().isEmpty()) {
            // A resumed session reports the certificates of the handshake that made it.
            n.peerChain = SspiTlsClient.toX509(sp.getPeerCertificate().getCertificateList());
        }
        handshakeCompleted = true;
    }

    /** Once the handshake completed: our record layer takes the traffic over. */
    final int completeHandshake() {
        stream = new StreamMessages(this, records);
        records = null;
        record = null; // no handshake record is read by us after this (StreamMessages owns the traffic)
        state = Lifecycle.ESTABLISHED;
        onEstablished();
        // BC sees no record from now on: dropping its protocol and peer objects leaves an idle
        // established context with the record layer and the negotiated facts only.
        releaseHandshake();
        return SecStatus.SEC_E_OK;
    }

    /** What the credential's callbacks are told of this handshake (the version, if known, as SP_PROT bits). */
    final org.sspijsse.sspi.HandshakeInfo handshakeInfo(String serverName, Boolean tls13) {
        int prot = tls13 == null ? 0 : CipherSuiteTable.protocolBits(tls13, client);
        return new org.sspijsse.sspi.HandshakeInfo(applicationContext, serverName, prot);
    }

    /** Drops the BC protocol and peer objects once the record layer owns the traffic. */
    void releaseHandshake() {
    }

    /** Runs once our record layer owns the traffic, before the final token is delivered. */
    void onEstablished() {
    }

    /** Releases keys taken over but never installed (a context deleted at the wrong moment). */
    final void dropRecords() {
        if (records != null) {
            records.destroy();
            records = null;
        }
    }

    // ---- SecurityPackage.Context ----

    @Override
    public int encryptMessage(int qop, SecBufferDesc message, int sequenceNumber) {
        StreamMessages s = stream;
        return s == null ? noStream() : s.encrypt(qop, message);
    }

    @Override
    public int decryptMessage(SecBufferDesc message, int sequenceNumber, IntHolder qop) {
        StreamMessages s = stream;
        return s == null ? noStream() : s.decrypt(message, qop);
    }

    /** Encrypt/Decrypt before the handshake completed or after a failure. */
    private int noStream() {
        Lifecycle st = state;
        return st == Lifecycle.FAILED ? failure
                : st == Lifecycle.DELETED ? SecStatus.SEC_E_INVALID_HANDLE : SecStatus.SEC_E_CONTEXT_EXPIRED;
    }

    @Override
    public int queryContextAttributes(int attribute, Holder<Object> buffer) {
        synchronized (lock) {
            return ContextAttributes.query(this, attribute, buffer);
        }
    }

    @Override
    public int applyControlToken(SecBufferDesc input) {
        synchronized (lock) {
            return control.apply(this, input);
        }
    }

    @Override
    public void delete() {
        synchronized (lock) {
            state = Lifecycle.DELETED;
            StreamMessages s = stream;
            stream = null;
            if (s != null) {
                s.destroy();
            }
            dropRecords();
            record = null;
            onDelete();
        }
    }

    /** A TLS 1.3 NewSessionTicket processed by ISC after DecryptMessage handed it back (client only). */
    void onNewSessionTicket(byte[] message) {
    }

    /** Releases what a subclass holds (resumption secrets). */
    void onDelete() {
    }
}
