package org.sspijsse.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * One output stream of a child process, drained on a daemon thread so the process never blocks on
 * a full pipe, kept in a bounded buffer: the first {@link #LIMIT} bytes are kept (what tests assert
 * on is printed early), later bytes are counted and dropped.
 */
public final class CapturedOutput {
    /** Bytes kept per stream. */
    public static final int LIMIT = 1 << 20;

    private final String name;
    private final byte[] kept = new byte[LIMIT];
    private int length;
    private long dropped;
    private boolean ended;
    private final Thread thread;

    private CapturedOutput(String name, InputStream in) {
        this.name = name;
        this.thread = new Thread(() -> drain(in), "drain-" + name);
        this.thread.setDaemon(true);
    }

    /** Starts draining {@code in}. */
    public static CapturedOutput start(String name, InputStream in) {
        CapturedOutput out = new CapturedOutput(name, in);
        out.thread.start();
        return out;
    }

    private void drain(InputStream in) {
        byte[] chunk = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                append(chunk, n);
            }
        } catch (IOException e) {
            // The process went away (closed pipe): the end of the stream.
        } finally {
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }
    }

    private synchronized void append(byte[] chunk, int n) {
        int take = Math.min(n, LIMIT - length);
        System.arraycopy(chunk, 0, kept, length, take);
        length += take;
        dropped += n - take;
        notifyAll();
    }

    /** Everything kept so far, decoded as UTF-8 (openssl prints ASCII). */
    public synchronized String text() {
        String s = new String(kept, 0, length, StandardCharsets.UTF_8);
        return dropped == 0 ? s : s + "\n[... " + dropped + " more bytes dropped]";
    }

    /** True once the stream has ended (the process closed it or died). */
    public synchronized boolean ended() {
        return ended;
    }

    /**
     * Waits until the kept text satisfies {@code condition}, the stream ends, or {@code timeout}
     * passes. Returns the text at that moment, or null if the condition never held.
     */
    public String await(Predicate<String> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (true) {
                String text = new String(kept, 0, length, StandardCharsets.UTF_8);
                if (condition.test(text)) {
                    return text;
                }
                long left = deadline - System.nanoTime();
                if (ended || left <= 0) {
                    return null;
                }
                wait(Math.max(1, left / 1_000_000), 0);
            }
        }
    }

    /** Waits until the text contains {@code needle}; true if it did within the timeout. */
    public boolean awaitContains(String needle, Duration timeout) throws InterruptedException {
        return await(t -> t.contains(needle), timeout) != null;
    }

    /** Waits (bounded) for the draining thread to finish after the process ended. */
    void join(Duration timeout) {
        try {
            thread.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + ": " + text();
    }
}
