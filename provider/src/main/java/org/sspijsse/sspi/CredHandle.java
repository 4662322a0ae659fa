package org.sspijsse.sspi;

/**
 * {@code CredHandle}: allocated by the caller, filled in by {@link Sspi#acquireCredentialsHandle},
 * invalid again after {@link Sspi#freeCredentialsHandle}. Its identity is part of the Schannel
 * session-cache key: keep one handle per peer to resume sessions.
 */
public final class CredHandle {
    volatile HandleSlot<SecurityPackage.Credential> slot;

    public CredHandle() {
    }

    /** True while the handle refers to live credentials. */
    public boolean isValid() {
        HandleSlot<?> s = slot;
        return s != null && s.isLive();
    }

    @Override
    public String toString() {
        return "CredHandle[" + (isValid() ? slot.pkg.getName() : "invalid") + "]";
    }
}
