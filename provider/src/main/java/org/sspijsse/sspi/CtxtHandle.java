package org.sspijsse.sspi;

/**
 * {@code CtxtHandle}: allocated by the caller, filled in by the first
 * InitializeSecurityContext / AcceptSecurityContext call that creates a context, invalid again
 * after {@link Sspi#deleteSecurityContext}. A second handle filled in by a later call
 * ({@code phNewContext} other than {@code phContext}) names the same context.
 */
public final class CtxtHandle {
    volatile HandleSlot<SecurityPackage.Context> slot;

    public CtxtHandle() {
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
