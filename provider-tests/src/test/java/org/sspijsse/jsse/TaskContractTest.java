package org.sspijsse.jsse;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Delegated tasks: run on another thread, and wrap/unwrap called while a task is still pending. */
class TaskContractTest {
    private static final String EC = "org.sspijsse.jsse.Pair#ec";

    @ParameterizedTest(name = "{0}")
    @MethodSource(EC)
    void delegatedTasks_runOnAnotherThread_handshakeCompletes(Pair p) throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        try {
            EngineLoop l = EngineLoop.create(p);
            l.taskRunner = t -> {
                try {
                    pool.submit(() -> {
                        threads.add(Thread.currentThread().getName());
                        t.run();
                    }).get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            };
            l.handshakeOrFail();
            assertFalse(threads.isEmpty(), "some task ran on the pool");
            assertFalse(threads.contains(Thread.currentThread().getName()));
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(EC)
    void wrapAndUnwrap_whileTaskPending_returnNeedTaskAndConsumeNothing(Pair p) throws Exception {
        EngineLoop l = EngineLoop.create(p);
        List<String> problems = new ArrayList<>();
        int[] pokes = {0};
        l.beforeTasks = s -> {
            try {
                pokes[0]++;
                ByteBuffer src = ByteBuffer.wrap(new byte[10]);
                SSLEngineResult w = s.engine.wrap(src, ByteBuffer.allocate(EngineLoop.NET));
                check(problems, s.name + " wrap", w, src);
                s.inbound.flip();
                int before = s.inbound.position();
                SSLEngineResult u = s.engine.unwrap(s.inbound, ByteBuffer.allocate(EngineLoop.NET));
                if (s.inbound.position() != before) {
                    problems.add(s.name + " unwrap moved the source");
                }
                s.inbound.compact();
                check(problems, s.name + " unwrap", u, null);
            } catch (SSLException e) {
                problems.add(s.name + ": " + e);
            }
        };
        l.handshakeOrFail();
        assertTrue(pokes[0] > 0, "a task was pending at least once");
        assertEquals(List.of(), problems);
    }

    private static void check(List<String> problems, String what, SSLEngineResult r, ByteBuffer src) {
        if (r.getHandshakeStatus() != HandshakeStatus.NEED_TASK || r.bytesConsumed() != 0 || r.bytesProduced() != 0
                || (src != null && src.position() != 0)) {
            problems.add(what + ": " + r);
        }
    }
}
