package org.sspijsse.server;

import java.util.Arrays;
import org.sspijsse.sspi.CredHandle;
import org.sspijsse.testsupport.SspiClientLoop;

/** ClientHello bytes from our ISC, and in-place edits of their extensions (lengths kept). */
final class ClientHellos {
    private ClientHellos() {
    }

    /** The first token of our ISC with these credentials and ALPN list (the ClientHello record). */
    static byte[] fromIsc(CredHandle client, String target, String... alpn) {
        SspiClientLoop.Builder b = SspiClientLoop.builder(client).targetName(target);
        if (alpn.length > 0) {
            b.alpn(alpn);
        }
        return b.run(x -> new byte[0]).steps().get(0).output();
    }

    /** Offset of extension {@code type}'s data in a ClientHello record, or -1. */
    static int extension(byte[] rec, int type) {
        int p = 5 + 4 + 2 + 32;
        p += 1 + (rec[p] & 0xFF);
        p += 2 + u16(rec, p);
        p += 1 + (rec[p] & 0xFF);
        int end = p + 2 + u16(rec, p);
        p += 2;
        while (p + 4 <= end) {
            int t = u16(rec, p);
            int len = u16(rec, p + 2);
            if (t == type) {
                return p + 4;
            }
            p += 4 + len;
        }
        return -1;
    }

    /** A copy whose signature_algorithms list names only {@code scheme} (every entry overwritten). */
    static byte[] onlySignatureScheme(byte[] hello, int scheme) {
        byte[] r = hello.clone();
        int at = extension(r, 13);
        if (at < 0) {
            throw new IllegalArgumentException("no signature_algorithms");
        }
        int n = u16(r, at);
        for (int i = 0; i < n; i += 2) {
            r[at + 2 + i] = (byte) (scheme >> 8);
            r[at + 2 + i + 1] = (byte) scheme;
        }
        return r;
    }

    static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    /** Whether a ServerHello record (the first record of {@code flight}) carries extension {@code type}. */
    static boolean serverHelloHas(byte[] flight, int type) {
        int p = 5 + 4 + 2 + 32;
        p += 1 + (flight[p] & 0xFF);
        p += 2 + 1;
        int end = p + 2 + u16(flight, p);
        end = Math.min(end, 5 + u16(flight, 3));
        p += 2;
        while (p + 4 <= end) {
            if (u16(flight, p) == type) {
                return true;
            }
            p += 4 + u16(flight, p + 2);
        }
        return false;
    }

    static byte[] copy(byte[] b) {
        return Arrays.copyOf(b, b.length);
    }
}
