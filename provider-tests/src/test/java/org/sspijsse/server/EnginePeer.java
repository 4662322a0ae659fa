package org.sspijsse.server;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * Any JSSE {@link SSLEngine} (here SunJSSE's, from an {@code SSLContext} the test builds, so that a
 * test can give it its own key manager or create several engines from one context for resumption)
 * as a byte-in, byte-out peer. A failure is kept ({@link #failure()}) and the alert the engine then
 * wraps is returned, as a real peer sends it. Bounded.
 */
final class EnginePeer {
    private final SSLEngine engine;
    private ByteBuffer netIn = ByteBuffer.allocate(64 * 1024);
    private ByteBuffer appIn;
    private final ByteBuffer netOut;
    private SSLException failure;
    private boolean begun;

    EnginePeer(SSLEngine engine) {
        this.engine = engine;
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize() * 2);
        this.netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize() * 2);
    }

    SSLEngine engine() {
        return engine;
    }

    SSLException failure() {
        return failure;
    }

    byte[] receive(byte[] bytes) {
        if (netIn.remaining() < bytes.length) {
            ByteBuffer b = ByteBuffer.allocate(netIn.capacity() * 2 + bytes.length);
            netIn.flip();
            b.put(netIn);
            netIn = b;
        }
        netIn.put(bytes);
        if (!begun) {
            begun = true;
            try {
                engine.beginHandshake();
            } catch (SSLException e) {
                failure = e;
            }
        }
        return pump(null);
    }

    byte[] send(byte[] plaintext) {
        return pump(ByteBuffer.wrap(plaintext));
    }

    byte[] read() {
        appIn.flip();
        byte[] b = new byte[appIn.remaining()];
        appIn.get(b);
        appIn.clear();
        return b;
    }

    byte[] close() {
        engine.closeOutbound();
        return pump(null);
    }

    private byte[] pump(ByteBuffer app) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer empty = ByteBuffer.allocate(0);
        for (int i = 0; i < 10_000; i++) {
            HandshakeStatus hs = engine.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                for (Runnable r = engine.getDelegatedTask(); r != null; r = engine.getDelegatedTask()) {
                    r.run();
                }
                continue;
            }
            boolean progress = false;
            boolean wantWrap = hs == HandshakeStatus.NEED_WRAP
                    || (app != null && app.hasRemaining() && hs == HandshakeStatus.NOT_HANDSHAKING && !engine.isOutboundDone());
            if (wantWrap) {
                netOut.clear();
                try {
                    SSLEngineResult r = engine.wrap(app != null ? app : empty, netOut);
                    progress |= r.bytesProduced() > 0 || r.bytesConsumed() > 0;
                } catch (SSLException e) {
                    keep(e);
                    progress = true;
                }
                netOut.flip();
                byte[] b = new byte[netOut.remaining()];
                netOut.get(b);
                out.writeBytes(b);
                if (failure != null && !progress) {
                    break;
                }
            }
            if (netIn.position() > 0 && !engine.isInboundDone()) {
                netIn.flip();
                try {
                    SSLEngineResult r = engine.unwrap(netIn, appIn);
                    progress |= r.bytesConsumed() > 0 || r.bytesProduced() > 0;
                    if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                        ByteBuffer bigger = ByteBuffer.allocate(appIn.capacity() * 2);
                        appIn.flip();
                        bigger.put(appIn);
                        appIn = bigger;
                        progress = true;
                    }
                } catch (SSLException e) {
                    keep(e);
                    netIn.position(netIn.limit());
                    progress = true;
                } finally {
                    netIn.compact();
                }
            }
            if (!progress) {
                break;
            }
        }
        return out.toByteArray();
    }

    private void keep(SSLException e) {
        if (failure == null) {
            failure = e;
        }
    }
}
