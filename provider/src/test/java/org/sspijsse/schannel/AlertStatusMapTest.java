package org.sspijsse.schannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.bouncycastle.tls.AlertDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sspijsse.sspi.SecStatus;

class AlertStatusMapTest {

    /** A status by its Windows name: SecStatus's fields, plus CRYPT_E_REVOKED kept locally for now. */
    static int status(String name) {
        if ("CRYPT_E_REVOKED".equals(name)) {
            return SecStatus.CRYPT_E_REVOKED;
        }
        try {
            return SecStatus.class.getField(name).getInt(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("no status " + name, e);
        }
    }

    @ParameterizedTest(name = "received {0} -> {1}")
    @CsvSource({
        "120, SEC_E_APPLICATION_PROTOCOL_MISMATCH",
        // Windows reports these as ILLEGAL_MESSAGE too (curl/curl-www#182): not ALGORITHM_MISMATCH.
        "40, SEC_E_ILLEGAL_MESSAGE",
        "70, SEC_E_ILLEGAL_MESSAGE",
        "71, SEC_E_ILLEGAL_MESSAGE",
        "116, SEC_E_ILLEGAL_MESSAGE",
        "10, SEC_E_ILLEGAL_MESSAGE",
        "20, SEC_E_ILLEGAL_MESSAGE",
        "22, SEC_E_ILLEGAL_MESSAGE",
        "42, SEC_E_ILLEGAL_MESSAGE",
        "43, SEC_E_ILLEGAL_MESSAGE",
        "44, SEC_E_ILLEGAL_MESSAGE",
        "45, SEC_E_ILLEGAL_MESSAGE",
        "46, SEC_E_ILLEGAL_MESSAGE",
        "47, SEC_E_ILLEGAL_MESSAGE",
        "48, SEC_E_ILLEGAL_MESSAGE",
        "49, SEC_E_ILLEGAL_MESSAGE",
        "50, SEC_E_ILLEGAL_MESSAGE",
        "51, SEC_E_ILLEGAL_MESSAGE",
        "80, SEC_E_ILLEGAL_MESSAGE",
        "86, SEC_E_ILLEGAL_MESSAGE",
        "109, SEC_E_ILLEGAL_MESSAGE",
        "110, SEC_E_ILLEGAL_MESSAGE",
        "112, SEC_E_ILLEGAL_MESSAGE",
        "113, SEC_E_ILLEGAL_MESSAGE",
        "115, SEC_E_ILLEGAL_MESSAGE",
        "255, SEC_E_ILLEGAL_MESSAGE",
    })
    void statusForReceivedAlert_eachFatalAlert_givesWindowsStatus(short alert, String expected) {
        assertEquals(status(expected), AlertStatusMap.statusForReceivedAlert(alert),
                () -> "received " + AlertStatusMap.alertName(alert));
    }

    @ParameterizedTest(name = "raised {0} -> {1}")
    @CsvSource({
        "10, SEC_E_ILLEGAL_MESSAGE",
        "20, SEC_E_DECRYPT_FAILURE",
        "22, SEC_E_ILLEGAL_MESSAGE",
        "40, SEC_E_ALGORITHM_MISMATCH",
        "42, SEC_E_CERT_UNKNOWN",
        "43, SEC_E_CERT_UNKNOWN",
        "44, CRYPT_E_REVOKED",
        "45, SEC_E_CERT_EXPIRED",
        "46, SEC_E_CERT_UNKNOWN",
        "47, SEC_E_ILLEGAL_MESSAGE",
        "48, SEC_E_UNTRUSTED_ROOT",
        "49, SEC_E_ILLEGAL_MESSAGE",
        "50, SEC_E_ILLEGAL_MESSAGE",
        "51, SEC_E_MESSAGE_ALTERED",
        "70, SEC_E_ALGORITHM_MISMATCH",
        "71, SEC_E_ALGORITHM_MISMATCH",
        "80, SEC_E_INTERNAL_ERROR",
        "86, SEC_E_ALGORITHM_MISMATCH",
        "109, SEC_E_ILLEGAL_MESSAGE",
        "110, SEC_E_ILLEGAL_MESSAGE",
        "111, SEC_E_CERT_UNKNOWN",
        "112, SEC_E_WRONG_PRINCIPAL",
        "113, SEC_E_CERT_UNKNOWN",
        "114, SEC_E_CERT_UNKNOWN",
        "115, SEC_E_ILLEGAL_MESSAGE",
        "116, SEC_E_NO_CREDENTIALS",
        "120, SEC_E_APPLICATION_PROTOCOL_MISMATCH",
        "255, SEC_E_ILLEGAL_MESSAGE",
    })
    void statusForRaisedAlert_eachAlert_givesTableStatus(short alert, String expected) {
        assertEquals(status(expected), AlertStatusMap.statusForRaisedAlert(alert),
                () -> "raised " + AlertStatusMap.alertName(alert));
    }

    @ParameterizedTest(name = "{0} (tls13={1}) -> alert {2}")
    @CsvSource({
        "SEC_E_WRONG_PRINCIPAL, true, 42",
        "SEC_E_UNTRUSTED_ROOT, true, 48",
        "SEC_E_CERT_EXPIRED, true, 45",
        "SEC_E_CERT_WRONG_USAGE, true, 43",
        "SEC_E_CERT_UNKNOWN, true, 46",
        "CRYPT_E_REVOKED, true, 44",
        "CRYPT_E_NO_REVOCATION_CHECK, true, 46",
        "CRYPT_E_REVOCATION_OFFLINE, true, 46",
        "SEC_E_APPLICATION_PROTOCOL_MISMATCH, true, 120",
        "SEC_E_ALGORITHM_MISMATCH, true, 40",
        "SEC_E_ILLEGAL_MESSAGE, true, 10",
        "SEC_E_INVALID_TOKEN, true, 50",
        "SEC_E_DECRYPT_FAILURE, true, 20",
        "SEC_E_MESSAGE_ALTERED, true, 51",
        "SEC_E_NO_CREDENTIALS, true, 116",
        "SEC_E_NO_CREDENTIALS, false, 40",
        "SEC_E_INTERNAL_ERROR, true, 80",
        "SEC_E_INSUFFICIENT_MEMORY, true, 80",
        "SEC_E_ENCRYPT_FAILURE, true, 80",
        "SEC_E_UNSUPPORTED_FUNCTION, false, 80",
    })
    void alertForStatus_eachStatus_givesTableAlert(String statusName, boolean tls13, short expected) {
        assertEquals(expected, AlertStatusMap.alertForStatus(status(statusName), tls13),
                () -> statusName + " gave " + AlertStatusMap.alertName(
                        AlertStatusMap.alertForStatus(status(statusName), tls13)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"SEC_E_OK", "SEC_I_CONTINUE_NEEDED", "SEC_I_CONTEXT_EXPIRED", "SEC_I_RENEGOTIATE"})
    void alertForStatus_successStatus_isRejected(String statusName) {
        assertThrows(IllegalArgumentException.class, () -> AlertStatusMap.alertForStatus(status(statusName), true));
    }

    @Test
    void alertForStatus_versionIndependentStatuses_ignoreTheVersionFlag() {
        for (String name : new String[] {"SEC_E_WRONG_PRINCIPAL", "SEC_E_ALGORITHM_MISMATCH", "SEC_E_DECRYPT_FAILURE"}) {
            assertEquals(AlertStatusMap.alertForStatus(status(name), true),
                    AlertStatusMap.alertForStatus(status(name), false), name);
        }
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "0, close_notify", "10, unexpected_message", "20, bad_record_mac", "21, decryption_failed",
        "22, record_overflow", "30, decompression_failure", "40, handshake_failure", "41, no_certificate",
        "42, bad_certificate", "43, unsupported_certificate", "44, certificate_revoked",
        "45, certificate_expired", "46, certificate_unknown", "47, illegal_parameter", "48, unknown_ca",
        "49, access_denied", "50, decode_error", "51, decrypt_error", "60, export_restriction",
        "70, protocol_version", "71, insufficient_security", "80, internal_error",
        "86, inappropriate_fallback", "90, user_canceled", "100, no_renegotiation",
        "109, missing_extension", "110, unsupported_extension", "111, certificate_unobtainable",
        "112, unrecognized_name", "113, bad_certificate_status_response", "114, bad_certificate_hash_value",
        "115, unknown_psk_identity", "116, certificate_required", "120, no_application_protocol",
        "1, unassigned(1)", "255, unassigned(255)", "-1, unassigned(-1)",
    })
    void alertName_eachDescription_givesRfcName(int alert, String expected) {
        assertEquals(expected, AlertStatusMap.alertName(alert));
    }

    @Test
    void alertName_everyAlertBouncyCastleKnows_readsTheSameAsBouncyCastle() {
        int known = 0;
        for (short a = 0; a < 256; a++) {
            String bc = AlertDescription.getName(a);
            if (!bc.startsWith("UNKNOWN")) {
                known++;
                assertEquals(bc, AlertStatusMap.alertName(a), "alert " + a);
            } else {
                assertEquals("unassigned(" + a + ")", AlertStatusMap.alertName(a), "alert " + a);
            }
        }
        assertFalse(known < 34, "Bouncy Castle knew only " + known + " alerts");
    }
}
