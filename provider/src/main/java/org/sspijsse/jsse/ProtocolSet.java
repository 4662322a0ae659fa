package org.sspijsse.jsse;

import java.util.ArrayList;
import java.util.List;
import org.sspijsse.sspi.SchannelConstants;

/**
 * The mapping between JSSE protocol names and Schannel's {@code SP_PROT_*} bits, and the protocol
 * sets of the SSLContext algorithms. Only TLS 1.2 and TLS 1.3 exist in the package.
 */
enum ProtocolSet {
    /** "TLS" and "TLSv1.3": TLS 1.3 and TLS 1.2 enabled by default. */
    ALL(List.of("TLSv1.3", "TLSv1.2")),
    /** "TLSv1.2": TLS 1.2 only by default (as SunJSSE's "TLSv1.2" context on the client side). */
    UP_TO_TLS12(List.of("TLSv1.2"));

    static final String TLS13 = "TLSv1.3";
    static final String TLS12 = "TLSv1.2";
    static final List<String> SUPPORTED = List.of(TLS13, TLS12);

    final List<String> defaults;

    ProtocolSet(List<String> defaults) {
        this.defaults = defaults;
    }

    /** The SCH_CREDENTIALS {@code grbitDisabledProtocols} that leaves exactly {@code enabled} on. */
    static int disabledMask(List<String> enabled, boolean client) {
        int tls12 = client ? SchannelConstants.SP_PROT_TLS1_2_CLIENT : SchannelConstants.SP_PROT_TLS1_2_SERVER;
        int tls13 = client ? SchannelConstants.SP_PROT_TLS1_3_CLIENT : SchannelConstants.SP_PROT_TLS1_3_SERVER;
        int mask = 0;
        if (!enabled.contains(TLS12)) {
            mask |= tls12;
        }
        if (!enabled.contains(TLS13)) {
            mask |= tls13;
        }
        return mask;
    }

    /** The JSSE name of a {@code SecPkgContext_ConnectionInfo.dwProtocol}. */
    static String name(int spProt) {
        if ((spProt & SchannelConstants.SP_PROT_TLS1_3) != 0) {
            return TLS13;
        }
        if ((spProt & SchannelConstants.SP_PROT_TLS1_2) != 0) {
            return TLS12;
        }
        return "NONE";
    }

    /** Checks names for {@code setEnabledProtocols}: unknown ones are refused, as SunJSSE does. */
    static List<String> check(String[] names) {
        if (names == null) {
            throw new IllegalArgumentException("protocols is null");
        }
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (n == null) {
                throw new IllegalArgumentException("null protocol name");
            }
            if (SUPPORTED.contains(n)) {
                if (!out.contains(n)) {
                    out.add(n);
                }
            } else if (!n.equals("TLSv1.1") && !n.equals("TLSv1") && !n.equals("SSLv3") && !n.equals("SSLv2Hello")) {
                throw new IllegalArgumentException("Unsupported protocol: " + n);
            }
            // Older names are known to JSSE but the package has none of them: ignored, as a
            // SunJSSE with them disabled ignores them.
        }
        return out;
    }
}
