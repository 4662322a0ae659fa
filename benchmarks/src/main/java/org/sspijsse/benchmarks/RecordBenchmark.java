package org.sspijsse.benchmarks;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
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
import org.sspijsse.record.KeySchedule;
import org.sspijsse.record.OpenResult;
import org.sspijsse.record.RecordCipher;
import org.sspijsse.record.RecordException;
import org.sspijsse.record.RecordLayer;
import org.sspijsse.record.TrafficKeys;

/**
 * TLS 1.3 record wrap + unwrap of one payload, three ways in one run:
 * {@code ours} (RecordLayer.seal into a buffer, then open in place), {@code sunJsse} (an SSLEngine
 * pair after the handshake: client wrap, server unwrap) and {@code bareCipher} (encrypt then
 * decrypt in place with a bare JCA Cipher: the CPU limit through JCA). Throughput in ops/s;
 * MB/s = ops/s x size. Run with {@code -prof gc} for bytes allocated per op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RecordBenchmark {
    @Param({"1024", "16384"})
    public int size;

    @Param({"heap", "direct"})
    public String buffers;

    @Param({"AES_128_GCM", "CHACHA20_POLY1305"})
    public String cipher;

    private ByteBuffer src;
    private ByteBuffer net;
    private ByteBuffer app;

    private RecordLayer writer;
    private RecordLayer reader;
    private final OpenResult result = new OpenResult();

    private EnginePair engines;

    private Cipher bare;
    private Cipher bareDec;
    private SecretKeySpec bareKey;
    private byte[] bareIv;
    private final byte[] bareNonce = new byte[12];
    private final byte[] bareAad = new byte[5];
    private final byte[] bareType = {23};
    private long bareSeq;
    private byte[] bareSrc;
    private byte[] bareNet;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        boolean direct = "direct".equals(buffers);
        RecordCipher rc = RecordCipher.valueOf(cipher);
        src = direct ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
        net = direct ? ByteBuffer.allocateDirect(2 * 16709) : ByteBuffer.allocate(2 * 16709);
        app = direct ? ByteBuffer.allocateDirect(2 * 16709) : ByteBuffer.allocate(2 * 16709);
        byte[] payload = new byte[size];
        new SecureRandom().nextBytes(payload);
        src.put(payload).clear();

        SecureRandom r = new SecureRandom();
        byte[] key = new byte[rc.keyLength()];
        byte[] iv = new byte[12];
        r.nextBytes(key);
        r.nextBytes(iv);
        Schedule schedule = new Schedule(rc);
        writer = RecordLayer.tls13(rc, new TrafficKeys(key, iv), new TrafficKeys(key, iv), schedule);
        reader = RecordLayer.tls13(rc, new TrafficKeys(key, iv), new TrafficKeys(key, iv), schedule);

        String suite = rc == RecordCipher.AES_128_GCM ? "TLS_AES_128_GCM_SHA256" : "TLS_CHACHA20_POLY1305_SHA256";
        engines = new EnginePair("TLSv1.3", suite);

        // One Cipher per direction, as the record layer has (and JDK 17's ChaCha20-Poly1305 refuses
        // to re-initialise one Cipher with the key and nonce it just used, even to decrypt).
        bare = Cipher.getInstance(rc.jcaName());
        bareDec = Cipher.getInstance(rc.jcaName());
        bareKey = new SecretKeySpec(key, rc.keyAlgorithm());
        bareIv = iv.clone();
        bareSrc = payload.clone();
        bareNet = new byte[size + 64];
    }

    @Benchmark
    public int ours() throws RecordException {
        if (writer.isWriteKeyUpdateDue()) { // RFC 8446 §5.5: rare, as in real use
            keyUpdate();
        }
        src.clear();
        net.clear();
        int len = writer.seal((byte) 23, src, net);
        reader.open(net, 0, len, result);
        return result.plaintextLength();
    }

    private void keyUpdate() throws RecordException {
        net.clear();
        int len = writer.sealKeyUpdate(false, net);
        reader.open(net, 0, len, result);
    }

    @Benchmark
    public int sunJsse() throws Exception {
        src.clear();
        net.clear();
        SSLEngineResult w = engines.client.wrap(src, net);
        net.flip();
        app.clear();
        SSLEngineResult u = engines.server.unwrap(net, app);
        return w.bytesProduced() + u.bytesProduced();
    }

    @Benchmark
    public int bareCipher() throws Exception {
        // Same shape as a TLS 1.3 record: 5-byte AAD, payload + 1 type byte, per-record nonce.
        long s = bareSeq++;
        System.arraycopy(bareIv, 0, bareNonce, 0, 12);
        for (int i = 0; i < 8; i++) {
            bareNonce[11 - i] ^= (byte) (s >>> (8 * i));
        }
        bareAad[0] = 23;
        bareAad[1] = 3;
        bareAad[2] = 3;
        bareAad[3] = (byte) ((size + 17) >>> 8);
        bareAad[4] = (byte) (size + 17);
        if ("direct".equals(buffers)) {
            return bareDirect();
        }
        bare.init(Cipher.ENCRYPT_MODE, bareKey, spec());
        bare.updateAAD(bareAad);
        int w = bare.update(bareSrc, 0, size, bareNet, 5);
        w += bare.doFinal(bareType, 0, 1, bareNet, 5 + w);
        bareDec.init(Cipher.DECRYPT_MODE, bareKey, spec());
        bareDec.updateAAD(bareAad);
        return bareDec.doFinal(bareNet, 5, w, bareNet, 5);
    }

    /** Direct buffers through the Cipher's ByteBuffer API: encrypt src into net, decrypt net into app. */
    private int bareDirect() throws Exception {
        src.clear();
        net.clear();
        bare.init(Cipher.ENCRYPT_MODE, bareKey, spec());
        bare.updateAAD(bareAad);
        bare.doFinal(src, net);
        net.flip();
        app.clear();
        bareDec.init(Cipher.DECRYPT_MODE, bareKey, spec());
        bareDec.updateAAD(bareAad);
        return bareDec.doFinal(net, app);
    }

    private java.security.spec.AlgorithmParameterSpec spec() {
        return bare.getAlgorithm().startsWith("ChaCha") ? new IvParameterSpec(bareNonce) : new GCMParameterSpec(128, bareNonce);
    }

    /** Both layers share one schedule object; each direction advances its own generation. */
    static final class Schedule implements KeySchedule {
        private final RecordCipher cipher;
        private int readGen;
        private int writeGen;

        Schedule(RecordCipher cipher) {
            this.cipher = cipher;
        }

        private TrafficKeys keys(int gen) {
            byte[] k = new byte[cipher.keyLength()];
            byte[] iv = new byte[12];
            java.util.Arrays.fill(k, (byte) gen);
            java.util.Arrays.fill(iv, (byte) (gen * 7));
            return new TrafficKeys(k, iv);
        }

        @Override
        public synchronized TrafficKeys nextReadKeys() {
            return keys(++readGen);
        }

        @Override
        public synchronized TrafficKeys nextWriteKeys() {
            return keys(++writeGen);
        }
    }
}
