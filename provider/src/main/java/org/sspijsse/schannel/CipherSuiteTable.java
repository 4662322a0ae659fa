package org.sspijsse.schannel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sspijsse.sspi.SchannelConstants;
import org.sspijsse.sspi.SecPkgContext;

/**
 * The cipher suites we support, one row each, with what QueryContextAttributes reports for them:
 * {@code SECPKG_ATTR_CONNECTION_INFO} (ALG_IDs of wincrypt.h) and {@code SECPKG_ATTR_STREAM_SIZES}.
 * Only AEAD suites with ephemeral ECDH (RFC 8446 §B.4; RFC 5289 §3.2 and RFC 7905 §2 for TLS 1.2):
 * no CBC, no RSA key transport, no finite-field DHE.
 *
 * <p>Choices where Windows gives no answer:
 * <ul>
 * <li>ChaCha20-Poly1305: Windows has no ALG_ID for it (Schannel does not offer it), so
 *     {@code aiCipher} is 0 with a strength of 256.</li>
 * <li>{@code aiHash}: an AEAD suite has no record MAC; we report the suite's PRF / transcript hash
 *     (CALG_SHA_256 or CALG_SHA_384, the hash in the suite's name) with {@code dwHashStrength} 0, as
 *     no MAC key exists. Other TLS stacks report "no hash, strength 0" for GCM suites
 *     (dotnet/runtime#37578); the ALG_ID keeps the suite's hash visible to Schannel-minded callers.
 *     Not confirmed against a Windows trace.</li>
 * <li>{@code aiExch}: CALG_ECDH_EPHEM for every suite, TLS 1.3 included (its key exchange is always
 *     ephemeral); the exchange strength depends on the negotiated group, so the caller supplies it.</li>
 * <li>{@code cbBlockSize}: SSPI's "preferred integral size of the messages". AES-GCM keeps Windows'
 *     TLS 1.2 value, 16 (the AES block), in both versions; ChaCha20 is a stream cipher that gains
 *     nothing from alignment: 1.</li>
 * </ul>
 */
public final class CipherSuiteTable {
    private CipherSuiteTable() {
    }

    /** wincrypt.h ALG_IDs. */
    public static final int CALG_AES_128 = 0x660E;
    public static final int CALG_AES_256 = 0x6610;
    public static final int CALG_SHA_256 = 0x800C;
    public static final int CALG_SHA_384 = 0x800D;
    public static final int CALG_ECDH_EPHEM = 0xAE06;
    public static final int CALG_ECDH = 0xAA05;
    public static final int CALG_ECDSA = 0x2203;
    /** RSA key transport: listed for completeness; no suite here uses it. */
    public static final int CALG_RSA_KEYX = 0xA400;
    public static final int CALG_RSA_SIGN = 0x2400;

    public static final String AES_128_GCM = "AES_128_GCM";
    public static final String AES_256_GCM = "AES_256_GCM";
    public static final String CHACHA20_POLY1305 = "CHACHA20_POLY1305";

    /** RFC 8446 §5.1 / RFC 5246 §6.2.1: the largest plaintext fragment, 2^14 bytes. */
    public static final int MAX_MESSAGE = 16384;
    /** EncryptMessage's four buffers: STREAM_HEADER, DATA, STREAM_TRAILER, EMPTY. */
    public static final int STREAM_BUFFERS = 4;
    private static final int RECORD_HEADER = 5;
    private static final int AEAD_TAG = 16;
    /** TLS 1.2 AES-GCM's explicit nonce (RFC 5288 §3); ChaCha20 has none (RFC 7905 §2). */
    private static final int GCM_EXPLICIT_NONCE = 8;

    /**
     * One supported suite.
     *
     * @param number         IANA number
     * @param name           IANA name (the same as the JSSE standard name for these suites)
     * @param tls13          a TLS 1.3 suite (RFC 8446 §B.4); otherwise TLS 1.2
     * @param keyExchange    "ECDHE" for TLS 1.2, null for TLS 1.3 (negotiated separately)
     * @param authentication "ECDSA" or "RSA" for TLS 1.2, null for TLS 1.3
     * @param cipher         {@link #AES_128_GCM}, {@link #AES_256_GCM} or {@link #CHACHA20_POLY1305}
     * @param keyBits        record key length in bits
     * @param prfHash        "SHA256" or "SHA384": the PRF (TLS 1.2) or HKDF (TLS 1.3) hash
     * @param aiCipher       ALG_ID of the record cipher, 0 for ChaCha20
     * @param aiHash         ALG_ID of {@code prfHash}
     * @param aiExch         ALG_ID of the key exchange
     * @param aiSignature    ALG_ID of the certificate's signature (TLS 1.2), 0 for TLS 1.3
     */
    public record Suite(int number, String name, boolean tls13, String keyExchange, String authentication,
            String cipher, int keyBits, String prfHash, int aiCipher, int aiHash, int aiExch, int aiSignature) {

        /** Bytes before the data in a record: the header, plus GCM's explicit nonce in TLS 1.2. */
        public int headerSize() {
            return !tls13 && !CHACHA20_POLY1305.equals(cipher) ? RECORD_HEADER + GCM_EXPLICIT_NONCE : RECORD_HEADER;
        }

        /** Bytes after the data: the AEAD tag, plus TLS 1.3's inner content type (RFC 8446 §5.2, no padding). */
        public int trailerSize() {
            return tls13 ? AEAD_TAG + 1 : AEAD_TAG;
        }

        /** {@code cbBlockSize}: see the class comment. */
        public int blockSize() {
            return CHACHA20_POLY1305.equals(cipher) ? 1 : 16;
        }

        /** {@code SecPkgContext_StreamSizes} for a context that negotiated this suite. */
        public SecPkgContext.StreamSizes streamSizes() {
            return new SecPkgContext.StreamSizes(headerSize(), trailerSize(), MAX_MESSAGE, STREAM_BUFFERS,
                    blockSize());
        }

        /**
         * {@code SecPkgContext_ConnectionInfo} for a context that negotiated this suite.
         *
         * @param client         which side the context is (dwProtocol has a client and a server bit)
         * @param dwExchStrength the key exchange group's strength in bits (e.g. 256 for P-256, 255
         *                       for X25519): not a property of the suite
         */
        public SecPkgContext.ConnectionInfo connectionInfo(boolean client, int dwExchStrength) {
            return new SecPkgContext.ConnectionInfo(protocolBits(tls13, client), aiCipher, keyBits, aiHash, 0,
                    aiExch, dwExchStrength);
        }
    }

