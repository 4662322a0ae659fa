package org.sspijsse.schannel;

import java.net.IDN;

/**
 * What the target name ({@code pszTargetName}) of InitializeSecurityContext is: an IP literal or a
 * DNS name, and which server_name (RFC 6066 §3) goes with it. Pure string work: nothing here ever
 * resolves a name (no {@code InetAddress.getByName}), so a lookup can neither block nor leak the
 * name to a resolver.
 *
 * <p>A {@code host:port} target is not split: Schannel callers pass a host name (curl, .NET and the
 * Rust crate all strip the port first), a colon is ambiguous with an unbracketed IPv6 literal, and
 * a target with a port sends no SNI and then fails the name check with SEC_E_WRONG_PRINCIPAL, so
 * the caller's mistake shows instead of being guessed around.
 */
public final class HostNames {
    private HostNames() {
    }

    /** RFC 1035 §2.3.4: 255 octets on the wire, that is 253 characters without the trailing dot. */
    private static final int MAX_NAME_LENGTH = 253;
    private static final int MAX_LABEL_LENGTH = 63;

    /**
     * True for an IPv4 dotted quad ({@code 192.0.2.1}) or an IPv6 literal (RFC 4291 §2.2, also with
     * an embedded IPv4 tail), with or without [brackets] (RFC 3986 §3.2.2), with or without a zone id
     * ({@code fe80::1%eth0}, RFC 6874). See {@link #ipLiteralBytes} for what is accepted.
     */
    public static boolean isIpLiteral(String target) {
        return ipLiteralBytes(target) != null;
    }

    /**
     * The address bytes of an IP literal (4 for IPv4, 16 for IPv6, zone id dropped), or null when
     * {@code target} is not one. IPv4 is strict dotted-decimal: four parts of 1 to 3 ASCII digits,
     * each at most 255, no leading zero (so {@code 010.0.0.1}, whose meaning differs between parsers
     * (octal in inet_aton), and shorthand forms such as {@code 127.1} are not literals). Brackets
     * hold IPv6 only. A trailing dot makes a name, not a literal.
     */
    public static byte[] ipLiteralBytes(String target) {
        if (target == null || target.isEmpty()) {
            return null;
        }
        String s = target;
        boolean bracketed = s.charAt(0) == '[';
        if (bracketed) {
            if (s.length() < 2 || s.charAt(s.length() - 1) != ']') {
                return null;
            }
            s = s.substring(1, s.length() - 1);
        }
        if (s.indexOf(':') < 0) {
            return bracketed ? null : parseIpv4(s);
        }
        int zone = s.indexOf('%');
        if (zone >= 0) {
            if (zone == s.length() - 1) {
                return null;
            }
            s = s.substring(0, zone);
        }
        return parseIpv6(s);
    }

    private static byte[] parseIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0') || !asciiDigits(p)) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    private static byte[] parseIpv6(String s) {
        int gap = s.indexOf("::");
        if (gap >= 0 && gap != s.lastIndexOf("::")) {
            return null;
        }
        int[] head;
        int[] tail;
        if (gap < 0) {
            head = parseGroups(s, true);
            tail = new int[0];
        } else {
            String after = s.substring(gap + 2);
            head = parseGroups(s.substring(0, gap), false);
            tail = parseGroups(after, true);
        }
        if (head == null || tail == null) {
            return null;
        }
        int words = head.length + tail.length;
        if (gap < 0 ? words != 8 : words > 7) {
            return null;
        }
        byte[] out = new byte[16];
        for (int i = 0; i < head.length; i++) {
            out[2 * i] = (byte) (head[i] >> 8);
            out[2 * i + 1] = (byte) head[i];
        }
        for (int i = 0; i < tail.length; i++) {
            int w = 8 - tail.length + i;
            out[2 * w] = (byte) (tail[i] >> 8);
            out[2 * w + 1] = (byte) tail[i];
        }
        return out;
    }

    /** Colon-separated 16-bit groups; the last field may be a dotted quad (two groups) if allowed. */
    private static int[] parseGroups(String part, boolean ipv4Last) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] fields = part.split(":", -1);
        boolean v4 = ipv4Last && fields[fields.length - 1].indexOf('.') >= 0;
        int[] out = new int[fields.length + (v4 ? 1 : 0)];
        for (int i = 0; i < fields.length; i++) {
            String f = fields[i];
            if (v4 && i == fields.length - 1) {
                byte[] b = parseIpv4(f);
                if (b == null) {
                    return null;
                }
                out[i] = ((b[0] & 0xFF) << 8) | (b[1] & 0xFF);
                out[i + 1] = ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
            } else {
                if (f.isEmpty() || f.length() > 4 || !asciiHex(f)) {
                    return null;
                }
                out[i] = Integer.parseInt(f, 16);
            }
        }
        return out;
    }

    /**
     * The host_name to send in the server_name extension (RFC 6066 §3) for a target name, or null
     * when none must be sent:
     * <ul>
     * <li>null or empty;</li>
     * <li>an IP literal: "Literal IPv4 and IPv6 addresses are not permitted in HostName";</li>
     * <li>not a valid DNS host name: after one trailing dot is dropped ("without a trailing dot"),
     *     the name is converted to its ASCII-compatible form (IDNA, {@link IDN#toASCII} with the
     *     STD3 rules: letters, digits and hyphens only, so an underscore or a space sends no SNI), and
     *     must have labels of 1 to 63 characters, at most 253 characters in all, and a last label that
     *     is not all digits (RFC 1123 §2.1: a host name never looks like a dotted-decimal address).</li>
     * </ul>
     * A single-label name ({@code localhost}) is sent: RFC 6066 does not forbid it and a server that
     * does not know the name ignores it. Case is kept as given (server names compare
     * case-insensitively). {@code IDN} implements IDNA2003, so for instance {@code ß} maps to
     * {@code ss}, where IDNA2008 would keep it.
     */
    public static String sniHostName(String pszTargetName) {
        if (pszTargetName == null || pszTargetName.isEmpty()) {
            return null;
        }
        String name = stripTrailingDot(pszTargetName);
        if (name.isEmpty() || isIpLiteral(name)) {
            return null;
        }
        String ace;
        try {
            ace = IDN.toASCII(name, IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return isValidDnsName(ace) ? ace : null;
    }

    /** Drops one trailing dot: {@code example.com.} is the fully qualified {@code example.com}. */
    static String stripTrailingDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** An ASCII name of LDH labels (RFC 1123 §2.1), no trailing dot, last label not all digits. */
    private static boolean isValidDnsName(String ace) {
        if (ace.isEmpty() || ace.length() > MAX_NAME_LENGTH) {
            return false;
        }
        String[] labels = ace.split("\\.", -1);
        for (String label : labels) {
            if (label.isEmpty() || label.length() > MAX_LABEL_LENGTH
                    || label.charAt(0) == '-' || label.charAt(label.length() - 1) == '-') {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-')) {
                    return false;
                }
            }
        }
        return !asciiDigits(labels[labels.length - 1]);
    }

    private static boolean asciiDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean asciiHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }
}
