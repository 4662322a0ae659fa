package org.sspijsse.schannel;

import java.nio.ByteBuffer;
import org.sspijsse.sspi.SecBuffer;
import org.sspijsse.sspi.SecBufferDesc;
import org.sspijsse.sspi.SecBufferType;
import org.sspijsse.sspi.SecStatus;

/**
 * The input side of one ISC/ASC call (SSPI-FACTS.md, "The handshake loop (client)", step 2): the
 * shapes Schannel accepts, where MISSING and EXTRA come back, and the first bytes that cannot
 * start a TLS record.
 */
final class InputBuffers {
    private InputBuffers() {
    }

    /**
     * {@code [TOKEN, EMPTY]} (or {@code [TOKEN]}; a server's may also hold its
     * APPLICATION_PROTOCOLS): anything else is SEC_E_INVALID_TOKEN, context intact.
     */
    static int checkShape(SecBufferDesc in, boolean allowProtocols) {
        if (in.getCount() < 1 || in.get(0) == null || in.get(0).getBaseType() != SecBufferType.SECBUFFER_TOKEN) {
            return SecStatus.SEC_E_INVALID_TOKEN;
        }
        for (int i = 1; i < in.getCount(); i++) {
            SecBuffer b = in.get(i);
            if (b != null && allowProtocols && b.getBaseType() == SecBufferType.SECBUFFER_APPLICATION_PROTOCOLS) {
                continue;
            }
            if (b == null || b.getBaseType() != SecBufferType.SECBUFFER_EMPTY || b.getCbBuffer() != 0) {
                return SecStatus.SEC_E_INVALID_TOKEN;
            }
        }
        return SecStatus.SEC_E_OK;
    }

    /** The slot where MISSING or EXTRA comes back: the first EMPTY buffer after the TOKEN (index 1 in practice). */
    static SecBuffer firstEmpty(SecBufferDesc in) {
        for (int i = 1; i < in.getCount(); i++) {
            if (in.get(i).getBaseType() == SecBufferType.SECBUFFER_EMPTY) {
                return in.get(i);
            }
        }
        return null;
    }

    /** A content type of RFC 8446 §5.1 / RFC 5246 §6.2.1 and record major version 3 so far. */
    static boolean plausibleStart(ByteBuffer buf, int at, int avail) {
        int type = buf.get(at) & 0xFF;
        return type >= 20 && type <= 23 && (avail < 2 || (buf.get(at + 1) & 0xFF) == 3);
    }

    static boolean isEmpty(SecBufferDesc in) {
        if (in == null) {
            return true;
        }
        for (int i = 0; i < in.getCount(); i++) {
            SecBuffer b = in.get(i);
            if (b != null && b.getBaseType() == SecBufferType.SECBUFFER_TOKEN && b.getCbBuffer() > 0) {
                return false;
            }
        }
        return true;
    }
}
