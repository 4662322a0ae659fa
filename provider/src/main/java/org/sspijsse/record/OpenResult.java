package org.sspijsse.record;

/**
 * What {@link RecordLayer#open} found: mutable, owned and reused by the caller, so that the
 * per-record path allocates nothing. Every call of {@code open} resets it first.
 */
public final class OpenResult {
    /** What the record held. */
    public enum Kind {
        /** Not a whole record yet: read {@link #missing()} more bytes; nothing was consumed. */
        INCOMPLETE,
        /** Application data (possibly zero bytes, RFC 8446 §5.1) at {@link #plaintextOffset()}. */
        APPLICATION_DATA,
        /** One alert: {@link #alertLevel()}, {@link #alertDescription()}, {@link #alertFatal()}. */
        ALERT,
        /**
         * A post-handshake message is handed out: {@link #handshakeMessage()} (the oldest one not yet
         * handed out). Others completed by the same record wait in {@link RecordLayer#pollHandshakeMessage()}.
         */
        HANDSHAKE,
        /** A handshake record was consumed, but it completed no message yet (RFC 8446 §5.1 fragmentation). */
        HANDSHAKE_FRAGMENT,
        /**
         * The read side is closed (close_notify or a fatal alert was received): the record was framed
         * and consumed but not decrypted, because data after closure MUST be ignored (RFC 8446 §6.1).
         */
        IGNORED_AFTER_CLOSE
    }

    private Kind kind = Kind.INCOMPLETE;
    private int recordLength;
    private int missing;
    private int plaintextOffset;
    private int plaintextLength;
    private int alertLevel;
    private int alertDescription;
    private boolean alertFatal;
    private byte[] handshakeMessage;
    private boolean keyUpdated;

    public Kind kind() {
        return kind;
    }

    /** Bytes of the whole record consumed from the input; 0 when {@link Kind#INCOMPLETE}. */
    public int recordLength() {
        return recordLength;
    }

    /**
     * When {@link Kind#INCOMPLETE}: bytes still needed, {@code 5 - avail} while the header is
     * incomplete, else {@code 5 + length - avail}. Otherwise 0.
     */
    public int missing() {
        return missing;
    }

    /** Absolute index in the input buffer of the decrypted content (for TLS 1.3 without type and padding). */
    public int plaintextOffset() {
        return plaintextOffset;
    }

    public int plaintextLength() {
        return plaintextLength;
    }

    public int alertLevel() {
        return alertLevel;
    }

    public int alertDescription() {
        return alertDescription;
    }

    /**
     * Whether the received alert ends the connection: TLS 1.3, every alert except close_notify and
     * user_canceled whatever its level (RFC 8446 §6); TLS 1.2, level fatal (RFC 5246 §7.2).
     */
    public boolean alertFatal() {
        return alertFatal;
    }

    /**
     * For {@link Kind#HANDSHAKE}: the whole message (type, 3-byte length, body), a copy owned by
     * the caller. A NewSessionTicket has been validated by {@link NewSessionTicket#parse} already;
     * a KeyUpdate has already been applied (see {@link #keyUpdated()}). Null otherwise.
     */
    public byte[] handshakeMessage() {
        return handshakeMessage;
    }

    /** The HandshakeType of {@link #handshakeMessage()}, or -1. */
    public int handshakeType() {
        return handshakeMessage == null ? -1 : handshakeMessage[0] & 0xff;
    }

    /** True when this record carried a KeyUpdate and the read keys have been switched (RFC 8446 §4.6.3). */
    public boolean keyUpdated() {
        return keyUpdated;
    }

    void reset() {
        kind = Kind.INCOMPLETE;
        recordLength = 0;
        missing = 0;
        plaintextOffset = 0;
        plaintextLength = 0;
        alertLevel = 0;
        alertDescription = 0;
        alertFatal = false;
        handshakeMessage = null;
        keyUpdated = false;
    }

    void incomplete(int missingBytes) {
        kind = Kind.INCOMPLETE;
        missing = missingBytes;
    }

    void consumed(Kind k, int length, int ptOffset, int ptLength) {
        kind = k;
        recordLength = length;
        plaintextOffset = ptOffset;
        plaintextLength = ptLength;
    }

    void alert(int level, int description, boolean fatal) {
        alertLevel = level;
        alertDescription = description;
        alertFatal = fatal;
    }

    void handshake(byte[] message) {
        handshakeMessage = message;
    }

    void keyUpdated(boolean updated) {
        keyUpdated = updated;
    }

    @Override
    public String toString() {
        return "OpenResult[" + kind + ", recordLength " + recordLength + ", missing " + missing
                + ", plaintext " + plaintextOffset + "+" + plaintextLength + "]";
    }
}
