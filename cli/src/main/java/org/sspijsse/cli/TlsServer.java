package org.sspijsse.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.sspijsse.sspi.CredHandle;
import org.sspijsse.sspi.SchannelConstants;
import org.sspijsse.sspi.SchannelCredentials;
import org.sspijsse.sspi.Sspi;

/**
 * The {@code serve} command's server: a TCP listener on 127.0.0.1 and, per connection, a
 * {@link ServerLoop} over one AcceptSecurityContext credential (SECPKG_CRED_INBOUND, acquired once).
 * Each connection: handshake, the request head through DecryptMessage, one {@code 200} response
 * through EncryptMessage, close_notify through ApplyControlToken + ASC, then the client's
 * close_notify is awaited briefly and the socket closed. Connections are served one at a time.
 */
final class TlsServer implements AutoCloseable {
    /** Read timeout on each connection: a silent client cannot hold the server longer. */
    static final int TIMEOUT_MS = 10_000;
    /** How long to wait for the client's close_notify after ours. */
    static final int CLOSE_WAIT_MS = 2_000;
    /** The first line of HTTP/2's connection preface (RFC 9113 §3.4). */
    static final String HTTP2_PREFACE = "PRI * HTTP/2.0";
    /** The longest request head read. */
    static final int MAX_REQUEST_HEAD = 8192;

    /**
     * What to serve with: the security package, the server's credentials structure, the ALPN
     * preference list (empty: none), ASC_REQ_MUTUAL_AUTH, and how many connections to take
     * (0: no limit).
     */
    record Config(String packageName, SchannelCredentials credentials, List<String> alpn,
            boolean requireClientCertificate, int maxConnections) {
    }

    /** Connections taken and how many of them failed. */
    record Result(int connections, int failed) {
    }

    private final SspiTrace trace;
    private final Config config;
    private final ServerSocket listener;
    private final CredHandle cred = new CredHandle();

    private TlsServer(SspiTrace trace, Config config, ServerSocket listener) {
        this.trace = trace;
        this.config = config;
        this.listener = listener;
    }

    /**
     * Binds 127.0.0.1:{@code port} (0: a free port). The caller prints the port ({@link #port()}),
     * then calls {@link #acquireCredentials()} and {@link #serve()}; clients that connect
     * meanwhile wait in the backlog.
     */
    static TlsServer open(SspiTrace trace, int port, Config config) throws IOException {
        ServerSocket listener = new ServerSocket();
        try {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 8);
            return new TlsServer(trace, config, listener);
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
    }

    /** AcquireCredentialsHandle(NULL, "Schannel", SECPKG_CRED_INBOUND, creds, ...), once for every connection. */
    void acquireCredentials() throws SspiCallException {
        synchronized (cred) {
            SspiConnection.acquire(trace, config.packageName(), SchannelConstants.SECPKG_CRED_INBOUND,
                    config.credentials(), cred);
        }
    }

    int port() {
        return listener.getLocalPort();
    }

