package org.sspijsse.cli;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.sspijsse.sspi.CertContext;
import org.sspijsse.sspi.CertificateValidator;
import org.sspijsse.sspi.Holder;
import org.sspijsse.sspi.IntHolder;
import org.sspijsse.sspi.IscRet;
import org.sspijsse.sspi.SchannelConstants;
import org.sspijsse.sspi.SchannelCredentials;
import org.sspijsse.sspi.SecApplicationProtocols;
import org.sspijsse.sspi.SecBuffer;
import org.sspijsse.sspi.SecBufferDesc;
import org.sspijsse.sspi.SecBufferType;
import org.sspijsse.sspi.SecPkgAttr;
import org.sspijsse.sspi.SecPkgContext;
import org.sspijsse.sspi.SecStatus;
import org.sspijsse.sspi.SecurityPackage;
import org.sspijsse.sspi.TimeStamp;

/**
 * A test double for the CLI's own tests, until the real Schannel package lands: a client-only
 * security package over SunJSSE's {@link SSLEngine}, just faithful enough to the buffer contract
 * (whole records, MISSING, EXTRA, in-place DecryptMessage, shutdown by ApplyControlToken) for
 * {@link ClientLoop} to run against a real TLS server. It is not the product and proves nothing
 * about it; it only lets the loop and the printing be exercised today.
 */
final class EngineStandInPackage implements SecurityPackage {
    static final String NAME = "CliTestEngineStandIn";
    private static final java.util.concurrent.atomic.AtomicBoolean REGISTERED =
            new java.util.concurrent.atomic.AtomicBoolean();

    /** Makes the stand-in findable by {@link #NAME} (once per JVM); "Schannel" stays the real package. */
    static void register() {
        if (REGISTERED.compareAndSet(false, true)) {
            org.sspijsse.sspi.Sspi.registerPackage(new EngineStandInPackage());
        }
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public int acquireCredentialsHandle(String principal, int use, Object authData, Holder<Credential> credential,
            TimeStamp expiry) {
        if (use != SchannelConstants.SECPKG_CRED_OUTBOUND || !(authData instanceof SchannelCredentials)) {
            return SecStatus.SEC_E_UNSUPPORTED_FUNCTION;
        }
        SchannelCredentials c = (SchannelCredentials) authData;
        credential.value = new Cred(c.getValidator(), c.getDisabledProtocols());
        return SecStatus.SEC_E_OK;
    }

    @Override
    public int initializeSecurityContext(Credential credential, Context context, String targetName, int req,
            SecBufferDesc input, Holder<Context> newContext, SecBufferDesc output, IntHolder attr, TimeStamp expiry) {
        try {
            Ctx ctx = (Ctx) context;
            if (ctx == null) {
                ctx = new Ctx((Cred) credential, targetName, input);
                newContext.value = ctx;
            } else {
                newContext.value = ctx;
            }
            attr.value = IscRet.ISC_RET_SEQUENCE_DETECT | IscRet.ISC_RET_REPLAY_DETECT
                    | IscRet.ISC_RET_CONFIDENTIALITY | IscRet.ISC_RET_ALLOCATED_MEMORY | IscRet.ISC_RET_STREAM;
            return ctx.step(input, output);
        } catch (SSLException e) {
            return SecStatus.SEC_E_ILLEGAL_MESSAGE;
        }
    }

    @Override
    public int acceptSecurityContext(Credential credential, Context context, SecBufferDesc input, int req,
            Holder<Context> newContext, SecBufferDesc output, IntHolder attr, TimeStamp expiry) {
        return SecStatus.SEC_E_UNSUPPORTED_FUNCTION;
    }

    private record Cred(CertificateValidator validator, int disabled) implements Credential {
        @Override
        public void free() {
        }
    }

    private static final class Ctx implements Context {
        private final SSLEngine engine;
        private boolean started;
        private boolean shutdownPending;

        Ctx(Cred cred, String target, SecBufferDesc input) throws SSLException {
            try {
                SSLContext sc = SSLContext.getInstance("TLS", "SunJSSE");
                sc.init(null, new TrustManager[] {trustManager(cred.validator(), target)}, null);
                engine = sc.createSSLEngine(target, 443);
            } catch (java.security.GeneralSecurityException e) {
                throw new SSLException(e);
            }
            engine.setUseClientMode(true);
            SSLParameters p = engine.getSSLParameters();
            p.setServerNames(List.of(new SNIHostName(target)));
            List<String> protocols = new ArrayList<>();
            if ((cred.disabled() & SchannelConstants.SP_PROT_TLS1_3_CLIENT) == 0) {
                protocols.add("TLSv1.3");
            }
            if ((cred.disabled() & SchannelConstants.SP_PROT_TLS1_2_CLIENT) == 0) {
                protocols.add("TLSv1.2");
            }
            p.setProtocols(protocols.toArray(new String[0]));
            SecBuffer alpn = input == null ? null : input.find(SecBufferType.SECBUFFER_APPLICATION_PROTOCOLS);
            if (alpn != null) {
                p.setApplicationProtocols(SecApplicationProtocols.parseAlpn(alpn).stream()
                        .map(b -> new String(b, StandardCharsets.ISO_8859_1)).toArray(String[]::new));
            }
            engine.setSSLParameters(p);
        }

        private static X509TrustManager trustManager(CertificateValidator v, String target) {
            return new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                    v.checkClientTrusted(chain, authType);
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                    v.checkServerTrusted(chain, authType, target);
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return v.getAcceptedIssuers();
                }
            };
        }

