package org.sspijsse.schannel;

import java.net.IDN;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * The server identity check of RFC 6125 §6 (as profiled for HTTPS by RFC 2818 §3.1): does the
 * server's end-entity certificate name {@code pszTargetName}? Schannel runs it unless the
 * credential has {@code SCH_CRED_NO_SERVERNAME_CHECK}; a mismatch is SEC_E_WRONG_PRINCIPAL.
 *
 * <p>Rules, in the order they are applied:
 * <ul>
 * <li>One trailing dot on the target or on a presented name is ignored (both are absolute names).</li>
 * <li>An IP literal target ({@link HostNames#ipLiteralBytes}) matches only iPAddress
 *     subjectAltNames, byte for byte (so IPv6 spellings compare equal; an IPv4-mapped IPv6 address
 *     does not match the IPv4 address), never a dNSName and never the subject CN (RFC 2818 §3.1).</li>
 * <li>A DNS target matches dNSName subjectAltNames case-insensitively (RFC 6125 §6.4.1), internationalised
 *     names compared as A-labels (§6.4.2, the target converted with {@link IDN#toASCII}).</li>
 * <li>A wildcard is honoured only as the complete left-most label ({@code *.example.com}), matching
 *     exactly one non-empty label, with at least two labels after it ({@code *.com} matches nothing).
 *     RFC 6125 §6.4.3 also allows partial wildcards such as {@code f*.example.com}; browsers (CA/B
 *     Forum Baseline Requirements) and Windows' chain policy do not, and neither do we. A public suffix
 *     such as {@code *.co.uk} is not detected (no public suffix list here; CAs may not issue it).</li>
 * <li>The most specific subject CN is used only when the certificate has no dNSName and no iPAddress
 *     subjectAltName at all (RFC 6125 §6.4.4), with the same DNS rules.</li>
 * </ul>
 */
public final class HostnameChecker {
    private HostnameChecker() {
    }

    /**
     * True when {@code cert} names {@code targetName} under the rules above. A null certificate,
     * a null or empty target, a target that is not a valid name, or a certificate whose
     * subjectAltName extension cannot be parsed gives false (never an exception).
     */
    public static boolean matches(X509Certificate cert, String targetName) {
        if (cert == null || targetName == null) {
            return false;
        }
        String name = HostNames.stripTrailingDot(targetName);
        if (name.isEmpty()) {
            return false;
        }
        GeneralName[] sans = subjectAltNames(cert);
        if (sans == null) {
            return false;
        }
        byte[] ip = HostNames.ipLiteralBytes(name);
        if (ip != null) {
            for (GeneralName san : sans) {
                // Exact bytes (RFC 5280 §4.2.1.6: 4 octets for IPv4, 16 for IPv6). Read from the DER,
                // not from the JDK's text form, which folds IPv4-mapped IPv6 addresses into IPv4.
                if (san.getTagNo() == GeneralName.iPAddress
                        && Arrays.equals(ip, ASN1OctetString.getInstance(san.getName()).getOctets())) {
                    return true;
                }
            }
            return false;
        }
        String target = targetToAce(name);
        if (target == null) {
            return false;
        }
        boolean hasIdentifiers = false;
        for (GeneralName san : sans) {
            if (san.getTagNo() == GeneralName.dNSName) {
                hasIdentifiers = true;
                if (dnsNameMatches(((ASN1String) san.getName()).getString(), target)) {
                    return true;
                }
            } else if (san.getTagNo() == GeneralName.iPAddress) {
                hasIdentifiers = true;
            }
        }
        if (hasIdentifiers) {
            return false;
        }
        String cn = mostSpecificCommonName(cert);
        return cn != null && dnsNameMatches(cn, target);
    }

    /**
     * The subjectAltName entries (empty when there is no such extension), or null when the
     * extension cannot be parsed: its bytes come from the peer, so a decoding failure of any kind
     * (Bouncy Castle reports them as unchecked exceptions) is a mismatch, not a crash.
     */
    private static GeneralName[] subjectAltNames(X509Certificate cert) {
        byte[] ext = cert.getExtensionValue(Extension.subjectAlternativeName.getId());
        if (ext == null) {
            return new GeneralName[0];
        }
        try {
            GeneralName[] names = GeneralNames.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getNames();
            for (GeneralName n : names) {
                if (n.getTagNo() == GeneralName.dNSName && !(n.getName() instanceof ASN1String)
                        || n.getTagNo() == GeneralName.iPAddress && !(n.getName() instanceof ASN1OctetString)) {
                    return null;
                }
            }
            return names;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The target as lower-case A-labels, or null when it cannot be a reference identifier. */
    private static String targetToAce(String name) {
        String ace;
        try {
            // No STD3 flag: a name with an underscore is still compared (exactly) with the certificate.
            ace = IDN.toASCII(name, 0);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (ace.indexOf('*') >= 0 || hasEmptyLabel(ace)) {
            return null;
        }
        return ace.toLowerCase(Locale.ROOT);
    }

    /**
     * One presented DNS identifier against the (lower-case A-label) target. A presented name is
     * ASCII by RFC 5280 §4.2.1.6 (IA5String); a CN may hold U-labels, converted the same way as the
     * target.
     */
    static boolean dnsNameMatches(String presented, String target) {
        String p = HostNames.stripTrailingDot(presented);
        if (p.isEmpty()) {
            return false;
        }
        try {
            p = IDN.toASCII(p, 0).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (hasEmptyLabel(p)) {
            return false;
        }
        if (p.indexOf('*') < 0) {
            return p.equals(target);
        }
        // Only "*." followed by at least two labels and no further wildcard.
        if (!p.startsWith("*.")) {
            return false;
        }
        String rest = p.substring(2);
        if (rest.indexOf('*') >= 0 || rest.indexOf('.') < 0) {
            return false;
        }
        int dot = target.indexOf('.');
        return dot > 0 && target.substring(dot + 1).equals(rest);
    }

    private static boolean hasEmptyLabel(String name) {
        return name.isEmpty() || name.startsWith(".") || name.endsWith(".") || name.contains("..");
    }

    /** The last CN of the subject (the most specific one in DER order), or null. */
    private static String mostSpecificCommonName(X509Certificate cert) {
        RDN[] rdns;
        try {
            rdns = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.CN);
        } catch (RuntimeException e) {
            return null;
        }
        for (int i = rdns.length - 1; i >= 0; i--) {
            for (AttributeTypeAndValue atv : rdns[i].getTypesAndValues()) {
                ASN1Encodable value = atv.getValue();
                if (BCStyle.CN.equals(atv.getType()) && value instanceof ASN1String) {
                    return ((ASN1String) value).getString();
                }
            }
        }
        return null;
    }
}
