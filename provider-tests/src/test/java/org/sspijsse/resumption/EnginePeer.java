package org.sspijsse.resumption;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.sspijsse.testsupport.Issued;
import org.sspijsse.testsupport.TestPki;

/**
 * A SunJSSE engine as a byte-in, byte-out peer, made from a shared {@link SSLContext}: resumption
 * needs several engines of one context (SunJSSE keeps its client session cache and its server
 * ticket keys per context; test-support's SunJssePeer makes a new context each time).
 */
final class EnginePeer {
    final SSLEngine engine;
    private ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    private final ByteBuffer app = ByteBuffer.allocate(64 * 1024);
    SSLException failure;

    EnginePeer(SSLEngine engine) {
        this.engine = engine;
    }

    /** A SunJSSE context: key material for a server (or a client certificate), trust in {@code root}. */
    static SSLContext context(Issued keyMaterial, java.security.cert.X509Certificate root) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLSv1.3", "SunJSSE");
        KeyManagerFactory kmf = null;
        if (keyMaterial != null) {
            kmf = KeyManagerFactory.getInstance("SunX509", "SunJSSE");
            kmf.init(keyMaterial.keyStore(), Issued.PASSWORD);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX", "SunJSSE");
        tmf.init(TestPki.trustStore(root));
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    static EnginePeer server(SSLContext ctx) {
        SSLEngine e = ctx.createSSLEngine();
        e.setUseClientMode(false);
        return new EnginePeer(e);
    }

    static EnginePeer client(SSLContext ctx, String host) {
        SSLEngine e = ctx.createSSLEngine(host, 443);
        e.setUseClientMode(true);
        return new EnginePeer(e);
    }

    /** Takes our bytes, unwraps and wraps until nothing moves, returns what the engine sends. */
    byte[] receive(byte[] bytes) {
        if (in.remaining() < bytes.length) {
            ByteBuffer b = ByteBuffer.allocate(in.position() + bytes.length + 1024);
            in.flip();
            b.put(in);
            in = b;
        }
        in.put(bytes);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer net = ByteBuffer.allocate(engine.getSession().getPacketBufferSize() * 2);
        try {
            for (int i = 0; i < 1000; i++) {
                HandshakeStatus hs = engine.getHandshakeStatus();
                if (hs == HandshakeStatus.NEED_TASK) {
                    for (Runnable t; (t = engine.getDelegatedTask()) != null;) {
                        t.run();
                    }
                    continue;
                }
                boolean progress = false;
                if (hs == HandshakeStatus.NEED_WRAP || (hs == HandshakeStatus.NOT_HANDSHAKING && i == 0
                        && engine.getUseClientMode() && bytes.length == 0)) {
                    net.clear();
                    SSLEngineResult r = engine.wrap(ByteBuffer.allocate(0), net);
                    out.write(net.array(), 0, net.position());
                    progress |= r.bytesProduced() > 0;
                }
                if (in.position() > 0) {
                    in.flip();
                    SSLEngineResult r = engine.unwrap(in, app);
                    in.compact();
                    progress |= r.bytesConsumed() > 0;
                }
                if (!progress) {
                    break;
                }
            }
        } catch (SSLException e) {
            failure = e;
        }
        return out.toByteArray();
    }

    /** Application data from the engine, as records. */
    byte[] send(byte[] plaintext) throws SSLException {
        ByteBuffer net = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.wrap(plaintext), net);
        return java.util.Arrays.copyOf(net.array(), net.position());
    }

    /** The application data received so far (and clears it). */
    byte[] takeApplicationData() {
        app.flip();
        byte[] b = new byte[app.remaining()];
        app.get(b);
        app.clear();
        return b;
    }
}
