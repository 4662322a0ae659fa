package org.sspijsse.schannel;

import static org.sspijsse.sspi.AscReq.*;
import static org.sspijsse.sspi.AscRet.*;

import java.io.IOException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsProtocol;
import org.bouncycastle.tls.TlsSession;
import org.bouncycastle.tls.TlsUtils;
import org.sspijsse.sspi.Holder;
import org.sspijsse.sspi.IntHolder;
import org.sspijsse.sspi.SchannelConstants;
import org.sspijsse.sspi.SecApplicationProtocols;
import org.sspijsse.sspi.SecBuffer;
import org.sspijsse.sspi.SecBufferDesc;
import org.sspijsse.sspi.SecBufferType;
import org.sspijsse.sspi.SecStatus;
import org.sspijsse.sspi.SecurityPackage;
import org.sspijsse.sspi.TimeStamp;

/**
 * The server security context: AcceptSecurityContext (Schannel) over BC's non-blocking server,
 * sharing the core step with the client ({@link SchannelContext}). AcceptSecurityContext is called
 * with phContext NULL until a call returned SEC_I_CONTINUE_NEEDED: a first call that consumed
 * nothing (SEC_E_INCOMPLETE_MESSAGE) or failed hands out no context (SSPI-FACTS.md, server loop).
 */
final class ServerContext extends SchannelContext {
    /** What a successful ASC always reports (the ASC bits of REPLAY|SEQUENCE|CONFIDENTIALITY|STREAM). */
    static final int ALWAYS_RETURNED = ASC_RET_REPLAY_DETECT | ASC_RET_SEQUENCE_DETECT | ASC_RET_CONFIDENTIALITY
            | ASC_RET_STREAM;

    final List<byte[]> alpn;
    int contextReq;
    /** BC's protocol and our peer over it: null once the handshake is done ({@link #releaseHandshake}). */
    private BcResumption.ServerProtocol protocol = new BcResumption.ServerProtocol();
    private final ServerResumption resumption = new ServerResumption(this);
    private SspiTlsServer tls;
    private boolean clientCertificateReceived;

    private ServerContext(SchannelCredential credential, int contextReq, List<byte[]> alpn) {
        super(credential, false);
        this.contextReq = contextReq;
        this.alpn = alpn;
        this.tls = new SspiTlsServer(this);
    }

