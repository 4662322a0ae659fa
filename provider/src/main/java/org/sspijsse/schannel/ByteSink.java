package org.sspijsse.schannel;

import java.util.Arrays;

/** A growable byte array for the token of one call. */
final class ByteSink {
    private static final byte[] NONE = new byte[0];
    /** Allocated on the first write; {@link #release} gives it back once the handshake is over. */
    private byte[] buf = NONE;
    private int size;

    void write(byte[] b, int off, int n) {
        if (size + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(Math.max(buf.length * 2, 2048), size + n));
        }
        System.arraycopy(b, off, buf, size, n);
        size += n;
    }

    int size() {
        return size;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    void reset() {
        size = 0;
    }

    /** Empties the sink and drops its array (an established context writes no handshake tokens). */
    void release() {
        size = 0;
        buf = NONE;
    }
}
