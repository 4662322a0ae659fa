package org.sspijsse.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of {@code openssl s_client -connect 127.0.0.1:<port>}: the given stdin bytes are written,
 * stdin is closed (after an optional delay, e.g. to let TLS 1.3 tickets arrive for
 * {@code -sess_out}), and the run is bounded in time. The {@link Result} carries the exit code and
 * output for assertions such as {@code "Verification: OK"}, {@code "Protocol  : TLSv1.3"} or
 * {@code "Reused,"}.
 */
public final class OpenSslClient {
    /** Exit code, stdout and stderr of one run; {@code timedOut} if it had to be killed. */
    public record Result(int exitCode, String stdout, String stderr, boolean timedOut, List<String> command) {
        /** stdout and stderr together. */
        public String output() {
            return stdout + "\n" + stderr;
        }

        /** Command line and output: for assertion messages. */
        public String describe() {
            return "\n$ " + String.join(" ", command) + "\nexit " + exitCode + (timedOut ? " (timed out)" : "")
                    + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    private final int port;
    private String serverName = "localhost";
    private Path caFile;
    private String protocol;
    private List<String> alpn;
    private Path cert;
    private Path key;
    private Path certChain;
    private Path sessOut;
    private Path sessIn;
    private String ciphersuites;
    private String groups;
    private boolean verifyReturnError = true;
    private boolean ignEof;
    private boolean quiet;
    private final List<String> extra = new ArrayList<>();
    private byte[] stdinBytes = new byte[0];
    private Duration stdinCloseDelay = Duration.ZERO;
    private Duration timeout = Duration.ofSeconds(10);

    private OpenSslClient(int port) {
        this.port = port;
    }

    /** A client for 127.0.0.1:{@code port}. */
    public static OpenSslClient connect(int port) {
        return new OpenSslClient(port);
    }

    /** {@code -servername} (default {@code localhost}); null sends no SNI ({@code -noservername}). */
    public OpenSslClient serverName(String name) {
        this.serverName = name;
        return this;
    }

    /** {@code -CAfile} and (by default) {@code -verify_return_error}. */
    public OpenSslClient caFile(Path caFile) {
        this.caFile = caFile;
        return this;
    }

    /** Leave out {@code -verify_return_error}: the handshake goes on with a bad chain. */
    public OpenSslClient noVerifyReturnError() {
        this.verifyReturnError = false;
        return this;
    }

    public OpenSslClient tls12() {
        this.protocol = "-tls1_2";
        return this;
    }

    public OpenSslClient tls13() {
        this.protocol = "-tls1_3";
        return this;
    }

    public OpenSslClient alpn(String... protocols) {
        this.alpn = List.of(protocols);
        return this;
    }

    /** {@code -cert} and {@code -key} for client authentication. */
    public OpenSslClient clientCert(Issued.PemFiles pem) {
        this.cert = pem.cert();
        this.key = pem.key();
        this.certChain = pem.intermediates().toFile().length() > 0 ? pem.intermediates() : null;
        return this;
    }

    public OpenSslClient sessOut(Path file) {
        this.sessOut = file;
        return this;
    }

    public OpenSslClient sessIn(Path file) {
        this.sessIn = file;
        return this;
    }

    public OpenSslClient ciphersuites(String list) {
        this.ciphersuites = list;
        return this;
    }

    public OpenSslClient groups(String groups) {
        this.groups = groups;
        return this;
    }

    /** {@code -ign_eof}: stay connected at stdin EOF until the server closes (or the timeout). */
    public OpenSslClient ignEof() {
        this.ignEof = true;
        return this;
    }

    /** {@code -quiet}: no session or certificate dump (and no stdin commands). */
    public OpenSslClient quiet() {
        this.quiet = true;
        return this;
    }

    public OpenSslClient args(String... args) {
        extra.addAll(List.of(args));
        return this;
    }

    /** Bytes written to its stdin (then stdin is closed). */
    public OpenSslClient stdin(byte[] bytes) {
        this.stdinBytes = bytes.clone();
        return this;
    }

    public OpenSslClient stdin(String text) {
        return stdin(text.getBytes(StandardCharsets.UTF_8));
    }

    /** How long to keep stdin open after writing (e.g. 500 ms for TLS 1.3 tickets before -sess_out). */
    public OpenSslClient closeStdinAfter(Duration delay) {
        this.stdinCloseDelay = delay;
        return this;
    }

    /** Bound on the whole run (default 10 s); then the process is killed. */
    public OpenSslClient timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /** The full command line. */
    public List<String> command(Path openssl) {
        List<String> c = new ArrayList<>(List.of(openssl.toString(), "s_client", "-connect", "127.0.0.1:" + port));
        if (serverName != null) {
            c.addAll(List.of("-servername", serverName));
        } else {
            c.add("-noservername");
        }
        if (caFile != null) {
            c.addAll(List.of("-CAfile", caFile.toString()));
            if (verifyReturnError) {
                c.add("-verify_return_error");
            }
        }
        if (protocol != null) {
            c.add(protocol);
        }
        if (alpn != null) {
            c.addAll(List.of("-alpn", String.join(",", alpn)));
        }
        if (cert != null) {
            c.addAll(List.of("-cert", cert.toString(), "-key", key.toString()));
            if (certChain != null) {
                c.addAll(List.of("-cert_chain", certChain.toString()));
            }
        }
        if (sessOut != null) {
            c.addAll(List.of("-sess_out", sessOut.toString()));
        }
        if (sessIn != null) {
            c.addAll(List.of("-sess_in", sessIn.toString()));
        }
        if (ciphersuites != null) {
            c.addAll(List.of("-ciphersuites", ciphersuites));
        }
        if (groups != null) {
            c.addAll(List.of("-groups", groups));
        }
        if (ignEof) {
            c.add("-ign_eof");
        }
        if (quiet) {
            c.add("-quiet");
        }
        c.addAll(extra);
        return c;
    }

    /** Runs s_client to its end (or the timeout) and returns what it did. */
    public Result run() throws IOException, InterruptedException {
        List<String> cmd = command(Peers.openssl());
        Process p = ChildProcesses.start(cmd);
        CapturedOutput out = CapturedOutput.start("s_client stdout", p.getInputStream());
        CapturedOutput err = CapturedOutput.start("s_client stderr", p.getErrorStream());
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean finished;
        try {
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdinBytes);
                in.flush();
                if (!stdinCloseDelay.isZero()) {
                    p.waitFor(Math.min(stdinCloseDelay.toMillis(), timeout.toMillis()), TimeUnit.MILLISECONDS);
                }
            } catch (IOException e) {
                // s_client exited before reading its stdin (e.g. a failed handshake): keep its output.
            }
            long left = Math.max(0, deadline - System.nanoTime());
            finished = p.waitFor(left, TimeUnit.NANOSECONDS);
        } finally {
            if (p.isAlive()) {
                ChildProcesses.kill(p, Duration.ofSeconds(5));
            }
        }
        out.join(Duration.ofSeconds(2));
        err.join(Duration.ofSeconds(2));
        int code = finished ? p.exitValue() : -1;
        return new Result(code, out.text(), err.text(), !finished, cmd);
    }
}