    /** The first ASC call: the client's first bytes (and the server's ALPN preference list). */
    static int accept(SchannelCredential credential, int contextReq, SecBufferDesc in,
            Holder<SecurityPackage.Context> newContext, SecBufferDesc out, IntHolder attr, TimeStamp expiry,
            Object applicationContext) {
        if ((contextReq & ASC_REQ_DELEGATE) != 0) {
            return SecStatus.SEC_E_UNSUPPORTED_FUNCTION;
        }
        if (!credential.isInbound()) {
            return SecStatus.SEC_E_NO_CREDENTIALS;
        }
        if (in == null) {
            return SecStatus.SEC_E_INVALID_TOKEN;
        }
        List<byte[]> alpn = null;
        SecBuffer protocols = in.find(SecBufferType.SECBUFFER_APPLICATION_PROTOCOLS);
        if (protocols != null) {
            alpn = SecApplicationProtocols.parseAlpn(protocols);
            if (alpn == null) {
                return SecStatus.SEC_E_INVALID_TOKEN;
            }
        }
        ServerContext ctx = new ServerContext(credential, contextReq, alpn);
        ctx.applicationContext = applicationContext;
        try {
            ctx.protocol.accept(ctx.tls);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "server could not start", e);
            return SecStatus.SEC_E_INTERNAL_ERROR;
        }
        int status = ctx.handshakeStep(in, out, contextReq, (contextReq & ASC_REQ_ALLOCATE_MEMORY) != 0, attr, expiry);
        // Only a call that made progress hands out the context. After SEC_E_INSUFFICIENT_MEMORY the
        // caller repeats the first call (phContext still NULL) and a new context answers the same
        // ClientHello: nothing is lost.
        if (status == SecStatus.SEC_I_CONTINUE_NEEDED || status == SecStatus.SEC_E_OK) {
            newContext.value = ctx;
        }
        return status;
    }

    int next(SchannelCredential newCredential, int req, SecBufferDesc in, SecBufferDesc out, IntHolder attr,
            TimeStamp expiry) {
        synchronized (lock) {
            if (newCredential != null && newCredential != credential && !newCredential.isInbound()) {
                return SecStatus.SEC_E_NO_CREDENTIALS;
            }
            contextReq = req;
        }
        return handshakeStep(in, out, req, (req & ASC_REQ_ALLOCATE_MEMORY) != 0, attr, expiry);
    }

    @Override
    TlsProtocol protocol() {
        return protocol;
    }

    @Override
    boolean acceptsApplicationProtocols() {
        return true;
    }

    /** ASC_REQ_MUTUAL_AUTH makes the server ask for a client certificate (SSPI-FACTS.md, server loop). */
    boolean asksForClientCertificate() {
        return (contextReq & ASC_REQ_MUTUAL_AUTH) != 0;
    }

    /**
     * With ASC_REQ_MUTUAL_AUTH a client certificate is required, unless ASC_REQ_ALLOW_NULL_SESSION
     * is also given: then a client may send none (optional client authentication).
     */
    boolean requiresClientCertificate() {
        return asksForClientCertificate() && (contextReq & ASC_REQ_ALLOW_NULL_SESSION) == 0;
    }

    void checkClient(X509Certificate[] chain, boolean tls13) throws IOException {
        if (chain.length == 0) {
            if (requiresClientCertificate()) {
                // RFC 8446 §4.4.2.4: certificate_required; RFC 5246 §7.4.6: handshake_failure.
                callbackStatus = SecStatus.SEC_E_NO_CREDENTIALS;
                throw new TlsFatalAlert(tls13 ? AlertDescription.certificate_required : AlertDescription.handshake_failure,
                        "client certificate required");
            }
            return;
        }
        negotiated.peerChain = chain;
        try {
            credential.validator().checkClientTrusted(chain.clone(), "UNKNOWN", handshakeInfo(tls.sniName(), tls13));
        } catch (CertificateException e) {
            CertificateFailures.Failure f = CertificateFailures.classify(e);
            callbackStatus = f.status();
            throw new TlsFatalAlert(f.alert(), "client certificate rejected", e);
        }
        int usage = CertificateFailures.checkExtendedKeyUsage(chain[0], false);
        if (usage != SecStatus.SEC_E_OK) {
            callbackStatus = usage;
            throw new TlsFatalAlert(AlertStatusMap.alertForStatus(usage, tls13));
        }
        clientCertificateReceived = true;
    }

    /** A new random session id (RFC 5246 §7.4.1.3), or none when reconnects are disabled. */
    byte[] newSessionId() {
        if (!reconnectsEnabled()) {
            return null;
        }
        byte[] id = new byte[32];
        CryptoFactory.random().nextBytes(id);
        return id;
    }

    TlsSession sessionToResume(byte[] sessionId) {
        if (sessionId == null || sessionId.length == 0 || !reconnectsEnabled()) {
            return null;
        }
        TlsSession s = credential.serverSessions.find(key(sessionId), System.currentTimeMillis());
        // A session made with a client certificate resumes only where one is still acceptable, and a
        // required one must have been given (RFC 5246 §7.4.1.2 leaves the policy to the server).
        if (s != null && requiresClientCertificate() && s.exportSessionParameters().getPeerCertificate() == null) {
            return null;
        }
        return s;
    }

    /** SCH_CRED_DISABLE_RECONNECTS, or a negative dwSessionLifespan, turns server resumption off. */
    private boolean reconnectsEnabled() {
        return !credential.hasFlag(SchannelConstants.SCH_CRED_DISABLE_RECONNECTS) && credential.sessionLifespanMs > 0;
    }

    private static String key(byte[] sessionId) {
        return Base64.getEncoder().encodeToString(sessionId);
    }

    /** Inside BC's notifyHandshakeComplete: our record layer takes over; a TLS 1.2 session is cached. */
    void onHandshakeComplete(TlsContext context) throws IOException {
        org.bouncycastle.tls.SecurityParameters sp = context.getSecurityParametersConnection();
        if (sp.isResumedSession() && negotiated.localCertificate == null) {
            // No certificate was chosen in an abbreviated handshake: the session's is ours
            // (SECPKG_ATTR_LOCAL_CERT_CONTEXT, and the ptsExpiry fallback of takeOver).
            negotiated.localCertificate = credentialCertificate(sp.getLocalCertificate());
        }
        takeOver(context, alpn != null && !alpn.isEmpty(), tls.sniName());
        if (negotiated.tls13 && resumption.accepted() != null) {
            // RFC 8446 §2.2: a resumed handshake carries no certificates; report those of the original.
            negotiated.resumed = true;
            java.security.cert.X509Certificate[] chain = resumption.accepted().peerChain();
            if (chain != null && chain.length > 0) {
                negotiated.peerChain = chain;
            }
        }
        clientCertificateReceived |= negotiated.resumed && negotiated.peerChain != null && negotiated.peerChain.length > 0;
        if (!negotiated.tls13 && !negotiated.resumed && reconnectsEnabled()) {
            TlsSession s = context.getResumableSession();
            if (s != null && s.getSessionID().length > 0) {
                // Kept for dwSessionLifespan (0: ten hours), in a cache of bounded size.
                credential.serverSessions.put(key(s.getSessionID()), s,
                        System.currentTimeMillis() + credential.sessionLifespanMs);
            }
        }
    }

    /** The final ASC's token carries TLS 1.3's NewSessionTicket (SSPI-FACTS.md, server loop). */
    @Override
    void onEstablished() {
        byte[] ticket = resumption.newSessionTicketRecords(protocol.resumptionMasterSecret(), stream.records());
        if (ticket != null) {
            output.write(ticket, 0, ticket.length);
        }
    }

    @Override
    void releaseHandshake() {
        protocol = null;
        tls = null;
    }

    ServerResumption resumption() {
        return resumption;
    }

    BcResumption.ServerProtocol bcProtocol() {
        return protocol;
    }

    /** Our credential's certificate context whose end entity is the first of {@code cert}, or null. */
    private org.sspijsse.sspi.CertContext credentialCertificate(org.bouncycastle.tls.Certificate cert) {
        if (cert == null || cert.isEmpty()) {
            return null;
        }
        try {
            byte[] der = cert.getCertificateAt(0).getEncoded();
            for (org.sspijsse.sspi.CertContext cc : credential.certificates) {
                if (java.util.Arrays.equals(der, cc.getCertificate().getEncoded())) {
                    return cc;
                }
            }
        } catch (IOException | java.security.cert.CertificateEncodingException e) {
            LOG.log(System.Logger.Level.DEBUG, "resumed session certificate not matched", e);
        }
        return null;
    }

    @Override
    int returnFlags(int req, int status) {
        int f = ALWAYS_RETURNED;
        if ((req & ASC_REQ_ALLOCATE_MEMORY) != 0) {
            f |= ASC_RET_ALLOCATED_MEMORY;
        }
        if ((req & ASC_REQ_EXTENDED_ERROR) != 0) {
            f |= ASC_RET_EXTENDED_ERROR;
        }
        if ((req & ASC_REQ_CONNECTION) != 0) {
            f |= ASC_RET_CONNECTION;
        }
        if (status == SecStatus.SEC_E_OK && clientCertificateReceived) {
            f |= ASC_RET_MUTUAL_AUTH;
        }
        return f;
    }
}
