package org.sspijsse.cli;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code openssl s_server -accept 127.0.0.1:0 ...}, started by a test: the port is read from its
 * {@code ACCEPT 127.0.0.1:<port>} line; {@link #close()} ends the process.
 */
final class OpenSslServer implements AutoCloseable {
    private final Process process;
    private final int port;

    private OpenSslServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Skips the test when openssl is missing, except under CI=true, where it fails. */
    static void requireOpenSsl() {
        boolean present;
        try {
            Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            present = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            present = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            present = false;
        }
        if (!present && "true".equals(System.getenv("CI"))) {
            fail("openssl is not on PATH (CI=true: .ci/run installs it)");
        }
        assumeTrue(present, "openssl is not on PATH");
    }

    static OpenSslServer start(Path cert, Path key, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_server", "-accept", "127.0.0.1:0",
                "-cert", cert.toString(), "-key", key.toString()));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        StringBuffer seen = new StringBuffer();
        CompletableFuture<Integer> accept = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    seen.append(line).append('\n');
                    if (line.startsWith("ACCEPT 127.0.0.1:")) {
                        accept.complete(Integer.parseInt(line.substring(line.lastIndexOf(':') + 1).trim()));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                accept.completeExceptionally(e);
            }
            accept.completeExceptionally(new IOException("s_server exited:\n" + seen));
        }, "openssl-s_server-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new OpenSslServer(p, accept.get(10, TimeUnit.SECONDS));
        } catch (TimeoutException e) {
            p.destroyForcibly();
            throw new IOException("no ACCEPT line from s_server within 10 s:\n" + seen, e);
        }
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
