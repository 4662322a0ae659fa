package org.sspijsse.sspi;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The SSPI function table ({@code SecurityFunctionTable}) as static methods. Names, parameters and
 * statuses are Windows' own (Java-cased method names; the {@code Reserved1}, {@code Reserved2} and
 * {@code TargetDataRep} parameters, which Schannel ignores, are left out), so a C loop over
 * {@code InitializeSecurityContext} ports line by line.
 *
 * <p>Every function returns a {@link SecStatus} value and never throws: a null or freed handle is
 * {@code SEC_E_INVALID_HANDLE}, and anything a package did not expect is {@code SEC_E_INTERNAL_ERROR}.
 * Packages are found by name through {@link ServiceLoader}; this project's Schannel registers as
 * "Schannel" (also "Microsoft Unified Security Protocol Provider").
 */
public final class Sspi {
    private static final System.Logger LOG = System.getLogger(Sspi.class.getName());
    private static final List<SecurityPackage> PACKAGES = new CopyOnWriteArrayList<>();

    static {
        for (SecurityPackage p : ServiceLoader.load(SecurityPackage.class, Sspi.class.getClassLoader())) {
            PACKAGES.add(p);
        }
    }

    private Sspi() {
    }

    /** Registers a package by hand (for a package not on the service path). */
    public static void registerPackage(SecurityPackage pkg) {
        PACKAGES.add(0, pkg);
    }

    static SecurityPackage findPackage(String name) {
        if (name == null) {
            return null;
        }
        for (SecurityPackage p : PACKAGES) {
            if (p.answersTo(name)) {
                return p;
            }
        }
        return null;
    }

    /**
     * AcquireCredentialsHandle. {@code pAuthData} is a {@link SchannelCredentials} for Schannel
     * (null: an anonymous client credential).
     */
    public static int acquireCredentialsHandle(String pszPrincipal, String pszPackage, int fCredentialUse,
            Object pAuthData, CredHandle phCredential, TimeStamp ptsExpiry) {
        if (phCredential == null) {
            return SecStatus.SEC_E_INVALID_HANDLE;
        }
        SecurityPackage pkg = findPackage(pszPackage);
        if (pkg == null) {
            return SecStatus.SEC_E_SECPKG_NOT_FOUND;
        }
        try {
            Holder<SecurityPackage.Credential> out = new Holder<>();
            int status = pkg.acquireCredentialsHandle(pszPrincipal, fCredentialUse, pAuthData, out, ptsExpiry);
            if (status == SecStatus.SEC_E_OK) {
                phCredential.slot = new HandleSlot<>(pkg, out.value);
            }
            return status;
        } catch (RuntimeException e) {
            return internalError("AcquireCredentialsHandle", e);
        }
    }

    /** FreeCredentialsHandle. Contexts made from the credential live on. */
    public static int freeCredentialsHandle(CredHandle phCredential) {
        HandleSlot<SecurityPackage.Credential> slot = phCredential == null ? null : phCredential.slot;
        SecurityPackage.Credential cred = slot == null ? null : slot.release();
        if (cred == null) {
            return SecStatus.SEC_E_INVALID_HANDLE;
        }
        try {
            cred.free();
            return SecStatus.SEC_E_OK;
        } catch (RuntimeException e) {
            return internalError("FreeCredentialsHandle", e);
        }
    }

    /**
     * InitializeSecurityContext (Schannel). {@code phContext} is null on the first call; the new
     * context handle goes into {@code phNewContext}, which may be the same object as
     * {@code phContext} on later calls.
     */
    public static int initializeSecurityContext(CredHandle phCredential, CtxtHandle phContext,
            String pszTargetName, int fContextReq, SecBufferDesc pInput, CtxtHandle phNewContext,
            SecBufferDesc pOutput, IntHolder pfContextAttr, TimeStamp ptsExpiry) {
        return establish(true, phCredential, phContext, pszTargetName, fContextReq, pInput, phNewContext,
                pOutput, pfContextAttr, ptsExpiry);
    }

    /**
     * AcceptSecurityContext (Schannel). {@code phContext} is null until a call has returned
     * {@code SEC_I_CONTINUE_NEEDED}.
     */
    public static int acceptSecurityContext(CredHandle phCredential, CtxtHandle phContext, SecBufferDesc pInput,
            int fContextReq, CtxtHandle phNewContext, SecBufferDesc pOutput, IntHolder pfContextAttr,
            TimeStamp ptsExpiry) {
        return establish(false, phCredential, phContext, null, fContextReq, pInput, phNewContext,
                pOutput, pfContextAttr, ptsExpiry);
    }

