package org.sspijsse.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Read and write of one layer on two threads; two writers on one layer. Bounded in time and count. */
class ConcurrencyTest {
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final int MAX_RECORDS = 20_000;
    private static final byte[] END = new byte[0];

    /** Payload i is derived from i, so the receiver checks every byte without shared state. */
    private static byte[] payload(int i) {
        Random r = new Random(i);
        byte[] m = new byte[r.nextInt(4) == 0 ? r.nextInt(RecordLayer.MAX_PLAINTEXT + 1) : r.nextInt(300)];
        r.nextBytes(m);
        return m;
    }

    private static Thread start(String name, AtomicReference<Throwable> error, ThrowingRunnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                error.compareAndSet(null, e);
            }
        }, name);
        t.start();
        return t;
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static int writer(RecordLayer from, BlockingQueue<byte[]> wire, long deadline) throws Exception {
        int n = 0;
        ByteBuffer dst = ByteBuffer.allocate(from.maxRecordSize());
        while (n < MAX_RECORDS && System.nanoTime() < deadline) {
            byte[] m = payload(n);
            dst.clear();
            from.seal(Alerts.APPLICATION_DATA, ByteBuffer.wrap(m), dst);
            byte[] rec = new byte[dst.position()];
            dst.flip().get(rec);
            wire.put(rec);
            n++;
        }
        wire.put(END);
        return n;
    }

    private static int reader(RecordLayer to, BlockingQueue<byte[]> wire) throws Exception {
        OpenResult r = new OpenResult();
        int n = 0;
        for (byte[] rec = wire.take(); rec != END; rec = wire.take()) {
            to.open(ByteBuffer.wrap(rec), 0, rec.length, r);
            assertEquals(OpenResult.Kind.APPLICATION_DATA, r.kind());
            byte[] got = new byte[r.plaintextLength()];
            System.arraycopy(rec, r.plaintextOffset(), got, 0, got.length);
            assertArrayEquals(payload(n), got, "record " + n);
            n++;
        }
        return n;
    }

    @ParameterizedTest
    @EnumSource(RecordVersion.class)
    void bothDirectionsOnFourThreads_everyRecordArrivesIntact(RecordVersion v) throws Exception {
        TestSupport.Pair p = TestSupport.pair(v, RecordCipher.AES_128_GCM);
        BlockingQueue<byte[]> aToB = new ArrayBlockingQueue<>(64);
        BlockingQueue<byte[]> bToA = new ArrayBlockingQueue<>(64);
        AtomicReference<Throwable> error = new AtomicReference<>();
        int[] counts = new int[4];
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        List<Thread> threads = List.of(
                start("a-write", error, () -> counts[0] = writer(p.a, aToB, deadline)),
                start("b-read", error, () -> counts[1] = reader(p.b, aToB)),
                start("b-write", error, () -> counts[2] = writer(p.b, bToA, deadline)),
                start("a-read", error, () -> counts[3] = reader(p.a, bToA)));
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        if (error.get() != null) {
            throw new AssertionError(error.get());
        }
        assertTrue(counts[0] > 0 && counts[2] > 0);
        assertEquals(counts[0], counts[1]);
        assertEquals(counts[2], counts[3]);
    }

    @Test
    void keyUpdatesWhileTheOtherDirectionStreams_bothDirectionsStayIntact() throws Exception {
        TestSupport.Pair p = TestSupport.pair(RecordVersion.TLS13, RecordCipher.CHACHA20_POLY1305);
        BlockingQueue<byte[]> aToB = new ArrayBlockingQueue<>(64);
        BlockingQueue<byte[]> bToA = new ArrayBlockingQueue<>(64);
        AtomicReference<Throwable> error = new AtomicReference<>();
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        int[] counts = new int[2];
        // a writes data and a KeyUpdate every 50 records; b's reader applies them while b writes.
        Thread aw = start("a-write", error, () -> {
            ByteBuffer dst = ByteBuffer.allocate(p.a.maxRecordSize());
            int n = 0;
            while (n < 2000 && System.nanoTime() < deadline) {
                dst.clear();
                if (n % 50 == 49) {
                    p.a.sealKeyUpdate(true, dst);
                } else {
                    p.a.seal(Alerts.APPLICATION_DATA, ByteBuffer.wrap(payload(n)), dst);
                }
                byte[] rec = new byte[dst.position()];
                dst.flip().get(rec);
                aToB.put(rec);
                n++;
            }
            aToB.put(END);
            counts[0] = n;
        });
        Thread br = start("b-read", error, () -> {
            OpenResult r = new OpenResult();
            int n = 0;
            for (byte[] rec = aToB.take(); rec != END; rec = aToB.take()) {
                p.b.open(ByteBuffer.wrap(rec), 0, rec.length, r);
                if (n % 50 == 49) {
                    assertTrue(r.keyUpdated());
                } else {
                    byte[] got = new byte[r.plaintextLength()];
                    System.arraycopy(rec, r.plaintextOffset(), got, 0, got.length);
                    assertArrayEquals(payload(n), got);
                }
                n++;
            }
            counts[1] = n;
        });
        Thread bw = start("b-write", error, () -> writer(p.b, bToA, deadline));
        Thread ar = start("a-read", error, () -> reader(p.a, bToA));
        for (Thread t : List.of(aw, br, bw, ar)) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        if (error.get() != null) {
            throw new AssertionError(error.get());
        }
        assertEquals(counts[0], counts[1]);
    }

    @Test
    void twoThreadsSealingOnOneLayer_recordsOpenInSequenceOrder() throws Exception {
        TestSupport.Pair p = TestSupport.pair(RecordVersion.TLS13, RecordCipher.AES_256_GCM);
        // The wire is one list appended under the same lock order as sealing: seal + append atomically
        // per thread would hide a race, so each thread records (seq, record) and we sort by seq.
        List<byte[]> wire = new ArrayList<>();
        Object wireLock = new Object();
        AtomicReference<Throwable> error = new AtomicReference<>();
        CountDownLatch go = new CountDownLatch(1);
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        ThrowingRunnable sealer = () -> {
            go.await();
            ByteBuffer dst = ByteBuffer.allocate(2000);
            for (int i = 0; i < 3000 && System.nanoTime() < deadline; i++) {
                dst.clear();
                synchronized (wireLock) { // the transport's own ordering, as in an SSLEngine wrap + write
                    p.a.seal(Alerts.APPLICATION_DATA, ByteBuffer.wrap(new byte[] {(byte) i, (byte) (i >> 8)}), dst);
                    byte[] rec = new byte[dst.position()];
                    dst.flip().get(rec);
                    wire.add(rec);
                }
            }
        };
        Thread t1 = start("s1", error, sealer);
        Thread t2 = start("s2", error, sealer);
        go.countDown();
        t1.join(30_000);
        t2.join(30_000);
        if (error.get() != null) {
            throw new AssertionError(error.get());
        }
        for (byte[] rec : wire) {
            assertEquals(2, TestSupport.openData(p.b, rec).length);
        }
        assertEquals(wire.size(), p.a.writeSequence());
    }

    @Test
    void twoThreadsSealingWithoutExternalOrdering_eachRecordUsesADistinctSequenceNumber() throws Exception {
        TestSupport.Pair p = TestSupport.pair(RecordVersion.TLS13, RecordCipher.AES_128_GCM);
        int perThread = 2000;
        List<List<byte[]>> out = List.of(new ArrayList<>(), new ArrayList<>());
        AtomicReference<Throwable> error = new AtomicReference<>();
        CountDownLatch go = new CountDownLatch(1);
        Thread[] ts = new Thread[2];
        for (int k = 0; k < 2; k++) {
            List<byte[]> mine = out.get(k);
            ts[k] = start("s" + k, error, () -> {
                go.await();
                ByteBuffer dst = ByteBuffer.allocate(200);
                for (int i = 0; i < perThread; i++) {
                    dst.clear();
                    p.a.seal(Alerts.APPLICATION_DATA, ByteBuffer.wrap(new byte[] {7}), dst);
                    byte[] rec = new byte[dst.position()];
                    dst.flip().get(rec);
                    mine.add(rec);
                }
            });
        }
        go.countDown();
        for (Thread t : ts) {
            t.join(30_000);
        }
        if (error.get() != null) {
            throw new AssertionError(error.get());
        }
        // Every record must equal the record for exactly one sequence number in 0..2*perThread-1, each used once.
        java.util.Map<ByteBuffer, Integer> bySeq = new java.util.HashMap<>();
        for (int seq = 0; seq < 2 * perThread; seq++) {
            bySeq.put(ByteBuffer.wrap(TestSupport.raw13(p.cipher, p.aWrite, seq, 23, 0x0303,
                    TestSupport.inner(new byte[] {7}, 23, 0))), seq);
        }
        boolean[] used = new boolean[2 * perThread];
        for (List<byte[]> recs : out) {
            for (byte[] rec : recs) {
                Integer seq = bySeq.get(ByteBuffer.wrap(rec));
                assertTrue(seq != null, "record matches no sequence number");
                assertTrue(!used[seq], "sequence number " + seq + " used twice");
                used[seq] = true;
            }
        }
    }
}
