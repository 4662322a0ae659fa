package org.sspijsse.schannel;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Real X.509 certificates for the tests of this package, made with bcpkix (EC P-256, SHA-256). */
final class CertificateMaker {
    /** The fixed "now" of every test: validity is checked against it, not the wall clock. */
    static final Date NOW = Date.from(Instant.parse("2026-06-01T00:00:00Z"));
    static final Date YEAR_AGO = Date.from(Instant.parse("2025-06-01T00:00:00Z"));
    static final Date YEAR_AHEAD = Date.from(Instant.parse("2027-06-01T00:00:00Z"));

    private static final AtomicLong SERIAL = new AtomicLong(1000);

    /** A certificate with its private key. */
    record Issued(X509Certificate cert, PrivateKey key) {
    }

    private X500Name subject;
    private Issued issuer;
    private Date notBefore = YEAR_AGO;
    private Date notAfter = YEAR_AHEAD;
    private boolean ca;
    private Integer keyUsage;
    private KeyPurposeId[] eku;
    private final List<GeneralName> sans = new ArrayList<>();
    private byte[] rawSan;
    private KeyPair keyPair;
    private PrivateKey signingKeyOverride;

    private CertificateMaker(X500Name subject) {
        this.subject = subject;
    }

    /** A certificate whose subject is {@code CN=cn}; self-signed unless {@link #issuedBy}. */
    static CertificateMaker cn(String cn) {
        return new CertificateMaker(new X500Name("CN=" + cn));
    }

    /** A certificate with the given subject DN, RDNs in DER order. */
    static CertificateMaker subject(X500Name dn) {
        return new CertificateMaker(dn);
    }

    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    CertificateMaker issuedBy(Issued issuer) {
        this.issuer = issuer;
        return this;
    }

    CertificateMaker validity(Date from, Date to) {
        this.notBefore = from;
        this.notAfter = to;
        return this;
    }

    /** A CA: basicConstraints cA=true and keyUsage keyCertSign|cRLSign unless set otherwise. */
    CertificateMaker ca() {
        this.ca = true;
        return this;
    }

    /** keyUsage bits as in {@link KeyUsage} (e.g. {@code KeyUsage.digitalSignature}). */
    CertificateMaker keyUsage(int bits) {
        this.keyUsage = bits;
        return this;
    }

    CertificateMaker eku(KeyPurposeId... purposes) {
        this.eku = purposes;
        return this;
    }

    CertificateMaker dns(String... names) {
        for (String n : names) {
            sans.add(new GeneralName(GeneralName.dNSName, n));
        }
        return this;
    }

    CertificateMaker ip(String... addresses) {
        for (String a : addresses) {
            sans.add(new GeneralName(GeneralName.iPAddress, a));
        }
        return this;
    }

    CertificateMaker email(String address) {
        sans.add(new GeneralName(GeneralName.rfc822Name, address));
        return this;
    }

    /** A subjectAltName extension with these bytes as its value, well-formed or not. */
    CertificateMaker rawSubjectAltName(byte[] encodedValue) {
        this.rawSan = encodedValue;
        return this;
    }

    /** Signs with this key instead of the issuer's: the signature will not verify. */
    CertificateMaker signedWithWrongKey() {
        this.signingKeyOverride = newKeyPair().getPrivate();
        return this;
    }

    Issued build() {
        try {
            KeyPair kp = keyPair != null ? keyPair : newKeyPair();
            X500Name issuerName = issuer == null ? subject
                    : X500Name.getInstance(issuer.cert().getSubjectX500Principal().getEncoded());
            PrivateKey signer = signingKeyOverride != null ? signingKeyOverride
                    : issuer == null ? kp.getPrivate() : issuer.key();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName,
                    BigInteger.valueOf(SERIAL.incrementAndGet()), notBefore, notAfter, subject, kp.getPublic());
            if (ca) {
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                int bits = keyUsage != null ? keyUsage : KeyUsage.keyCertSign | KeyUsage.cRLSign;
                b.addExtension(Extension.keyUsage, true, new KeyUsage(bits));
            } else if (keyUsage != null) {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
            }
            if (eku != null) {
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(eku));
            }
            if (!sans.isEmpty()) {
                b.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(sans.toArray(new GeneralName[0])));
            }
            if (rawSan != null) {
                b.addExtension(Extension.subjectAlternativeName, false, rawSan);
            }
            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
            return new Issued(cert, kp.getPrivate());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
