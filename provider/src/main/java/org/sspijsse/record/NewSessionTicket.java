package org.sspijsse.record;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * A parsed TLS 1.3 NewSessionTicket (RFC 8446 §4.6.1):
 * <pre>
 * struct {
 *     uint32 ticket_lifetime;
 *     uint32 ticket_age_add;
 *     opaque ticket_nonce&lt;0..255&gt;;
 *     opaque ticket&lt;1..2^16-1&gt;;
 *     Extension extensions&lt;0..2^16-2&gt;;
 * } NewSessionTicket;
 * </pre>
 * Immutable; accessors return copies.
 */
public final class NewSessionTicket {
    /** RFC 8446 §4.6.1: a ticket lifetime above seven days is invalid. */
    public static final long MAX_LIFETIME_SECONDS = 604800;
    /** The early_data extension (RFC 8446 §4.2.10): in a ticket, uint32 max_early_data_size. */
    public static final int EXT_EARLY_DATA = 42;

    private final byte[] message;
    private final long lifetimeSeconds;
    private final long ageAdd;
    private final byte[] nonce;
    private final byte[] ticket;
    private final byte[] extensions;
    private final long maxEarlyDataSize;

    private NewSessionTicket(byte[] message, long lifetimeSeconds, long ageAdd, byte[] nonce, byte[] ticket,
            byte[] extensions, long maxEarlyDataSize) {
        this.message = message;
        this.lifetimeSeconds = lifetimeSeconds;
        this.ageAdd = ageAdd;
        this.nonce = nonce;
        this.ticket = ticket;
        this.extensions = extensions;
        this.maxEarlyDataSize = maxEarlyDataSize;
    }

    /**
     * Parses a whole handshake message (type 4, 3-byte length, body).
     *
     * @throws RecordException decode_error for any length that does not add up, a zero-length
     *     ticket, a malformed extension block or early_data extension; illegal_parameter for a
     *     lifetime above {@link #MAX_LIFETIME_SECONDS} or a repeated extension (RFC 8446 §4.2)
     */
    public static NewSessionTicket parse(byte[] message) throws RecordException {
        if (message == null || message.length < 4) {
            throw decode("handshake message shorter than its header");
        }
        if ((message[0] & 0xff) != Alerts.NEW_SESSION_TICKET) {
            throw decode("handshake type " + (message[0] & 0xff) + " is not new_session_ticket");
        }
        int bodyLen = u24(message, 1);
        if (bodyLen != message.length - 4) {
            throw decode("length field " + bodyLen + " but " + (message.length - 4) + " body bytes");
        }
        int p = 4;
        int end = message.length;
        need(p, 8, end, "lifetime and age_add");
        long lifetime = u32(message, p);
        long ageAdd = u32(message, p + 4);
        p += 8;
        if (lifetime > MAX_LIFETIME_SECONDS) {
            throw new RecordException(Alerts.ILLEGAL_PARAMETER, "ticket_lifetime " + lifetime + " exceeds 604800 seconds");
        }
        need(p, 1, end, "ticket_nonce length");
        int nonceLen = message[p] & 0xff;
        p += 1;
        need(p, nonceLen, end, "ticket_nonce");
        byte[] nonce = Arrays.copyOfRange(message, p, p + nonceLen);
        p += nonceLen;
        need(p, 2, end, "ticket length");
        int ticketLen = u16(message, p);
        p += 2;
        if (ticketLen == 0) {
            throw decode("empty ticket (ticket<1..2^16-1>)");
        }
        need(p, ticketLen, end, "ticket");
        byte[] ticket = Arrays.copyOfRange(message, p, p + ticketLen);
        p += ticketLen;
        need(p, 2, end, "extensions length");
        int extLen = u16(message, p);
        p += 2;
        if (p + extLen != end) {
            throw decode("extensions length " + extLen + " but " + (end - p) + " bytes remain");
        }
        byte[] extensions = Arrays.copyOfRange(message, p, end);
        long maxEarly = -1;
        Set<Integer> seen = new HashSet<>();
        while (p < end) {
            need(p, 4, end, "extension header");
            int type = u16(message, p);
            int len = u16(message, p + 2);
            p += 4;
            need(p, len, end, "extension " + type);
            if (!seen.add(type)) {
                throw new RecordException(Alerts.ILLEGAL_PARAMETER, "extension " + type + " repeated");
            }
            if (type == EXT_EARLY_DATA) {
                if (len != 4) {
                    throw decode("early_data extension of " + len + " bytes");
                }
                maxEarly = u32(message, p);
            }
            p += len; // unknown extensions are ignored (RFC 8446 §4.6.1)
        }
        return new NewSessionTicket(message.clone(), lifetime, ageAdd, nonce, ticket, extensions, maxEarly);
    }

    /** ticket_lifetime in seconds (0 means: do not keep it). */
    public long lifetimeSeconds() {
        return lifetimeSeconds;
    }

    /** ticket_age_add, an unsigned 32-bit value. */
    public long ageAdd() {
        return ageAdd;
    }

    public byte[] nonce() {
        return nonce.clone();
    }

    public byte[] ticket() {
        return ticket.clone();
    }

    /** The raw extension block (without its 2-byte length). */
    public byte[] extensions() {
        return extensions.clone();
    }

    /** max_early_data_size from the early_data extension, or -1 when absent. */
    public long maxEarlyDataSize() {
        return maxEarlyDataSize;
    }

    /** The whole handshake message as received. */
    public byte[] message() {
        return message.clone();
    }

    @Override
    public String toString() {
        return "NewSessionTicket[lifetime " + lifetimeSeconds + "s, nonce " + nonce.length + " bytes, ticket "
                + ticket.length + " bytes, extensions " + extensions.length + " bytes]";
    }

    private static void need(int p, int n, int end, String what) throws RecordException {
        if (n > end - p) {
            throw decode("truncated " + what);
        }
    }

    private static RecordException decode(String msg) {
        return new RecordException(Alerts.DECODE_ERROR, "NewSessionTicket: " + msg);
    }

    private static int u16(byte[] a, int p) {
        return ((a[p] & 0xff) << 8) | (a[p + 1] & 0xff);
    }

    private static int u24(byte[] a, int p) {
        return ((a[p] & 0xff) << 16) | u16(a, p + 1);
    }

    private static long u32(byte[] a, int p) {
        return ((long) u16(a, p) << 16) | u16(a, p + 2);
    }
}