    /**
     * Accepts and serves connections, one at a time, until {@code maxConnections} were taken or
     * the listener is closed ({@link #close()} from another thread).
     */
    Result serve() {
        int taken = 0;
        int failed = 0;
        while (config.maxConnections() == 0 || taken < config.maxConnections()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    trace.print("error: accept failed: " + e.getMessage());
                    failed++;
                }
                break;
            }
            taken++;
            if (!handle(socket, taken)) {
                failed++;
            }
        }
        return new Result(taken, failed);
    }

    /** One connection, start to close; false when it failed (the reason is printed). */
    private boolean handle(Socket socket, int number) {
        InetSocketAddress from = (InetSocketAddress) socket.getRemoteSocketAddress();
        trace.print("connection " + number + " from " + from.getAddress().getHostAddress() + ":" + from.getPort());
        try (Socket s = socket;
                ServerLoop loop = new ServerLoop(config.packageName(), trace, cred, config.alpn(),
                        config.requireClientCertificate())) {
            s.setSoTimeout(TIMEOUT_MS);
            s.setTcpNoDelay(true);
            loop.attach(s.getInputStream(), s.getOutputStream());
            loop.handshake();
            ConnectionReport.Facts facts = ConnectionReport.collect(loop);
            String sni = printable(ClientHelloNames.serverName(loop.clientHello()));
            List<String> block = new ArrayList<>(List.of("", "handshake done"));
            block.addAll(facts.rows(true));
            block.add(ConnectionReport.row("SNI", sni == null ? "(none)" : sni));
            block.add("");
            trace.print(block);
            byte[] head = loop.readRequestHead(MAX_REQUEST_HEAD);
            String request = head == null ? null
                    : printable(HttpMessages.statusLine(new String(head, StandardCharsets.ISO_8859_1)));
            boolean answered = false;
            if (request == null) {
                trace.note("the client closed before sending a request");
            } else if (request.equals(HTTP2_PREFACE)) {
                // ALPN chose h2 and the client speaks HTTP/2: an HTTP/1.1 answer would be garbage to it.
                trace.print("error: the client speaks HTTP/2 (ALPN h2); this server answers HTTP/1.1 only,"
                        + " so it closes without an answer");
            } else {
                trace.note("request: " + request);
                loop.send(HttpMessages.ok(body(facts, sni, request)));
                answered = true;
            }
            loop.shutdown();
            awaitClientClose(s, loop);
            return answered || request == null;
        } catch (SocketTimeoutException e) {
            trace.print("error: timed out after " + TIMEOUT_MS / 1000 + " s waiting for the client");
        } catch (IOException | SspiCallException e) {
            trace.print("error: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
        }
        return false;
    }

    /** The response body: what this connection negotiated. */
    static String body(ConnectionReport.Facts facts, String sni, String request) {
        return "Hello from sspi-jsse serve (AcceptSecurityContext over the Schannel package).\n"
                + "protocol: " + facts.protocol() + "\n"
                + "cipher suite: " + facts.cipherSuite() + "\n"
                + "ALPN: " + facts.alpn() + "\n"
                + "SNI: " + (sni == null ? "(none)" : sni) + "\n"
                + "client certificate: " + (facts.peerSubject() == null ? "(none)" : facts.peerSubject()) + "\n"
                + "request: " + request + "\n";
    }

    /**
     * The client's text as it is printed and echoed: printable ASCII only (anything else becomes
     * {@code ?}, so no terminal escape gets through), at most 200 characters; null stays null.
     */
    static String printable(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length() && i < 200; i++) {
            char c = text.charAt(i);
            sb.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return text.length() > 200 ? sb.append("...").toString() : sb.toString();
    }

    /**
     * After our close_notify: the client's close_notify (DecryptMessage -> SEC_I_CONTEXT_EXPIRED),
     * or its end of stream, within {@link #CLOSE_WAIT_MS}. Closing with the client's bytes unread
     * would reset the connection, which some clients report as an error.
     */
    private void awaitClientClose(Socket s, ServerLoop loop) {
        try {
            s.shutdownOutput();
            s.setSoTimeout(CLOSE_WAIT_MS);
            // Application data after the request (not expected) is read and dropped; a few records at most.
            for (int i = 0; i < 16 && loop.receive() != null; i++) {
                trace.note("ignored data after the request");
            }
        } catch (SocketTimeoutException e) {
            trace.note("no close_notify from the client within " + CLOSE_WAIT_MS + " ms");
        } catch (SocketException e) {
            trace.note("the client reset the connection after our close_notify");
        } catch (IOException | SspiCallException e) {
            trace.note("after close_notify: " + e.getMessage());
        }
    }

    /** Stops accepting and frees the credential (FreeCredentialsHandle). */
    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // Closing a listener only fails if it is already broken: nothing left to do.
        }
        synchronized (cred) {
            if (cred.isValid()) {
                trace.call("FreeCredentialsHandle", Sspi.freeCredentialsHandle(cred), null, null);
            }
        }
    }
}
