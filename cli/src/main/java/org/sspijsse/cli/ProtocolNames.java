package org.sspijsse.cli;

import org.sspijsse.sspi.SchannelConstants;

/** {@code SP_PROT_*} bits (as in {@code SecPkgContext_ConnectionInfo.dwProtocol}) rendered as JSSE names. */
final class ProtocolNames {
    private ProtocolNames() {
    }

    // schannel.h values of the versions this project refuses, named so a refusal reads clearly.
    private static final int SP_PROT_SSL3 = 0x30;
    private static final int SP_PROT_TLS1_0 = 0xC0;
    private static final int SP_PROT_TLS1_1 = 0x300;

    /** {@code TLSv1.3} for either TLS 1.3 bit (client or server), and so on; hex when unknown. */
    static String name(int dwProtocol) {
        if (dwProtocol != 0) {
            if ((dwProtocol & ~SchannelConstants.SP_PROT_TLS1_3) == 0) {
                return "TLSv1.3";
            }
            if ((dwProtocol & ~SchannelConstants.SP_PROT_TLS1_2) == 0) {
                return "TLSv1.2";
            }
            if ((dwProtocol & ~SP_PROT_TLS1_1) == 0) {
                return "TLSv1.1";
            }
            if ((dwProtocol & ~SP_PROT_TLS1_0) == 0) {
                return "TLSv1";
            }
            if ((dwProtocol & ~SP_PROT_SSL3) == 0) {
                return "SSLv3";
            }
        }
        return String.format("unknown (0x%X)", dwProtocol);
    }
}
