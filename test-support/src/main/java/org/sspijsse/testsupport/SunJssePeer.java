package org.sspijsse.testsupport;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * An in-memory SunJSSE {@link SSLEngine} as a byte-in, byte-out peer: {@link #receive} takes what
 * our side sent (any chunking: a partial record is kept until the rest arrives), unwraps all it
 * can, runs delegated tasks, and returns everything the engine now wants to send (handshake
 * flights, TLS 1.3 NewSessionTickets, alerts, close_notify). Use it as
 * {@code Function<byte[], byte[]> peer = sunPeer::receive}.
 *
 * <p>A failure inside SunJSSE ({@link SSLException}) does not escape {@code receive}: it is kept
 * ({@link #failure()}) and the alert the engine then wraps is returned, as a real peer would send
 * it. Not thread-safe beyond its own synchronized methods.
 */
public final class SunJssePeer {
    private static final int MAX_STEPS = 10_000;

    private final SSLEngine engine;
    private final SSLContext context;
    private ByteBuffer inNet = ByteBuffer.allocate(32 * 1024);
    private ByteBuffer appIn;
    private ByteBuffer netOut;
    private boolean begun;
    private boolean handshakeDone;
    private SSLException failure;

    private SunJssePeer(SSLEngine engine, SSLContext context) {
        this.engine = engine;
        this.context = context;
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        this.netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
    }

    /** A server presenting {@code credentials}. */
    public static Builder server(Issued credentials) {
        return new Builder(false).keyMaterial(credentials);
    }

    /** A client trusting {@code roots} (a client certificate can be added with {@link Builder#keyMaterial}). */
    public static Builder client(X509Certificate... roots) {
        return new Builder(true).trust(roots);
    }

    public SSLEngine engine() {
        return engine;
    }

    /** The SSLContext the engine came from: pass it to {@link Builder#sslContext} to share its session cache. */
    public SSLContext sslContext() {
        return context;
    }

    /** True once SunJSSE has reported the handshake FINISHED. */
    public synchronized boolean isHandshakeDone() {
        return handshakeDone;
    }

    /** The SSLException SunJSSE raised, or null. */
    public synchronized SSLException failure() {
        return failure;
    }

    /** For a client: starts the handshake and returns the ClientHello ({@code receive(new byte[0])}). */
    public byte[] start() {
        return receive(new byte[0]);
    }

    /**
     * Feeds {@code fromOurSide} to the engine (unwrap all whole records, run tasks) and returns
     * everything it wants to send now (wrap until it has nothing more).
     */
    public synchronized byte[] receive(byte[] fromOurSide) {
        ensureInCapacity(fromOurSide.length);
        inNet.put(fromOurSide);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!begun) {
            begun = true;
            try {
                engine.beginHandshake();
            } catch (SSLException e) {
                failure = e;
            }
        }
        pump(out, null);
        return out.toByteArray();
    }

    /** Wraps {@code plaintext} (all of it, in as many records as needed) and returns the records. */
    public synchronized byte[] sendApplicationData(byte[] plaintext) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        pump(out, ByteBuffer.wrap(plaintext));
        return out.toByteArray();
    }

    /** The plaintext received since the last call (and clears it). */
    public synchronized byte[] readApplicationData() {
        appIn.flip();
        byte[] data = new byte[appIn.remaining()];
        appIn.get(data);
        appIn.clear();
        return data;
    }

    /** {@code closeOutbound()} and the close_notify record(s) it produces. */
    public synchronized byte[] closeOutbound() {
        engine.closeOutbound();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        pump(out, null);
        return out.toByteArray();
    }

    /** True once the peer's close_notify was received. */
    public boolean isInboundDone() {
        return engine.isInboundDone();
    }

    /** The protocol SunJSSE negotiated (e.g. {@code TLSv1.3}). */
    public String protocol() {
        return engine.getSession().getProtocol();
    }

    /** The ALPN protocol SunJSSE chose or saw ("" for none, null before it is known). */
    public String applicationProtocol() {
        return engine.getApplicationProtocol();
    }

    // Wraps whenever the engine wants to (and app data is pending), unwraps whole records while
    // there are any; stops when a round makes no progress. Bounded by MAX_STEPS.
    private void pump(ByteArrayOutputStream out, ByteBuffer app) {
        ByteBuffer empty = ByteBuffer.allocate(0);
        for (int step = 0; step < MAX_STEPS; step++) {
            HandshakeStatus hs = engine.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                runTasks();
                continue;
            }
            boolean progress = false;
            if (hs == HandshakeStatus.NEED_WRAP) {
                progress |= wrap(app != null ? app : empty, out);
            } else if (app != null && app.hasRemaining() && hs == HandshakeStatus.NOT_HANDSHAKING
                    && !engine.isOutboundDone()) {
                progress |= wrap(app, out);
            }
            if (inNet.position() > 0 && !engine.isInboundDone()) {
                progress |= unwrap();
            }
            if (!progress) {
                if (app != null && app.hasRemaining()) {
                    throw new IllegalStateException("SunJssePeer could not wrap " + app.remaining()
                            + " bytes of application data (handshake status " + hs + ", outbound done "
                            + engine.isOutboundDone() + ", failure " + failure + ")");
                }
                return;
            }
        }
        throw new IllegalStateException("SunJssePeer: no end to wrap/unwrap after " + MAX_STEPS + " steps");
    }

    private boolean wrap(ByteBuffer src, ByteArrayOutputStream out) {
        while (true) {
            SSLEngineResult r;
            try {
                netOut.clear();
                r = engine.wrap(src, netOut);
            } catch (SSLException e) {
                // A failure (often one a delegated task found) surfaces here; the alert comes from
                // the next wrap, so the first failure counts as progress.
                boolean first = failure == null;
                if (first) {
                    failure = e;
                }
                return first;
            }
            if (r.getStatus() == Status.BUFFER_OVERFLOW) {
                netOut = ByteBuffer.allocate(Math.max(netOut.capacity() * 2, engine.getSession().getPacketBufferSize()));
                continue;
            }
            noteFinished(r);
            out.write(netOut.array(), 0, netOut.position());
            return r.bytesProduced() > 0 || r.bytesConsumed() > 0;
        }
    }

    private boolean unwrap() {
        inNet.flip();
        try {
            while (true) {
                SSLEngineResult r;
                try {
                    r = engine.unwrap(inNet, appIn);
                } catch (SSLException e) {
                    if (failure == null) {
                        failure = e;
                    }
                    inNet.position(inNet.limit()); // what follows a fatal error is never read
                    return true;
                }
                if (r.getStatus() == Status.BUFFER_OVERFLOW) {
                    ByteBuffer bigger = ByteBuffer.allocate(appIn.capacity() * 2
                            + engine.getSession().getApplicationBufferSize());
                    appIn.flip();
                    bigger.put(appIn);
                    appIn = bigger;
                    continue;
                }
                noteFinished(r);
                return r.bytesConsumed() > 0 || r.bytesProduced() > 0;
            }
        } finally {
            inNet.compact();
        }
    }

    private void noteFinished(SSLEngineResult r) {
        if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
            handshakeDone = true;
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private void ensureInCapacity(int more) {
        if (inNet.remaining() < more) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(inNet.capacity() * 2, inNet.position() + more));
            inNet.flip();
            bigger.put(inNet);
            inNet = bigger;
        }
    }

    /** Options of the SunJSSE engine. */
    public static final class Builder {
        private final boolean client;
        private Issued keyMaterial;
        private X509Certificate[] roots;
        private String[] protocols;
        private String[] cipherSuites;
        private String[] alpn;
        private BiFunction<SSLEngine, List<String>, String> alpnSelector;
        private boolean needClientAuth;
        private boolean wantClientAuth;
        private SNIMatcher sniMatcher;
        private String serverName = "localhost";
        private String peerHost = "localhost";
        private int peerPort = 443;
        private String endpointIdentification;
        private SSLContext sharedContext;

        private Builder(boolean client) {
            this.client = client;
        }

        /** The certificate and key this side presents. */
        public Builder keyMaterial(Issued issued) {
            this.keyMaterial = issued;
            return this;
        }

        /** The trust anchors for the peer's certificate (default: the JDK's cacerts). */
        public Builder trust(X509Certificate... roots) {
            this.roots = roots == null || roots.length == 0 ? null : roots.clone();
            return this;
        }

        /** {@code setEnabledProtocols}, e.g. {@code "TLSv1.3"}. */
        public Builder protocols(String... protocols) {
            this.protocols = protocols;
            return this;
        }

        /** {@code setEnabledCipherSuites}. */
        public Builder cipherSuites(String... suites) {
            this.cipherSuites = suites;
            return this;
        }

        /** {@code SSLParameters.setApplicationProtocols}: the client's offer or the server's preference. */
        public Builder alpn(String... protocols) {
            this.alpn = protocols;
            return this;
        }

        /** A server's {@code setHandshakeApplicationProtocolSelector}. */
        public Builder alpnSelector(BiFunction<SSLEngine, List<String>, String> selector) {
            this.alpnSelector = selector;
            return this;
        }

        public Builder needClientAuth() {
            this.needClientAuth = true;
            return this;
        }

        public Builder wantClientAuth() {
            this.wantClientAuth = true;
            return this;
        }

        /** A server's SNI matcher. */
        public Builder sniMatcher(SNIMatcher matcher) {
            this.sniMatcher = matcher;
            return this;
        }

        /** A client's SNI host name (default {@code localhost}); null sends none. */
        public Builder serverName(String name) {
            this.serverName = name;
            return this;
        }

        /** The host and port given to {@code createSSLEngine} (session cache key). */
        public Builder peer(String host, int port) {
            this.peerHost = host;
            this.peerPort = port;
            return this;
        }

        /** A client's endpoint identification algorithm, e.g. {@code "HTTPS"}. */
        public Builder endpointIdentification(String algorithm) {
            this.endpointIdentification = algorithm;
            return this;
        }

        /**
         * Makes the engine from this existing context (key material and trust of this builder are
         * then ignored): engines of one context share its session cache, so a server resumes.
         */
        public Builder sslContext(SSLContext context) {
            this.sharedContext = context;
            return this;
        }

        public SunJssePeer build() {
            try {
                SSLContext ctx = sharedContext != null ? sharedContext : newContext();
                SSLEngine engine = ctx.createSSLEngine(peerHost, peerPort);
                return configure(engine, ctx);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot build the SunJSSE peer", e);
            }
        }

        private SSLContext newContext() throws GeneralSecurityException {
            SSLContext ctx = SSLContext.getInstance("TLS", "SunJSSE");
            KeyManager[] kms = null;
            if (keyMaterial != null) {
                KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509", "SunJSSE");
                kmf.init(keyMaterial.keyStore(), Issued.PASSWORD);
                kms = kmf.getKeyManagers();
            }
            TrustManager[] tms = null;
            if (roots != null) {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX", "SunJSSE");
                tmf.init(TestPki.trustStore(roots));
                tms = tmf.getTrustManagers();
            }
            ctx.init(kms, tms, null);
            return ctx;
        }

        private SunJssePeer configure(SSLEngine engine, SSLContext ctx) {
            engine.setUseClientMode(client);
            if (protocols != null) {
                engine.setEnabledProtocols(protocols);
            }
            if (cipherSuites != null) {
                engine.setEnabledCipherSuites(cipherSuites);
            }
            SSLParameters params = engine.getSSLParameters();
            if (alpn != null) {
                params.setApplicationProtocols(alpn);
            }
            if (client) {
                List<SNIServerName> names = new ArrayList<>();
                if (serverName != null) {
                    names.add(new SNIHostName(serverName));
                }
                params.setServerNames(names);
                params.setEndpointIdentificationAlgorithm(endpointIdentification);
            } else {
                if (needClientAuth) {
                    params.setNeedClientAuth(true);
                } else if (wantClientAuth) {
                    params.setWantClientAuth(true);
                }
                if (sniMatcher != null) {
                    params.setSNIMatchers(List.of(sniMatcher));
                }
            }
            engine.setSSLParameters(params);
            if (alpnSelector != null) {
                engine.setHandshakeApplicationProtocolSelector(alpnSelector);
            }
            return new SunJssePeer(engine, ctx);
        }
    }
}
