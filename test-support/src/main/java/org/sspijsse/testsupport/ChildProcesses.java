package org.sspijsse.testsupport;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Starts the external peers and makes sure none outlives the JVM: every live process is killed by
 * a shutdown hook, in case a test forgot its {@code close()} or the JVM is exiting on a failure.
 */
final class ChildProcesses {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Thread hook = new Thread(() -> LIVE.forEach(Process::destroyForcibly), "kill-test-peers");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private ChildProcesses() {
    }

    static Process start(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        Process p = pb.start();
        LIVE.add(p);
        p.onExit().thenRun(() -> LIVE.remove(p));
        return p;
    }

    /** Kills {@code p} and waits (bounded) for it to be gone. */
    static void kill(Process p, Duration wait) {
        if (p == null) {
            return;
        }
        p.destroyForcibly();
        try {
            p.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            LIVE.remove(p);
        }
    }
}
