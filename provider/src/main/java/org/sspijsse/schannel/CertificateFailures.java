package org.sspijsse.schannel;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.CertificateRevokedException;
import java.security.cert.PKIXReason;
import java.security.cert.X509Certificate;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.tls.AlertDescription;
import org.sspijsse.sspi.SecStatus;

/**
 * What a rejected certificate chain becomes: the {@code SEC_E_*} (or {@code CRYPT_E_*}) status
 * Schannel returns and the alert we send. Schannel itself turns the chain engine's verdict into a
 * status (CERT_E_UNTRUSTEDROOT to SEC_E_UNTRUSTED_ROOT, CERT_E_EXPIRED to SEC_E_CERT_EXPIRED,
 * CERT_E_WRONG_USAGE to SEC_E_CERT_WRONG_USAGE, CRYPT_E_REVOKED passed through, the rest to
 * SEC_E_CERT_UNKNOWN); here the verdict is a Java {@link CertificateException} from a
 * {@link org.sspijsse.sspi.CertificateValidator}, whose cause chain carries the PKIX reason.
 *
 * <p>The table ({@link #classify}):
 * <pre>
 * found in the cause chain                            status                        alert
 * CertificateExpiredException, reason EXPIRED          SEC_E_CERT_EXPIRED            certificate_expired(45)
 * CertificateNotYetValidException, NOT_YET_VALID       SEC_E_CERT_EXPIRED            certificate_expired(45)
 * PKIXReason.NO_TRUST_ANCHOR, "no trust anchors",
 *   a CertPathBuilderException (no path was found)     SEC_E_UNTRUSTED_ROOT          unknown_ca(48)
 * CertificateRevokedException, reason REVOKED          CRYPT_E_REVOKED               certificate_revoked(44)
 * UNDETERMINED_REVOCATION_STATUS                       CRYPT_E_NO_REVOCATION_CHECK   certificate_unknown(46)
 * INVALID_SIGNATURE                                    SEC_E_CERT_UNKNOWN            bad_certificate(42)
 * PKIXReason.INVALID_KEY_USAGE, a key usage message    SEC_E_CERT_WRONG_USAGE        unsupported_certificate(43)
 * anything else                                        SEC_E_CERT_UNKNOWN            certificate_unknown(46)
 * </pre>
 */
public final class CertificateFailures {
    private CertificateFailures() {
    }


    /** OIDs of RFC 5280 §4.2.1.12. */
    static final String OID_ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";
    static final String OID_SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    static final String OID_CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    /** Bounds the cause-chain walk: a cycle or a pathological chain must not loop. */
    private static final int MAX_CAUSES = 32;

    /** A status and the alert that goes with it. */
    public record Failure(int status, short alert) {
        @Override
        public String toString() {
            return SecStatus.describe(status) + " / " + AlertStatusMap.alertName(alert) + "(" + alert + ")";
        }
    }

    static final Failure EXPIRED = new Failure(SecStatus.SEC_E_CERT_EXPIRED, AlertDescription.certificate_expired);
    /**
     * Windows has one verdict for both ends of the validity period: CERT_E_EXPIRED, "A required
     * certificate is not within its validity period", hence SEC_E_CERT_EXPIRED. The alert follows RFC
     * 8446 §6.2, whose certificate_expired reads "has expired or is not currently valid" (OpenSSL
     * sends bad_certificate here instead; the RFC wording is the closer fit).
     */
    static final Failure NOT_YET_VALID = new Failure(SecStatus.SEC_E_CERT_EXPIRED,
            AlertDescription.certificate_expired);
    static final Failure UNTRUSTED_ROOT = new Failure(SecStatus.SEC_E_UNTRUSTED_ROOT, AlertDescription.unknown_ca);
    static final Failure REVOKED = new Failure(SecStatus.CRYPT_E_REVOKED, AlertDescription.certificate_revoked);
    static final Failure NO_REVOCATION_CHECK = new Failure(SecStatus.CRYPT_E_NO_REVOCATION_CHECK,
            AlertDescription.certificate_unknown);
    /**
     * A signature in the chain does not verify. Windows' chain engine says TRUST_E_CERT_SIGNATURE,
     * which Schannel does not pass through; SEC_E_CERT_UNKNOWN is its catch-all. The alert is RFC 8446
     * §6.2's bad_certificate: "contained signatures that did not verify correctly".
     */
    static final Failure BAD_SIGNATURE = new Failure(SecStatus.SEC_E_CERT_UNKNOWN, AlertDescription.bad_certificate);
    /** Wrong key usage or purpose: OpenSSL's alert for an invalid purpose is unsupported_certificate too. */
    static final Failure WRONG_USAGE = new Failure(SecStatus.SEC_E_CERT_WRONG_USAGE,
            AlertDescription.unsupported_certificate);
    static final Failure UNKNOWN = new Failure(SecStatus.SEC_E_CERT_UNKNOWN, AlertDescription.certificate_unknown);

