package org.sspijsse.schannel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Hashtable;
import java.util.Vector;
import org.bouncycastle.jcajce.util.JcaJceHelper;
import org.bouncycastle.tls.ContentType;
import org.bouncycastle.tls.HandshakeMessageInput;
import org.bouncycastle.tls.HandshakeType;
import org.bouncycastle.tls.OfferedPsks;
import org.bouncycastle.tls.PskIdentity;
import org.bouncycastle.tls.PskKeyExchangeMode;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsServerProtocol;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCryptoUtils;
import org.bouncycastle.tls.crypto.TlsHash;
import org.bouncycastle.tls.crypto.TlsSecret;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JceTlsSecret;

/**
 * The one place where this package reaches into Bouncy Castle 1.84's TLS 1.3 behaviour to make
 * session resumption (RFC 8446 §2.2, §4.2.11, §4.6.1) work without patching BC (bc-java issue 1835;
 * BC-NOTES.md, "TLS 1.3 resumption on unpatched 1.84"). Everything here uses public or protected
 * API only; {@code BcResumptionPinTest} fails loudly if a BC upgrade changes what it relies on.
 *
 * <p>What 1.84 lacks, and the workaround:
 * <ol>
 * <li>BC computes every PSK binder with the label "ext binder"; a ticket needs "res binder"
 *     (RFC 8446 §4.2.11.2, §7.1). {@link Crypto#hkdfInit} hands out a salt whose HKDF-Extract, when
 *     the input key material is a {@link ResumptionPsk}, yields an early secret that rewrites the
 *     binder label as it expands.</li>
 * <li>BC always sends obfuscated_ticket_age 0 (RFC 8446 §4.2.11.1 wants age + ticket_age_add):
 *     {@link ClientProtocol#sendClientHelloMessage} re-encodes the identity before BC computes the
 *     binder over the ClientHello.</li>
 * <li>BC's server matches the offered identity including its age, so a real ticket never matches:
 *     {@link #acceptAtAgeZero} replaces the chosen identity with the same one at age 0.</li>
 * <li>BC keeps no resumption_master_secret: both protocols keep their own transcript
 *     ({@link Transcript13}) through the protected {@code handleHandshakeMessage} and
 *     {@code writeRecord}, and derive it in the protected {@code completeHandshake}.</li>
 * <li>BC's server picks its suite without the PSK's hash: {@code SspiTlsServer.getSelectedCipherSuite}
 *     follows the ticket (RFC 8446 §4.2.11).</li>
 * <li>BC sends psk_key_exchange_modes only with a PSK, and SunJSSE issues tickets only to clients
 *     that send it: {@link #advertisePskDheKe} adds it (RFC 8446 §4.2.9).</li>
 * </ol>
 * And one that is not about resumption but lives here for the same reason (the protected
 * {@code handleHandshakeMessage}):
 * <ol start="7">
 * <li>BC cannot pause inside {@code getClientCredentials} (BC-NOTES.md, "Client certificates"), but
 *     SEC_I_INCOMPLETE_CREDENTIALS must stop the handshake there until the caller decides.
 *     {@link ClientProtocol} holds back the message that would make BC ask (the TLS 1.3 server
 *     Finished, the TLS 1.2 ServerHelloDone) when the caller must be asked, and hands it to BC when
 *     the next ISC call brings the decision: no thread is parked, and no record is offered twice.</li>
 * </ol>
 */
final class BcResumption {
    /** RFC 8446 §7.1: the binder key labels, as HKDF-Expand-Label writes them ("tls13 " prefix). */
    private static final byte[] EXT_BINDER = "tls13 ext binder".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RES = "res".getBytes(StandardCharsets.US_ASCII);

    private BcResumption() {
    }

    /** The TLS 1.3 PRF of a cipher suite's hash (RFC 8446 §B.4), or -1 for a non-TLS 1.3 suite. */
    static int prfOf(int cipherSuite) {
        switch (cipherSuite) {
            case org.bouncycastle.tls.CipherSuite.TLS_AES_256_GCM_SHA384:
                return org.bouncycastle.tls.PRFAlgorithm.tls13_hkdf_sha384;
            case org.bouncycastle.tls.CipherSuite.TLS_AES_128_GCM_SHA256:
            case org.bouncycastle.tls.CipherSuite.TLS_CHACHA20_POLY1305_SHA256:
            case org.bouncycastle.tls.CipherSuite.TLS_AES_128_CCM_SHA256:
            case org.bouncycastle.tls.CipherSuite.TLS_AES_128_CCM_8_SHA256:
                return org.bouncycastle.tls.PRFAlgorithm.tls13_hkdf_sha256;
            default:
                return -1;
        }
    }

