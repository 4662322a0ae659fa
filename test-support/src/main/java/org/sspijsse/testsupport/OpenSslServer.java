package org.sspijsse.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code openssl s_server} on 127.0.0.1, on a port it picks itself ({@code -accept 127.0.0.1:0});
 * the port is read from its {@code ACCEPT 127.0.0.1:<port>} line. Its stdout and stderr are drained
 * into bounded buffers for assertions and failure messages; its stdin takes commands
 * ({@link #sendCommand}: {@code k}, {@code K}, {@code R}, {@code q}...). {@link #close()} kills it.
 *
 * <pre>{@code
 * Issued.PemFiles pem = TestPki.create().server(KeyType.EC_P256).writePem(dir);
 * try (OpenSslServer server = OpenSslServer.builder().credentials(pem).tls13().www().start()) {
 *     connect to server.port() ...
 * }
 * }</pre>
 */
public final class OpenSslServer implements AutoCloseable {
    private static final Pattern ACCEPT = Pattern.compile("ACCEPT 127\\.0\\.0\\.1:(\\d+)");

    private final List<String> command;
    private final Process process;
    private final CapturedOutput stdout;
    private final CapturedOutput stderr;
    private final OutputStream stdin;
    private final int port;

    private OpenSslServer(List<String> command, Duration startTimeout) throws IOException {
        this.command = List.copyOf(command);
        this.process = ChildProcesses.start(command);
        this.stdout = CapturedOutput.start("s_server stdout", process.getInputStream());
        this.stderr = CapturedOutput.start("s_server stderr", process.getErrorStream());
        this.stdin = process.getOutputStream();
        String text;
        try {
            text = stdout.await(t -> ACCEPT.matcher(t).find(), startTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IOException("interrupted while waiting for s_server to listen", e);
        }
        if (text == null) {
            close();
            throw new IOException("openssl s_server printed no ACCEPT line within " + startTimeout + describe());
        }
        Matcher m = ACCEPT.matcher(text);
        m.find();
        this.port = Integer.parseInt(m.group(1));
    }

    /** A builder; {@link Builder#start()} requires openssl ({@link Peers#requireTool}). */
    public static Builder builder() {
        return new Builder();
    }

    /** The port s_server listens on (on 127.0.0.1). */
    public int port() {
        return port;
    }

    /** The command line that started it. */
    public List<String> command() {
        return command;
    }

    /** Its stdout so far (first {@link CapturedOutput#LIMIT} bytes). */
    public String stdout() {
        return stdout.text();
    }

    /** Its stderr so far. */
    public String stderr() {
        return stderr.text();
    }

    /** Waits until stdout contains {@code needle}; true if it did within {@code timeout}. */
    public boolean awaitStdout(String needle, Duration timeout) throws InterruptedException {
        return stdout.awaitContains(needle, timeout);
    }

    /** Waits until stderr contains {@code needle}; true if it did within {@code timeout}. */
    public boolean awaitStderr(String needle, Duration timeout) throws InterruptedException {
        return stderr.awaitContains(needle, timeout);
    }

    /** True while the process runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Writes {@code line} and a newline to its stdin (s_server reads commands such as {@code k} there). */
    public void sendCommand(String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        stdin.flush();
    }

    /** Command line, stdout and stderr: for assertion messages. */
    public String describe() {
        return "\n$ " + String.join(" ", command) + "\n--- stdout\n" + stdout.text() + "\n--- stderr\n"
                + stderr.text();
    }

    /** Kills the process (forcibly) and waits up to 5 s for it to be gone. */
    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException e) {
            // already gone
        }
        ChildProcesses.kill(process, Duration.ofSeconds(5));
        stdout.join(Duration.ofSeconds(1));
        stderr.join(Duration.ofSeconds(1));
    }

    /** Options of {@code openssl s_server}; see shared/docs/PEERS.md. */
    public static final class Builder {
        private Path cert;
        private Path key;
        private Path chain;
        private Path caFile;
        private String protocol;
        private String ciphersuites;
        private String cipher;
        private List<String> alpn;
        private String verify;
        private String mode;
        private Integer numTickets;
        private String groups;
        private final List<String> extra = new ArrayList<>();
        private Duration startTimeout = Duration.ofSeconds(10);

        private Builder() {
        }

        /** {@code -cert}, {@code -key}, {@code -cert_chain} (intermediates) and {@code -CAfile} from PEM files. */
        public Builder credentials(Issued.PemFiles pem) {
            this.cert = pem.cert();
            this.key = pem.key();
            this.chain = pem.intermediates().toFile().length() > 0 ? pem.intermediates() : null;
            this.caFile = pem.ca();
            return this;
        }

        public Builder cert(Path cert) {
            this.cert = cert;
            return this;
        }

        public Builder key(Path key) {
            this.key = key;
            return this;
        }

        /** {@code -cert_chain}: extra certificates sent after the end entity. */
        public Builder certChain(Path chain) {
            this.chain = chain;
            return this;
        }

        /** {@code -CAfile}: anchors for client certificates. */
        public Builder caFile(Path caFile) {
            this.caFile = caFile;
            return this;
        }

        /** {@code -tls1_2}. */
        public Builder tls12() {
            this.protocol = "-tls1_2";
            return this;
        }

        /** {@code -tls1_3}. */
        public Builder tls13() {
            this.protocol = "-tls1_3";
            return this;
        }

        /** {@code -ciphersuites} (TLS 1.3 suites, colon-separated OpenSSL list). */
        public Builder ciphersuites(String list) {
            this.ciphersuites = list;
            return this;
        }

        /** {@code -cipher} (TLS 1.2 cipher list). */
        public Builder cipher(String list) {
            this.cipher = list;
            return this;
        }

        /** {@code -alpn a,b}. */
        public Builder alpn(String... protocols) {
            this.alpn = List.of(protocols);
            return this;
        }

        /** {@code -Verify 1} (client certificate required) and the {@code -CAfile} that anchors it. */
        public Builder requireClientCert(Path caFile) {
            this.verify = "-Verify";
            this.caFile = caFile;
            return this;
        }

        /** {@code -verify 1} (client certificate requested, optional) and its {@code -CAfile}. */
        public Builder requestClientCert(Path caFile) {
            this.verify = "-verify";
            this.caFile = caFile;
            return this;
        }

        /** {@code -www}: answers {@code GET /} with a status page. */
        public Builder www() {
            this.mode = "-www";
            return this;
        }

        /** {@code -rev}: echoes each line reversed. */
        public Builder rev() {
            this.mode = "-rev";
            return this;
        }

        /** {@code -num_tickets n} (TLS 1.3 session tickets after the handshake). */
        public Builder numTickets(int n) {
            this.numTickets = n;
            return this;
        }

        /** {@code -groups} (e.g. {@code P-384} forces a HelloRetryRequest from an X25519-first client). */
        public Builder groups(String groups) {
            this.groups = groups;
            return this;
        }

        /** Any other arguments, appended as given. */
        public Builder args(String... args) {
            extra.addAll(List.of(args));
            return this;
        }

        /** How long to wait for the ACCEPT line (default 10 s). */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /** The full command line this builder would run. */
        public List<String> command(Path openssl) {
            List<String> c = new ArrayList<>(List.of(openssl.toString(), "s_server", "-accept", "127.0.0.1:0"));
            if (cert == null || key == null) {
                throw new IllegalStateException("s_server needs cert and key (credentials(pem))");
            }
            c.addAll(List.of("-cert", cert.toString(), "-key", key.toString()));
            if (chain != null) {
                c.addAll(List.of("-cert_chain", chain.toString()));
            }
            if (caFile != null) {
                c.addAll(List.of("-CAfile", caFile.toString()));
            }
            if (protocol != null) {
                c.add(protocol);
            }
            if (ciphersuites != null) {
                c.addAll(List.of("-ciphersuites", ciphersuites));
            }
            if (cipher != null) {
                c.addAll(List.of("-cipher", cipher));
            }
            if (alpn != null) {
                c.addAll(List.of("-alpn", String.join(",", alpn)));
            }
            if (verify != null) {
                c.addAll(List.of(verify, "1", "-verify_return_error"));
            }
            if (mode != null) {
                c.add(mode);
            }
            if (numTickets != null) {
                c.addAll(List.of("-num_tickets", Integer.toString(numTickets)));
            }
            if (groups != null) {
                c.addAll(List.of("-groups", groups));
            }
            c.addAll(extra);
            return c;
        }

        /** Starts s_server and waits for it to listen. */
        public OpenSslServer start() throws IOException {
            return new OpenSslServer(command(Peers.openssl()), startTimeout);
        }
    }
}
