package org.sspijsse.sspi;

/**
 * The service-provider side of the function table: what a security package implements so that
 * {@link Sspi} can dispatch to it by name, as {@code secur32.dll} dispatches to {@code schannel.dll}.
 * Packages are found with {@link java.util.ServiceLoader}. Handles never reach a package: {@link Sspi}
 * resolves them (a wrong or freed handle is {@code SEC_E_INVALID_HANDLE} before any package code
 * runs) and passes the package's own objects.
 */
public interface SecurityPackage {

    /** The name {@code acquireCredentialsHandle} is called with, e.g. "Schannel". */
    String getName();

    /** True for the other names the package answers to. */
    default boolean answersTo(String name) {
        return getName().equalsIgnoreCase(name);
    }

    int acquireCredentialsHandle(String principal, int credentialUse, Object authData,
            Holder<Credential> credential, TimeStamp expiry);

    int initializeSecurityContext(Credential credential, Context context, String targetName, int contextReq,
            SecBufferDesc input, Holder<Context> newContext, SecBufferDesc output, IntHolder contextAttr,
            TimeStamp expiry);

    int acceptSecurityContext(Credential credential, Context context, SecBufferDesc input, int contextReq,
            Holder<Context> newContext, SecBufferDesc output, IntHolder contextAttr, TimeStamp expiry);

    /**
     * InitializeSecurityContext with the caller's value from {@code phNewContext}
     * ({@link CtxtHandle#setApplicationContext}), for the context this call may create.
     */
    default int initializeSecurityContext(Credential credential, Context context, String targetName, int contextReq,
            SecBufferDesc input, Holder<Context> newContext, SecBufferDesc output, IntHolder contextAttr,
            TimeStamp expiry, Object applicationContext) {
        return initializeSecurityContext(credential, context, targetName, contextReq, input, newContext, output,
                contextAttr, expiry);
    }

    /** AcceptSecurityContext with the caller's value from {@code phNewContext}. */
    default int acceptSecurityContext(Credential credential, Context context, SecBufferDesc input, int contextReq,
            Holder<Context> newContext, SecBufferDesc output, IntHolder contextAttr, TimeStamp expiry,
            Object applicationContext) {
        return acceptSecurityContext(credential, context, input, contextReq, newContext, output, contextAttr, expiry);
    }

    /** Credentials of one package. */
    interface Credential {
        void free();
    }

    /** A security context of one package. */
    interface Context {
        int encryptMessage(int qop, SecBufferDesc message, int sequenceNumber);

        int decryptMessage(SecBufferDesc message, int sequenceNumber, IntHolder qop);

        int queryContextAttributes(int attribute, Holder<Object> buffer);

        int applyControlToken(SecBufferDesc input);

        /** DeleteSecurityContext: releases everything; later calls see an invalid handle. */
        void delete();
    }
}