    /**
     * Maps a validator's rejection to a status and an alert, following the table above. The cause
     * chain is walked outermost first and the first typed verdict wins (a
     * {@code CertificateException} wrapping a {@code CertPathValidatorException} with reason
     * EXPIRED is an expired certificate). Only when no exception in the chain carries a typed
     * verdict are weaker signs used: a {@code CertPathBuilderException} (path building, as
     * SunJSSE's trust manager does it, found no path to a trust anchor) and the messages SunJSSE's
     * trust manager uses for key usage rejections, which have no exception type of their own.
     *
     * @param failure the exception; null gives SEC_E_CERT_UNKNOWN / certificate_unknown
     */
    public static Failure classify(CertificateException failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        boolean noPath = false;
        boolean usageMessage = false;
        Throwable t = failure;
        for (int i = 0; t != null && i < MAX_CAUSES && seen.put(t, Boolean.TRUE) == null; i++) {
            Failure typed = typedVerdict(t);
            if (typed != null) {
                return typed;
            }
            noPath |= t instanceof CertPathBuilderException || mentions(t, "no trust anchor");
            usageMessage |= mentions(t, "key usage") || mentions(t, "keyusage")
                    || mentions(t, "netscape cert type");
            t = t.getCause();
        }
        if (usageMessage) {
            return WRONG_USAGE;
        }
        return noPath ? UNTRUSTED_ROOT : UNKNOWN;
    }

    private static Failure typedVerdict(Throwable t) {
        if (t instanceof CertificateRevokedException) {
            return REVOKED;
        }
        if (t instanceof CertificateExpiredException) {
            return EXPIRED;
        }
        if (t instanceof CertificateNotYetValidException) {
            return NOT_YET_VALID;
        }
        if (!(t instanceof CertPathValidatorException)) {
            return null;
        }
        CertPathValidatorException.Reason reason = ((CertPathValidatorException) t).getReason();
        if (reason == BasicReason.EXPIRED) {
            return EXPIRED;
        }
        if (reason == BasicReason.NOT_YET_VALID) {
            return NOT_YET_VALID;
        }
        if (reason == BasicReason.REVOKED) {
            return REVOKED;
        }
        if (reason == BasicReason.UNDETERMINED_REVOCATION_STATUS) {
            return NO_REVOCATION_CHECK;
        }
        if (reason == BasicReason.INVALID_SIGNATURE) {
            return BAD_SIGNATURE;
        }
        if (reason == PKIXReason.NO_TRUST_ANCHOR) {
            return UNTRUSTED_ROOT;
        }
        if (reason == PKIXReason.INVALID_KEY_USAGE) {
            return WRONG_USAGE;
        }
        return null;
    }

    private static boolean mentions(Throwable t, String lowerCaseText) {
        String m = t.getMessage();
        return m != null && m.toLowerCase(Locale.ROOT).contains(lowerCaseText);
    }

    /**
     * Checks that an end-entity certificate may be used for TLS on this side, as Schannel's
     * chain policy does before the handshake goes on.
     *
     * <ul>
     * <li>Extended key usage (RFC 5280 §4.2.1.12): absent means any purpose; otherwise it must
     *     list anyExtendedKeyUsage or id-kp-serverAuth ({@code serverAuth}) / id-kp-clientAuth.</li>
     * <li>Key usage (RFC 5280 §4.2.1.3): when present it must include digitalSignature, because with
     *     every suite we offer the certificate's key signs (TLS 1.3 CertificateVerify, TLS 1.2
     *     ECDHE ServerKeyExchange and client CertificateVerify); no suite uses RSA key transport, so
     *     keyEncipherment alone is not enough.</li>
     * </ul>
     *
     * @param ee         the peer's (or our own) end-entity certificate
     * @param serverAuth true to check for server use, false for client use
     * @return {@code SEC_E_OK} or {@code SEC_E_CERT_WRONG_USAGE}; an extended key usage extension
     *         that cannot be parsed gives {@code SEC_E_CERT_WRONG_USAGE} (the purpose cannot be shown)
     * @throws NullPointerException if {@code ee} is null
     */
    public static int checkExtendedKeyUsage(X509Certificate ee, boolean serverAuth) {
        Objects.requireNonNull(ee, "ee");
        List<String> purposes;
        try {
            purposes = ee.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            return SecStatus.SEC_E_CERT_WRONG_USAGE;
        }
        if (purposes != null && !purposes.contains(OID_ANY_EXTENDED_KEY_USAGE)
                && !purposes.contains(serverAuth ? OID_SERVER_AUTH : OID_CLIENT_AUTH)) {
            return SecStatus.SEC_E_CERT_WRONG_USAGE;
        }
        boolean[] keyUsage = ee.getKeyUsage();
        if (keyUsage != null && (keyUsage.length == 0 || !keyUsage[0])) {
            return SecStatus.SEC_E_CERT_WRONG_USAGE;
        }
        return SecStatus.SEC_E_OK;
    }
}