    /** Workaround 6: psk_key_exchange_modes = [psk_dhe_ke] in a ClientHello that offers no PSK. */
    static void advertisePskDheKe(Hashtable<Integer, byte[]> clientExtensions) throws IOException {
        TlsExtensionsUtils.addPSKKeyExchangeModesExtension(clientExtensions, new short[] {PskKeyExchangeMode.psk_dhe_ke});
    }

    /** Workaround 3: BC then finds the identity at index {@code i} as if its age were 0. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static void acceptAtAgeZero(Vector identities, int i) {
        PskIdentity offered = (PskIdentity) identities.elementAt(i);
        identities.setElementAt(new PskIdentity(offered.getIdentity(), 0L), i);
    }

    /**
     * RFC 8446 §7.1: resumption_master_secret = Derive-Secret(master_secret, "res master",
     * ClientHello...client Finished), or null when the handshake was not TLS 1.3.
     */
    private static TlsSecret deriveResumptionMasterSecret(TlsContext context, Transcript13 transcript) throws IOException {
        SecurityParameters sp = context.getSecurityParametersHandshake();
        if (sp == null || !TlsUtils.isTLSv13(sp.getNegotiatedVersion()) || sp.getMasterSecret() == null
                || transcript.isOverflowed()) {
            return null;
        }
        int hash = sp.getPRFCryptoHashAlgorithm();
        byte[] th = transcript.hash(context.getCrypto().createHash(hash));
        return TlsCryptoUtils.hkdfExpandLabel(sp.getMasterSecret(), hash, "res master", th,
                TlsCryptoUtils.getHashOutputSize(hash));
    }

    /** RFC 8446 §4.6.1: PSK = HKDF-Expand-Label(resumption_master_secret, "resumption", ticket_nonce, Hash.length). */
    static byte[] ticketPsk(TlsSecret resumptionMasterSecret, int prf, byte[] nonce) throws IOException {
        int hash = TlsCryptoUtils.getHashForPRF(prf);
        return TlsCryptoUtils.hkdfExpandLabel(resumptionMasterSecret, hash, "resumption", nonce,
                TlsCryptoUtils.getHashOutputSize(hash)).extract();
    }

    /**
     * Workaround 4 as both protocols apply it: every handshake message received and sent goes into
     * a {@link Transcript13} (NewSessionTicket and KeyUpdate excluded, RFC 8446 §4.4.1), and the
     * resumption master secret is derived from it when the handshake completes.
     */
    private static final class Transcript implements TlsHash {
        private final Transcript13 messages = new Transcript13();

        void received(short type, HandshakeMessageInput buf) {
            if (type != HandshakeType.new_session_ticket && type != HandshakeType.key_update) {
                buf.updateHash(this);
            }
        }

        void sent(short type, byte[] buf, int off, int len) {
            if (type == ContentType.handshake) {
                messages.add(buf, off, len);
            }
        }

        TlsSecret finish(TlsContext context) throws IOException {
            TlsSecret rms = deriveResumptionMasterSecret(context, messages);
            messages.clear();
            return rms;
        }

        /** {@code HandshakeMessageInput.updateHash} hands the message (header included) to this. */
        @Override
        public void update(byte[] input, int inOff, int length) {
            messages.add(input, inOff, length);
        }

        // HandshakeMessageInput only ever calls update(): the rest of TlsHash has no use here.
        @Override
        public byte[] calculateHash() {
            throw new IllegalStateException("a transcript recorder, not a hash");
        }

        @Override
        public TlsHash cloneHash() {
            throw new IllegalStateException("a transcript recorder, not a hash");
        }

        @Override
        public void reset() {
        }
    }

    /** BC's client with the workarounds 2 and 4. */
    static final class ClientProtocol extends TlsClientProtocol {
        private final Transcript transcript = new Transcript();
        private byte[] offeredIdentity;
        private long ageAdd;
        private long receivedAtMillis;
        private TlsSecret resumptionMasterSecret;

