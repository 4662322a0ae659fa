package org.sspijsse.benchmarks;

import java.nio.ByteBuffer;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngineResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.sspijsse.jsse.SspiJsseProvider;

/**
 * The SSLEngine record path through the JSSE face: client wrap + server unwrap of one payload
 * after an in-memory handshake, for each provider in one run (SunJSSE, SspiJsse). TLS 1.3
 * AES-128-GCM. BCJSSE 1.84 is wired in {@link #provider} but left out of the default run: with the
 * JDK's SunX509 key manager its server finds no selectable TLS 1.3 suite for this EC certificate. Throughput in
 * ops/s; MB/s = ops/s x size; {@code -prof gc} gives bytes allocated per op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EngineRecordBenchmark {
    @Param({"1024", "16384"})
    public int size;

    @Param({"heap", "direct"})
    public String buffers;

    @Param({"SunJSSE", "SspiJsse"})
    public String provider;

    private ByteBuffer src;
    private ByteBuffer net;
    private ByteBuffer app;
    private EnginePair engines;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        boolean direct = "direct".equals(buffers);
        src = direct ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
        net = direct ? ByteBuffer.allocateDirect(2 * 16709) : ByteBuffer.allocate(2 * 16709);
        app = direct ? ByteBuffer.allocateDirect(2 * 16709) : ByteBuffer.allocate(2 * 16709);
        byte[] payload = new byte[size];
        new SecureRandom().nextBytes(payload);
        src.put(payload).clear();
        engines = new EnginePair(SelfSignedCert.context("TLS", SelfSignedCert.create(), provider(provider)),
                "TLSv1.3", "TLS_AES_128_GCM_SHA256");
    }

    static Provider provider(String name) {
        switch (name) {
            case "SunJSSE":
                return java.security.Security.getProvider("SunJSSE");
            case "SspiJsse":
                return new SspiJsseProvider();
            case "BCJSSE":
                return new org.bouncycastle.jsse.provider.BouncyCastleJsseProvider();
            default:
                throw new IllegalArgumentException(name);
        }
    }

    @Benchmark
    public int wrapUnwrap() throws Exception {
        src.clear();
        net.clear();
        SSLEngineResult w = engines.client.wrap(src, net);
        net.flip();
        app.clear();
        SSLEngineResult u = engines.server.unwrap(net, app);
        return w.bytesProduced() + u.bytesProduced();
    }
}
