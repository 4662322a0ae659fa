package org.sspijsse.schannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.security.cert.CRLReason;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateRevokedException;
import java.security.cert.PKIXReason;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.tls.AlertDescription;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sspijsse.schannel.CertificateFailures.Failure;
import org.sspijsse.schannel.CertificateMaker.Issued;
import org.sspijsse.sspi.PkixCertificateValidator;
import org.sspijsse.sspi.SecStatus;

class CertificateFailuresTest {
    private static Issued root;
    private static Issued otherRoot;

    @BeforeAll
    static void makeRoots() {
        root = CertificateMaker.cn("Test Root").ca().build();
        otherRoot = CertificateMaker.cn("Other Root").ca().build();
    }

    private static Issued leaf(CertificateMaker m) {
        return m.issuedBy(root).dns("server.example").build();
    }

    /** Runs the chain through the real PKIX validator (clock fixed at NOW) and returns its rejection. */
    private static CertificateException rejection(PkixCertificateValidator v, X509Certificate... chain) {
        try {
            v.checkServerTrusted(chain, "ECDHE_ECDSA", "server.example");
        } catch (CertificateException e) {
            return e;
        }
        return fail("the chain was accepted");
    }

    private static PkixCertificateValidator trustingRoot() {
        return PkixCertificateValidator.trusting(() -> CertificateMaker.NOW, root.cert());
    }

    private static void assertFailure(int status, short alert, Failure actual) {
        assertEquals(new Failure(status, alert), actual);
    }

    @Test
    void classify_expiredLeafUnderTrustedRoot_isCertExpiredWithCertificateExpired() {
        Issued ee = leaf(CertificateMaker.cn("server.example")
                .validity(CertificateMaker.YEAR_AGO, new Date(CertificateMaker.NOW.getTime() - 86_400_000L)));
        Failure f = CertificateFailures.classify(rejection(trustingRoot(), ee.cert()));
        assertFailure(SecStatus.SEC_E_CERT_EXPIRED, AlertDescription.certificate_expired, f);
    }

    @Test
    void classify_expiredPinnedLeaf_isCertExpiredWithCertificateExpired() {
        Issued ee = CertificateMaker.cn("pinned.example")
                .validity(CertificateMaker.YEAR_AGO, new Date(CertificateMaker.NOW.getTime() - 1000)).build();
        PkixCertificateValidator v = PkixCertificateValidator.trusting(() -> CertificateMaker.NOW, ee.cert());
        Failure f = CertificateFailures.classify(rejection(v, ee.cert()));
        assertFailure(SecStatus.SEC_E_CERT_EXPIRED, AlertDescription.certificate_expired, f);
    }

    @Test
    void classify_notYetValidLeaf_isCertExpiredWithCertificateExpired() {
        Issued ee = leaf(CertificateMaker.cn("server.example")
                .validity(new Date(CertificateMaker.NOW.getTime() + 86_400_000L), CertificateMaker.YEAR_AHEAD));
        Failure f = CertificateFailures.classify(rejection(trustingRoot(), ee.cert()));
        assertFailure(SecStatus.SEC_E_CERT_EXPIRED, AlertDescription.certificate_expired, f);
    }

    @Test
    void classify_expiredIntermediate_isCertExpired() {
        Issued ca = CertificateMaker.cn("Expired Intermediate").ca().issuedBy(root)
                .validity(CertificateMaker.YEAR_AGO, new Date(CertificateMaker.NOW.getTime() - 1000)).build();
        Issued ee = CertificateMaker.cn("server.example").issuedBy(ca).build();
        Failure f = CertificateFailures.classify(rejection(trustingRoot(), ee.cert(), ca.cert()));
        assertFailure(SecStatus.SEC_E_CERT_EXPIRED, AlertDescription.certificate_expired, f);
    }

