package org.sspijsse.schannel;

import java.nio.ByteBuffer;
import org.sspijsse.sspi.SecBuffer;
import org.sspijsse.sspi.SecBufferDesc;
import org.sspijsse.sspi.SecBufferType;
import org.sspijsse.sspi.SecStatus;

/**
 * The output side of one ISC/ASC call: the TOKEN buffer and the optional ALERT buffer, with the
 * rules of SSPI-FACTS.md ("The handshake loop", step 3): with {@code *_REQ_ALLOCATE_MEMORY} the
 * package allocates; otherwise the caller's capacity is cbBuffer, a TOKEN or ALERT with memory but
 * cbBuffer 0 is SEC_E_INSUFFICIENT_MEMORY before anything else, and a buffer with no memory is
 * allocated anyway.
 */
final class OutputBuffers {
    final SecBuffer token;
    final SecBuffer alert;
    private final boolean allocate;

    private OutputBuffers(SecBuffer token, SecBuffer alert, boolean allocate) {
        this.token = token;
        this.alert = alert;
        this.allocate = allocate;
    }

    /**
     * Checks the descriptor; returns null and puts the status in {@code status[0]} when it is unusable
     * (no descriptor or no TOKEN: SEC_E_INVALID_TOKEN; a zero-capacity caller buffer:
     * SEC_E_INSUFFICIENT_MEMORY).
     */
    static OutputBuffers check(SecBufferDesc out, boolean allocate, int[] status) {
        if (out == null) {
            status[0] = SecStatus.SEC_E_INVALID_TOKEN;
            return null;
        }
        SecBuffer token = out.find(SecBufferType.SECBUFFER_TOKEN);
        SecBuffer alert = out.find(SecBufferType.SECBUFFER_ALERT);
        if (token == null) {
            status[0] = SecStatus.SEC_E_INVALID_TOKEN;
            return null;
        }
        if (!allocate && ((token.getBuffer() != null && token.getCbBuffer() == 0)
                || (alert != null && alert.getBuffer() != null && alert.getCbBuffer() == 0))) {
            status[0] = SecStatus.SEC_E_INSUFFICIENT_MEMORY;
            return null;
        }
        return new OutputBuffers(token, alert, allocate);
    }

    /** True when {@code length} bytes fit the TOKEN buffer (always, when the package allocates). */
    boolean tokenFits(int length) {
        return allocate || token.getBuffer() == null || token.getCbBuffer() >= length;
    }

    /** Writes the token (possibly empty) into the TOKEN buffer. */
    void putToken(byte[] bytes, int length) {
        put(token, bytes, length);
    }

    /** Writes the alert record into the ALERT buffer, if the caller gave one and it fits. */
    void putAlert(byte[] bytes, int length) {
        if (alert == null) {
            return;
        }
        if (!allocate && alert.getBuffer() != null && alert.getCbBuffer() < length) {
            alert.setCbBuffer(0);
            return;
        }
        put(alert, bytes, length);
    }

    /** No token and no alert: both report cbBuffer 0 (a caller's memory stays attached). */
    void clear() {
        empty(token);
        if (alert != null) {
            empty(alert);
        }
    }

    private void put(SecBuffer b, byte[] bytes, int length) {
        if (length == 0) {
            empty(b);
            return;
        }
        if (allocate || b.getBuffer() == null) {
            ByteBuffer mem = ByteBuffer.wrap(java.util.Arrays.copyOf(bytes, length));
            b.set(mem, 0, length);
            b.markPackageAllocated();
        } else {
            b.getBuffer().put(b.getOffset(), bytes, 0, length);
            b.setCbBuffer(length);
        }
    }

    private void empty(SecBuffer b) {
        if (allocate && b.isPackageAllocated()) {
            b.set(null, 0, 0);
            return;
        }
        b.setCbBuffer(0);
    }
}
