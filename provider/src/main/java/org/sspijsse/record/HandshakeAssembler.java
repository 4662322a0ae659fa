package org.sspijsse.record;

/**
 * Reassembles post-handshake messages (RFC 8446 §4: msg_type(1) || length(3) || body) from
 * handshake record fragments: a message may span records and a record may hold several
 * messages (RFC 8446 §5.1). Stops after the 4-byte header so that the caller can vet the type
 * and length before any body byte is buffered; the body buffer is allocated at the announced
 * size, which is bounded by {@link #MAX_MESSAGE_LENGTH}.
 */
final class HandshakeAssembler {
    /** Largest post-handshake message accepted, header included: 64 KiB. */
    static final int MAX_MESSAGE_LENGTH = 1 << 16;

    private final byte[] header = new byte[4];
    private int headerLen;
    private byte[] message;
    private int filled;

    /** True while bytes of an unfinished message are held. */
    boolean hasPartial() {
        return headerLen > 0;
    }

    boolean hasHeader() {
        return headerLen == 4;
    }

    int type() {
        return header[0] & 0xff;
    }

    int bodyLength() {
        return ((header[1] & 0xff) << 16) | ((header[2] & 0xff) << 8) | (header[3] & 0xff);
    }

    /**
     * Takes bytes from {@code a[pos..end)} into the current message and returns the new position.
     * Returns as soon as the header is complete, before taking any body byte.
     */
    int consume(byte[] a, int pos, int end) {
        if (headerLen < 4) {
            int n = Math.min(4 - headerLen, end - pos);
            System.arraycopy(a, pos, header, headerLen, n);
            headerLen += n;
            return pos + n;
        }
        if (message == null) {
            message = new byte[4 + bodyLength()]; // bounded: the caller vetted the header
            System.arraycopy(header, 0, message, 0, 4);
            filled = 4;
        }
        int n = Math.min(message.length - filled, end - pos);
        System.arraycopy(a, pos, message, filled, n);
        filled += n;
        return pos + n;
    }

    boolean isComplete() {
        return headerLen == 4 && (bodyLength() == 0 || (message != null && filled == message.length));
    }

    /** Hands out the complete message and starts the next one. */
    byte[] take() {
        byte[] m = message;
        if (m == null) { // empty body
            m = header.clone();
        }
        message = null;
        filled = 0;
        headerLen = 0;
        return m;
    }
}
