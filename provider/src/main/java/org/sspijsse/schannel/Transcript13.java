package org.sspijsse.schannel;

import java.util.Arrays;
import org.bouncycastle.tls.crypto.TlsHash;

/**
 * The handshake transcript of RFC 8446 §4.4.1, kept as bytes until the handshake's hash is known:
 * every handshake message in the order sent or received, NewSessionTicket and KeyUpdate excluded.
 * After a HelloRetryRequest the first ClientHello is replaced by the synthetic message_hash message
 * (RFC 8446 §4.4.1: {@code 254 00 00 Hash.length Hash(ClientHello1)}). Bounded: past
 * {@link #MAX_BYTES} it stops recording and reports {@link #isOverflowed()} (then no ticket).
 */
final class Transcript13 {
    /** Chains of ten certificates in both directions fit easily. */
    static final int MAX_BYTES = 256 * 1024;

    /** RFC 8446 §4.1.3: the ServerHello.random of a HelloRetryRequest, SHA-256("HelloRetryRequest"). */
    private static final byte[] HRR_RANDOM = {
        (byte) 0xCF, 0x21, (byte) 0xAD, 0x74, (byte) 0xE5, (byte) 0x9A, 0x61, 0x11, (byte) 0xBE, 0x1D, (byte) 0x8C,
        0x02, 0x1E, 0x65, (byte) 0xB8, (byte) 0x91, (byte) 0xC2, (byte) 0xA2, 0x11, 0x16, 0x7A, (byte) 0xBB,
        (byte) 0x8C, 0x5E, 0x07, (byte) 0x9E, 0x09, (byte) 0xE2, (byte) 0xC8, (byte) 0xA8, 0x33, (byte) 0x9C,
    };
    private static final int CLIENT_HELLO = 1;
    private static final int SERVER_HELLO = 2;
    private static final int MESSAGE_HASH = 254;

    private byte[] buf = new byte[4096];
    private int size;
    private boolean overflowed;

    void add(byte[] b, int off, int len) {
        if (overflowed) {
            return;
        }
        if (size + len > MAX_BYTES) {
            overflowed = true;
            clear();
            return;
        }
        if (size + len > buf.length) {
            buf = Arrays.copyOf(buf, Math.min(MAX_BYTES, Math.max(buf.length * 2, size + len)));
        }
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    boolean isOverflowed() {
        return overflowed;
    }

    int size() {
        return size;
    }

    void clear() {
        Arrays.fill(buf, 0, size, (byte) 0);
        size = 0;
    }

    /** Transcript-Hash(all messages so far) with {@code hash}, message_hash substituted after a HelloRetryRequest. */
    byte[] hash(TlsHash hash) {
        int first = messageLength(0);
        if (first > 0 && (buf[0] & 0xFF) == CLIENT_HELLO && isHelloRetryRequest(first)) {
            TlsHash ch1 = hash.cloneHash();
            ch1.update(buf, 0, first);
            byte[] h1 = ch1.calculateHash();
            hash.update(new byte[] {(byte) MESSAGE_HASH, 0, 0, (byte) h1.length}, 0, 4);
            hash.update(h1, 0, h1.length);
            hash.update(buf, first, size - first);
        } else {
            hash.update(buf, 0, size);
        }
        return hash.calculateHash();
    }

    /** Length (header included) of the message at {@code at}, or -1 when it is not whole. */
    private int messageLength(int at) {
        if (size - at < 4) {
            return -1;
        }
        int n = 4 + (((buf[at + 1] & 0xFF) << 16) | ((buf[at + 2] & 0xFF) << 8) | (buf[at + 3] & 0xFF));
        return size - at >= n ? n : -1;
    }

    /** A ServerHello at {@code at} whose random is the HelloRetryRequest value (RFC 8446 §4.1.3). */
    private boolean isHelloRetryRequest(int at) {
        int n = messageLength(at);
        if (n < 4 + 2 + 32 || (buf[at] & 0xFF) != SERVER_HELLO) {
            return false;
        }
        return Arrays.equals(buf, at + 6, at + 6 + 32, HRR_RANDOM, 0, 32);
    }
}
