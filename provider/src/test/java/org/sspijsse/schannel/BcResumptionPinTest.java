package org.sspijsse.schannel;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Vector;
import java.util.jar.JarFile;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.tls.BasicTlsPSKExternal;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.OfferedPsks;
import org.bouncycastle.tls.PRFAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.PskIdentity;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.crypto.TlsSecret;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;
import org.junit.jupiter.api.Test;

/**
 * Pins what {@link BcResumption} relies on in Bouncy Castle 1.84. If a BC upgrade makes one of
 * these fail, re-read BcResumption's list of six workarounds against the new BC (bc-java issue
 * 1835 may have been fixed: then remove the workaround instead of adapting it) before touching
 * this test.
 */
class BcResumptionPinTest {
    private static final byte[] IDENTITY = "ticket-identity".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PSK = new byte[32];

    @Test
    void theBouncyCastleTlsJarIsVersion184ForWhichTheWorkaroundsWereProven() throws Exception {
        String jar = TlsClientProtocol.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        try (JarFile f = new JarFile(jar)) {
            assertEquals("1.84", f.getManifest().getMainAttributes().getValue("Bundle-Version"),
                    "bctls changed: re-check every workaround listed in BcResumption (see this class's comment)");
        }
    }

    @Test
    void bcStillSendsTicketAgeZeroAndTheExtBinderLabelWhichOurCryptoTurnsIntoResBinder() throws Exception {
        JcaTlsCrypto plain = new JcaTlsCryptoProvider().create(CryptoFactory.random(), CryptoFactory.random());
        byte[] hello = clientHello(plain, plain.adoptSecret(plain.createSecret(PSK)));
        Offer o = Offer.parse(hello);
        assertEquals(0L, o.age, "BC now obfuscates the ticket age itself (workaround 2 may go)");
        assertArrayEquals(expectedBinder(o, "ext binder"), o.binder, "BC no longer labels binders 'ext binder'");

        BcResumption.Crypto ours = CryptoFactory.crypto();
        Offer r = Offer.parse(clientHello(ours, ours.resumptionPsk(PSK.clone())));
        assertArrayEquals(expectedBinder(r, "res binder"), r.binder, "workaround 1 no longer reaches the binder");
    }

    @Test
    void bcClientsOfferPskKeyExchangeModesOnlyTogetherWithAPsk() throws Exception {
        JcaTlsCrypto plain = new JcaTlsCryptoProvider().create(CryptoFactory.random(), CryptoFactory.random());
        byte[] hello = clientHello(plain, null);
        assertFalse(Offer.hasExtension(hello, 45), "BC now sends psk_key_exchange_modes alone (workaround 6 may go)");
    }

    @Test
    void bcMatchesOfferedIdentitiesWithTheirAgeAndSeesTheLiveListThatOurServerRewrites() {
        Vector<PskIdentity> ids = new Vector<>();
        ids.add(new PskIdentity(IDENTITY, 123456L));
        OfferedPsks offered = new OfferedPsks(ids);
        assertEquals(-1, offered.getIndexOfIdentity(new PskIdentity(IDENTITY, 0L)),
                "BC now ignores the age when matching (workaround 3 may go)");
        BcResumption.acceptAtAgeZero(offered.getIdentities(), 0);
        assertEquals(0, offered.getIndexOfIdentity(new PskIdentity(IDENTITY, 0L)),
                "OfferedPsks no longer exposes its own identity list");
    }

    @Test
    void theBinderLabelRewriteTouchesNoOtherLabel() {
        byte[] derived = hkdfLabel("derived", new byte[32], 32);
        assertSame(derived, BcResumption.resBinderLabel(derived));
        assertArrayEquals(hkdfLabel("res binder", new byte[32], 32),
                BcResumption.resBinderLabel(hkdfLabel("ext binder", new byte[32], 32)));
    }

