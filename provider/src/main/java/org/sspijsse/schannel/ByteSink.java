package org.sspijsse.schannel;

import java.util.Arrays;

/** A growable byte array for the token of one call. */
final class ByteSink {
    private byte[] buf = new byte[2048];
    private int size;

    void write(byte[] b, int off, int n) {
        if (size + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
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
}
