package org.sspijsse.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * Heap retained per idle established engine pair (client + server, one context each side, TLS 1.3
 * and TLS 1.2), per provider: {@code n} pairs are handshaken and kept, the heap after a full GC is
 * compared with the heap before, and the difference divided by {@code n}. Not JMH: a figure, not a
 * rate. Run: {@code java -cp benchmarks/target/benchmarks.jar org.sspijsse.benchmarks.EngineFootprint [n]}.
 */
public final class EngineFootprint {
    private EngineFootprint() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        SelfSignedCert.Material m = SelfSignedCert.create();
        System.out.println("| provider | protocol | bytes per idle pair (client + server) |");
        System.out.println("|---|---|---|");
        for (String protocol : new String[] {"TLSv1.3", "TLSv1.2"}) {
            for (String provider : new String[] {"SunJSSE", "SspiJsse", "SunJSSE", "SspiJsse"}) {
                SSLContext ctx = SelfSignedCert.context("TLS", m, EngineRecordBenchmark.provider(provider));
                String suite = protocol.equals("TLSv1.3") ? "TLS_AES_128_GCM_SHA256"
                        : "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
                new EnginePair(ctx, protocol, suite); // warm the classes and caches first
                long before = usedAfterGc();
                List<EnginePair> keep = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    keep.add(new EnginePair(ctx, protocol, suite));
                }
                long after = usedAfterGc();
                System.out.printf("| %s | %s | %d |%n", provider, protocol, (after - before) / n);
                if (System.getProperty("hold") != null && provider.equals(System.getProperty("hold"))) {
                    // Time to take a class histogram (jcmd PID GC.class_histogram) of what is kept.
                    System.out.println("holding, pid " + ProcessHandle.current().pid());
                    Thread.sleep(20_000);
                }
                keep.clear();
            }
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            long used = mx.getHeapMemoryUsage().getUsed();
            if (Math.abs(used - last) < 64 * 1024) {
                return used;
            }
            last = used;
        }
        return last;
    }
}