        int step(SecBufferDesc input, SecBufferDesc output) throws SSLException {
            ByteBuffer out = ByteBuffer.allocate(1 << 17);
            if (shutdownPending) {
                engine.closeOutbound();
                wrapAll(out);
                return emit(out, output, SecStatus.SEC_E_OK);
            }
            if (!started) {
                started = true;
                engine.beginHandshake();
                wrapAll(out);
                return emit(out, output, SecStatus.SEC_I_CONTINUE_NEEDED);
            }
            SecBuffer token = input.get(0);
            ByteBuffer in = window(token);
            int consumedRecords = 0;
            while (true) {
                int need = recordLength(in);
                if (need > in.remaining()) {
                    if (consumedRecords == 0) {
                        missing(input.get(1), need - in.remaining());
                        return SecStatus.SEC_E_INCOMPLETE_MESSAGE;
                    }
                    break;
                }
                ByteBuffer record = in.slice(in.position(), need);
                in.position(in.position() + need);
                engine.unwrap(record, ByteBuffer.allocate(1 << 15));
                consumedRecords++;
                runTasks();
                wrapAll(out);
                if (out.position() > 0 || handshakeDone() || !in.hasRemaining()) {
                    break;
                }
            }
            if (in.hasRemaining()) {
                input.get(1).set(SecBufferType.SECBUFFER_EXTRA, null, 0, in.remaining());
            }
            return emit(out, output, handshakeDone() ? SecStatus.SEC_E_OK : SecStatus.SEC_I_CONTINUE_NEEDED);
        }

        private boolean handshakeDone() {
            HandshakeStatus hs = engine.getHandshakeStatus();
            return hs == HandshakeStatus.NOT_HANDSHAKING || hs == HandshakeStatus.FINISHED;
        }

        private void runTasks() {
            for (Runnable t = engine.getDelegatedTask(); t != null; t = engine.getDelegatedTask()) {
                t.run();
            }
        }

        private void wrapAll(ByteBuffer out) throws SSLException {
            for (int i = 0; i < 16; i++) {
                runTasks();
                if (engine.getHandshakeStatus() != HandshakeStatus.NEED_WRAP) {
                    return;
                }
                SSLEngineResult r = engine.wrap(ByteBuffer.allocate(0), out);
                if (r.getStatus() == SSLEngineResult.Status.CLOSED && r.bytesProduced() == 0) {
                    return;
                }
            }
        }

        private static int emit(ByteBuffer out, SecBufferDesc output, int status) {
            SecBuffer token = output.find(SecBufferType.SECBUFFER_TOKEN);
            byte[] bytes = new byte[out.position()];
            out.flip().get(bytes);
            if (bytes.length > 0) {
                token.set(ByteBuffer.wrap(bytes), 0, bytes.length);
                token.markPackageAllocated();
            }
            return status;
        }

        @Override
        public int encryptMessage(int qop, SecBufferDesc message, int sequenceNumber) {
            SecBuffer header = message.get(0);
            SecBuffer data = message.get(1);
            SecBuffer trailer = message.get(2);
            int room = header.getCbBuffer() + data.getCbBuffer() + trailer.getCbBuffer();
            ByteBuffer record = ByteBuffer.allocate(1 << 17); // SunJSSE wants a whole packet buffer
            try {
                SSLEngineResult r = engine.wrap(window(data), record);
                if (r.getStatus() != SSLEngineResult.Status.OK) {
                    return SecStatus.SEC_E_ENCRYPT_FAILURE;
                }
            } catch (SSLException e) {
                return SecStatus.SEC_E_ENCRYPT_FAILURE;
            }
            record.flip();
            int n = record.remaining();
            if (n > room) {
                return SecStatus.SEC_E_ENCRYPT_FAILURE;
            }
            header.getBuffer().put(header.getOffset(), record, 0, n);
            trailer.setCbBuffer(n - header.getCbBuffer() - data.getCbBuffer());
            return SecStatus.SEC_E_OK;
        }

