package org.sspijsse.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Seal and open for every version and cipher, every layout, heap and direct, every byte checked. */
class RoundTripTest {
    static Stream<Arguments> suites() {
        List<Arguments> out = new ArrayList<>();
        for (RecordVersion v : RecordVersion.values()) {
            for (RecordCipher c : RecordCipher.values()) {
                out.add(Arguments.of(v, c));
            }
        }
        return out.stream();
    }

    static int[] sizes(long seed) {
        Random r = new Random(seed);
        int[] s = {0, 1, 15, 16, 17, 1024, 16383, 16384, 0, 0, 0, 0};
        for (int i = 8; i < s.length; i++) {
            s[i] = r.nextInt(RecordLayer.MAX_PLAINTEXT + 1);
        }
        return s;
    }

    private static IntFunction<ByteBuffer> alloc(boolean direct) {
        return direct ? ByteBuffer::allocateDirect : ByteBuffer::allocate;
    }

    @ParameterizedTest
    @MethodSource("suites")
    void sizes_sealedSizeAndHeaderTrailer_matchTheVersion(RecordVersion v, RecordCipher c) {
        RecordLayer l = TestSupport.pair(v, c).a;
        int header = v == RecordVersion.TLS12 && c != RecordCipher.CHACHA20_POLY1305 ? 13 : 5;
        int trailer = v == RecordVersion.TLS13 ? 17 : 16;
        assertEquals(header, l.headerSize());
        assertEquals(trailer, l.trailerSize());
        assertEquals(header + 100 + trailer, l.sealedSize(100));
        assertEquals(v == RecordVersion.TLS13 ? 16645 : 18437, l.maxRecordSize());
    }

