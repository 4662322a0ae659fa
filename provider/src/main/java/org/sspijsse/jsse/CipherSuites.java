package org.sspijsse.jsse;

import java.util.ArrayList;
import java.util.List;

/**
 * The cipher suites of the Schannel package, by their IANA names (which are also the JSSE names),
 * in the default preference order: AES-GCM before ChaCha20-Poly1305 (DESIGN.md: SunJCE's AES-GCM
 * uses the CPU's AES instructions), ECDSA before RSA.
 */
final class CipherSuites {
    private CipherSuites() {
    }

    static final List<String> TLS13 = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256");

    static final List<String> TLS12 = List.of(
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    static final List<String> SUPPORTED;

    static {
        List<String> all = new ArrayList<>(TLS13);
        all.addAll(TLS12);
        SUPPORTED = List.copyOf(all);
    }

    /** Checks names for {@code setEnabledCipherSuites}: unknown names are refused, as SunJSSE does. */
    static List<String> check(String[] names) {
        if (names == null) {
            throw new IllegalArgumentException("cipher suites is null");
        }
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (n == null) {
                throw new IllegalArgumentException("null cipher suite name");
            }
            if (SUPPORTED.contains(n)) {
                if (!out.contains(n)) {
                    out.add(n);
                }
            } else {
                throw new IllegalArgumentException("Unsupported CipherSuite: " + n);
            }
        }
        return out;
    }
}
