package org.sspijsse.schannel;

import java.io.IOException;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.EncryptionAlgorithm;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCryptoUtils;
import org.bouncycastle.tls.crypto.TlsSecret;
import org.bouncycastle.util.Arrays;
import org.sspijsse.record.KeySchedule;
import org.sspijsse.record.RecordCipher;
import org.sspijsse.record.RecordLayer;
import org.sspijsse.record.TrafficKeys;

/**
 * Takes the traffic keys from BC at the one moment they are all alive, inside
 * {@code TlsPeer.notifyHandshakeComplete()} (BC-NOTES.md, "Handing the keys to our record layer"),
 * and builds our record layer from them. From then on BC sees no record.
 */
final class KeyHandoff {
    private KeyHandoff() {
    }

    /** The record cipher of a BC cipher suite, or null for one our record layer does not protect. */
    static RecordCipher cipherOf(int cipherSuite) {
        switch (TlsUtils.getEncryptionAlgorithm(cipherSuite)) {
            case EncryptionAlgorithm.AES_128_GCM:
                return RecordCipher.AES_128_GCM;
            case EncryptionAlgorithm.AES_256_GCM:
                return RecordCipher.AES_256_GCM;
            case EncryptionAlgorithm.CHACHA20_POLY1305:
                return RecordCipher.CHACHA20_POLY1305;
            default:
                return null;
        }
    }

    /**
     * Our record layer for the connection {@code context} just completed. {@code client} decides which
     * direction is read and which is written.
     */
    static RecordLayer take(TlsContext context, boolean client) throws IOException {
        SecurityParameters sp = context.getSecurityParametersConnection();
        RecordCipher cipher = cipherOf(sp.getCipherSuite());
        if (cipher == null) {
            throw new TlsFatalAlert(AlertDescription.internal_error, "suite without an AEAD record cipher");
        }
        if (TlsUtils.isTLSv13(sp.getNegotiatedVersion())) {
            Schedule13 schedule = new Schedule13(cipher, sp.getPRFCryptoHashAlgorithm(),
                    client ? sp.getTrafficSecretServer() : sp.getTrafficSecretClient(),
                    client ? sp.getTrafficSecretClient() : sp.getTrafficSecretServer());
            return RecordLayer.tls13(cipher, schedule.keys(schedule.read), schedule.keys(schedule.write), schedule);
        }
        // RFC 5246 §6.3: key_block = PRF(master_secret, "key expansion", server_random + client_random);
        // client write key, server write key, client write IV, server write IV (RFC 5288 §3: 4-byte
        // salt for AES-GCM; RFC 7905 §2: the 12-byte nonce mask for ChaCha20-Poly1305).
        int k = cipher.keyLength();
        int iv = cipher.fixedIvLength12();
        byte[] seed = Arrays.concatenate(sp.getServerRandom(), sp.getClientRandom());
        byte[] block = sp.getMasterSecret().deriveUsingPRF(sp.getPRFAlgorithm(), "key expansion", seed, 2 * (k + iv))
                .extract();
        TrafficKeys clientKeys = new TrafficKeys(java.util.Arrays.copyOfRange(block, 0, k),
                java.util.Arrays.copyOfRange(block, 2 * k, 2 * k + iv));
        TrafficKeys serverKeys = new TrafficKeys(java.util.Arrays.copyOfRange(block, k, 2 * k),
                java.util.Arrays.copyOfRange(block, 2 * k + iv, 2 * k + 2 * iv));
        java.util.Arrays.fill(block, (byte) 0);
        return client ? RecordLayer.tls12(cipher, serverKeys, clientKeys) : RecordLayer.tls12(cipher, clientKeys, serverKeys);
    }

    /**
     * TLS 1.3 application traffic secrets, kept as BC {@code TlsSecret}s (never extracted: that
     * would destroy them) for KeyUpdate (RFC 8446 §7.2). Each direction is touched only under the
     * record layer's lock for that direction.
     */
    static final class Schedule13 implements KeySchedule {
        private final RecordCipher cipher;
        private final int hash;
        private final int hashLength;
        TlsSecret read;
        TlsSecret write;

        Schedule13(RecordCipher cipher, int cryptoHashAlgorithm, TlsSecret read, TlsSecret write) {
            this.cipher = cipher;
            this.hash = cryptoHashAlgorithm;
            this.hashLength = TlsCryptoUtils.getHashOutputSize(cryptoHashAlgorithm);
            this.read = read;
            this.write = write;
        }

        /** RFC 8446 §7.3: key = HKDF-Expand-Label(secret, "key", "", key_length), iv likewise. */
        TrafficKeys keys(TlsSecret secret) {
            try {
                byte[] key = TlsCryptoUtils.hkdfExpandLabel(secret, hash, "key", TlsUtils.EMPTY_BYTES,
                        cipher.keyLength()).extract();
                byte[] iv = TlsCryptoUtils.hkdfExpandLabel(secret, hash, "iv", TlsUtils.EMPTY_BYTES,
                        cipher.ivLength13()).extract();
                return new TrafficKeys(key, iv);
            } catch (IOException e) {
                throw new IllegalStateException("HKDF-Expand-Label failed", e);
            }
        }

        private TlsSecret next(TlsSecret secret) {
            try {
                return TlsCryptoUtils.hkdfExpandLabel(secret, hash, "traffic upd", TlsUtils.EMPTY_BYTES, hashLength);
            } catch (IOException e) {
                throw new IllegalStateException("HKDF-Expand-Label failed", e);
            }
        }

        @Override
        public TrafficKeys nextReadKeys() {
            TlsSecret n = next(read);
            read.destroy();
            read = n;
            return keys(n);
        }

        @Override
        public TrafficKeys nextWriteKeys() {
            TlsSecret n = next(write);
            write.destroy();
            write = n;
            return keys(n);
        }
    }
}
