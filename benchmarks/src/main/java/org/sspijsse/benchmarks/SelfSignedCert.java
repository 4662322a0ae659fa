package org.sspijsse.benchmarks;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** An in-memory EC P-256 self-signed certificate and a SunJSSE context trusting it (bcpkix builds it; JDK signs). */
final class SelfSignedCert {
    private SelfSignedCert() {
    }

    /** A key pair and its self-signed certificate for CN=localhost. */
    record Material(KeyPair keys, X509Certificate certificate) {
    }

    static Material create() throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
        kpg.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = kpg.generateKeyPair();
        X500Name name = new X500Name("CN=localhost");
        long now = System.currentTimeMillis();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now), new Date(now - 3_600_000L),
                new Date(now + 86_400_000L), name, kp.getPublic());
        b.addExtension(org.bouncycastle.asn1.x509.Extension.subjectAlternativeName, false,
                new org.bouncycastle.asn1.x509.GeneralNames(new org.bouncycastle.asn1.x509.GeneralName(
                        org.bouncycastle.asn1.x509.GeneralName.dNSName, "localhost")));
        X509Certificate cert = new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
        return new Material(kp, cert);
    }

    static SSLContext sunJsseContext(String protocol) throws Exception {
        return sunJsseContext(protocol, create());
    }

    /** A SunJSSE context holding {@code m} as its key and trusting its certificate. */
    static SSLContext sunJsseContext(String protocol, Material m) throws Exception {
        return context(protocol, m, java.security.Security.getProvider("SunJSSE"));
    }

    /** A context of {@code provider} holding {@code m} as its key and trusting its certificate. */
    static SSLContext context(String protocol, Material m, java.security.Provider provider) throws Exception {
        char[] pw = "bench".toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", m.keys().getPrivate(), pw, new Certificate[] {m.certificate()});
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("ca", m.certificate());
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
        kmf.init(ks, pw);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance(protocol, provider);
        // An explicit SecureRandom: BCJSSE without BouncyCastleProvider registered cannot find a "DEFAULT" one.
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new java.security.SecureRandom());
        return ctx;
    }
}