    private static Suite tls13(int number, String name, String cipher, int keyBits, String hash) {
        return new Suite(number, name, true, null, null, cipher, keyBits, hash, aiCipher(cipher), aiHash(hash),
                CALG_ECDH_EPHEM, 0);
    }

    private static Suite tls12(int number, String name, String auth, String cipher, int keyBits, String hash) {
        return new Suite(number, name, false, "ECDHE", auth, cipher, keyBits, hash, aiCipher(cipher), aiHash(hash),
                CALG_ECDH_EPHEM, "ECDSA".equals(auth) ? CALG_ECDSA : CALG_RSA_SIGN);
    }

    private static int aiCipher(String cipher) {
        switch (cipher) {
            case AES_128_GCM:
                return CALG_AES_128;
            case AES_256_GCM:
                return CALG_AES_256;
            default:
                return 0;
        }
    }

    private static int aiHash(String hash) {
        return "SHA384".equals(hash) ? CALG_SHA_384 : CALG_SHA_256;
    }

    /** Default order: TLS 1.3 first; AES-GCM before ChaCha20; ECDSA before RSA; AES-128 before AES-256. */
    private static final List<Suite> DEFAULT_ORDER = List.of(
            tls13(0x1301, "TLS_AES_128_GCM_SHA256", AES_128_GCM, 128, "SHA256"),
            tls13(0x1302, "TLS_AES_256_GCM_SHA384", AES_256_GCM, 256, "SHA384"),
            tls13(0x1303, "TLS_CHACHA20_POLY1305_SHA256", CHACHA20_POLY1305, 256, "SHA256"),
            tls12(0xC02B, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDSA", AES_128_GCM, 128, "SHA256"),
            tls12(0xC02C, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ECDSA", AES_256_GCM, 256, "SHA384"),
            tls12(0xCCA9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "ECDSA", CHACHA20_POLY1305, 256,
                    "SHA256"),
            tls12(0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "RSA", AES_128_GCM, 128, "SHA256"),
            tls12(0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "RSA", AES_256_GCM, 256, "SHA384"),
            tls12(0xCCA8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "RSA", CHACHA20_POLY1305, 256, "SHA256"));

    /**
     * Without AES instructions ChaCha20 is the faster cipher (BoringSSL's rule, DESIGN "Crypto"):
     * within each version and authentication group it moves to the front. The relative order of
     * the rest is kept.
     */
    private static final List<Suite> CHACHA_FIRST_ORDER = chachaFirst(DEFAULT_ORDER);

    private static final Map<Integer, Suite> BY_NUMBER = new LinkedHashMap<>();
    private static final Map<String, Suite> BY_NAME = new LinkedHashMap<>();

    static {
        for (Suite s : DEFAULT_ORDER) {
            BY_NUMBER.put(s.number(), s);
            BY_NAME.put(s.name(), s);
        }
    }

    private static List<Suite> chachaFirst(List<Suite> order) {
        List<Suite> out = new ArrayList<>(order);
        // A stable sort by group then by "is not ChaCha20" keeps each group's other members in order.
        out.sort((a, b) -> {
            int ga = group(a);
            int gb = group(b);
            if (ga != gb) {
                return Integer.compare(ga, gb);
            }
            return Boolean.compare(!CHACHA20_POLY1305.equals(a.cipher()), !CHACHA20_POLY1305.equals(b.cipher()));
        });
        return Collections.unmodifiableList(out);
    }

    private static int group(Suite s) {
        return s.tls13() ? 0 : "ECDSA".equals(s.authentication()) ? 1 : 2;
    }

    /** The row for an IANA number, or null when we do not support that suite. */
    public static Suite byNumber(int number) {
        return BY_NUMBER.get(number);
    }

    /** The row for an IANA (= JSSE standard) name, case-sensitive, or null. */
    public static Suite byName(String name) {
        return name == null ? null : BY_NAME.get(name);
    }

    /** Every supported suite in the default preference order (for CPUs with AES instructions). */
    public static List<Suite> defaultOrder() {
        return DEFAULT_ORDER;
    }

    /**
     * The default preference order for a CPU with ({@code aesHardware}) or without AES
     * instructions; without, ChaCha20 comes first within each group.
     */
    public static List<Suite> defaultOrder(boolean aesHardware) {
        return aesHardware ? DEFAULT_ORDER : CHACHA_FIRST_ORDER;
    }

    /** The {@code SP_PROT_*} bit for {@code dwProtocol}: TLS 1.2 or 1.3, client or server side. */
    public static int protocolBits(boolean tls13, boolean client) {
        if (tls13) {
            return client ? SchannelConstants.SP_PROT_TLS1_3_CLIENT : SchannelConstants.SP_PROT_TLS1_3_SERVER;
        }
        return client ? SchannelConstants.SP_PROT_TLS1_2_CLIENT : SchannelConstants.SP_PROT_TLS1_2_SERVER;
    }
}
