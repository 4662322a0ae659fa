package org.sspijsse.benchmarks;

import java.nio.ByteBuffer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/** A client and server engine (SunJSSE unless a context is given), handshaken in memory, for record wrap/unwrap measurements. */
final class EnginePair {
    final SSLEngine client;
    final SSLEngine server;

    EnginePair(String protocol, String suite) throws Exception {
        this(SelfSignedCert.sunJsseContext(protocol), protocol, suite);
    }

    /** Client and server engines of one context ({@code ctx}'s provider on both sides). */
    EnginePair(SSLContext ctx, String protocol, String suite) throws Exception {
        client = ctx.createSSLEngine("localhost", 443);
        client.setUseClientMode(true);
        server = ctx.createSSLEngine();
        server.setUseClientMode(false);
        client.setEnabledProtocols(new String[] {protocol});
        server.setEnabledProtocols(new String[] {protocol});
        client.setEnabledCipherSuites(new String[] {suite});
        server.setEnabledCipherSuites(new String[] {suite});
        handshake();
        if (!suite.equals(client.getSession().getCipherSuite())) {
            throw new IllegalStateException("negotiated " + client.getSession().getCipherSuite());
        }
    }

    private void handshake() throws SSLException {
        int packet = Math.max(client.getSession().getPacketBufferSize(), server.getSession().getPacketBufferSize());
        int app = Math.max(client.getSession().getApplicationBufferSize(), server.getSession().getApplicationBufferSize());
        ByteBuffer cToS = ByteBuffer.allocate(packet * 4);
        ByteBuffer sToC = ByteBuffer.allocate(packet * 4);
        ByteBuffer empty = ByteBuffer.allocate(0);
        ByteBuffer sink = ByteBuffer.allocate(app * 4);
        client.beginHandshake();
        server.beginHandshake();
        for (int i = 0; i < 1000; i++) {
            boolean c = step(client, empty, cToS, sToC, sink);
            boolean s = step(server, empty, sToC, cToS, sink);
            if (c && s) {
                return;
            }
        }
        throw new IllegalStateException("handshake did not finish");
    }

    /** One move of one engine; true when it has nothing more to do. */
    private static boolean step(SSLEngine e, ByteBuffer empty, ByteBuffer out, ByteBuffer in, ByteBuffer sink)
            throws SSLException {
        HandshakeStatus hs = e.getHandshakeStatus();
        switch (hs) {
            case NEED_WRAP:
                e.wrap(empty, out);
                return false;
            case NEED_UNWRAP:
            case NEED_UNWRAP_AGAIN:
                in.flip();
                e.unwrap(in, sink);
                in.compact();
                sink.clear();
                return false;
            case NEED_TASK:
                for (Runnable t = e.getDelegatedTask(); t != null; t = e.getDelegatedTask()) {
                    t.run();
                }
                return false;
            default:
                // NOT_HANDSHAKING / FINISHED: drain anything still buffered (TLS 1.3 tickets)
                if (in.position() > 0) {
                    in.flip();
                    e.unwrap(in, sink);
                    in.compact();
                    sink.clear();
                    return false;
                }
                return true;
        }
    }
}
