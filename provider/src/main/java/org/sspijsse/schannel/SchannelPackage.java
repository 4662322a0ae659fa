package org.sspijsse.schannel;

import org.sspijsse.sspi.Holder;
import org.sspijsse.sspi.IntHolder;
import org.sspijsse.sspi.SchannelConstants;
import org.sspijsse.sspi.SecBufferDesc;
import org.sspijsse.sspi.SecStatus;
import org.sspijsse.sspi.SecurityPackage;
import org.sspijsse.sspi.TimeStamp;

/**
 * The Schannel security package ("Schannel", also "Microsoft Unified Security Protocol Provider"),
 * registered with {@link org.sspijsse.sspi.Sspi} through {@link java.util.ServiceLoader}.
 */
public final class SchannelPackage implements SecurityPackage {

    public SchannelPackage() {
    }

    @Override
    public String getName() {
        return SchannelConstants.SCHANNEL_NAME;
    }

    @Override
    public boolean answersTo(String name) {
        return SchannelConstants.SCHANNEL_NAME.equalsIgnoreCase(name)
                || SchannelConstants.UNISP_NAME.equalsIgnoreCase(name);
    }

    @Override
    public int acquireCredentialsHandle(String principal, int credentialUse, Object authData,
            Holder<Credential> credential, TimeStamp expiry) {
        SchannelCredential[] out = new SchannelCredential[1];
        int status = SchannelCredential.acquire(credentialUse, authData, out);
        if (status == SecStatus.SEC_E_OK) {
            credential.value = out[0];
            if (expiry != null) {
                expiry.value = out[0].expiry();
            }
        }
        return status;
    }

    @Override
    public int initializeSecurityContext(Credential credential, Context context, String targetName, int contextReq,
            SecBufferDesc input, Holder<Context> newContext, SecBufferDesc output, IntHolder contextAttr,
            TimeStamp expiry) {
        return initializeSecurityContext(credential, context, targetName, contextReq, input, newContext, output,
                contextAttr, expiry, null);
    }

    @Override
    public int acceptSecurityContext(Credential credential, Context context, SecBufferDesc input, int contextReq,
            Holder<Context> newContext, SecBufferDesc output, IntHolder contextAttr, TimeStamp expiry) {
        return acceptSecurityContext(credential, context, input, contextReq, newContext, output, contextAttr, expiry,
                null);
    }

    @Override
    public int initializeSecurityContext(Credential credential, Context context, String targetName, int contextReq,
            SecBufferDesc input, Holder<Context> newContext, SecBufferDesc output, IntHolder contextAttr,
            TimeStamp expiry, Object applicationContext) {
        SchannelCredential cred = (SchannelCredential) credential;
        if (context == null) {
            return ClientContext.initialize(cred, targetName, contextReq, input, newContext, output, contextAttr, expiry,
                    applicationContext);
        }
        if (!(context instanceof ClientContext)) {
            // A server context handed to InitializeSecurityContext.
            return SecStatus.SEC_E_INVALID_HANDLE;
        }
        ClientContext c = (ClientContext) context;
        int status = c.next(cred, contextReq, input, output, contextAttr, expiry);
        if (status != SecStatus.SEC_E_INCOMPLETE_MESSAGE) {
            // SSPI-FACTS.md: on SEC_E_INCOMPLETE_MESSAGE phNewContext is left untouched.
            newContext.value = c;
        }
        return status;
    }

    @Override
    public int acceptSecurityContext(Credential credential, Context context, SecBufferDesc input, int contextReq,
            Holder<Context> newContext, SecBufferDesc output, IntHolder contextAttr, TimeStamp expiry,
            Object applicationContext) {
        SchannelCredential cred = (SchannelCredential) credential;
        if (context == null) {
            return ServerContext.accept(cred, contextReq, input, newContext, output, contextAttr, expiry,
                    applicationContext);
        }
        if (!(context instanceof ServerContext)) {
            // A client context handed to AcceptSecurityContext.
            return SecStatus.SEC_E_INVALID_HANDLE;
        }
        ServerContext s = (ServerContext) context;
        newContext.value = s;
        return s.next(cred, contextReq, input, output, contextAttr, expiry);
    }
}