        /** The ticket {@code identity} is offered: its age is obfuscated with {@code ageAdd}. */
        void offer(byte[] identity, long ageAdd, long receivedAtMillis) {
            this.offeredIdentity = identity;
            this.ageAdd = ageAdd;
            this.receivedAtMillis = receivedAtMillis;
        }

        /** The resumption master secret of the completed TLS 1.3 handshake, or null. */
        TlsSecret resumptionMasterSecret() {
            return resumptionMasterSecret;
        }

        @Override
        protected void sendClientHelloMessage() throws IOException {
            Hashtable<?, ?> ext = clientHello.getExtensions();
            if (offeredIdentity != null && ext != null && ext.containsKey(TlsExtensionsUtils.EXT_pre_shared_key)) {
                // RFC 8446 §4.2.11.1: obfuscated_ticket_age = (age in ms + ticket_age_add) mod 2^32,
                // recomputed for a second ClientHello (§4.1.2). BC computes the binder afterwards.
                long age = Math.max(0, System.currentTimeMillis() - receivedAtMillis);
                Vector<PskIdentity> ids = new Vector<>();
                ids.add(new PskIdentity(offeredIdentity, (age + ageAdd) & 0xFFFFFFFFL));
                @SuppressWarnings("unchecked")
                Hashtable<Integer, byte[]> e = (Hashtable<Integer, byte[]>) ext;
                TlsExtensionsUtils.addPreSharedKeyClientHello(e, new OfferedPsks(ids));
            }
            super.sendClientHelloMessage();
        }

        /** Decides, once the server's CertificateRequest is known, whether the caller must be asked. */
        @FunctionalInterface
        interface CredentialsGate {
            boolean mustAskCaller(org.bouncycastle.tls.CertificateRequest request, boolean tls13);
        }

        private CredentialsGate gate;
        private short deferredType = -1;
        private HandshakeMessageInput deferred;

        void gate(CredentialsGate gate) {
            this.gate = gate;
        }

        /** True while a message waits for the caller's credentials decision (workaround 7). */
        boolean isDeferred() {
            return deferred != null;
        }

        @Override
        protected void handleHandshakeMessage(short type, HandshakeMessageInput buf) throws IOException {
            if (gate != null && deferred == null && certificateRequest != null) {
                boolean tls13 = TlsUtils.isTLSv13(getContext());
                if ((tls13 ? type == HandshakeType.finished : type == HandshakeType.server_hello_done)
                        && gate.mustAskCaller(certificateRequest, tls13)) {
                    // Held back unread: BC's queue is not touched again before resumeDeferred, since no
                    // record is offered while the context waits for credentials.
                    deferredType = type;
                    deferred = buf;
                    return;
                }
            }
            process(type, buf);
        }

        private void process(short type, HandshakeMessageInput buf) throws IOException {
            transcript.received(type, buf);
            super.handleHandshakeMessage(type, buf);
        }

        /** Hands the held-back message to BC; a failure raises its alert as BC's own record path would. */
        void resumeDeferred() throws IOException {
            short type = deferredType;
            HandshakeMessageInput buf = deferred;
            deferred = null;
            deferredType = -1;
            try {
                process(type, buf);
            } catch (org.bouncycastle.tls.TlsFatalAlert e) {
                handleException(e.getAlertDescription(), "Failed to process a deferred handshake message", e);
                throw e;
            } catch (IOException e) {
                handleException(org.bouncycastle.tls.AlertDescription.internal_error,
                        "Failed to process a deferred handshake message", e);
                throw e;
            } catch (RuntimeException e) {
                handleException(org.bouncycastle.tls.AlertDescription.internal_error,
                        "Failed to process a deferred handshake message", e);
                throw new org.bouncycastle.tls.TlsFatalAlert(org.bouncycastle.tls.AlertDescription.internal_error, e);
            }
        }

        @Override
        protected void writeRecord(short type, byte[] buf, int off, int len) throws IOException {
            transcript.sent(type, buf, off, len);
            super.writeRecord(type, buf, off, len);
        }

        @Override
        protected void completeHandshake() throws IOException {
            resumptionMasterSecret = transcript.finish(getContext());
            super.completeHandshake();
        }
    }

