package org.sspijsse.record;

/** AlertLevel and AlertDescription numbers (RFC 8446 §6, RFC 5246 §7.2) and content types (RFC 8446 §5.1). */
public final class Alerts {
    private Alerts() {
    }

    public static final int LEVEL_WARNING = 1;
    public static final int LEVEL_FATAL = 2;

    public static final int CLOSE_NOTIFY = 0;
    public static final int UNEXPECTED_MESSAGE = 10;
    public static final int BAD_RECORD_MAC = 20;
    public static final int RECORD_OVERFLOW = 22;
    public static final int HANDSHAKE_FAILURE = 40;
    public static final int ILLEGAL_PARAMETER = 47;
    public static final int DECODE_ERROR = 50;
    public static final int PROTOCOL_VERSION = 70;
    public static final int INTERNAL_ERROR = 80;
    public static final int USER_CANCELED = 90;
    public static final int NO_RENEGOTIATION = 100;

    /** ContentType (RFC 8446 §5.1, RFC 5246 §6.2.1). */
    public static final byte CHANGE_CIPHER_SPEC = 20;
    public static final byte ALERT = 21;
    public static final byte HANDSHAKE = 22;
    public static final byte APPLICATION_DATA = 23;

    /** HandshakeType values the record layer meets after the handshake (RFC 8446 §4, RFC 5246 §7.4). */
    public static final int HELLO_REQUEST = 0;
    public static final int NEW_SESSION_TICKET = 4;
    public static final int CERTIFICATE_REQUEST = 13;
    public static final int KEY_UPDATE = 24;

    /** A readable name for logs and messages. */
    public static String name(int description) {
        switch (description) {
            case CLOSE_NOTIFY: return "close_notify";
            case UNEXPECTED_MESSAGE: return "unexpected_message";
            case BAD_RECORD_MAC: return "bad_record_mac";
            case RECORD_OVERFLOW: return "record_overflow";
            case HANDSHAKE_FAILURE: return "handshake_failure";
            case ILLEGAL_PARAMETER: return "illegal_parameter";
            case DECODE_ERROR: return "decode_error";
            case PROTOCOL_VERSION: return "protocol_version";
            case INTERNAL_ERROR: return "internal_error";
            case USER_CANCELED: return "user_canceled";
            case NO_RENEGOTIATION: return "no_renegotiation";
            default: return "alert_" + description;
        }
    }
}
