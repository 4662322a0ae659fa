package org.sspijsse.schannel;

import org.bouncycastle.tls.AlertDescription;
import org.sspijsse.sspi.SecStatus;

/**
 * The one table between TLS alert descriptions (RFC 8446 §6, RFC 5246 §7.2) and the
 * {@code SEC_E_*} statuses an Schannel caller sees. Three directions, three questions:
 *
 * <ul>
 * <li>{@link #statusForReceivedAlert}: the peer sent a fatal alert; what does ISC/ASC or
 *     DecryptMessage return?</li>
 * <li>{@link #statusForRaisedAlert}: the TLS engine (Bouncy Castle) detected a failure and
 *     chose this alert to send; what status goes with it?</li>
 * <li>{@link #alertForStatus}: our own check failed with this status (a name mismatch, an
 *     untrusted root ...); which alert do we send?</li>
 * </ul>
 *
 * <p>All methods are pure. Alert descriptions are unsigned bytes carried in a {@code short};
 * an unassigned value simply takes the default row.
 */
public final class AlertStatusMap {
    private AlertStatusMap() {
    }

    /**
     * The status for a fatal alert received from the peer.
     *
     * <p>Windows reports almost every received fatal alert as {@code SEC_E_ILLEGAL_MESSAGE}: curl's
     * Schannel backend prints "This error usually occurs when a fatal SSL/TLS alert is received (e.g.
     * handshake failed)" for it, and a Windows client that receives {@code handshake_failure} from a
     * server with no common suite gets {@code SEC_E_ILLEGAL_MESSAGE}, not
     * {@code SEC_E_ALGORITHM_MISMATCH} (curl/curl-www#182, curl/curl#3389: ALGORITHM_MISMATCH appears
     * only when the local side finds no common algorithm). So {@code handshake_failure},
     * {@code protocol_version}, {@code insufficient_security} and {@code certificate_required} stay on
     * the default row: the received alert's name is still available to the caller through the
     * failure record, and a JSSE user sees it in the exception message.
     *
     * <p>The one exception is {@code no_application_protocol} (120): the InitializeSecurityContext page
     * gives {@code SEC_E_APPLICATION_PROTOCOL_MISMATCH} for a failed ALPN negotiation, and the client
     * only learns of that failure through the server's alert (RFC 7301 §3.2).
     *
     * <p>Only meant for fatal alerts; close_notify, user_canceled and no_renegotiation are handled by
     * the caller before it gets here (they would take the default row).
     */
    public static int statusForReceivedAlert(short description) {
        if (description == AlertDescription.no_application_protocol) {
            return SecStatus.SEC_E_APPLICATION_PROTOCOL_MISMATCH;
        }
        return SecStatus.SEC_E_ILLEGAL_MESSAGE;
    }

