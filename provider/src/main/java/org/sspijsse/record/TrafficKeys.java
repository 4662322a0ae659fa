package org.sspijsse.record;

import java.util.Arrays;
import java.util.Objects;

/**
 * One direction's key and IV (RFC 8446 §7.3; for TLS 1.2 the client/server write key and IV of
 * the key block, RFC 5246 §6.3). The arrays are copied in; {@link #destroy()} zeroes this copy.
 * The record layer takes its own copy, so the caller may destroy these right after handing them over.
 */
public final class TrafficKeys {
    private final byte[] key;
    private final byte[] iv;
    private volatile boolean destroyed;

    public TrafficKeys(byte[] key, byte[] iv) {
        this.key = Objects.requireNonNull(key, "key").clone();
        this.iv = Objects.requireNonNull(iv, "iv").clone();
    }

    /** A copy of the key. */
    public byte[] key() {
        checkAlive();
        return key.clone();
    }

    /** A copy of the IV. */
    public byte[] iv() {
        checkAlive();
        return iv.clone();
    }

    int keyLength() {
        return key.length;
    }

    int ivLength() {
        return iv.length;
    }

    /** Zeroes the key and IV; later calls to {@link #key()} or {@link #iv()} throw. */
    public void destroy() {
        Arrays.fill(key, (byte) 0);
        Arrays.fill(iv, (byte) 0);
        destroyed = true;
    }

    public boolean isDestroyed() {
        return destroyed;
    }

    private void checkAlive() {
        if (destroyed) {
            throw new IllegalStateException("traffic keys destroyed");
        }
    }

    @Override
    public String toString() {
        return "TrafficKeys[key " + key.length + " bytes, iv " + iv.length + " bytes" + (destroyed ? ", destroyed]" : "]");
    }
}