    /** The ClientHello record of a BC TLS 1.3-only client offering {@code key} (or no PSK). */
    private static byte[] clientHello(JcaTlsCrypto crypto, TlsSecret key) throws Exception {
        TlsClientProtocol p = new TlsClientProtocol();
        p.connect(new DefaultTlsClient(crypto) {
            @Override
            protected ProtocolVersion[] getSupportedVersions() {
                return ProtocolVersion.TLSv13.only();
            }

            @Override
            public Vector getExternalPSKs() {
                if (key == null) {
                    return null;
                }
                Vector<Object> v = new Vector<>();
                v.add(new BasicTlsPSKExternal(IDENTITY, key, PRFAlgorithm.tls13_hkdf_sha256));
                return v;
            }

            @Override
            public TlsAuthentication getAuthentication() {
                throw new UnsupportedOperationException();
            }
        });
        byte[] out = new byte[p.getAvailableOutputBytes()];
        p.readOutput(out, 0, out.length);
        return out;
    }

    /** RFC 8446 §4.2.11.2 computed here with the JDK alone: HMAC(finished_key(binder_key), Hash(truncated ClientHello)). */
    private static byte[] expectedBinder(Offer o, String label) throws Exception {
        byte[] early = hmac(new byte[32], PSK);
        byte[] emptyHash = MessageDigest.getInstance("SHA-256").digest();
        byte[] binderKey = expand(early, hkdfLabel(label, emptyHash, 32), 32);
        byte[] finishedKey = expand(binderKey, hkdfLabel("finished", new byte[0], 32), 32);
        return hmac(finishedKey, MessageDigest.getInstance("SHA-256").digest(o.truncatedHello));
    }

    private static byte[] hkdfLabel(String label, byte[] context, int length) {
        byte[] l = ("tls13 " + label).getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[2 + 1 + l.length + 1 + context.length];
        out[0] = (byte) (length >>> 8);
        out[1] = (byte) length;
        out[2] = (byte) l.length;
        System.arraycopy(l, 0, out, 3, l.length);
        out[3 + l.length] = (byte) context.length;
        System.arraycopy(context, 0, out, 4 + l.length, context.length);
        return out;
    }

    private static byte[] expand(byte[] prk, byte[] info, int length) throws Exception {
        byte[] t = hmac(prk, concat(info, new byte[] {1}));
        return Arrays.copyOf(t, length);
    }

    private static byte[] hmac(byte[] key, byte[] data) throws Exception {
        Mac m = Mac.getInstance("HmacSHA256");
        m.init(new SecretKeySpec(key, "HmacSHA256"));
        return m.doFinal(data);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** The pre_shared_key extension (the last one, RFC 8446 §4.2.11) of a one-record ClientHello. */
    private record Offer(long age, byte[] binder, byte[] truncatedHello) {
        static Offer parse(byte[] record) {
            byte[] msg = Arrays.copyOfRange(record, 5, record.length);
            // binders: uint16 list length, then one uint8-prefixed 32-byte binder.
            int bindersAt = msg.length - (2 + 1 + 32);
            byte[] binder = Arrays.copyOfRange(msg, bindersAt + 3, msg.length);
            // identities: ... opaque identity<1..2^16-1>, uint32 age, just before the binders.
            long age = ((msg[bindersAt - 4] & 0xFFL) << 24) | ((msg[bindersAt - 3] & 0xFF) << 16)
                    | ((msg[bindersAt - 2] & 0xFF) << 8) | (msg[bindersAt - 1] & 0xFF);
            byte[] id = Arrays.copyOfRange(msg, bindersAt - 4 - IDENTITY.length, bindersAt - 4);
            assertArrayEquals(IDENTITY, id, "the pre_shared_key extension is not where RFC 8446 §4.2.11 puts it");
            return new Offer(age, binder, Arrays.copyOf(msg, bindersAt));
        }

        static boolean hasExtension(byte[] record, int type) {
            byte[] m = Arrays.copyOfRange(record, 5, record.length);
            int p = 4 + 2 + 32;
            p += 1 + (m[p] & 0xFF);
            p += 2 + (((m[p] & 0xFF) << 8) | (m[p + 1] & 0xFF));
            p += 1 + (m[p] & 0xFF);
            int end = p + 2 + (((m[p] & 0xFF) << 8) | (m[p + 1] & 0xFF));
            p += 2;
            while (p + 4 <= end) {
                int t = ((m[p] & 0xFF) << 8) | (m[p + 1] & 0xFF);
                int len = ((m[p + 2] & 0xFF) << 8) | (m[p + 3] & 0xFF);
                if (t == type) {
                    return true;
                }
                p += 4 + len;
            }
            return false;
        }
    }
}
