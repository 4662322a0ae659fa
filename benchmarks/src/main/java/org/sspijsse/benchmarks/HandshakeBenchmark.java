package org.sspijsse.benchmarks;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.sspijsse.sspi.CredHandle;
import org.sspijsse.sspi.CtxtHandle;
import org.sspijsse.sspi.IntHolder;
import org.sspijsse.sspi.IscReq;
import org.sspijsse.sspi.PkixCertificateValidator;
import org.sspijsse.sspi.SchannelConstants;
import org.sspijsse.sspi.SchannelCredentials;
import org.sspijsse.sspi.SecBuffer;
import org.sspijsse.sspi.SecBufferDesc;
import org.sspijsse.sspi.SecBufferType;
import org.sspijsse.sspi.SecPkgAttr;
import org.sspijsse.sspi.SecPkgContext;
import org.sspijsse.sspi.SecStatus;
import org.sspijsse.sspi.Sspi;

/**
 * The client's side of a TLS 1.3 handshake (ECDSA P-256, X25519, AES-128-GCM) against one SunJSSE
 * server engine context, in memory: our InitializeSecurityContext against SunJSSE's client
 * engine, full and resumed (a ticket from the previous connection), in one run. The server is the
 * same SunJSSE server in every variant, so differences between variants are the client's. Each
 * operation is one whole connection: handshake, then the server's NewSessionTicket processed.
 * The primary score counts whole connections (both sides); the {@code clientMicros} counter adds
 * up the time outside the server engine, so client microseconds per connection =
 * clientMicros rate / connection rate (both per second, from the same run).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HandshakeBenchmark {
    private static final int REQ = IscReq.ISC_REQ_SEQUENCE_DETECT | IscReq.ISC_REQ_REPLAY_DETECT
            | IscReq.ISC_REQ_CONFIDENTIALITY | IscReq.ISC_REQ_STREAM | IscReq.ISC_REQ_ALLOCATE_MEMORY;

    private SSLContext server;
    private SSLContext sunClient;
    private CredHandle ourFull;
    private CredHandle ourResuming;
    private int fresh;

    @Setup
    public void setup() throws Exception {
        SelfSignedCert.Material m = SelfSignedCert.create();
        server = SelfSignedCert.sunJsseContext("TLSv1.3", m);
        sunClient = SelfSignedCert.sunJsseContext("TLSv1.3", m);
        ourFull = credential(m, -1);
        ourResuming = credential(m, 0);
        if (!ours(ourResuming)) {
            // The first connection has no ticket yet: the second must resume.
            if (!ours(ourResuming)) {
                throw new IllegalStateException("our client does not resume against SunJSSE");
            }
        }
        sunJsse("resume");
        if (!sunJsse("resume")) {
            throw new IllegalStateException("SunJSSE's client does not resume");
        }
    }

    private static CredHandle credential(SelfSignedCert.Material m, long lifespan) {
        CredHandle cred = new CredHandle();
        int st = Sspi.acquireCredentialsHandle(null, "Schannel", SchannelConstants.SECPKG_CRED_OUTBOUND,
                new SchannelCredentials().setDisabledProtocols(SchannelConstants.SP_PROT_TLS1_2)
                        .setCipherSuites(java.util.List.of("TLS_AES_128_GCM_SHA256")).setSessionLifespan(lifespan)
                        .setValidator(PkixCertificateValidator.trusting(m.certificate())), cred, null);
        if (st != SecStatus.SEC_E_OK) {
            throw new IllegalStateException(SecStatus.describe(st));
        }
        return cred;
    }

    /** Microseconds the client side took, as a JMH counter (a rate per second). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class ClientTime {
        public double clientMicros;
    }

    @Benchmark
    public boolean oursFull(ClientTime t) throws Exception {
        return timed(t, () -> ours(ourFull));
    }

    @Benchmark
    public boolean oursResumed(ClientTime t) throws Exception {
        return timed(t, () -> ours(ourResuming));
    }

    @Benchmark
    public boolean sunJsseFull(ClientTime t) throws Exception {
        return timed(t, () -> sunJsse("full-" + fresh++));
    }

    @Benchmark
    public boolean sunJsseResumed(ClientTime t) throws Exception {
        return timed(t, () -> sunJsse("resume"));
    }

    @FunctionalInterface
    private interface Connection {
        boolean run() throws Exception;
    }

    private EngineDriver lastServer;

    private boolean timed(ClientTime t, Connection c) throws Exception {
        long t0 = System.nanoTime();
        boolean resumed = c.run();
        t.clientMicros += (System.nanoTime() - t0 - lastServer.nanos) / 1000.0;
        return resumed;
    }

    /** One connection of our client; true when it resumed. */
    private boolean ours(CredHandle cred) throws Exception {
        SSLEngine se = server.createSSLEngine();
        se.setUseClientMode(false);
        EngineDriver peer = new EngineDriver(se);
        lastServer = peer;
        CtxtHandle ctx = new CtxtHandle();
        IntHolder attr = new IntHolder();
        SecBuffer out = new SecBuffer(SecBufferType.SECBUFFER_TOKEN);
        int st = Sspi.initializeSecurityContext(cred, null, "localhost", REQ, null, ctx, new SecBufferDesc(out), attr, null);
        byte[] toServer = out.toByteArray();
        Sspi.freeContextBuffer(out);
        byte[] pending = new byte[0];
        for (int i = 0; i < 10 && st == SecStatus.SEC_I_CONTINUE_NEEDED; i++) {
            byte[] in = concat(pending, peer.feed(toServer));
            SecBuffer extra = SecBuffer.empty();
            out = new SecBuffer(SecBufferType.SECBUFFER_TOKEN);
            st = Sspi.initializeSecurityContext(cred, ctx, "localhost", REQ,
                    new SecBufferDesc(new SecBuffer(SecBufferType.SECBUFFER_TOKEN, in), extra), ctx,
                    new SecBufferDesc(out), attr, null);
            toServer = out.getBuffer() == null ? new byte[0] : out.toByteArray();
            Sspi.freeContextBuffer(out);
            pending = extra.getBaseType() == SecBufferType.SECBUFFER_EXTRA
                    ? Arrays.copyOfRange(in, in.length - extra.getCbBuffer(), in.length) : new byte[0];
        }
        if (st != SecStatus.SEC_E_OK) {
            throw new IllegalStateException(SecStatus.describe(st));
        }
        // The client Finished; SunJSSE answers with its NewSessionTicket, which ISC files away.
        byte[] ticket = concat(pending, peer.feed(toServer));
        while (ticket.length > 0) {
            SecBuffer[] b = {new SecBuffer(SecBufferType.SECBUFFER_DATA, ticket), SecBuffer.empty(), SecBuffer.empty(),
                SecBuffer.empty()};
            st = Sspi.decryptMessage(ctx, new SecBufferDesc(b), 0, null);
            if (st != SecStatus.SEC_I_RENEGOTIATE) {
                break;
            }
            byte[] message = b[3].toByteArray();
            SecBuffer rest = SecBuffer.empty();
            out = new SecBuffer(SecBufferType.SECBUFFER_TOKEN);
            Sspi.initializeSecurityContext(cred, ctx, "localhost", REQ,
                    new SecBufferDesc(new SecBuffer(SecBufferType.SECBUFFER_TOKEN, message), rest), ctx,
                    new SecBufferDesc(out), attr, null);
            Sspi.freeContextBuffer(out);
            ticket = rest.getBaseType() == SecBufferType.SECBUFFER_EXTRA
                    ? Arrays.copyOfRange(message, message.length - rest.getCbBuffer(), message.length) : new byte[0];
        }
        org.sspijsse.sspi.Holder<Object> h = new org.sspijsse.sspi.Holder<>();
        Sspi.queryContextAttributes(ctx, SecPkgAttr.SECPKG_ATTR_SESSION_INFO, h);
        Sspi.deleteSecurityContext(ctx);
        return ((SecPkgContext.SessionInfo) h.value).isReconnect();
    }

    /**
     * One connection of SunJSSE's client to {@code host}; true when it resumed. SunJSSE has no API
     * for that: a resumed TLS 1.3 server flight has no Certificate and CertificateVerify, so it is
     * a few hundred bytes instead of about a thousand.
     */
    private boolean sunJsse(String host) throws Exception {
        SSLEngine se = server.createSSLEngine();
        se.setUseClientMode(false);
        EngineDriver srv = new EngineDriver(se);
        lastServer = srv;
        SSLEngine ce = sunClient.createSSLEngine(host, 443);
        ce.setUseClientMode(true);
        EngineDriver cli = new EngineDriver(ce);
        byte[] toServer = cli.start();
        int serverFlight = -1;
        for (int i = 0; i < 10 && toServer.length > 0; i++) {
            byte[] toClient = srv.feed(toServer);
            if (serverFlight < 0) {
                serverFlight = toClient.length;
            }
            toServer = cli.feed(toClient);
        }
        return serverFlight > 0 && serverFlight < 500;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        if (a.length == 0) {
            return b;
        }
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
