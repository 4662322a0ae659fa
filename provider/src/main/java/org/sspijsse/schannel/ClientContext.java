package org.sspijsse.schannel;

import static org.sspijsse.sspi.IscReq.*;
import static org.sspijsse.sspi.IscRet.*;

import java.io.IOException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Vector;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsProtocol;
import org.bouncycastle.tls.TlsSession;
import org.bouncycastle.tls.TlsUtils;
import org.sspijsse.sspi.CertContext;
import org.sspijsse.sspi.ClientCertificateSelector;
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
 * The client security context: InitializeSecurityContext (Schannel), statement by statement of
 * Microsoft's page (shared/seeds/000_707f1a19468fd62e.txt), over BC's non-blocking client.
 */
final class ClientContext extends SchannelContext {
    /** What Windows returns on every successful ISC, requested or not (SSPI-FACTS.md). */
    static final int ALWAYS_RETURNED = ISC_RET_REPLAY_DETECT | ISC_RET_SEQUENCE_DETECT | ISC_RET_CONFIDENTIALITY
            | ISC_RET_STREAM;

    final String targetName;
    final List<byte[]> alpn;
    int contextReq;
    /** BC's protocol and our peer over it: null once the handshake is done ({@link #releaseHandshake}). */
    private BcResumption.ClientProtocol protocol = new BcResumption.ClientProtocol();
    private SspiTlsClient tls;
    private TlsSession offeredSession;
    /** The credential in force when the handshake stopped for credentials. */
    private SchannelCredential parkedCredential;
    /** The caller's decision after SEC_I_INCOMPLETE_CREDENTIALS, for BC's callback to return. */
    private boolean decided;
    private CertContext decision;
    /** The session this context made or resumed (TLS 1.2), for SSL_SESSION_DISABLE_RECONNECTS. */
    private volatile TlsSession session;
    /** TLS 1.3 resumption: the ticket offered, the one the server accepted, what new tickets derive from. */
    private final ClientResumption resumption = new ClientResumption(this);

    private ClientContext(SchannelCredential credential, String targetName, int contextReq, List<byte[]> alpn) {
        super(credential, true);
        this.targetName = targetName;
        this.contextReq = contextReq;
        this.alpn = alpn;
        this.tls = new SspiTlsClient(this);
        protocol.gate(this::mustAskCaller);
    }

    /** The first ISC call: no context, no input; the ClientHello in the output TOKEN. */
    static int initialize(SchannelCredential credential, String targetName, int contextReq, SecBufferDesc in,
            Holder<SecurityPackage.Context> newContext, SecBufferDesc out, IntHolder attr, TimeStamp expiry,
            Object applicationContext) {
        if ((contextReq & (ISC_REQ_DELEGATE | ISC_REQ_PROMPT_FOR_CREDS)) != 0) {
            // The seed page: "A context attribute flag that is not valid (ISC_REQ_DELEGATE or
            // ISC_REQ_PROMPT_FOR_CREDS)".
            return SecStatus.SEC_E_UNSUPPORTED_FUNCTION;
        }
        if (!credential.isOutbound()) {
            // "requires at least OUTBOUND credentials on the first call".
            return SecStatus.SEC_E_NO_CREDENTIALS;
        }
        int[] st = new int[1];
        OutputBuffers ob = OutputBuffers.check(out, (contextReq & ISC_REQ_ALLOCATE_MEMORY) != 0, st);
        if (ob == null) {
            return st[0];
        }
        List<byte[]> alpn = null;
        if (in != null) {
            for (int i = 0; i < in.getCount(); i++) {
                SecBuffer b = in.get(i);
                if (b == null) {
                    return SecStatus.SEC_E_INVALID_TOKEN;
                }
                switch (b.getBaseType()) {
                    case SecBufferType.SECBUFFER_EMPTY:
                        break;
                    case SecBufferType.SECBUFFER_TOKEN:
                        if (b.getCbBuffer() != 0) {
                            // "the value of this parameter must be NULL on the first call".
                            return SecStatus.SEC_E_INVALID_TOKEN;
                        }
                        break;
                    case SecBufferType.SECBUFFER_APPLICATION_PROTOCOLS:
                        alpn = SecApplicationProtocols.parseAlpn(b);
                        if (alpn == null) {
                            return SecStatus.SEC_E_INVALID_TOKEN;
                        }
                        break;
                    default:
                        return SecStatus.SEC_E_INVALID_TOKEN;
                }
            }
        }
        ClientContext ctx = new ClientContext(credential, targetName, contextReq, alpn);
        ctx.applicationContext = applicationContext;
        try {
            ctx.protocol.connect(ctx.tls);
        } catch (IOException e) {
            // Nothing to offer (no usable suite or version for this JVM's crypto).
            LOG.log(System.Logger.Level.DEBUG, "ClientHello could not be built", e);
            return SecStatus.SEC_E_ALGORITHM_MISMATCH;
        }
        ctx.drainOutput();
        byte[] hello = ctx.output.toByteArray();
        ctx.output.reset();
        if (!ob.tokenFits(hello.length)) {
            // No context is handed out: the same call with a larger buffer builds a new ClientHello.
            return SecStatus.SEC_E_INSUFFICIENT_MEMORY;
        }
        newContext.value = ctx;
        return ctx.finishWithToken(ob, hello, SecStatus.SEC_I_CONTINUE_NEEDED, contextReq, attr, expiry);
    }

