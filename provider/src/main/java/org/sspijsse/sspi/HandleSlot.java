package org.sspijsse.sspi;

/**
 * What a handle points at: the package and its object. Handles that name the same context share
 * one slot, so deleting through one invalidates all of them (SEC_E_INVALID_HANDLE afterwards).
 */
final class HandleSlot<T> {
    final SecurityPackage pkg;
    private volatile T object;

    HandleSlot(SecurityPackage pkg, T object) {
        this.pkg = pkg;
        this.object = object;
    }

    boolean isLive() {
        return object != null;
    }

    /** The object, or null once released. */
    T get() {
        return object;
    }

    /** Releases the slot; returns the object it held, or null if already released. */
    synchronized T release() {
        T o = object;
        object = null;
        return o;
    }
}
