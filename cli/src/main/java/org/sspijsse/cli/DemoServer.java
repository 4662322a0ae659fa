package org.sspijsse.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * {@code demo --sunjsse}'s peer: a SunJSSE TLS server on 127.0.0.1 with an ephemeral port that answers each
 * HTTP request with a short {@code HTTP/1.1 200 OK} and closes the connection (close_notify,
 * then waits for the client's). It selects ALPN {@code http/1.1} when the client offers it.
 * One connection at a time, on one daemon thread, until {@link #close()}.
 */
final class DemoServer implements AutoCloseable {
    /** The longest request head the server reads. */
    static final int MAX_REQUEST_HEAD = 8192;
    private static final int SOCKET_TIMEOUT_MS = 10_000;

    private final SSLServerSocket listener;
    private final Thread acceptor;
    private final List<String> errors = new CopyOnWriteArrayList<>();

    private DemoServer(SSLServerSocket listener) {
        this.listener = listener;
        this.acceptor = new Thread(this::acceptLoop, "demo-server");
        this.acceptor.setDaemon(true);
    }

    /** Starts listening on 127.0.0.1 with the certificate and key of {@code pki}. */
    static DemoServer start(DemoPki pki) throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        char[] pw = "demo".toCharArray();
        ks.setKeyEntry("server", pki.serverKey(), pw, pki.serverChain());
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(ks, pw);
        SSLContext ctx = SSLContext.getInstance("TLS", "SunJSSE");
        ctx.init(kmf.getKeyManagers(), null, null);
        SSLServerSocket listener = (SSLServerSocket) ctx.getServerSocketFactory()
                .createServerSocket(0, 4, InetAddress.getLoopbackAddress());
        SSLParameters params = listener.getSSLParameters();
        params.setApplicationProtocols(new String[] {"http/1.1"});
        listener.setSSLParameters(params);
        DemoServer server = new DemoServer(listener);
        server.acceptor.start();
        return server;
    }

    int port() {
        return listener.getLocalPort();
    }

    /** What went wrong on the server side, one line per failed connection (for the client's report). */
    List<String> errors() {
        return List.copyOf(errors);
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try (SSLSocket s = (SSLSocket) listener.accept()) {
                s.setSoTimeout(SOCKET_TIMEOUT_MS);
                serve(s);
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    errors.add(e.toString());
                }
            }
        }
    }

    private static void serve(SSLSocket s) throws IOException {
        String head = readHead(s.getInputStream());
        if (head == null) {
            return;
        }
        String body = "Hello from the sspi-jsse demo server (SunJSSE, " + s.getSession().getProtocol() + ", "
                + s.getSession().getCipherSuite() + ").\n";
        OutputStream out = s.getOutputStream();
        out.write(HttpMessages.ok(body));
        out.flush();
        // close_notify only (a half-close), then wait for the client's before closing the socket.
        s.shutdownOutput();
        drain(s.getInputStream());
    }

    /** The request head up to the blank line, or null when the client closed before sending one. */
    private static String readHead(InputStream in) throws IOException {
        byte[] head = new byte[MAX_REQUEST_HEAD];
        for (int len = 0; len < head.length; ) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head[len++] = (byte) b;
            if (HttpMessages.endOfHead(head, len) == len) {
                return new String(head, 0, len, StandardCharsets.ISO_8859_1);
            }
        }
        throw new IOException("request head longer than " + MAX_REQUEST_HEAD + " bytes");
    }

    private static void drain(InputStream in) {
        byte[] buf = new byte[1024];
        try {
            for (int total = 0; total < (1 << 20); ) {
                int n = in.read(buf);
                if (n < 0) {
                    return;
                }
                total += n;
            }
        } catch (SocketException e) {
            // TLS 1.2 closes both directions with our close_notify: nothing more to read.
        } catch (IOException e) {
            // The client went away without close_notify: nothing to do for a demo.
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        try {
            acceptor.join(SOCKET_TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