    /** Every later ISC call. A new credential handle replaces the old one (after INCOMPLETE_CREDENTIALS). */
    int next(SchannelCredential newCredential, int req, SecBufferDesc in, SecBufferDesc out, IntHolder attr,
            TimeStamp expiry) {
        synchronized (lock) {
            if (newCredential != null && newCredential != credential) {
                if (!newCredential.isOutbound()) {
                    return SecStatus.SEC_E_NO_CREDENTIALS;
                }
                credential = newCredential;
            }
            contextReq = req;
        }
        return handshakeStep(in, out, req, (req & ISC_REQ_ALLOCATE_MEMORY) != 0, attr, expiry);
    }

    @Override
    TlsProtocol protocol() {
        return protocol;
    }

    @Override
    void releaseHandshake() {
        protocol = null;
        tls = null;
    }

    @Override
    boolean needsCredentials() {
        return protocol != null && protocol.isDeferred();
    }

    @Override
    void beforeOffer() throws IOException {
        if (state != Lifecycle.WAITING_FOR_CREDENTIALS) {
            return;
        }
        state = Lifecycle.HANDSHAKING;
        // The seed page: a new credential sends its certificate; the same credentials (or
        // ISC_REQ_USE_SUPPLIED_CREDS, curl's retry) go on without one.
        CertContext chosen = null;
        if (credential != parkedCredential && !credential.certificates.isEmpty()) {
            chosen = firstCompatible(negotiated.issuers, TlsUtils.isTLSv13(tls.tlsContext()), null, true);
        }
        decided = true;
        decision = chosen;
        protocol.resumeDeferred();
    }

    /**
     * Before BC asks for client credentials: true when Schannel's automatic choice has nothing to
     * give and the caller must be asked (SEC_I_INCOMPLETE_CREDENTIALS): no certificate of the
     * credential was issued by a CA the server named, no selector, no ISC_REQ_USE_SUPPLIED_CREDS.
     */
    private boolean mustAskCaller(org.bouncycastle.tls.CertificateRequest request, boolean tls13) {
        negotiated.issuers = SspiTlsClient.issuers(request);
        if ((contextReq & ISC_REQ_USE_SUPPLIED_CREDS) != 0
                || (credential.certificates.isEmpty() && credential.selector != null)
                || firstCompatible(negotiated.issuers, tls13, request.getSupportedSignatureAlgorithms(), false) != null) {
            return false;
        }
        parkedCredential = credential;
        return true;
    }

    /**
     * Schannel's choice of a client certificate, inside BC's callback: the caller's decision after
     * SEC_I_INCOMPLETE_CREDENTIALS; else a credential certificate a CA in the request issued (or any
     * when the request names none); with USE_SUPPLIED_CREDS any compatible one; the credential's
     * selector; otherwise none.
     */
    CertContext chooseClientCertificate(String[] keyTypes, X500Principal[] issuers, boolean tls13, Vector<?> algs) {
        if (decided) {
            decided = false;
            return decision;
        }
        CertContext cc = firstCompatible(issuers, tls13, algs, false);
        if (cc == null && (contextReq & ISC_REQ_USE_SUPPLIED_CREDS) != 0) {
            cc = firstCompatible(issuers, tls13, algs, true);
        }
        if (cc != null) {
            return cc;
        }
        ClientCertificateSelector selector = credential.selector;
        if (credential.certificates.isEmpty() && selector != null) {
            CertContext s = selector.select(keyTypes, issuers, handshakeInfo(HostNames.sniHostName(targetName), tls13));
            return s == null || s.getPrivateKey() == null ? null : s;
        }
        return null;
    }

    private CertContext firstCompatible(X500Principal[] issuers, boolean tls13, Vector<?> algs, boolean anyIssuer) {
        for (CertContext cc : credential.certificates) {
            if (algs != null && LocalCredentials.chooseScheme(cc, tls13, algs) < 0) {
                continue;
            }
            if (anyIssuer || issuers == null || issuers.length == 0 || issuedByOneOf(cc, issuers)) {
                return cc;
            }
        }
        return null;
    }

