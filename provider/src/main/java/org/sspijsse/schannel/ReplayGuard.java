package org.sspijsse.schannel;

import java.nio.ByteBuffer;

/**
 * Lets a caller repeat an ISC/ASC call with the same input without BC seeing a record twice.
 * Two statuses promise "nothing lost, call again": SEC_E_INSUFFICIENT_MEMORY for a TOKEN buffer
 * too small (the token and status are parked here), and SEC_I_INCOMPLETE_CREDENTIALS, after which
 * curl presents the same input again while .NET presents none (SSPI-FACTS.md, the client loop).
 * The bytes consumed by the earlier call are kept (handshake records only, a few KiB) and skipped
 * when the next input begins with them.
 */
final class ReplayGuard {
    /** A result that could not be delivered. */
    static final class Pending {
        final byte[] token;
        final int status;

        Pending(byte[] token, int status) {
            this.token = token;
            this.status = status;
        }
    }

    private byte[] consumed;
    private Pending pending;

    /** Keeps a copy of the {@code n} bytes at {@code base} as already consumed. */
    void remember(ByteBuffer buf, int base, int n) {
        if (n == 0 || buf == null) {
            consumed = null;
            return;
        }
        consumed = new byte[n];
        buf.get(base, consumed, 0, n);
    }

    /** Parks an undelivered result together with the input it consumed. */
    void park(byte[] token, int status, ByteBuffer buf, int base, int n) {
        remember(buf, base, n);
        pending = new Pending(token, status);
    }

    boolean hasPending() {
        return pending != null;
    }

    /** Bytes the parked result consumed. */
    int pendingConsumed() {
        return consumed == null ? 0 : consumed.length;
    }

    Pending takePending() {
        Pending p = pending;
        pending = null;
        consumed = null;
        return p;
    }

    /**
     * The number of leading input bytes that were consumed before (0 when the input does not begin
     * with them). Without a parked result the memory is used once.
     */
    int skipPrefix(ByteBuffer buf, int base, int len) {
        byte[] c = consumed;
        if (c == null) {
            return 0;
        }
        boolean match = buf != null && len >= c.length;
        for (int i = 0; match && i < c.length; i++) {
            match = buf.get(base + i) == c[i];
        }
        if (pending == null) {
            consumed = null;
        }
        return match ? c.length : 0;
    }
}