    @Test
    void classify_chainToAnotherRoot_isUntrustedRootWithUnknownCa() {
        Issued ee = CertificateMaker.cn("server.example").issuedBy(otherRoot).build();
        Failure f = CertificateFailures.classify(rejection(trustingRoot(), ee.cert(), otherRoot.cert()));
        assertFailure(SecStatus.SEC_E_UNTRUSTED_ROOT, AlertDescription.unknown_ca, f);
    }

    @Test
    void classify_emptyTrustStore_isUntrustedRootWithUnknownCa() {
        Issued ee = leaf(CertificateMaker.cn("server.example"));
        PkixCertificateValidator none = PkixCertificateValidator.trusting(() -> CertificateMaker.NOW);
        Failure f = CertificateFailures.classify(rejection(none, ee.cert()));
        assertFailure(SecStatus.SEC_E_UNTRUSTED_ROOT, AlertDescription.unknown_ca, f);
    }

    @Test
    void classify_signatureByWrongKey_isCertUnknownWithBadCertificate() {
        Issued ee = CertificateMaker.cn("server.example").issuedBy(root).signedWithWrongKey().build();
        CertificateException e = rejection(trustingRoot(), ee.cert());
        assertFailure(SecStatus.SEC_E_CERT_UNKNOWN, AlertDescription.bad_certificate, CertificateFailures.classify(e));
    }

    @Test
    void classify_intermediateWithoutKeyCertSign_isWrongUsageWithUnsupportedCertificate() {
        Issued ca = CertificateMaker.cn("Signing-only Intermediate").ca().keyUsage(KeyUsage.digitalSignature)
                .issuedBy(root).build();
        Issued ee = CertificateMaker.cn("server.example").issuedBy(ca).build();
        Failure f = CertificateFailures.classify(rejection(trustingRoot(), ee.cert(), ca.cert()));
        assertFailure(SecStatus.SEC_E_CERT_WRONG_USAGE, AlertDescription.unsupported_certificate, f);
    }

    @Test
    void classify_revokedReason_isCryptRevokedWithCertificateRevoked() {
        CertificateException e = new CertificateException("revoked",
                new CertPathValidatorException("revoked", null, null, -1, BasicReason.REVOKED));
        assertFailure(SecStatus.CRYPT_E_REVOKED, AlertDescription.certificate_revoked,
                CertificateFailures.classify(e));
    }

    @Test
    void classify_certificateRevokedException_isCryptRevoked() {
        CertificateException e = new CertificateRevokedException(new Date(), CRLReason.KEY_COMPROMISE,
                new X500Principal("CN=Test Root"), Map.of());
        assertFailure(SecStatus.CRYPT_E_REVOKED, AlertDescription.certificate_revoked,
                CertificateFailures.classify(e));
    }

    @Test
    void classify_undeterminedRevocationStatus_isNoRevocationCheckWithCertificateUnknown() {
        CertificateException e = new CertificateException("x",
                new CertPathValidatorException("no OCSP", null, null, -1, BasicReason.UNDETERMINED_REVOCATION_STATUS));
        assertFailure(SecStatus.CRYPT_E_NO_REVOCATION_CHECK, AlertDescription.certificate_unknown,
                CertificateFailures.classify(e));
    }

    @Test
    void classify_pkixInvalidKeyUsageReason_isWrongUsage() {
        CertificateException e = new CertificateException("x",
                new CertPathValidatorException("ku", null, null, -1, PKIXReason.INVALID_KEY_USAGE));
        assertFailure(SecStatus.SEC_E_CERT_WRONG_USAGE, AlertDescription.unsupported_certificate,
                CertificateFailures.classify(e));
    }

    @Test
    void classify_otherPkixReason_isCertUnknownWithCertificateUnknown() {
        CertificateException e = new CertificateException("x",
                new CertPathValidatorException("too long", null, null, -1, PKIXReason.PATH_TOO_LONG));
        assertFailure(SecStatus.SEC_E_CERT_UNKNOWN, AlertDescription.certificate_unknown,
                CertificateFailures.classify(e));
    }

