package org.sspijsse.sspi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * PKIX path validation ({@link CertPathValidator}, RFC 5280) over a fixed set of trust anchors,
 * without revocation checking (Schannel checks revocation only when asked by
 * {@code SCH_CRED_REVOCATION_CHECK_*}). A trust anchor given as the end entity itself is accepted
 * (a pinned self-signed certificate), as Windows accepts a certificate found in the root store.
 */
public final class PkixCertificateValidator implements CertificateValidator {
    private static volatile PkixCertificateValidator systemDefault;

    private final Set<TrustAnchor> anchors;
    private final X509Certificate[] issuers;
    private final Supplier<Date> clock;

    private PkixCertificateValidator(X509Certificate[] trusted, Supplier<Date> clock) {
        this.issuers = trusted.clone();
        this.clock = clock;
        Set<TrustAnchor> set = new HashSet<>();
        for (X509Certificate c : trusted) {
            set.add(new TrustAnchor(c, null));
        }
        this.anchors = set;
    }

    /** Trusts exactly these certificates. */
    public static PkixCertificateValidator trusting(X509Certificate... trusted) {
        return new PkixCertificateValidator(trusted, Date::new);
    }

    /** Trusts exactly these certificates, checking validity at the time {@code clock} gives. */
    public static PkixCertificateValidator trusting(Supplier<Date> clock, X509Certificate... trusted) {
        return new PkixCertificateValidator(trusted, clock);
    }

    /** Trusts the certificate entries of a key store. */
    public static PkixCertificateValidator trusting(KeyStore store) throws GeneralSecurityException {
        List<X509Certificate> list = new java.util.ArrayList<>();
        for (String alias : java.util.Collections.list(store.aliases())) {
            if (store.getCertificate(alias) instanceof X509Certificate) {
                list.add((X509Certificate) store.getCertificate(alias));
            }
        }
        return trusting(list.toArray(new X509Certificate[0]));
    }

    /**
     * The JDK's {@code cacerts}, loaded once: the Java stand-in for the Windows root store that
     * Schannel's automatic validation uses. (The JSSE layer adapts the application's trust manager
     * instead, with JSSE's own trust-store properties; the SSPI layer does not read them.)
     */
    public static PkixCertificateValidator systemDefault() {
        PkixCertificateValidator v = systemDefault;
        if (v == null) {
            synchronized (PkixCertificateValidator.class) {
                v = systemDefault;
                if (v == null) {
                    v = loadSystemDefault();
                    systemDefault = v;
                }
            }
        }
        return v;
    }

    private static PkixCertificateValidator loadSystemDefault() {
        Path path = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(in, null);
            return trusting(ks);
        } catch (IOException | GeneralSecurityException e) {
            // No trust store: nothing is trusted, every server fails with SEC_E_UNTRUSTED_ROOT.
            return trusting(new X509Certificate[0]);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, String targetName)
            throws CertificateException {
        validate(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        validate(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return issuers.clone();
    }

    private void validate(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("empty certificate chain");
        }
        Date now = clock.get();
        // The end entity itself is trusted: check its dates and accept (a pinned certificate).
        for (TrustAnchor a : anchors) {
            if (a.getTrustedCert().equals(chain[0])) {
                chain[0].checkValidity(now);
                return;
            }
        }
        if (anchors.isEmpty()) {
            throw new CertificateException("no trust anchors",
                    new CertPathValidatorException("no trust anchors", null, null, -1,
                            CertPathValidatorException.BasicReason.UNSPECIFIED));
        }
        // A chain that ends in the anchor itself: drop the anchor (PKIX takes anchors separately).
        int len = chain.length;
        while (len > 1 && isAnchor(chain[len - 1])) {
            len--;
        }
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            CertPath path = cf.generateCertPath(Arrays.asList(chain).subList(0, len));
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            params.setDate(now);
            CertPathValidator.getInstance("PKIX").validate(path, params);
        } catch (CertPathValidatorException e) {
            throw new CertificateException(e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new CertificateException(e.getMessage(), e);
        }
    }

    private boolean isAnchor(X509Certificate c) {
        for (TrustAnchor a : anchors) {
            if (a.getTrustedCert().equals(c)) {
                return true;
            }
        }
        return false;
    }
}
