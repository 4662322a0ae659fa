package org.sspijsse.schannel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;

class HostnameCheckerTest {

    private static X509Certificate dns(String... names) {
        return CertificateMaker.cn("ignored.cn.example").dns(names).build().cert();
    }

    private static X509Certificate ip(String... addresses) {
        return CertificateMaker.cn("ignored.cn.example").ip(addresses).build().cert();
    }

    private static X509Certificate cnOnly(String cn) {
        return CertificateMaker.cn(cn).build().cert();
    }

    // ---- dNSName ----

    @Test
    void hostnameChecker_exactDnsName_matches() {
        assertTrue(HostnameChecker.matches(dns("www.example.com"), "www.example.com"));
    }

    @Test
    void hostnameChecker_differentDnsName_doesNotMatch() {
        assertFalse(HostnameChecker.matches(dns("www.example.com"), "mail.example.com"));
    }

    @Test
    void hostnameChecker_dnsNameInOtherCase_matches() {
        assertTrue(HostnameChecker.matches(dns("WWW.Example.com"), "www.EXAMPLE.com"));
    }

    @Test
    void hostnameChecker_targetWithTrailingDot_matches() {
        assertTrue(HostnameChecker.matches(dns("www.example.com"), "www.example.com."));
    }

    @Test
    void hostnameChecker_presentedNameWithTrailingDot_matches() {
        assertTrue(HostnameChecker.matches(dns("www.example.com."), "www.example.com"));
    }

    @Test
    void hostnameChecker_secondSanEntry_matches() {
        assertTrue(HostnameChecker.matches(dns("a.example.com", "b.example.com"), "b.example.com"));
    }

    @Test
    void hostnameChecker_parentDomainOfTarget_doesNotMatch() {
        assertFalse(HostnameChecker.matches(dns("example.com"), "www.example.com"));
    }

    @Test
    void hostnameChecker_targetWithPort_doesNotMatch() {
        assertFalse(HostnameChecker.matches(dns("www.example.com"), "www.example.com:443"));
    }

    // ---- wildcards ----

    @Test
    void hostnameChecker_wildcardOverOneLabel_matches() {
        assertTrue(HostnameChecker.matches(dns("*.example.com"), "a.example.com"));
    }

    @Test
    void hostnameChecker_wildcardOverTwoLabels_doesNotMatch() {
        assertFalse(HostnameChecker.matches(dns("*.example.com"), "a.b.example.com"));
    }

    @Test
    void hostnameChecker_wildcardOverNoLabel_doesNotMatchTheBareDomain() {
        assertFalse(HostnameChecker.matches(dns("*.example.com"), "example.com"));
    }

    @Test
    void hostnameChecker_wildcardOverATopLevelDomain_matchesNothing() {
        assertFalse(HostnameChecker.matches(dns("*.com"), "example.com"));
    }

    @Test
    void hostnameChecker_bareWildcard_matchesNothing() {
        assertFalse(HostnameChecker.matches(dns("*"), "localhost"));
    }

    @Test
    void hostnameChecker_partialWildcard_doesNotMatch() {
        assertFalse(HostnameChecker.matches(dns("f*.example.com"), "foo.example.com"));
    }

    @Test
    void hostnameChecker_wildcardSuffixInLabel_doesNotMatch() {
        assertFalse(HostnameChecker.matches(dns("*o.example.com"), "foo.example.com"));
    }

    @Test
    void hostnameChecker_wildcardInSecondLabel_doesNotMatch() {
        assertFalse(HostnameChecker.matches(dns("www.*.com"), "www.example.com"));
    }

    @Test
    void hostnameChecker_twoWildcards_doNotMatch() {
        assertFalse(HostnameChecker.matches(dns("*.*.example.com"), "a.b.example.com"));
    }

    @Test
    void hostnameChecker_wildcardInOtherCase_matches() {
        assertTrue(HostnameChecker.matches(dns("*.EXAMPLE.com"), "Mail.example.COM"));
    }

    @Test
    void hostnameChecker_targetThatIsItselfAWildcard_doesNotMatch() {
        assertFalse(HostnameChecker.matches(dns("*.example.com"), "*.example.com"));
    }

    @Test
    void hostnameChecker_wildcardOverAnALabel_matches() {
        assertTrue(HostnameChecker.matches(dns("*.example.com"), "b\u00fccher.example.com"));
    }

    // ---- internationalised names ----

    @Test
    void hostnameChecker_unicodeTarget_matchesItsALabel() {
        assertTrue(HostnameChecker.matches(dns("xn--bcher-kva.example"), "b\u00fccher.example"));
    }

    @Test
    void hostnameChecker_aLabelTarget_matchesItsALabel() {
        assertTrue(HostnameChecker.matches(dns("xn--bcher-kva.example"), "xn--bcher-kva.example"));
    }

    @Test
    void hostnameChecker_unicodeTarget_doesNotMatchAnotherALabel() {
        assertFalse(HostnameChecker.matches(dns("xn--bcher-kva.example"), "bucher.example"));
    }

    // ---- iPAddress ----

    @Test
    void hostnameChecker_ipv4TargetAndIpv4San_match() {
        assertTrue(HostnameChecker.matches(ip("192.0.2.1"), "192.0.2.1"));
    }

    @Test
    void hostnameChecker_ipv4TargetAndOtherIpv4San_doNotMatch() {
        assertFalse(HostnameChecker.matches(ip("192.0.2.1"), "192.0.2.2"));
    }

