package org.sspijsse.jsse;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * Two engines connected in memory and stepped by hand: each step looks at the engine's handshake
 * status and wraps, unwraps or runs the delegated tasks. Bounded: at most {@link #MAX_STEPS}.
 */
final class EngineLoop {
    static final int MAX_STEPS = 400;
    static final int NET = 1 << 18;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    /** One engine with its inbound network buffer (write mode) and what it reported. */
    static final class Side {
        final String name;
        final SSLEngine engine;
        final ByteBuffer inbound = ByteBuffer.allocate(NET);
        final ByteBuffer appIn = ByteBuffer.allocate(NET);
        final List<HandshakeStatus> statuses = new ArrayList<>();
        final List<String> violations = new ArrayList<>();
        int finished;
        SSLException failure;

        Side(String name, SSLEngine engine) {
            this.name = name;
            this.engine = engine;
        }

        void record(SSLEngineResult r) {
            HandshakeStatus hs = r.getHandshakeStatus();
            boolean wasFinished = finished > 0;
            statuses.add(hs);
            if (hs == HandshakeStatus.FINISHED) {
                finished++;
            }
            if (wasFinished && failure == null) {
                if (hs != HandshakeStatus.NOT_HANDSHAKING && hs != HandshakeStatus.FINISHED) {
                    violations.add("result " + hs + " after FINISHED");
                }
                HandshakeStatus now = engine.getHandshakeStatus();
                if (now != HandshakeStatus.NOT_HANDSHAKING) {
                    violations.add("getHandshakeStatus() " + now + " after FINISHED");
                }
            }
        }

        @Override
        public String toString() {
            return name + "[statuses=" + statuses + ", finished=" + finished + ", failure=" + failure
                    + ", violations=" + violations + ", now=" + engine.getHandshakeStatus() + ", inboundDone="
                    + engine.isInboundDone() + ", outboundDone=" + engine.isOutboundDone() + "]";
        }
    }

    final Side client;
    final Side server;
    /** Runs each delegated task; inline by default. */
    java.util.function.Consumer<Runnable> taskRunner = Runnable::run;
    /** Called on a side's NEED_TASK before its tasks run (to poke the engine while a task is pending). */
    java.util.function.Consumer<Side> beforeTasks = s -> { };

    EngineLoop(SSLEngine client, SSLEngine server) {
        this.client = new Side("client", client);
        this.server = new Side("server", server);
    }

    /** Engines of the given contexts: client made with host "localhost" and port 8443; protocol pinned. */
    static EngineLoop create(Pair p, SSLContext clientCtx, SSLContext serverCtx) {
        SSLEngine c = clientCtx.createSSLEngine("localhost", 8443);
        c.setUseClientMode(true);
        c.setEnabledProtocols(new String[] {p.protocol()});
        SSLEngine s = serverCtx.createSSLEngine();
        s.setUseClientMode(false);
        s.setEnabledProtocols(new String[] {p.protocol()});
        return new EngineLoop(c, s);
    }

    static EngineLoop create(Pair p) {
        return create(p, Contexts.client(p), Contexts.server(p));
    }

    /** create + a successful handshake. */
    static EngineLoop connected(Pair p) throws SSLException {
        EngineLoop l = create(p);
        l.handshakeOrFail();
        return l;
    }

    void begin() throws SSLException {
        client.engine.beginHandshake();
        server.engine.beginHandshake();
    }

    /** beginHandshake on both, then steps until neither side makes progress. Failures are recorded. */
    void handshake() throws SSLException {
        begin();
        run();
    }

    /** {@link #handshake()}, then asserts both sides finished without failure. */
    void handshakeOrFail() throws SSLException {
        handshake();
        for (Side s : List.of(client, server)) {
            if (s.failure != null) {
                throw new AssertionError(s.name + " failed: " + s.failure + "; " + this, s.failure);
            }
            if (s.finished == 0 || s.engine.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING) {
                throw new AssertionError("handshake did not finish: " + this);
            }
        }
    }

    void run() {
        for (int i = 0; i < MAX_STEPS; i++) {
            boolean a = step(client, server);
            boolean b = step(server, client);
            if (!a && !b) {
                return;
            }
        }
        throw new AssertionError("no end after " + MAX_STEPS + " steps: " + this);
    }

    private boolean step(Side s, Side peer) {
        try {
            switch (s.engine.getHandshakeStatus()) {
                case NEED_TASK:
                    beforeTasks.accept(s);
                    if (runTasks(s.engine, taskRunner) > 0) {
                        return true;
                    }
                    s.violations.add("NEED_TASK but getDelegatedTask() returned null");
                    return false;
                case NEED_WRAP:
                    SSLEngineResult w = s.engine.wrap(EMPTY, peer.inbound);
                    s.record(w);
                    return w.bytesProduced() > 0 || w.getHandshakeStatus() != HandshakeStatus.NEED_WRAP;
                default:
                    return unwrap(s);
            }
        } catch (SSLException e) {
            if (s.failure == null) {
                s.failure = e;
                return true;
            }
            return false;
        }
    }

    private boolean unwrap(Side s) throws SSLException {
        s.inbound.flip();
        try {
            if (!s.inbound.hasRemaining()) {
                return false;
            }
            SSLEngineResult r = s.engine.unwrap(s.inbound, s.appIn);
            s.record(r);
            return r.bytesConsumed() > 0 || r.bytesProduced() > 0;
        } finally {
            s.inbound.compact();
        }
    }

    static int runTasks(SSLEngine e) {
        return runTasks(e, Runnable::run);
    }

    static int runTasks(SSLEngine e, java.util.function.Consumer<Runnable> runner) {
        int n = 0;
        Runnable t;
        while ((t = e.getDelegatedTask()) != null && n < 100) {
            runner.accept(t);
            n++;
        }
        return n;
    }

    /** Wraps all of {@code data} on {@code from}; the records land in {@code to.inbound}. Returns the wrap results. */
    static List<SSLEngineResult> wrapAll(Side from, Side to, byte[] data) throws SSLException {
        ByteBuffer src = ByteBuffer.wrap(data);
        List<SSLEngineResult> results = new ArrayList<>();
        for (int i = 0; i < 1000 && (src.hasRemaining() || results.isEmpty()); i++) {
            SSLEngineResult r = from.engine.wrap(src, to.inbound);
            from.record(r);
            results.add(r);
            if (r.getStatus() != SSLEngineResult.Status.OK) {
                throw new AssertionError("wrap: " + r);
            }
        }
        return results;
    }

    /** Unwraps everything in {@code to.inbound}; returns the application bytes produced. */
    static byte[] unwrapAll(Side to) throws SSLException {
        to.appIn.clear();
        to.inbound.flip();
        try {
            for (int i = 0; i < 1000 && to.inbound.hasRemaining(); i++) {
                SSLEngineResult r = to.engine.unwrap(to.inbound, to.appIn);
                to.record(r);
                if (r.getStatus() != SSLEngineResult.Status.OK) {
                    throw new AssertionError("unwrap: " + r);
                }
                if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                    runTasks(to.engine);
                }
            }
        } finally {
            to.inbound.compact();
        }
        to.appIn.flip();
        byte[] out = new byte[to.appIn.remaining()];
        to.appIn.get(out);
        to.appIn.clear();
        return out;
    }

    Side peerOf(Side s) {
        return s == client ? server : client;
    }

    @Override
    public String toString() {
        return client + " / " + server;
    }
}