    @ParameterizedTest
    @MethodSource("suites")
    void seal_thenOpen_heapAndDirect_everyByteComesBack(RecordVersion v, RecordCipher c) throws Exception {
        for (boolean srcDirect : new boolean[] {false, true}) {
            for (boolean dstDirect : new boolean[] {false, true}) {
                TestSupport.Pair p = new TestSupport.Pair(v, c, 7);
                Random r = new Random(11);
                for (int n : sizes(3)) {
                    byte[] plain = TestSupport.bytes(r, n);
                    ByteBuffer src = alloc(srcDirect).apply(n + 3);
                    src.position(3);
                    src.put(plain).position(3);
                    ByteBuffer dst = alloc(dstDirect).apply(p.a.sealedSize(n) + 9);
                    dst.position(4);
                    int len = p.a.seal(Alerts.APPLICATION_DATA, src, dst);
                    assertEquals(p.a.sealedSize(n), len);
                    assertEquals(n + 3, src.position());
                    assertEquals(4 + len, dst.position());
                    OpenResult res = new OpenResult();
                    p.b.open(dst, 4, len + 5, res);
                    assertEquals(OpenResult.Kind.APPLICATION_DATA, res.kind());
                    assertEquals(len, res.recordLength());
                    assertEquals(4 + p.a.headerSize(), res.plaintextOffset());
                    assertEquals(n, res.plaintextLength());
                    byte[] got = new byte[n];
                    dst.get(res.plaintextOffset(), got);
                    assertArrayEquals(plain, got, "size " + n);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("suites")
    void sealInPlace_contiguousHeapAndDirect_opensToThePlaintext(RecordVersion v, RecordCipher c) throws Exception {
        for (boolean direct : new boolean[] {false, true}) {
            TestSupport.Pair p = new TestSupport.Pair(v, c, 5);
            Random r = new Random(5);
            for (int n : sizes(9)) {
                byte[] plain = TestSupport.bytes(r, n);
                int h = p.a.headerSize();
                ByteBuffer buf = alloc(direct).apply(2 + p.a.sealedSize(n));
                buf.put(2 + h, plain);
                buf.position(1).limit(buf.capacity());
                p.a.sealInPlace(Alerts.APPLICATION_DATA, buf, 2, buf, 2 + h, n, buf, 2 + h + n);
                assertEquals(1, buf.position(), "sealInPlace leaves the position alone");
                OpenResult res = new OpenResult();
                p.b.open(buf, 2, p.a.sealedSize(n), res);
                assertEquals(OpenResult.Kind.APPLICATION_DATA, res.kind());
                byte[] got = new byte[res.plaintextLength()];
                buf.get(res.plaintextOffset(), got);
                assertArrayEquals(plain, got);
                assertEquals(1, buf.position(), "open leaves the position alone");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("suites")
    void sealInPlace_separateHeaderDataTrailerBuffers_giveTheSameRecordAsContiguous(RecordVersion v, RecordCipher c)
            throws Exception {
        for (boolean direct : new boolean[] {false, true}) {
            TestSupport.Pair contiguous = new TestSupport.Pair(v, c, 99);
            TestSupport.Pair split = new TestSupport.Pair(v, c, 99);
            Random r = new Random(1);
            for (int n : sizes(17)) {
                byte[] plain = TestSupport.bytes(r, n);
                byte[] expected = TestSupport.seal(contiguous.a, Alerts.APPLICATION_DATA, plain);
                int h = split.a.headerSize();
                int t = split.a.trailerSize();
                ByteBuffer header = alloc(direct).apply(h + 3);
                ByteBuffer data = alloc(!direct).apply(n + 1);
                data.put(1, plain);
                ByteBuffer trailer = alloc(direct).apply(t);
                split.a.sealInPlace(Alerts.APPLICATION_DATA, header, 3, data, 1, n, trailer, 0);
                byte[] got = new byte[h + n + t];
                header.get(3, got, 0, h);
                data.get(1, got, h, n);
                trailer.get(0, got, h + n, t);
                assertArrayEquals(expected, got, "size " + n);
                assertArrayEquals(plain, TestSupport.openData(split.b, got));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("suites")
    void sealInPlace_sameArrayWithGapBeforeTrailer_stillSealsCorrectly(RecordVersion v, RecordCipher c) throws Exception {
        TestSupport.Pair p = TestSupport.pair(v, c);
        byte[] plain = TestSupport.bytes(new Random(2), 300);
        ByteBuffer buf = ByteBuffer.allocate(1000);
        int h = p.a.headerSize();
        buf.put(h, plain);
        int tOff = h + 300 + 50;
        p.a.sealInPlace(Alerts.APPLICATION_DATA, buf, 0, buf, h, 300, buf, tOff);
        byte[] record = new byte[p.a.sealedSize(300)];
        buf.get(0, record, 0, h + 300);
        buf.get(tOff, record, h + 300, p.a.trailerSize());
        assertArrayEquals(plain, TestSupport.openData(p.b, record));
    }

    @ParameterizedTest
    @MethodSource("suites")
    void seal_sourceAndDestinationInOneArray_opensToThePlaintext(RecordVersion v, RecordCipher c) throws Exception {
        TestSupport.Pair p = TestSupport.pair(v, c);
        byte[] plain = TestSupport.bytes(new Random(8), 2000);
        byte[] backing = new byte[6000];
        System.arraycopy(plain, 0, backing, 0, plain.length);
        ByteBuffer src = ByteBuffer.wrap(backing, 0, plain.length);
        ByteBuffer dst = ByteBuffer.wrap(backing, 10, 5990).slice(); // overlaps the source
        int len = p.a.seal(Alerts.APPLICATION_DATA, src, dst);
        byte[] record = Arrays.copyOfRange(backing, 10, 10 + len);
        assertArrayEquals(plain, TestSupport.openData(p.b, record));
    }

    @ParameterizedTest
    @MethodSource("suites")
    void seal_readOnlySourceAndSlicedBuffers_opensToThePlaintext(RecordVersion v, RecordCipher c) throws Exception {
        TestSupport.Pair p = TestSupport.pair(v, c);
        byte[] plain = TestSupport.bytes(new Random(4), 777);
        ByteBuffer src = ByteBuffer.wrap(plain).asReadOnlyBuffer();
        ByteBuffer dst = ByteBuffer.allocate(2000).position(100).slice(); // arrayOffset 100
        int len = p.a.seal(Alerts.APPLICATION_DATA, src, dst);
        ByteBuffer in = ByteBuffer.allocate(3000).position(50).slice();
        in.put(7, dst.array(), 100, len);
        OpenResult res = new OpenResult();
        p.b.open(in, 7, len, res);
        byte[] got = new byte[res.plaintextLength()];
        in.get(res.plaintextOffset(), got);
        assertArrayEquals(plain, got);
    }

    @ParameterizedTest
    @MethodSource("suites")
    void manyRecordsBothWays_sequenceNumbersAdvanceInStep(RecordVersion v, RecordCipher c) throws Exception {
        TestSupport.Pair p = TestSupport.pair(v, c);
        Random r = new Random(21);
        long start = v == RecordVersion.TLS13 ? 0 : 1;
        for (int i = 0; i < 200; i++) {
            byte[] m = TestSupport.bytes(r, r.nextInt(200));
            assertArrayEquals(m, TestSupport.openData(p.b, TestSupport.seal(p.a, Alerts.APPLICATION_DATA, m)));
            assertArrayEquals(m, TestSupport.openData(p.a, TestSupport.seal(p.b, Alerts.APPLICATION_DATA, m)));
        }
        assertEquals(start + 200, p.a.writeSequence());
        assertEquals(start + 200, p.a.readSequence());
        assertEquals(start + 200, p.b.writeSequence());
    }
}
