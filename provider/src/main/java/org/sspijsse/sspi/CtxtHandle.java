package org.sspijsse.sspi;

/**
 * {@code CtxtHandle}: allocated by the caller, filled in by the first
 * InitializeSecurityContext / AcceptSecurityContext call that creates a context, invalid again
 * after {@link Sspi#deleteSecurityContext}. A second handle filled in by a later call
 * ({@code phNewContext} other than {@code phContext}) names the same context.
 */
public final class CtxtHandle {
    volatile HandleSlot<SecurityPackage.Context> slot;
    private volatile Object applicationContext;

    public CtxtHandle() {
    }

    /**
     * A value of the caller's own, given to the credential's callbacks in {@link HandshakeInfo}
     * when the handle is the {@code phNewContext} of the call that creates the context. Set it
     * before that first ISC/ASC call; the package never reads or changes it otherwise.
     */
    public void setApplicationContext(Object value) {
        this.applicationContext = value;
    }

    public Object getApplicationContext() {
        return applicationContext;
    }

    /** True while the handle refers to a live context. */
    public boolean isValid() {
        HandleSlot<?> s = slot;
        return s != null && s.isLive();
    }

    @Override
    public String toString() {
        return "CtxtHandle[" + (isValid() ? slot.pkg.getName() : "invalid") + "]";
    }
}
