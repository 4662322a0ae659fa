package org.sspijsse.testsupport;

/** TLS record framing arithmetic on raw bytes (5-byte header: type, version, 16-bit length). */
public final class TlsRecords {
    /** Bytes in a record header. */
    public static final int HEADER = 5;

    private TlsRecords() {
    }

    /** The body length of the record whose header starts at {@code offset}. */
    public static int length(byte[] bytes, int offset) {
        return ((bytes[offset + 3] & 0xFF) << 8) | (bytes[offset + 4] & 0xFF);
    }

    /**
     * The exact number of bytes still needed before the first {@code n} bytes of {@code bytes}
     * (starting at a record boundary) end in a whole record: 5 - k for a partial header of k bytes,
     * else what the current record lacks; 5 (a header) when they end on a record boundary.
     */
    public static int missing(byte[] bytes, int n) {
        int pos = 0;
        while (true) {
            int have = n - pos;
            if (have < HEADER) {
                return HEADER - have;
            }
            int end = pos + HEADER + length(bytes, pos);
            if (end > n) {
                return end - n;
            }
            pos = end;
        }
    }

    /**
     * The end (exclusive) of the first record that ends after position {@code from} within
     * {@code bytes[0..n)} (records start at 0), or -1 when that record is not whole there yet.
     */
    public static int nextBoundary(byte[] bytes, int n, int from) {
        int pos = 0;
        while (true) {
            if (n - pos < HEADER) {
                return -1;
            }
            int end = pos + HEADER + length(bytes, pos);
            if (end > n) {
                return -1;
            }
            if (end > from) {
                return end;
            }
            pos = end;
        }
    }

    /** How many whole records {@code bytes} holds (ignoring a partial tail). */
    public static int count(byte[] bytes) {
        int pos = 0;
        int count = 0;
        while (bytes.length - pos >= HEADER && pos + HEADER + length(bytes, pos) <= bytes.length) {
            pos += HEADER + length(bytes, pos);
            count++;
        }
        return count;
    }
}