    @Test
    void hostnameChecker_ipv4TargetAndDnsNameSpellingIt_doNotMatch() {
        assertFalse(HostnameChecker.matches(dns("192.0.2.1"), "192.0.2.1"));
    }

    @Test
    void hostnameChecker_ipv4TargetAndCnSpellingIt_doNotMatch() {
        assertFalse(HostnameChecker.matches(cnOnly("192.0.2.1"), "192.0.2.1"));
    }

    @Test
    void hostnameChecker_compressedIpv6Target_matchesTheSameAddress() {
        assertTrue(HostnameChecker.matches(ip("2001:db8:0:0:0:0:0:1"), "2001:db8::1"));
    }

    @Test
    void hostnameChecker_bracketedIpv6TargetWithZone_matchesTheAddress() {
        assertTrue(HostnameChecker.matches(ip("fe80::1"), "[fe80::1%eth0]"));
    }

    @Test
    void hostnameChecker_upperCaseIpv6Target_matches() {
        assertTrue(HostnameChecker.matches(ip("2001:db8::abcd"), "2001:DB8::ABCD"));
    }

    @Test
    void hostnameChecker_ipv4MappedIpv6Target_doesNotMatchTheIpv4San() {
        assertFalse(HostnameChecker.matches(ip("192.0.2.1"), "::ffff:192.0.2.1"));
    }

    @Test
    void hostnameChecker_ipv4Target_doesNotMatchAnIpv6San() {
        assertFalse(HostnameChecker.matches(ip("::ffff:192.0.2.1"), "192.0.2.1"));
    }

    @Test
    void hostnameChecker_ipTarget_ignoresDnsSansNextToTheIpSan() {
        X509Certificate cert = CertificateMaker.cn("x").dns("www.example.com").ip("192.0.2.7").build().cert();
        assertTrue(HostnameChecker.matches(cert, "192.0.2.7"));
        assertTrue(HostnameChecker.matches(cert, "www.example.com"));
        assertFalse(HostnameChecker.matches(cert, "192.0.2.8"));
    }

    // ---- subject CN ----

    @Test
    void hostnameChecker_noSanAtAll_fallsBackToTheCn() {
        assertTrue(HostnameChecker.matches(cnOnly("legacy.example.com"), "legacy.example.com"));
    }

    @Test
    void hostnameChecker_noSanAndWildcardCn_matchesOneLabel() {
        assertTrue(HostnameChecker.matches(cnOnly("*.example.com"), "a.example.com"));
        assertFalse(HostnameChecker.matches(cnOnly("*.example.com"), "a.b.example.com"));
    }

    @Test
    void hostnameChecker_dnsSanPresent_ignoresTheCn() {
        X509Certificate cert = CertificateMaker.cn("cn.example.com").dns("san.example.com").build().cert();
        assertFalse(HostnameChecker.matches(cert, "cn.example.com"));
    }

    @Test
    void hostnameChecker_onlyIpSanPresent_ignoresTheCn() {
        X509Certificate cert = CertificateMaker.cn("cn.example.com").ip("192.0.2.1").build().cert();
        assertFalse(HostnameChecker.matches(cert, "cn.example.com"));
    }

    @Test
    void hostnameChecker_onlyEmailSanPresent_fallsBackToTheCn() {
        X509Certificate cert = CertificateMaker.cn("cn.example.com").email("admin@example.com").build().cert();
        assertTrue(HostnameChecker.matches(cert, "cn.example.com"));
    }

    @Test
    void hostnameChecker_twoCns_usesTheMostSpecificOne() {
        // DER order runs from the most general RDN to the most specific one (X.501).
        X500Name dn = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "general.example.com")
                .addRDN(BCStyle.O, "Org").addRDN(BCStyle.CN, "specific.example.com").build();
        X509Certificate cert = CertificateMaker.subject(dn).build().cert();
        assertTrue(HostnameChecker.matches(cert, "specific.example.com"));
        assertFalse(HostnameChecker.matches(cert, "general.example.com"));
    }

    @Test
    void hostnameChecker_unicodeCn_matchesTheUnicodeTarget() {
        assertTrue(HostnameChecker.matches(cnOnly("b\u00fccher.example"), "b\u00fccher.example"));
    }

    // ---- bad input ----

    @ParameterizedTest
    @NullAndEmptySource
    void hostnameChecker_nullOrEmptyTarget_doesNotMatch(String target) {
        assertFalse(HostnameChecker.matches(dns("www.example.com"), target));
    }

    @Test
    void hostnameChecker_nullCertificate_doesNotMatch() {
        assertFalse(HostnameChecker.matches(null, "www.example.com"));
    }

    @Test
    void hostnameChecker_targetWithEmptyLabel_doesNotMatch() {
        assertFalse(HostnameChecker.matches(dns("www..example.com"), "www..example.com"));
    }

    @Test
    void hostnameChecker_malformedSubjectAltName_doesNotMatchAndDoesNotThrow() {
        // A SEQUENCE holding an INTEGER where GeneralNames must hold tagged names.
        X509Certificate cert = CertificateMaker.cn("www.example.com")
                .rawSubjectAltName(new byte[] {0x30, 0x03, 0x02, 0x01, 0x05}).build().cert();
        assertFalse(HostnameChecker.matches(cert, "www.example.com"));
    }

    @Test
    void hostnameChecker_justADot_doesNotMatch() {
        assertFalse(HostnameChecker.matches(cnOnly("."), "."));
    }
}
