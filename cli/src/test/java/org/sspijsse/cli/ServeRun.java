package org.sspijsse.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sspijsse.sspi.SchannelConstants;

/**
 * {@code serve --port 0 ...} run in-process on its own thread, as a test's server: {@link #start}
 * waits for the {@code listening on 127.0.0.1:<port>} line and the AcquireCredentialsHandle after
 * it; {@link #finish()} waits (bounded) for
 * the command to return after its {@code --max-connections}. If it has not, empty connections are
 * made to use up what is left, so that no test leaves a server thread behind.
 */
final class ServeRun implements AutoCloseable {
    private static final Pattern PORT = Pattern.compile("(?m)^" + Pattern.quote(ServeCommand.LISTENING) + "(\\d+)$");
    private static final Pattern ROOT = Pattern.compile(Pattern.quote(ServeCommand.ROOT_CA_WRITTEN) + "(\\S+)");
    private static final long START_TIMEOUT_MS = 30_000;
    /** Longer than a connection may take on the server (its read timeout plus the close wait). */
    private static final long FINISH_TIMEOUT_MS = TlsServer.TIMEOUT_MS + TlsServer.CLOSE_WAIT_MS + 3_000;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Thread thread;
    private final int maxConnections;
    private volatile int exitCode = -1;
    private int port;
    private CliRun finished;

    private ServeRun(String[] args, int maxConnections) {
        this.maxConnections = maxConnections;
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        this.thread = new Thread(() -> exitCode = Main.run(args, o, e, SchannelConstants.SCHANNEL_NAME), "serve-under-test");
        this.thread.setDaemon(true);
    }

    /** Runs {@code serve --port 0 --max-connections N} with {@code options} and waits until it listens. */
    static ServeRun start(int maxConnections, String... options) throws InterruptedException {
        List<String> args = new ArrayList<>(List.of("serve", "--port", "0", "--max-connections",
                Integer.toString(maxConnections)));
        args.addAll(List.of(options));
        ServeRun run = new ServeRun(args.toArray(new String[0]), maxConnections);
        run.thread.start();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        while (System.nanoTime() < deadline) {
            String printed = run.out();
            Matcher m = PORT.matcher(printed);
            // The port comes first; the root CA line and the credential follow: wait for all of it.
            if (m.find() && printed.contains("[server] AcquireCredentialsHandle")) {
                run.port = Integer.parseInt(m.group(1));
                return run;
            }
            if (!run.thread.isAlive()) {
                break;
            }
            Thread.sleep(20);
        }
        CliRun r = run.finish();
        throw new AssertionError("serve did not print its port\n" + r.transcript());
    }

    int port() {
        return port;
    }

    /** The generated root CA's PEM file, as printed (only without --cert). */
    Path rootCa() {
        Matcher m = ROOT.matcher(out());
        if (!m.find()) {
            throw new AssertionError("no '" + ServeCommand.ROOT_CA_WRITTEN + "' line:\n" + out());
        }
        return Path.of(m.group(1));
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Waits for serve to return (using up its connections if it must) and gives what it printed. */
    CliRun finish() throws InterruptedException {
        if (finished == null) {
            thread.join(FINISH_TIMEOUT_MS);
            for (int i = 0; i < maxConnections && thread.isAlive() && port > 0; i++) {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    s.shutdownOutput();
                } catch (IOException e) {
                    break;
                }
                thread.join(1000);
            }
            thread.join(FINISH_TIMEOUT_MS);
            String tail = thread.isAlive() ? "\n(serve did not return)" : "";
            finished = new CliRun(thread.isAlive() ? -1 : exitCode, out(), err.toString(StandardCharsets.UTF_8) + tail);
        }
        return finished;
    }

    @Override
    public void close() throws InterruptedException {
        finish();
    }
}