    /**
     * The status for a failure we detected and for which we send {@code description}. Rows follow
     * the meaning RFC 8446 §6.2 gives each alert; the default is {@code SEC_E_ILLEGAL_MESSAGE}
     * ("The message received was unexpected or badly formatted").
     */
    public static int statusForRaisedAlert(short description) {
        switch (description) {
            // A record that fails AEAD authentication: Windows 10/11 callers see
            // SEC_E_DECRYPT_FAILURE (the DecryptMessage page's SEC_E_MESSAGE_ALTERED is not what
            // Windows returns; SSPI-FACTS "EncryptMessage / DecryptMessage").
            case AlertDescription.bad_record_mac:
                return SecStatus.SEC_E_DECRYPT_FAILURE;
            // A handshake signature or the Finished MAC did not verify (RFC 8446 §6.2). winerror.h's
            // text for SEC_E_MESSAGE_ALTERED is "The message or signature supplied for verification
            // has been altered": exactly this. Records never use it here (see bad_record_mac), so the
            // status stays unambiguous and alertForStatus can map it back.
            case AlertDescription.decrypt_error:
                return SecStatus.SEC_E_MESSAGE_ALTERED;
            // No common version or suite, or the peer's offer is too weak (RFC 8446 §6.2);
            // inappropriate_fallback (RFC 7507 §3) is a refused version downgrade.
            case AlertDescription.handshake_failure:
            case AlertDescription.protocol_version:
            case AlertDescription.insufficient_security:
            case AlertDescription.inappropriate_fallback:
                return SecStatus.SEC_E_ALGORITHM_MISMATCH;
            case AlertDescription.unknown_ca:
                return SecStatus.SEC_E_UNTRUSTED_ROOT;
            case AlertDescription.certificate_expired:
                return SecStatus.SEC_E_CERT_EXPIRED;
            case AlertDescription.certificate_revoked:
                return SecStatus.CRYPT_E_REVOKED;
            // Certificate problems without a more precise Windows status; certificate_unobtainable
            // and bad_certificate_hash_value (RFC 6066 §10) and bad_certificate_status_response
            // (RFC 6066 §8) are certificate problems too.
            case AlertDescription.bad_certificate:
            case AlertDescription.unsupported_certificate:
            case AlertDescription.certificate_unknown:
            case AlertDescription.certificate_unobtainable:
            case AlertDescription.bad_certificate_status_response:
            case AlertDescription.bad_certificate_hash_value:
                return SecStatus.SEC_E_CERT_UNKNOWN;
            case AlertDescription.no_application_protocol:
                return SecStatus.SEC_E_APPLICATION_PROTOCOL_MISMATCH;
            // Server side: the client sent no certificate although one is required (RFC 8446 §4.4.2.4).
            case AlertDescription.certificate_required:
                return SecStatus.SEC_E_NO_CREDENTIALS;
            // Server side: no certificate for the requested server name (RFC 6066 §3). winerror.h's
            // "The target principal name is incorrect" describes it; it is the status the client
            // would give for the same mismatch.
            case AlertDescription.unrecognized_name:
                return SecStatus.SEC_E_WRONG_PRINCIPAL;
            case AlertDescription.internal_error:
                return SecStatus.SEC_E_INTERNAL_ERROR;
            // Malformed or misplaced messages: decode_error, unexpected_message, illegal_parameter,
            // record_overflow; extension misuse (missing_extension, unsupported_extension, RFC 8446
            // §4.2); access_denied, for which Schannel has no status of its own (it maps nothing
            // to SEC_E_LOGON_DENIED, SSPI-FACTS "Statements of the seed page"); unknown_psk_identity
            // (we offer no external PSKs) and unassigned values.
            default:
                return SecStatus.SEC_E_ILLEGAL_MESSAGE;
        }
    }

