package org.sspijsse.benchmarks;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * One SunJSSE engine driven with byte arrays, as a handshake peer in memory: feed it what the other
 * side sent, get back everything it wants to send. Buffers are sized once per engine.
 */
final class EngineDriver {
    private final SSLEngine engine;
    private ByteBuffer in;
    private final ByteBuffer out;
    private final ByteBuffer app;
    private final ByteBuffer empty = ByteBuffer.allocate(0);
    /** Time spent inside {@link #feed}: the peer's share of a connection, to be subtracted. */
    long nanos;

    EngineDriver(SSLEngine engine) {
        this.engine = engine;
        int packet = engine.getSession().getPacketBufferSize();
        this.in = ByteBuffer.allocate(packet * 4);
        this.out = ByteBuffer.allocate(packet * 4);
        this.app = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize() * 2);
    }

    SSLEngine engine() {
        return engine;
    }

    /** Feeds {@code bytes}; returns what the engine sends now (empty when nothing). */
    byte[] feed(byte[] bytes) throws SSLException {
        long t0 = System.nanoTime();
        try {
            return feed0(bytes);
        } finally {
            nanos += System.nanoTime() - t0;
        }
    }

    private byte[] feed0(byte[] bytes) throws SSLException {
        if (in.remaining() < bytes.length) {
            ByteBuffer bigger = ByteBuffer.allocate(in.position() + bytes.length);
            in.flip();
            bigger.put(in);
            in = bigger;
        }
        in.put(bytes);
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        for (int i = 0; i < 100; i++) {
            SSLEngineResult.HandshakeStatus hs = engine.getHandshakeStatus();
            if (hs == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                for (Runnable t = engine.getDelegatedTask(); t != null; t = engine.getDelegatedTask()) {
                    t.run();
                }
            } else if (hs == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                out.clear();
                engine.wrap(empty, out);
                sent.write(out.array(), 0, out.position());
            } else if (in.position() > 0) {
                in.flip();
                SSLEngineResult r = engine.unwrap(in, app);
                in.compact();
                app.clear();
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW || r.bytesConsumed() == 0) {
                    break;
                }
            } else {
                break;
            }
        }
        return sent.toByteArray();
    }

    /** Starts a client handshake: the ClientHello. */
    byte[] start() throws SSLException {
        engine.beginHandshake();
        return feed(new byte[0]);
    }
}