    @Test
    void classify_plainCertificateException_isCertUnknownWithCertificateUnknown() {
        assertFailure(SecStatus.SEC_E_CERT_UNKNOWN, AlertDescription.certificate_unknown,
                CertificateFailures.classify(new CertificateException("rejected by policy")));
    }

    @Test
    void classify_null_isCertUnknown() {
        assertFailure(SecStatus.SEC_E_CERT_UNKNOWN, AlertDescription.certificate_unknown,
                CertificateFailures.classify(null));
    }

    @Test
    void classify_pathBuilderFailureAsSunJsseReportsIt_isUntrustedRoot() {
        CertificateException e = new CertificateException("PKIX path building failed",
                new CertPathBuilderException("unable to find valid certification path to requested target"));
        assertFailure(SecStatus.SEC_E_UNTRUSTED_ROOT, AlertDescription.unknown_ca, CertificateFailures.classify(e));
    }

    @Test
    void classify_pathBuilderFailureCausedByExpiry_isCertExpired() {
        CertPathBuilderException builder = new CertPathBuilderException("failed",
                new CertPathValidatorException("validity check failed",
                        new CertificateExpiredException("NotAfter"), null, -1, BasicReason.EXPIRED));
        Failure f = CertificateFailures.classify(new CertificateException("PKIX path building failed", builder));
        assertFailure(SecStatus.SEC_E_CERT_EXPIRED, AlertDescription.certificate_expired, f);
    }

    @Test
    void classify_sunJsseExtendedKeyUsageMessage_isWrongUsage() {
        CertificateException e = new CertificateException(
                "Extended key usage does not permit use for TLS server authentication");
        assertFailure(SecStatus.SEC_E_CERT_WRONG_USAGE, AlertDescription.unsupported_certificate,
                CertificateFailures.classify(e));
    }

    @Test
    void classify_sunJsseKeyUsageMessage_isWrongUsage() {
        CertificateException e = new CertificateException("KeyUsage does not allow digital signatures");
        assertFailure(SecStatus.SEC_E_CERT_WRONG_USAGE, AlertDescription.unsupported_certificate,
                CertificateFailures.classify(e));
    }

    @Test
    void classify_typedReasonDeepInTheChain_winsOverOuterMessages() {
        Throwable deep = new CertPathValidatorException("x", null, null, -1, BasicReason.REVOKED);
        for (int i = 0; i < 10; i++) {
            deep = new RuntimeException("wrapper " + i, deep);
        }
        CertificateException e = new CertificateException("no trust anchor here", deep);
        assertFailure(SecStatus.CRYPT_E_REVOKED, AlertDescription.certificate_revoked,
                CertificateFailures.classify(e));
    }

    @Test
    void classify_causeCycle_terminatesWithCertUnknown() {
        CertificateException a = new CertificateException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertFailure(SecStatus.SEC_E_CERT_UNKNOWN, AlertDescription.certificate_unknown, CertificateFailures.classify(a));
    }

    @Test
    void failure_toString_namesStatusAndAlert() {
        assertEquals("SEC_E_CERT_EXPIRED (0x80090328) / certificate_expired(45)",
                new Failure(SecStatus.SEC_E_CERT_EXPIRED, AlertDescription.certificate_expired).toString());
    }

    // ---- checkExtendedKeyUsage ----

    private static X509Certificate eeWith(KeyPurposeId... purposes) {
        CertificateMaker m = CertificateMaker.cn("ee.example").issuedBy(root);
        if (purposes.length > 0) {
            m.eku(purposes);
        }
        return m.build().cert();
    }

    @Test
    void checkExtendedKeyUsage_noExtension_allowsServerAndClientUse() {
        X509Certificate ee = eeWith();
        assertEquals(SecStatus.SEC_E_OK, CertificateFailures.checkExtendedKeyUsage(ee, true));
        assertEquals(SecStatus.SEC_E_OK, CertificateFailures.checkExtendedKeyUsage(ee, false));
    }