    /**
     * The alert to send for a failure our own code detected with {@code status}.
     *
     * @param tls13 whether TLS 1.3 was negotiated; it matters for {@code SEC_E_NO_CREDENTIALS}
     *              only: TLS 1.3 has {@code certificate_required} (RFC 8446 §4.4.2.4), TLS 1.2 uses
     *              {@code handshake_failure} (RFC 5246 §7.4.6)
     * @throws IllegalArgumentException if {@code status} is not a failure ({@code SEC_E_OK} or a
     *                                  {@code SEC_I_*} value): no alert goes with a success
     */
    public static short alertForStatus(int status, boolean tls13) {
        if (!SecStatus.failed(status)) {
            throw new IllegalArgumentException("not a failure status: " + SecStatus.describe(status));
        }
        switch (status) {
            // A server name that does not match: Windows sends bad_certificate (SSPI-FACTS
            // "Errors and alerts").
            case SecStatus.SEC_E_WRONG_PRINCIPAL:
                return AlertDescription.bad_certificate;
            case SecStatus.SEC_E_UNTRUSTED_ROOT:
                return AlertDescription.unknown_ca;
            case SecStatus.SEC_E_CERT_EXPIRED:
                return AlertDescription.certificate_expired;
            // OpenSSL sends unsupported_certificate for a certificate of the wrong purpose too.
            case SecStatus.SEC_E_CERT_WRONG_USAGE:
                return AlertDescription.unsupported_certificate;
            case SecStatus.CRYPT_E_REVOKED:
                return AlertDescription.certificate_revoked;
            // Revocation status unknown or unreachable: "some other (unspecified) issue arose in
            // processing the certificate" (RFC 8446 §6.2).
            case SecStatus.SEC_E_CERT_UNKNOWN:
            case SecStatus.CRYPT_E_NO_REVOCATION_CHECK:
            case SecStatus.CRYPT_E_REVOCATION_OFFLINE:
                return AlertDescription.certificate_unknown;
            case SecStatus.SEC_E_APPLICATION_PROTOCOL_MISMATCH:
                return AlertDescription.no_application_protocol;
            case SecStatus.SEC_E_ALGORITHM_MISMATCH:
                return AlertDescription.handshake_failure;
            // Our own framing and state checks fail on records of the wrong type or order; RFC 8446
            // §5 asks for unexpected_message there. A parser that knows better picks decode_error
            // itself and reports it through statusForRaisedAlert.
            case SecStatus.SEC_E_ILLEGAL_MESSAGE:
                return AlertDescription.unexpected_message;
            // Bytes that are not TLS at all: "could not be decoded" (RFC 8446 §6.2).
            case SecStatus.SEC_E_INVALID_TOKEN:
                return AlertDescription.decode_error;
            case SecStatus.SEC_E_DECRYPT_FAILURE:
                return AlertDescription.bad_record_mac;
            case SecStatus.SEC_E_MESSAGE_ALTERED:
                return AlertDescription.decrypt_error;
            case SecStatus.SEC_E_NO_CREDENTIALS:
                return tls13 ? AlertDescription.certificate_required : AlertDescription.handshake_failure;
            // SEC_E_INTERNAL_ERROR, SEC_E_INSUFFICIENT_MEMORY, SEC_E_ENCRYPT_FAILURE and anything not
            // listed: "an internal error unrelated to the peer or the correctness of the protocol"
            // (RFC 8446 §6.2).
            default:
                return AlertDescription.internal_error;
        }
    }

    /**
     * The name of an alert description for messages and logs: RFC 8446 §6's names, without the
     * {@code _RESERVED} suffix RFC 8446 puts on alerts that TLS 1.2 (RFC 5246, RFC 6066) still
     * defines, so that they read the same as Bouncy Castle's own messages. An unassigned value
     * gives {@code unassigned(N)}.
     */
    public static String alertName(int description) {
        switch (description) {
            case 0: return "close_notify";
            case 10: return "unexpected_message";
            case 20: return "bad_record_mac";
            case 21: return "decryption_failed";
            case 22: return "record_overflow";
            case 30: return "decompression_failure";
            case 40: return "handshake_failure";
            case 41: return "no_certificate";
            case 42: return "bad_certificate";
            case 43: return "unsupported_certificate";
            case 44: return "certificate_revoked";
            case 45: return "certificate_expired";
            case 46: return "certificate_unknown";
            case 47: return "illegal_parameter";
            case 48: return "unknown_ca";
            case 49: return "access_denied";
            case 50: return "decode_error";
            case 51: return "decrypt_error";
            case 60: return "export_restriction";
            case 70: return "protocol_version";
            case 71: return "insufficient_security";
            case 80: return "internal_error";
            case 86: return "inappropriate_fallback";
            case 90: return "user_canceled";
            case 100: return "no_renegotiation";
            case 109: return "missing_extension";
            case 110: return "unsupported_extension";
            case 111: return "certificate_unobtainable";
            case 112: return "unrecognized_name";
            case 113: return "bad_certificate_status_response";
            case 114: return "bad_certificate_hash_value";
            case 115: return "unknown_psk_identity";
            case 116: return "certificate_required";
            case 120: return "no_application_protocol";
            default: return "unassigned(" + description + ")";
        }
    }
}
