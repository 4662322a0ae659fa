package org.sspijsse.jsse;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.Status;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Application data after the handshake: byte for byte both ways, and the buffer statuses of wrap/unwrap. */
class DataContractTest {
    private static final String EC = "org.sspijsse.jsse.Pair#ec";

    static Stream<Arguments> sizes() {
        return Pair.all().flatMap(p -> Stream.of(1, 1024, 16384, 102400).map(n -> Arguments.of(p, n)));
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @ParameterizedTest(name = "{0}, {1} bytes")
    @MethodSource("sizes")
    void applicationData_bothWays_arrivesByteForByte(Pair p, int size) throws Exception {
        EngineLoop l = EngineLoop.connected(p);
        for (EngineLoop.Side from : List.of(l.client, l.server)) {
            EngineLoop.Side to = l.peerOf(from);
            byte[] data = random(size, size * 31L + from.name.hashCode());
            EngineLoop.wrapAll(from, to, data);
            ByteBuffer net = to.inbound.duplicate().flip();
            List<Integer> records = Records.lengths(net);
            assertEquals(net.remaining(), records.stream().mapToInt(Integer::intValue).sum(), "whole records only");
            assertTrue(records.size() >= (size + 16383) / 16384, "records " + records);
            for (int len : records) {
                assertTrue(len - 5 <= 16384 + 2048, "record too long: " + len);
            }
            assertArrayEquals(data, EngineLoop.unwrapAll(to), from.name + " -> " + to.name);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(EC)
    void wrap_tinyDestination_returnsBufferOverflowAndConsumesNothing(Pair p) throws Exception {
        EngineLoop l = EngineLoop.connected(p);
        ByteBuffer src = ByteBuffer.wrap(random(100, 1));
        ByteBuffer dst = ByteBuffer.allocate(10);
        SSLEngineResult r = l.client.engine.wrap(src, dst);
        assertEquals(Status.BUFFER_OVERFLOW, r.getStatus());
        assertEquals(0, r.bytesConsumed());
        assertEquals(0, r.bytesProduced());
        assertEquals(0, src.position());
        assertEquals(0, dst.position());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(EC)
    void unwrap_tinyDestination_returnsBufferOverflowAndConsumesNothing(Pair p) throws Exception {
        EngineLoop l = EngineLoop.connected(p);
        byte[] data = random(100, 2);
        EngineLoop.wrapAll(l.client, l.server, data);
        ByteBuffer net = l.server.inbound.flip();
        int before = net.position();
        ByteBuffer dst = ByteBuffer.allocate(10);
        SSLEngineResult r = l.server.engine.unwrap(net, dst);
        assertEquals(Status.BUFFER_OVERFLOW, r.getStatus());
        assertEquals(0, r.bytesConsumed());
        assertEquals(before, net.position());
        assertEquals(0, dst.position());
        net.compact();
        assertArrayEquals(data, EngineLoop.unwrapAll(l.server), "the record is still whole after the overflow");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(EC)
    void unwrap_partialRecord_returnsBufferUnderflowAndConsumesNothing(Pair p) throws Exception {
        EngineLoop l = EngineLoop.connected(p);
        byte[] data = random(1000, 3);
        EngineLoop.wrapAll(l.server, l.client, data);
        ByteBuffer whole = l.client.inbound.flip();
        byte[] net = new byte[whole.remaining()];
        whole.get(net);
        whole.clear();
        for (int cut : new int[] {3, 5, net.length - 1}) {
            ByteBuffer part = ByteBuffer.wrap(net, 0, cut);
            ByteBuffer dst = ByteBuffer.allocate(1 << 17);
            SSLEngineResult r = l.client.engine.unwrap(part, dst);
            assertEquals(Status.BUFFER_UNDERFLOW, r.getStatus(), "cut at " + cut);
            assertEquals(0, r.bytesConsumed(), "cut at " + cut);
            assertEquals(0, part.position(), "cut at " + cut);
            assertEquals(0, dst.position(), "cut at " + cut);
        }
        l.client.inbound.put(net);
        assertArrayEquals(data, EngineLoop.unwrapAll(l.client));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(EC)
    void unwrap_twoRecordsGiven_consumesExactlyTheFirst(Pair p) throws Exception {
        EngineLoop l = EngineLoop.connected(p);
        byte[] a = random(500, 4);
        byte[] b = random(700, 5);
        EngineLoop.wrapAll(l.client, l.server, a);
        EngineLoop.wrapAll(l.client, l.server, b);
        ByteBuffer net = l.server.inbound.flip();
        List<Integer> records = Records.lengths(net);
        assertEquals(2, records.size(), "records " + records);
        ByteBuffer dst = ByteBuffer.allocate(1 << 17);
        SSLEngineResult r = l.server.engine.unwrap(net, dst);
        assertEquals(Status.OK, r.getStatus());
        assertEquals(records.get(0), r.bytesConsumed());
        assertEquals(a.length, r.bytesProduced());
        assertEquals(records.get(1), net.remaining());
        net.compact();
        assertArrayEquals(b, EngineLoop.unwrapAll(l.server));
    }
}
