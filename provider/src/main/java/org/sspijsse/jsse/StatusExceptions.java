package org.sspijsse.jsse;

import java.util.Map;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLProtocolException;
import org.sspijsse.sspi.SecStatus;

/**
 * The mapping from a failed SSPI call's {@code SEC_E_*} status to the JSSE exception the engine
 * throws: before the handshake completed every failure is an {@code SSLHandshakeException} (as in
 * SunJSSE and Conscrypt); afterwards a malformed record is an {@code SSLProtocolException} and the
 * rest plain {@code SSLException}s. The cause is always a {@link SspiStatusException}.
 */
final class StatusExceptions {
    private StatusExceptions() {
    }

    /** RFC 8446 §6 / RFC 5246 §7.2 alert descriptions, by number. */
    private static final Map<Integer, String> ALERTS = Map.ofEntries(
            Map.entry(0, "close_notify"), Map.entry(10, "unexpected_message"), Map.entry(20, "bad_record_mac"),
            Map.entry(22, "record_overflow"), Map.entry(40, "handshake_failure"), Map.entry(42, "bad_certificate"),
            Map.entry(43, "unsupported_certificate"), Map.entry(44, "certificate_revoked"),
            Map.entry(45, "certificate_expired"), Map.entry(46, "certificate_unknown"),
            Map.entry(47, "illegal_parameter"), Map.entry(48, "unknown_ca"), Map.entry(49, "access_denied"),
            Map.entry(50, "decode_error"), Map.entry(51, "decrypt_error"), Map.entry(70, "protocol_version"),
            Map.entry(71, "insufficient_security"), Map.entry(80, "internal_error"),
            Map.entry(86, "inappropriate_fallback"), Map.entry(90, "user_canceled"),
            Map.entry(100, "no_renegotiation"), Map.entry(109, "missing_extension"),
            Map.entry(110, "unsupported_extension"), Map.entry(112, "unrecognized_name"),
            Map.entry(113, "bad_certificate_status_response"), Map.entry(115, "unknown_psk_identity"),
            Map.entry(116, "certificate_required"), Map.entry(120, "no_application_protocol"));

    static String alertName(int description) {
        String n = ALERTS.get(description);
        return n != null ? n : "alert(" + description + ")";
    }

    /**
     * The description of a plaintext alert record (type 21, two bytes), or -1 when the token is
     * not one (empty, or encrypted under handshake or traffic keys).
     */
    static int plaintextAlert(byte[] token) {
        if (token != null && token.length == 7 && token[0] == 21 && token[3] == 0 && token[4] == 2) {
            return token[6] & 0xFF;
        }
        return -1;
    }

    /** The exception for a failed call; {@code handshaking} selects SSLHandshakeException. */
    static SSLException forStatus(int status, int alert, boolean handshaking) {
        SspiStatusException cause = new SspiStatusException(status, alert);
        String msg = cause.getMessage();
        SSLException e;
        if (handshaking) {
            e = new SSLHandshakeException(msg);
        } else if (status == SecStatus.SEC_E_ILLEGAL_MESSAGE || status == SecStatus.SEC_E_INVALID_TOKEN
                || status == SecStatus.SEC_E_DECRYPT_FAILURE || status == SecStatus.SEC_E_MESSAGE_ALTERED) {
            e = new SSLProtocolException(msg);
        } else {
            e = new SSLException(msg);
        }
        e.initCause(cause);
        return e;
    }
}
