package org.sspijsse.cli;

import static org.sspijsse.sspi.SecBufferType.SECBUFFER_TOKEN;
import static org.sspijsse.sspi.SecStatus.SEC_I_CONTINUE_NEEDED;

import java.io.IOException;
import java.util.List;
import org.sspijsse.sspi.CredHandle;
import org.sspijsse.sspi.IscReq;
import org.sspijsse.sspi.IscRet;
import org.sspijsse.sspi.SchannelConstants;
import org.sspijsse.sspi.SchannelCredentials;
import org.sspijsse.sspi.SecApplicationProtocols;
import org.sspijsse.sspi.SecBuffer;
import org.sspijsse.sspi.SecBufferDesc;
import org.sspijsse.sspi.Sspi;

/**
 * A TLS client written the way a C program drives Schannel: AcquireCredentialsHandle, an
 * InitializeSecurityContext loop that reads more on {@code SEC_E_INCOMPLETE_MESSAGE} and keeps the
 * {@code SECBUFFER_EXTRA} tail, EncryptMessage / DecryptMessage for application data, and
 * ApplyControlToken + InitializeSecurityContext for the close_notify (the parts shared with the
 * server are in {@link SspiConnection}). Every call is printed by {@link SspiTrace}.
 */
final class ClientLoop extends SspiConnection {
    /** The request flags curl passes (0x811C); Windows returns the same bits. */
    static final int ISC_FLAGS = IscReq.ISC_REQ_SEQUENCE_DETECT | IscReq.ISC_REQ_REPLAY_DETECT
            | IscReq.ISC_REQ_CONFIDENTIALITY | IscReq.ISC_REQ_ALLOCATE_MEMORY | IscReq.ISC_REQ_STREAM;

    private int contextReq = ISC_FLAGS;
    private String targetName;
    private boolean started;

    ClientLoop(String packageName, SspiTrace trace) {
        super(packageName, trace, new CredHandle(), true);
    }

    /** AcquireCredentialsHandle(NULL, "Schannel", SECPKG_CRED_OUTBOUND, creds, &cred, &expiry). */
    void acquireCredentials(SchannelCredentials creds) throws SspiCallException {
        acquire(trace, packageName, SchannelConstants.SECPKG_CRED_OUTBOUND, creds, cred);
    }

    /**
     * The handshake: a first ISC with no context (ALPN offered here only), then ISC with
     * {@code [TOKEN, EMPTY]} until {@code SEC_E_OK}.
     */
    void handshake(String pszTargetName, List<String> alpn) throws IOException, SspiCallException {
        this.targetName = pszTargetName;
        SecBufferDesc first = alpn.isEmpty()
                ? new SecBufferDesc(new SecBuffer(SECBUFFER_TOKEN), SecBuffer.empty())
                : new SecBufferDesc(new SecBuffer(SECBUFFER_TOKEN), SecBuffer.empty(),
                        SecApplicationProtocols.alpnBuffer(alpn.toArray(new String[0])));
        int status = exchange(first);
        if (status != SEC_I_CONTINUE_NEEDED) {
            throw new SspiCallException("InitializeSecurityContext", status, "expected SEC_I_CONTINUE_NEEDED");
        }
        continueHandshake(false);
        int expected = IscRet.ISC_RET_SEQUENCE_DETECT | IscRet.ISC_RET_REPLAY_DETECT | IscRet.ISC_RET_CONFIDENTIALITY
                | IscRet.ISC_RET_ALLOCATED_MEMORY | IscRet.ISC_RET_STREAM;
        trace.note(String.format("context attributes 0x%X%s", contextAttr.value,
                (contextAttr.value & expected) == expected ? "" : String.format(" (lacks 0x%X)",
                        expected & ~contextAttr.value)));
    }

    @Override
    String handshakeFunction() {
        return "InitializeSecurityContext";
    }

    @Override
    SecBufferDesc handshakeInput() {
        return tokenAndEmpty();
    }

    /** ISC; phContext is NULL on the first call only. */
    @Override
    int callHandshake(SecBufferDesc input, SecBufferDesc output) {
        int status = Sspi.initializeSecurityContext(cred, started ? ctx : null, targetName, contextReq, input, ctx,
                output, contextAttr, expiry);
        started = true;
        return status;
    }

    /** The server asked for a certificate we do not have: go on without one (curl's way). */
    @Override
    boolean onIncompleteCredentials() {
        trace.note("server asked for a client certificate: retrying with ISC_REQ_USE_SUPPLIED_CREDS");
        contextReq |= IscReq.ISC_REQ_USE_SUPPLIED_CREDS;
        return true;
    }
}