        @Override
        public int decryptMessage(SecBufferDesc message, int sequenceNumber, IntHolder qop) {
            SecBuffer data = message.get(0);
            ByteBuffer in = window(data);
            int need = recordLength(in);
            if (need > in.remaining()) {
                data.set(SecBufferType.SECBUFFER_MISSING, null, 0, need - in.remaining());
                return SecStatus.SEC_E_INCOMPLETE_MESSAGE;
            }
            ByteBuffer plain = ByteBuffer.allocate(1 << 15);
            SSLEngineResult r;
            try {
                r = engine.unwrap(in.slice(in.position(), need), plain);
            } catch (SSLException e) {
                return SecStatus.SEC_E_DECRYPT_FAILURE;
            }
            ByteBuffer caller = data.getBuffer();
            int off = data.getOffset();
            int total = data.getCbBuffer();
            int n = plain.position();
            caller.put(off + 5, plain.flip(), 0, n);
            message.get(0).set(SecBufferType.SECBUFFER_STREAM_HEADER, caller, off, 5);
            message.get(1).set(SecBufferType.SECBUFFER_DATA, caller, off + 5, n);
            message.get(2).set(SecBufferType.SECBUFFER_STREAM_TRAILER, caller, off + 5 + n, need - 5 - n);
            if (total > need) {
                message.get(3).set(SecBufferType.SECBUFFER_EXTRA, caller, off + need, total - need);
            }
            return r.getStatus() == SSLEngineResult.Status.CLOSED ? SecStatus.SEC_I_CONTEXT_EXPIRED
                    : SecStatus.SEC_E_OK;
        }

        @Override
        public int queryContextAttributes(int attribute, Holder<Object> buffer) {
            boolean tls13 = "TLSv1.3".equals(engine.getSession().getProtocol());
            int protocol = tls13 ? SchannelConstants.SP_PROT_TLS1_3_CLIENT : SchannelConstants.SP_PROT_TLS1_2_CLIENT;
            switch (attribute) {
                case SecPkgAttr.SECPKG_ATTR_STREAM_SIZES:
                    // SunJSSE's TLS 1.3 records came out 16 bytes longer than 5 + data + 17 here
                    // (it pads), so the stand-in asks for that much trailer room.
                    buffer.value = tls13 ? new SecPkgContext.StreamSizes(5, 33, 16384, 4, 16)
                            : new SecPkgContext.StreamSizes(13, 16, 16384, 4, 16);
                    return SecStatus.SEC_E_OK;
                case SecPkgAttr.SECPKG_ATTR_CONNECTION_INFO:
                    buffer.value = new SecPkgContext.ConnectionInfo(protocol, 0, 0, 0, 0, 0, 0);
                    return SecStatus.SEC_E_OK;
                case SecPkgAttr.SECPKG_ATTR_CIPHER_INFO:
                    buffer.value = new SecPkgContext.CipherInfo(protocol, 0, engine.getSession().getCipherSuite(),
                            null, 0, null, 0, null, null);
                    return SecStatus.SEC_E_OK;
                case SecPkgAttr.SECPKG_ATTR_APPLICATION_PROTOCOL: {
                    String p = engine.getApplicationProtocol();
                    buffer.value = new SecPkgContext.ApplicationProtocol(p == null || p.isEmpty()
                            ? SchannelConstants.SecApplicationProtocolNegotiationStatus_None
                            : SchannelConstants.SecApplicationProtocolNegotiationStatus_Success,
                            SchannelConstants.SecApplicationProtocolNegotiationExt_ALPN,
                            p == null ? null : p.getBytes(StandardCharsets.ISO_8859_1));
                    return SecStatus.SEC_E_OK;
                }
                case SecPkgAttr.SECPKG_ATTR_REMOTE_CERT_CONTEXT:
                    try {
                        buffer.value = new CertContext((X509Certificate[]) engine.getSession().getPeerCertificates(),
                                null);
                        return SecStatus.SEC_E_OK;
                    } catch (SSLException e) {
                        return SecStatus.SEC_E_NO_CREDENTIALS;
                    }
                case SecPkgAttr.SECPKG_ATTR_SESSION_INFO:
                    buffer.value = new SecPkgContext.SessionInfo(0, engine.getSession().getId());
                    return SecStatus.SEC_E_OK;
                default:
                    return SecStatus.SEC_E_UNSUPPORTED_FUNCTION;
            }
        }

        @Override
        public int applyControlToken(SecBufferDesc input) {
            SecBuffer b = input.get(0);
            if (b.getCbBuffer() < 4 || Byte.toUnsignedInt(b.get(0)) != SchannelConstants.SCHANNEL_SHUTDOWN) {
                return SecStatus.SEC_E_UNSUPPORTED_FUNCTION;
            }
            shutdownPending = true;
            return SecStatus.SEC_E_OK;
        }

        @Override
        public void delete() {
        }

        private static ByteBuffer window(SecBuffer b) {
            return b.getBuffer() == null ? ByteBuffer.allocate(0)
                    : b.getBuffer().duplicate().limit(b.getOffset() + b.getCbBuffer()).position(b.getOffset());
        }

        /** Bytes of the whole record at the front of {@code in} (5 while its header is incomplete). */
        private static int recordLength(ByteBuffer in) {
            if (in.remaining() < 5) {
                return 5;
            }
            return 5 + Short.toUnsignedInt(in.getShort(in.position() + 3));
        }

        private static void missing(SecBuffer slot, int n) {
            if (slot != null) {
                slot.set(SecBufferType.SECBUFFER_MISSING, null, 0, n);
            }
        }
    }
}