    @Test
    void checkExtendedKeyUsage_serverAuthOnly_allowsServerUse() {
        assertEquals(SecStatus.SEC_E_OK,
                CertificateFailures.checkExtendedKeyUsage(eeWith(KeyPurposeId.id_kp_serverAuth), true));
    }

    @Test
    void checkExtendedKeyUsage_serverAuthOnly_refusesClientUse() {
        assertEquals(SecStatus.SEC_E_CERT_WRONG_USAGE,
                CertificateFailures.checkExtendedKeyUsage(eeWith(KeyPurposeId.id_kp_serverAuth), false));
    }

    @Test
    void checkExtendedKeyUsage_clientAuthOnly_refusesServerUse() {
        assertEquals(SecStatus.SEC_E_CERT_WRONG_USAGE,
                CertificateFailures.checkExtendedKeyUsage(eeWith(KeyPurposeId.id_kp_clientAuth), true));
    }

    @Test
    void checkExtendedKeyUsage_clientAuthOnly_allowsClientUse() {
        assertEquals(SecStatus.SEC_E_OK,
                CertificateFailures.checkExtendedKeyUsage(eeWith(KeyPurposeId.id_kp_clientAuth), false));
    }

    @Test
    void checkExtendedKeyUsage_bothPurposes_allowBothSides() {
        X509Certificate ee = eeWith(KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth);
        assertEquals(SecStatus.SEC_E_OK, CertificateFailures.checkExtendedKeyUsage(ee, true));
        assertEquals(SecStatus.SEC_E_OK, CertificateFailures.checkExtendedKeyUsage(ee, false));
    }

    @Test
    void checkExtendedKeyUsage_anyExtendedKeyUsage_allowsBothSides() {
        X509Certificate ee = eeWith(KeyPurposeId.anyExtendedKeyUsage);
        assertEquals(SecStatus.SEC_E_OK, CertificateFailures.checkExtendedKeyUsage(ee, true));
        assertEquals(SecStatus.SEC_E_OK, CertificateFailures.checkExtendedKeyUsage(ee, false));
    }

    @Test
    void checkExtendedKeyUsage_codeSigningOnly_refusesBothSides() {
        X509Certificate ee = eeWith(KeyPurposeId.id_kp_codeSigning);
        assertEquals(SecStatus.SEC_E_CERT_WRONG_USAGE, CertificateFailures.checkExtendedKeyUsage(ee, true));
        assertEquals(SecStatus.SEC_E_CERT_WRONG_USAGE, CertificateFailures.checkExtendedKeyUsage(ee, false));
    }

    @Test
    void checkExtendedKeyUsage_keyUsageWithDigitalSignature_isAccepted() {
        X509Certificate ee = CertificateMaker.cn("ee.example").issuedBy(root)
                .keyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement).build().cert();
        assertEquals(SecStatus.SEC_E_OK, CertificateFailures.checkExtendedKeyUsage(ee, true));
    }

    @Test
    void checkExtendedKeyUsage_keyUsageWithoutDigitalSignature_isWrongUsage() {
        X509Certificate ee = CertificateMaker.cn("ee.example").issuedBy(root)
                .keyUsage(KeyUsage.keyEncipherment).eku(KeyPurposeId.id_kp_serverAuth).build().cert();
        assertEquals(SecStatus.SEC_E_CERT_WRONG_USAGE, CertificateFailures.checkExtendedKeyUsage(ee, true));
    }

    @Test
    void checkExtendedKeyUsage_nullCertificate_throwsNullPointerException() {
        assertThrows(NullPointerException.class, () -> CertificateFailures.checkExtendedKeyUsage(null, true));
    }

    @Test
    void validator_validChainUnderTrustedRoot_isAccepted() throws CertificateException {
        // Guards the rejection tests: the same construction without a defect passes the validator.
        Issued ee = leaf(CertificateMaker.cn("server.example"));
        trustingRoot().checkServerTrusted(new X509Certificate[] {ee.cert()}, "ECDHE_ECDSA", "server.example");
        assertNotNull(ee.cert());
    }
}
