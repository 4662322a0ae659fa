package org.sspijsse.schannel;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.function.LongSupplier;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Self-contained TLS 1.3 tickets of one server credential (RFC 8446 §4.6.1: "the ticket itself is
 * an opaque label"; RFC 5077 §4 gives the usual construction). The server keeps nothing per
 * session: a ticket carries the resumption state, sealed with AES-256-GCM under a random key of the
 * credential. Keys rotate every {@link #rotationMillis}; tickets under the previous key are still
 * accepted, older ones are not. Anything wrong with a ticket (unknown key, altered bytes, a format
 * this code did not write, expiry) makes {@link #open} return null: a full handshake follows.
 *
 * <pre>
 * ticket    = format(1) = 1 | key_id(4) | iv(12) | AES-256-GCM(state) incl. 16-byte tag; AAD = format | key_id
 * state     = created_ms(8) | lifetime_s(4) | age_add(4) | suite(2) | psk&lt;1&gt; | sni&lt;2&gt; | alpn&lt;1&gt;
 *             | peer_chain: count(1), each cert&lt;3&gt; (DER)
 * </pre>
 */
final class ServerTickets {
    private static final int FORMAT = 1;
    private static final int HEADER = 1 + 4 + 12;
    private static final int TAG = 16;
    /** Each certificate is prefixed by a 3-byte length. */
    private static final int CERT_LENGTH_BYTES = 3;
    /** RFC 8446 §4.6.1: opaque ticket<1..2^16-1>; a larger state (a huge client chain) gets no ticket. */
    private static final int MAX_TICKET = 65535;

    /** What a ticket remembers of the connection that issued it. */
    record State(long createdMillis, long lifetimeSeconds, long ageAdd, int cipherSuite, byte[] psk,
            String serverName, byte[] alpn, X509Certificate[] peerChain) {
        long expiresAtMillis() {
            return createdMillis + lifetimeSeconds * 1000;
        }
    }

    private record Key(int id, SecretKeySpec key, long createdMillis) {
    }

    private final SecureRandom random;
    private final LongSupplier clock;
    final long rotationMillis;
    private Key current;
    private Key previous;

    ServerTickets(SecureRandom random, LongSupplier clock, long rotationMillis) {
        this.random = random;
        this.clock = clock;
        this.rotationMillis = Math.max(1, rotationMillis);
    }

    long now() {
        return clock.getAsLong();
    }

    /** The current key, made or rotated as the schedule says (previous keeps exactly one generation). */
    private synchronized Key currentKey() {
        long now = clock.getAsLong();
        if (current == null || now - current.createdMillis >= rotationMillis) {
            previous = current != null && now - current.createdMillis < 2 * rotationMillis ? current : null;
            byte[] k = new byte[32];
            random.nextBytes(k);
            int id;
            do {
                id = random.nextInt();
            } while (previous != null && id == previous.id);
            current = new Key(id, new SecretKeySpec(k, "AES"), now);
            Arrays.fill(k, (byte) 0);
        }
        return current;
    }

    private synchronized Key keyFor(int id) {
        currentKey();
        if (current.id == id) {
            return current;
        }
        return previous != null && previous.id == id ? previous : null;
    }

    /** Seals {@code s} into a ticket, or returns null when it would not fit a NewSessionTicket. */
    byte[] seal(State s) {
        byte[] plain = encode(s);
        if (plain == null || HEADER + plain.length + TAG > MAX_TICKET) {
            return null;
        }
        Key k = currentKey();
        byte[] out = new byte[HEADER + plain.length + TAG];
        out[0] = FORMAT;
        ByteBuffer.wrap(out, 1, 4).putInt(k.id);
        byte[] iv = new byte[12];
        random.nextBytes(iv);
        System.arraycopy(iv, 0, out, 5, 12);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, k.key, new GCMParameterSpec(TAG * 8, iv));
            c.updateAAD(out, 0, 5);
            c.doFinal(plain, 0, plain.length, out, HEADER);
            return out;
        } catch (GeneralSecurityException e) {
            SchannelContext.LOG.log(System.Logger.Level.WARNING, "ticket sealing failed", e);
            return null;
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** The state in {@code ticket} if it is ours, intact and unexpired at this moment; otherwise null. */
    State open(byte[] ticket) {
        if (ticket == null || ticket.length < HEADER + TAG || ticket[0] != FORMAT) {
            return null;
        }
        Key k = keyFor(ByteBuffer.wrap(ticket, 1, 4).getInt());
        if (k == null) {
            return null;
        }
        byte[] plain;
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, k.key, new GCMParameterSpec(TAG * 8, ticket, 5, 12));
            c.updateAAD(ticket, 0, 5);
            plain = c.doFinal(ticket, HEADER, ticket.length - HEADER);
        } catch (GeneralSecurityException e) {
            return null; // altered, or sealed under a key we no longer hold
        }
        State s = decode(plain);
        Arrays.fill(plain, (byte) 0);
        long now = clock.getAsLong();
        if (s == null || now < s.createdMillis() || now >= s.expiresAtMillis()) {
            return null;
        }
        return s;
    }

    static byte[] encode(State s) {
        byte[] sni = s.serverName() == null ? new byte[0] : s.serverName().getBytes(StandardCharsets.US_ASCII);
        byte[] alpn = s.alpn() == null ? new byte[0] : s.alpn();
        X509Certificate[] chain = s.peerChain() == null ? new X509Certificate[0] : s.peerChain();
        if (chain.length > 255 || s.psk().length > 255 || alpn.length > 255 || sni.length > 65535) {
            return null;
        }
        try {
            byte[][] ders = new byte[chain.length][];
            int certBytes = 0;
            for (int i = 0; i < chain.length; i++) {
                ders[i] = chain[i].getEncoded();
                certBytes += CERT_LENGTH_BYTES + ders[i].length;
            }
            ByteBuffer b = ByteBuffer.allocate(8 + 4 + 4 + 2 + 1 + s.psk().length + 2 + sni.length + 1 + alpn.length
                    + 1 + certBytes);
            b.putLong(s.createdMillis()).putInt((int) s.lifetimeSeconds()).putInt((int) s.ageAdd())
                    .putShort((short) s.cipherSuite());
            b.put((byte) s.psk().length).put(s.psk());
            b.putShort((short) sni.length).put(sni);
            b.put((byte) alpn.length).put(alpn);
            b.put((byte) chain.length);
            for (byte[] der : ders) {
                if (der.length >= 1 << 24) {
                    return null;
                }
                b.put((byte) (der.length >>> 16)).putShort((short) der.length).put(der);
            }
            return b.array();
        } catch (CertificateException e) {
            return null;
        }
    }

    /** The state, or null for bytes that do not parse exactly (they passed GCM, so only a format change). */
    static State decode(byte[] p) {
        try {
            ByteBuffer b = ByteBuffer.wrap(p);
            long created = b.getLong();
            long lifetime = b.getInt() & 0xFFFFFFFFL;
            long ageAdd = b.getInt() & 0xFFFFFFFFL;
            int suite = b.getShort() & 0xFFFF;
            byte[] psk = new byte[b.get() & 0xFF];
            b.get(psk);
            byte[] sni = new byte[b.getShort() & 0xFFFF];
            b.get(sni);
            byte[] alpn = new byte[b.get() & 0xFF];
            b.get(alpn);
            int count = b.get() & 0xFF;
            X509Certificate[] chain = new X509Certificate[count];
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (int i = 0; i < count; i++) {
                int len = ((b.get() & 0xFF) << 16) | (b.getShort() & 0xFFFF);
                byte[] der = new byte[len];
                b.get(der);
                chain[i] = (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der));
            }
            if (b.hasRemaining() || psk.length == 0) {
                return null;
            }
            return new State(created, lifetime, ageAdd, suite, psk,
                    sni.length == 0 ? null : new String(sni, StandardCharsets.US_ASCII), alpn.length == 0 ? null : alpn,
                    chain);
        } catch (RuntimeException | CertificateException e) {
            return null;
        }
    }
}
