package org.sspijsse.jsse;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Reads TLS record headers in network bytes (never decrypts). */
final class Records {
    private Records() {
    }

    /** The lengths (header included) of the whole records at the start of {@code net}'s remaining bytes. */
    static List<Integer> lengths(ByteBuffer net) {
        ByteBuffer b = net.duplicate();
        List<Integer> out = new ArrayList<>();
        while (b.remaining() >= 5) {
            int len = 5 + (((b.get(b.position() + 3) & 0xff) << 8) | (b.get(b.position() + 4) & 0xff));
            if (len > b.remaining()) {
                break;
            }
            out.add(len);
            b.position(b.position() + len);
        }
        return out;
    }
}
