package org.sspijsse.server;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 14, defect 1: thousands of connections on one credential pair, each to its own target name,
 * in a JVM of its own with a small heap ({@link HeapProbe}). Before the fix every cached TLS 1.3
 * ticket kept its whole deleted client context reachable (about 32 KB: BC's protocol objects, the
 * handshake record buffer), and every established idle context kept an 18 KB record buffer.
 * SECURITY.md states the bounds checked here.
 */
class HeapFlatnessTest {
    static final int CONNECTIONS = 2000;
    /** Heap growth allowed over all the connections: the caches' share (SECURITY.md) plus noise. */
    static final long MAX_GROWTH = 4L << 20;
    /** Heap an established idle context may keep (it was about 35 KB). */
    static final long MAX_IDLE_CONTEXT = 24 * 1024;

    @ParameterizedTest
    @ValueSource(strings = {"tls13", "tls12"})
    void thousandsOfConnectionsOnOneCredential_keepTheHeapFlat_andIdleContextsSmall(String version) throws Exception {
        List<String> out = run(version, String.valueOf(CONNECTIONS), "500", "300");
        List<long[]> heap = new ArrayList<>();
        long[] idle = null;
        for (String line : out) {
            String[] f = line.split(" ");
            if (f[0].equals("heap")) {
                heap.add(new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
            } else if (f[0].equals("idle")) {
                idle = new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])};
            }
        }
        assertEquals(CONNECTIONS / 500 + 1, heap.size(), () -> String.join("\n", out));
        long growth = heap.get(heap.size() - 1)[1] - heap.get(0)[1];
        String report = version + ": " + String.join("; ", out);
        System.out.println(report);
        assertTrue(growth < MAX_GROWTH, "heap grew " + growth + " bytes over " + CONNECTIONS + " connections: " + report);
        assertNotNull(idle, report);
        assertTrue(idle[0] < MAX_IDLE_CONTEXT, "an idle client context keeps " + idle[0] + " bytes: " + report);
        assertTrue(idle[1] < MAX_IDLE_CONTEXT, "an idle server context keeps " + idle[1] + " bytes: " + report);
    }

    private static List<String> run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), HeapProbe.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null;) {
                lines.add(l);
            }
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe ran too long");
        assertEquals(0, p.exitValue(), () -> String.join("\n", lines));
        return lines;
    }
}