    /** BC's server with workaround 4, and the ClientHello's extensions kept for the ticket checks. */
    static final class ServerProtocol extends TlsServerProtocol {
        private final Transcript transcript = new Transcript();
        private Hashtable<?, ?> clientHelloExtensions;
        private TlsSecret resumptionMasterSecret;

        TlsSecret resumptionMasterSecret() {
            return resumptionMasterSecret;
        }

        /** The extensions of the ClientHello being answered (the second one after a HelloRetryRequest). */
        Hashtable<?, ?> clientHelloExtensions() {
            return clientHelloExtensions;
        }

        @Override
        protected org.bouncycastle.tls.ClientHello receiveClientHelloMessage(java.io.ByteArrayInputStream buf)
                throws IOException {
            org.bouncycastle.tls.ClientHello hello = super.receiveClientHelloMessage(ClientHelloVersion.clamped(buf));
            clientHelloExtensions = hello.getExtensions();
            return hello;
        }

        @Override
        protected void handleHandshakeMessage(short type, HandshakeMessageInput buf) throws IOException {
            transcript.received(type, buf);
            super.handleHandshakeMessage(type, buf);
        }

        @Override
        protected void writeRecord(short type, byte[] buf, int off, int len) throws IOException {
            transcript.sent(type, buf, off, len);
            super.writeRecord(type, buf, off, len);
        }

        @Override
        protected void completeHandshake() throws IOException {
            resumptionMasterSecret = transcript.finish(getContext());
            super.completeHandshake();
        }
    }

    /** Workaround 1: the package's {@link JcaTlsCrypto}, whose HKDF salt knows resumption PSKs. */
    static final class Crypto extends JcaTlsCrypto {
        Crypto(JcaJceHelper helper, SecureRandom random) {
            super(helper, random, random);
        }

        @Override
        public TlsSecret hkdfInit(int cryptoHashAlgorithm) {
            return new Salt(this, new byte[TlsCryptoUtils.getHashOutputSize(cryptoHashAlgorithm)]);
        }

        /** A resumption PSK as BC's {@code BasicTlsPSKExternal} carries it. */
        ResumptionPsk resumptionPsk(byte[] key) {
            return new ResumptionPsk(this, key);
        }
    }

    /** The key of a ticket (RFC 8446 §4.6.1): marks the PSK whose binder uses "res binder". */
    static final class ResumptionPsk extends JceTlsSecret {
        ResumptionPsk(JcaTlsCrypto crypto, byte[] key) {
            super(crypto, key);
        }
    }

    /** The all-zero HKDF salt of RFC 8446 §7.1. */
    private static final class Salt extends JceTlsSecret {
        Salt(JcaTlsCrypto crypto, byte[] zeros) {
            super(crypto, zeros);
        }

        @Override
        public synchronized TlsSecret hkdfExtract(int cryptoHashAlgorithm, TlsSecret ikm) {
            TlsSecret early = super.hkdfExtract(cryptoHashAlgorithm, ikm);
            return ikm instanceof ResumptionPsk ? new ResumptionEarlySecret(crypto, early.extract()) : early;
        }
    }

    /** Early_Secret of a resumption PSK: "ext binder" becomes "res binder"; every other label is untouched. */
    private static final class ResumptionEarlySecret extends JceTlsSecret {
        ResumptionEarlySecret(JcaTlsCrypto crypto, byte[] secret) {
            super(crypto, secret);
        }

        @Override
        public synchronized TlsSecret hkdfExpand(int cryptoHashAlgorithm, byte[] info, int length) {
            return super.hkdfExpand(cryptoHashAlgorithm, resBinderLabel(info), length);
        }
    }

    /**
     * RFC 8446 §7.1 HkdfLabel {uint16 length; opaque label<7..255>; opaque context<0..255>}: the
     * same structure with "tls13 res binder" when its label is "tls13 ext binder", else {@code info}.
     */
    static byte[] resBinderLabel(byte[] info) {
        if (info.length < 3 + EXT_BINDER.length || (info[2] & 0xFF) != EXT_BINDER.length) {
            return info;
        }
        for (int i = 0; i < EXT_BINDER.length; i++) {
            if (info[3 + i] != EXT_BINDER[i]) {
                return info;
            }
        }
        byte[] out = info.clone();
        System.arraycopy(RES, 0, out, 3 + 6, RES.length);
        return out;
    }
}