    private static int establish(boolean client, CredHandle phCredential, CtxtHandle phContext,
            String target, int req, SecBufferDesc in, CtxtHandle phNewContext, SecBufferDesc out,
            IntHolder attr, TimeStamp expiry) {
        HandleSlot<SecurityPackage.Context> ctxSlot = null;
        SecurityPackage.Context ctx = null;
        if (phContext != null) {
            ctxSlot = phContext.slot;
            ctx = ctxSlot == null ? null : ctxSlot.get();
            if (ctx == null) {
                return SecStatus.SEC_E_INVALID_HANDLE;
            }
        }
        SecurityPackage.Credential cred = null;
        SecurityPackage credPkg = null;
        if (phCredential != null) {
            HandleSlot<SecurityPackage.Credential> s = phCredential.slot;
            cred = s == null ? null : s.get();
            if (cred == null) {
                return SecStatus.SEC_E_INVALID_HANDLE;
            }
            credPkg = s.pkg;
        }
        if (ctx == null) {
            if (cred == null) {
                // The first call needs credentials (the seed page: "requires at least OUTBOUND
                // credentials on the first call").
                return SecStatus.SEC_E_NO_CREDENTIALS;
            }
            if (phNewContext == null) {
                // "phNewContext should never be NULL": there is nowhere to put the new context.
                return SecStatus.SEC_E_INVALID_PARAMETER;
            }
        } else if (credPkg != null && credPkg != ctxSlot.pkg) {
            return SecStatus.SEC_E_WRONG_CREDENTIAL_HANDLE;
        }
        SecurityPackage pkg = ctx != null ? ctxSlot.pkg : credPkg;
        Holder<SecurityPackage.Context> newCtx = new Holder<>();
        try {
            Object app = phNewContext == null ? null : phNewContext.getApplicationContext();
            int status = client
                    ? pkg.initializeSecurityContext(cred, ctx, target, req, in, newCtx, out, attr, expiry, app)
                    : pkg.acceptSecurityContext(cred, ctx, in, req, newCtx, out, attr, expiry, app);
            if (newCtx.value != null && phNewContext != null) {
                if (ctx != null && newCtx.value == ctx) {
                    phNewContext.slot = ctxSlot;
                } else {
                    phNewContext.slot = new HandleSlot<>(pkg, newCtx.value);
                }
            }
            return status;
        } catch (RuntimeException e) {
            return internalError(client ? "InitializeSecurityContext" : "AcceptSecurityContext", e);
        }
    }

    /** EncryptMessage (Schannel), stream mode: {@code [STREAM_HEADER, DATA, STREAM_TRAILER, EMPTY]}. */
    public static int encryptMessage(CtxtHandle phContext, int fQOP, SecBufferDesc pMessage, int messageSeqNo) {
        SecurityPackage.Context ctx = context(phContext);
        if (ctx == null) {
            return SecStatus.SEC_E_INVALID_HANDLE;
        }
        try {
            return ctx.encryptMessage(fQOP, pMessage, messageSeqNo);
        } catch (RuntimeException e) {
            return internalError("EncryptMessage", e);
        }
    }

    /** DecryptMessage (Schannel), stream mode: {@code [DATA, EMPTY, EMPTY, EMPTY]}, one record per call. */
    public static int decryptMessage(CtxtHandle phContext, SecBufferDesc pMessage, int messageSeqNo,
            IntHolder pfQOP) {
        SecurityPackage.Context ctx = context(phContext);
        if (ctx == null) {
            return SecStatus.SEC_E_INVALID_HANDLE;
        }
        try {
            return ctx.decryptMessage(pMessage, messageSeqNo, pfQOP);
        } catch (RuntimeException e) {
            return internalError("DecryptMessage", e);
        }
    }

    /** QueryContextAttributes: the attribute's structure (see {@link SecPkgContext}) in {@code pBuffer}. */
    public static int queryContextAttributes(CtxtHandle phContext, int ulAttribute, Holder<Object> pBuffer) {
        SecurityPackage.Context ctx = context(phContext);
        if (ctx == null) {
            return SecStatus.SEC_E_INVALID_HANDLE;
        }
        if (pBuffer == null) {
            return SecStatus.SEC_E_INVALID_PARAMETER;
        }
        try {
            return ctx.queryContextAttributes(ulAttribute, pBuffer);
        } catch (RuntimeException e) {
            return internalError("QueryContextAttributes", e);
        }
    }

    /** ApplyControlToken: {@code SCHANNEL_SHUTDOWN}, {@code SCHANNEL_ALERT}, {@code SCHANNEL_SESSION}... */
    public static int applyControlToken(CtxtHandle phContext, SecBufferDesc pInput) {
        SecurityPackage.Context ctx = context(phContext);
        if (ctx == null) {
            return SecStatus.SEC_E_INVALID_HANDLE;
        }
        try {
            return ctx.applyControlToken(pInput);
        } catch (RuntimeException e) {
            return internalError("ApplyControlToken", e);
        }
    }

    /** DeleteSecurityContext: every handle naming the context becomes invalid. */
    public static int deleteSecurityContext(CtxtHandle phContext) {
        HandleSlot<SecurityPackage.Context> slot = phContext == null ? null : phContext.slot;
        SecurityPackage.Context ctx = slot == null ? null : slot.release();
        if (ctx == null) {
            return SecStatus.SEC_E_INVALID_HANDLE;
        }
        try {
            ctx.delete();
            return SecStatus.SEC_E_OK;
        } catch (RuntimeException e) {
            return internalError("DeleteSecurityContext", e);
        }
    }

    /**
     * FreeContextBuffer: releases an output buffer the package allocated
     * ({@code ISC_REQ_ALLOCATE_MEMORY}); the buffer is left with no memory and cbBuffer 0.
     */
    public static int freeContextBuffer(SecBuffer pvContextBuffer) {
        if (pvContextBuffer == null || !pvContextBuffer.isPackageAllocated()) {
            return SecStatus.SEC_E_INVALID_HANDLE;
        }
        pvContextBuffer.set(null, 0, 0);
        return SecStatus.SEC_E_OK;
    }

    private static SecurityPackage.Context context(CtxtHandle h) {
        HandleSlot<SecurityPackage.Context> slot = h == null ? null : h.slot;
        return slot == null ? null : slot.get();
    }

    private static int internalError(String function, RuntimeException e) {
        // The package broke its contract; the caller still gets a status, never an exception.
        LOG.log(Level.ERROR, function + " failed unexpectedly: SEC_E_INTERNAL_ERROR", e);
        return SecStatus.SEC_E_INTERNAL_ERROR;
    }
}
