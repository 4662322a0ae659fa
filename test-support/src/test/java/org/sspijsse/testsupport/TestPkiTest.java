package org.sspijsse.testsupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TestPkiTest {
    private final TestPki pki = TestPki.create();

    static void validate(X509Certificate[] chain, X509Certificate anchor) throws Exception {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(cf.generateCertPath(Arrays.asList(chain)), params);
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void aServerChainOfEveryKeyTypeValidatesWithPkixAgainstTheRoot(KeyType type) throws Exception {
        Issued server = pki.server(type);
        assertEquals(2, server.chain().length, "end entity and intermediate, no root");
        assertEquals(pki.root(), server.root());
        validate(server.chain(), pki.root());
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void theKeyMatchesTheCertificateAndHasTheRequestedType(KeyType type) throws Exception {
        Issued server = pki.server(type);
        String expected = type == KeyType.ED25519 ? "EdDSA" : type.keyFactoryAlgorithm(); // JDK 17's name
        assertEquals(expected, server.key().getAlgorithm());
        assertEquals(expected, server.certificate().getPublicKey().getAlgorithm());
        String alg = switch (type) {
            case RSA_2048 -> "SHA256withRSA";
            case RSA_PSS_2048 -> "RSASSA-PSS";
            case EC_P256 -> "SHA256withECDSA";
            case EC_P384 -> "SHA384withECDSA";
            case ED25519 -> "Ed25519";
        };
        Signature s = Signature.getInstance(alg);
        if (type == KeyType.RSA_PSS_2048) {
            s.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1",
                    java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
        }
        s.initSign(server.key());
        s.update(new byte[] {1, 2, 3});
        byte[] sig = s.sign();
        s.initVerify(server.certificate().getPublicKey());
        s.update(new byte[] {1, 2, 3});
        assertTrue(s.verify(sig));
    }

    @Test
    void ecKeysHaveTheRequestedCurveSize() {
        var p256 = (java.security.interfaces.ECPublicKey) pki.server(KeyType.EC_P256).certificate().getPublicKey();
        var p384 = (java.security.interfaces.ECPublicKey) pki.server(KeyType.EC_P384).certificate().getPublicKey();
        assertEquals(256, p256.getParams().getOrder().bitLength());
        assertEquals(384, p384.getParams().getOrder().bitLength());
        var rsa = (java.security.interfaces.RSAPublicKey) pki.server(KeyType.RSA_2048).certificate().getPublicKey();
        assertEquals(2048, rsa.getModulus().bitLength());
    }

    @Test
    void aServerCertificateNamesLocalhostAndTheLoopbackAddress() throws Exception {
        Collection<List<?>> sans = pki.server(KeyType.EC_P256).certificate().getSubjectAlternativeNames();
        assertTrue(sans.contains(List.of(2, "localhost")), sans.toString());
        assertTrue(sans.contains(List.of(7, "127.0.0.1")), sans.toString());
        assertEquals(List.of("1.3.6.1.5.5.7.3.1"), pki.server(KeyType.EC_P256).certificate().getExtendedKeyUsage());
    }

    @Test
    void configuredNamesReplaceTheDefaultsAndTheFirstIsTheCommonName() throws Exception {
        Issued s = pki.server(KeyType.EC_P256, "a.test", "b.test", "::1");
        Collection<List<?>> sans = s.certificate().getSubjectAlternativeNames();
        assertEquals(3, sans.size(), sans.toString());
        assertTrue(sans.contains(List.of(2, "b.test")));
        assertTrue(s.certificate().getSubjectX500Principal().getName().startsWith("CN=a.test"));
    }

    @Test
    void issuingTheSameCertificateTwiceReturnsTheCachedOne() {
        assertSame(pki.server(KeyType.RSA_2048), pki.server(KeyType.RSA_2048, "localhost", "127.0.0.1"));
        assertSame(pki, TestPki.create());
    }

    @Test
    void anExpiredCertificateIsExpiredAndPkixSaysSo() {
        Issued expired = pki.server(KeyType.EC_P256, TestPki.Variant.EXPIRED);
        assertThrows(CertificateExpiredException.class, () -> expired.certificate().checkValidity());
        CertPathValidatorException e = assertThrows(CertPathValidatorException.class,
                () -> validate(expired.chain(), pki.root()));
        assertEquals(CertPathValidatorException.BasicReason.EXPIRED, e.getReason());
    }

    @Test
    void aNotYetValidCertificateIsNotYetValid() {
        Issued early = pki.server(KeyType.EC_P256, TestPki.Variant.NOT_YET_VALID);
        assertThrows(CertificateNotYetValidException.class, () -> early.certificate().checkValidity());
        CertPathValidatorException e = assertThrows(CertPathValidatorException.class,
                () -> validate(early.chain(), pki.root()));
        assertEquals(CertPathValidatorException.BasicReason.NOT_YET_VALID, e.getReason());
    }

    @Test
    void aWrongNameCertificateNamesOnlyOtherExample() throws Exception {
        Issued wrong = pki.server(KeyType.EC_P256, TestPki.Variant.WRONG_NAME, "localhost");
        assertEquals(List.of(List.of(2, TestPki.WRONG_NAME)), List.copyOf(wrong.certificate().getSubjectAlternativeNames()));
        validate(wrong.chain(), pki.root());
    }

    @Test
    void selfSignedAndUntrustedCaCertificatesDoNotValidateAgainstTheRoot() throws Exception {
        Issued self = pki.server(KeyType.EC_P256, TestPki.Variant.SELF_SIGNED);
        assertEquals(1, self.chain().length);
        assertEquals(self.certificate(), self.root());
        assertThrows(CertPathValidatorException.class, () -> validate(self.chain(), pki.root()));
        Issued untrusted = pki.server(KeyType.RSA_2048, TestPki.Variant.UNTRUSTED_CA);
        assertEquals(pki.untrustedRoot(), untrusted.root());
        assertNotEquals(pki.root(), untrusted.root());
        assertThrows(CertPathValidatorException.class, () -> validate(untrusted.chain(), pki.root()));
        validate(untrusted.chain(), untrusted.root());
    }

    @Test
    void aWrongKeyUsageServerCertificateIsForClientAuthOnly() throws Exception {
        Issued s = pki.server(KeyType.EC_P256, TestPki.Variant.WRONG_KEY_USAGE);
        assertEquals(List.of("1.3.6.1.5.5.7.3.2"), s.certificate().getExtendedKeyUsage());
    }

    @Test
    void aClientCertificateIsForClientAuthAndValidates() throws Exception {
        Issued c = pki.client(KeyType.EC_P256, "alice");
        assertEquals(List.of("1.3.6.1.5.5.7.3.2"), c.certificate().getExtendedKeyUsage());
        assertTrue(c.certificate().getSubjectX500Principal().getName().startsWith("CN=alice"));
        validate(c.chain(), pki.root());
    }

    @Test
    void anRsaRootedPkiIssuesChainsThatValidate() throws Exception {
        TestPki rsa = TestPki.create(KeyType.RSA_2048);
        Issued s = rsa.server(KeyType.EC_P256);
        assertEquals("RSA", rsa.root().getPublicKey().getAlgorithm());
        validate(s.chain(), rsa.root());
    }

    @Test
    void pemFilesHoldTheChainAndAPkcs8Key(@TempDir Path dir) throws Exception {
        Issued s = pki.server(KeyType.EC_P384);
        Issued.PemFiles pem = s.writePem(dir);
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        try (var in = Files.newInputStream(pem.chain())) {
            assertEquals(List.of(s.chain()), List.copyOf(cf.generateCertificates(in)));
        }
        try (var in = Files.newInputStream(pem.ca())) {
            assertEquals(pki.root(), cf.generateCertificate(in));
        }
        String keyPem = Files.readString(pem.key());
        assertTrue(keyPem.startsWith("-----BEGIN PRIVATE KEY-----"));
        byte[] der = java.util.Base64.getMimeDecoder().decode(keyPem.replaceAll("-----[A-Z ]+-----", ""));
        assertArrayEquals(s.key().getEncoded(),
                KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der)).getEncoded());
        assertTrue(Files.readString(pem.intermediates()).contains("BEGIN CERTIFICATE"));
    }
}