    private static boolean issuedByOneOf(CertContext cc, X500Principal[] issuers) {
        for (X509Certificate c : cc.getChain()) {
            for (X500Principal p : issuers) {
                if (p.equals(c.getIssuerX500Principal()) || p.equals(c.getSubjectX500Principal())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Schannel's automatic server validation, unless the caller validates by hand. */
    void checkServer(X509Certificate[] chain, String authType) throws IOException {
        negotiated.peerChain = chain;
        if ((contextReq & ISC_REQ_MANUAL_CRED_VALIDATION) != 0
                || credential.hasFlag(SchannelConstants.SCH_CRED_MANUAL_CRED_VALIDATION)) {
            return;
        }
        if (chain.length == 0) {
            callbackStatus = SecStatus.SEC_E_CERT_UNKNOWN;
            throw new TlsFatalAlert(AlertDescription.certificate_unknown, "empty server certificate chain");
        }
        try {
            credential.validator().checkServerTrusted(chain.clone(), authType, targetName,
                    handshakeInfo(HostNames.sniHostName(targetName), TlsUtils.isTLSv13(tls.tlsContext())));
        } catch (CertificateException e) {
            CertificateFailures.Failure f = CertificateFailures.classify(e);
            callbackStatus = f.status();
            throw new TlsFatalAlert(f.alert(), "server certificate rejected", e);
        }
        int usage = CertificateFailures.checkExtendedKeyUsage(chain[0], true);
        if (usage != SecStatus.SEC_E_OK) {
            callbackStatus = usage;
            throw new TlsFatalAlert(AlertStatusMap.alertForStatus(usage, negotiated.tls13));
        }
        if (targetName != null && !targetName.isEmpty()
                && !credential.hasFlag(SchannelConstants.SCH_CRED_NO_SERVERNAME_CHECK)
                && !HostnameChecker.matches(chain[0], targetName)) {
            // RFC 6125 §6: the certificate does not name pszTargetName.
            callbackStatus = SecStatus.SEC_E_WRONG_PRINCIPAL;
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "certificate does not match " + targetName);
        }
    }

    /** The TLS 1.2 session to offer: same target, same credential handle, unexpired. */
    TlsSession sessionToResume() {
        if (credential.sessionLifespanMs <= 0 || !credential.tls12) {
            return null;
        }
        offeredSession = credential.clientSessions.find(targetName, System.currentTimeMillis());
        return offeredSession;
    }

    /** Inside BC's notifyHandshakeComplete: our record layer takes over; a TLS 1.2 session is cached. */
    void onHandshakeComplete(TlsContext context) throws IOException {
        takeOver(context, alpn != null && !alpn.isEmpty(), HostNames.sniHostName(targetName));
        resumption.onHandshakeComplete(protocol.resumptionMasterSecret());
        session = context.getResumableSession();
        if (!negotiated.tls13 && !negotiated.resumed && credential.sessionLifespanMs > 0 && session != null) {
            credential.clientSessions.put(targetName, session, System.currentTimeMillis() + credential.sessionLifespanMs);
        }
    }

    /** ApplyControlToken(SCHANNEL_SESSION, SSL_SESSION_DISABLE_RECONNECTS): forget this session. */
    void dropSession() {
        credential.clientSessions.remove(targetName, session);
        resumption.disableReconnects();
    }

    ClientResumption resumption() {
        return resumption;
    }

    BcResumption.ClientProtocol bcProtocol() {
        return protocol;
    }

    /** A NewSessionTicket DecryptMessage handed back and ISC processed (RFC 8446 §4.6.1). */
    @Override
    void onNewSessionTicket(byte[] message) {
        resumption.onNewSessionTicket(message);
    }

    @Override
    int returnFlags(int req, int status) {
        int f = ALWAYS_RETURNED;
        if ((req & ISC_REQ_USE_SUPPLIED_CREDS) != 0) {
            f |= ISC_RET_USED_SUPPLIED_CREDS;
        }
        if ((req & ISC_REQ_ALLOCATE_MEMORY) != 0) {
            f |= ISC_RET_ALLOCATED_MEMORY;
        }
        if ((req & ISC_REQ_MANUAL_CRED_VALIDATION) != 0) {
            f |= ISC_RET_MANUAL_CRED_VALIDATION;
        }
        if ((req & ISC_REQ_EXTENDED_ERROR) != 0) {
            f |= ISC_RET_EXTENDED_ERROR;
        }
        if ((req & ISC_REQ_CONNECTION) != 0) {
            f |= ISC_RET_CONNECTION;
        }
        // Security-related: final only at SEC_E_OK (the seed page, pfContextAttr).
        if (status == SecStatus.SEC_E_OK && (req & ISC_REQ_MUTUAL_AUTH) != 0 && negotiated.localCertificate != null) {
            f |= ISC_RET_MUTUAL_AUTH;
        }
        return f;
    }

    @Override
    void onDelete() {
        resumption.destroy();
    }
}
