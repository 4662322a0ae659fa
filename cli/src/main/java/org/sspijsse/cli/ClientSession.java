package org.sspijsse.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.sspijsse.sspi.SchannelCredentials;

/**
 * One HTTPS GET through {@link ClientLoop}: connect, handshake, summary, {@code GET /}, read the
 * response until the server closes, shut down. Used by both {@code demo} and {@code connect}.
 */
final class ClientSession {
    static final int TIMEOUT_MS = 10_000;
    /** Response bytes kept; reading stops (and the client shuts down) past this. */
    static final int MAX_RESPONSE = 1 << 20;

    /**
     * What came back: the response head (up to the blank line), how many bytes in all, and the
     * summary rows from the queries after the handshake.
     */
    record Response(String head, int length, List<String> summary) {
        String statusLine() {
            return HttpMessages.statusLine(head);
        }

        /** The summary under a heading, ending with the HTTP status line. */
        void print(SspiTrace trace) {
            List<String> lines = new ArrayList<>(List.of("", "summary"));
            lines.addAll(summary);
            lines.add(ConnectionReport.row("HTTP", head.isEmpty() ? "(no response)" : statusLine()));
            trace.print(lines);
        }
    }

    private ClientSession() {
    }

    /**
     * Runs the exchange against {@code address} with {@code targetName} as pszTargetName (SNI,
     * name check) and Host header. Prints the trace to {@code trace}; the caller prints the summary
     * ({@link Response#print}).
     */
    static Response get(SspiTrace trace, String packageName, List<InetSocketAddress> addresses, String targetName,
            SchannelCredentials creds, List<String> alpn) throws IOException, SspiCallException {
        List<String> summary;
        byte[] response;
        try (ClientLoop loop = new ClientLoop(packageName, trace)) {
            loop.acquireCredentials(creds);
            try (Socket socket = connect(addresses)) {
                InetSocketAddress address = (InetSocketAddress) socket.getRemoteSocketAddress();
                socket.setSoTimeout(TIMEOUT_MS);
                socket.setTcpNoDelay(true);
                trace.print("connected to " + address.getAddress().getHostAddress() + ":" + address.getPort()
                        + ", target name " + targetName);
                loop.attach(socket.getInputStream(), socket.getOutputStream());
                loop.handshake(targetName, alpn);
                summary = ConnectionReport.collect(loop).rows(false);
                loop.send(HttpMessages.get(targetName));
                response = readResponse(loop);
                loop.shutdown();
            }
        }
        Response r = parse(response);
        return new Response(r.head(), r.length(), summary);
    }

    /** A TCP connection to the first address that accepts one, in order (as curl tries them). */
    private static Socket connect(List<InetSocketAddress> addresses) throws IOException {
        IOException last = new IOException("no address to connect to");
        for (InetSocketAddress a : addresses) {
            Socket s = new Socket();
            try {
                s.connect(a, TIMEOUT_MS);
                return s;
            } catch (IOException e) {
                s.close();
                last = new IOException("cannot connect to " + a + ": " + e.getMessage(), e);
            }
        }
        throw last;
    }

    /** DecryptMessage until the server closes, keeping at most {@link #MAX_RESPONSE} bytes. */
    private static byte[] readResponse(ClientLoop loop) throws IOException, SspiCallException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] chunk = loop.receive(); chunk != null; chunk = loop.receive()) {
            all.write(chunk, 0, Math.min(chunk.length, MAX_RESPONSE - all.size()));
            if (all.size() >= MAX_RESPONSE) {
                break;
            }
        }
        return all.toByteArray();
    }

    static Response parse(byte[] response) {
        int end = HttpMessages.endOfHead(response, response.length);
        String head = new String(response, 0, end < 0 ? response.length : end - 4, StandardCharsets.ISO_8859_1);
        return new Response(head, response.length, List.of());
    }
}
