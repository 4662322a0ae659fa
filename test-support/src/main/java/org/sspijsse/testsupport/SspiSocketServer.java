package org.sspijsse.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.sspijsse.sspi.CredHandle;
import org.sspijsse.sspi.CtxtHandle;
import org.sspijsse.sspi.Holder;
import org.sspijsse.sspi.SecPkgAttr;
import org.sspijsse.sspi.SecPkgContext;
import org.sspijsse.sspi.SecStatus;
import org.sspijsse.sspi.Sspi;

/**
 * Our AcceptSecurityContext serving real sockets on 127.0.0.1 (an ephemeral port), one connection
 * at a time on a daemon thread, for tests whose client is an external program (openssl s_client,
 * gnutls-cli, curl) or SunJSSE: the ASC loop ({@link SspiServerPeer}), then DecryptMessage until a
 * request head ("\r\n\r\n") arrived, the response EncryptMessage'd, then close_notify. What each
 * connection negotiated is kept in {@link #connections()}.
 */
public final class SspiSocketServer implements AutoCloseable {
    /** What one connection did. */
    public record Connection(int handshakeStatus, String request, boolean resumed, String applicationProtocol,
            String protocol, Throwable failure) {
    }

    private final ServerSocket socket;
    private final Thread thread;
    private final List<Connection> connections = Collections.synchronizedList(new ArrayList<>());

    /**
     * @param contextReq ASC_REQ flags
     * @param alpn the server's ALPN preference list (empty: none)
     * @param respond the response bytes for a request head
     */
    public SspiSocketServer(CredHandle credential, int contextReq, String[] alpn, Function<String, byte[]> respond)
            throws IOException {
        socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> serve(credential, contextReq, alpn, respond), "sspi-socket-server");
        thread.setDaemon(true);
        thread.start();
    }

    /** A server answering every request with a short HTTP/1.1 200 whose body is {@code body}. */
    public static SspiSocketServer http(CredHandle credential, int contextReq, String body, String... alpn)
            throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        byte[] response = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + b.length
                + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
        return new SspiSocketServer(credential, contextReq, alpn, request -> response);
    }

    public int port() {
        return socket.getLocalPort();
    }

    public List<Connection> connections() {
        synchronized (connections) {
            return List.copyOf(connections);
        }
    }

    private void serve(CredHandle credential, int req, String[] alpn, Function<String, byte[]> respond) {
        while (!socket.isClosed()) {
            try (Socket s = socket.accept()) {
                s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(10));
                connections.add(handle(s, credential, req, alpn, respond));
            } catch (IOException | RuntimeException | AssertionError e) {
                if (!socket.isClosed()) {
                    connections.add(new Connection(-1, null, false, null, null, e));
                }
            }
        }
    }

    private static Connection handle(Socket s, CredHandle credential, int req, String[] alpn,
            Function<String, byte[]> respond) throws IOException {
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        SspiServerPeer peer = new SspiServerPeer(credential, req, alpn);
        byte[] buf = new byte[16_384];
        for (int i = 0; i < 1000 && !peer.isHandshakeDone(); i++) {
            int n = in.read(buf);
            if (n < 0) {
                break;
            }
            byte[] answer = peer.receive(java.util.Arrays.copyOf(buf, n));
            out.write(answer);
            out.flush();
            if (SecStatus.failed(peer.status()) && peer.status() != SecStatus.SEC_E_INCOMPLETE_MESSAGE) {
                return new Connection(peer.status(), null, false, null, null, null);
            }
        }
        if (!peer.isHandshakeDone()) {
            return new Connection(peer.status(), null, false, null, null, null);
        }
        CtxtHandle ctx = peer.context();
        SspiStreams.Decryptor dec = SspiStreams.decryptor(ctx);
        StringBuilder request = new StringBuilder();
        dec.feed(peer.leftover());
        request.append(new String(dec.takePlaintext(), StandardCharsets.ISO_8859_1));
        for (int i = 0; i < 1000 && request.indexOf("\r\n\r\n") < 0 && request.indexOf("\n\n") < 0
                && !dec.contextExpired(); i++) {
            int n = in.read(buf);
            if (n < 0) {
                break;
            }
            dec.feed(java.util.Arrays.copyOf(buf, n));
            request.append(new String(dec.takePlaintext(), StandardCharsets.ISO_8859_1));
        }
        out.write(SspiStreams.encrypt(ctx, respond.apply(request.toString())));
        out.write(SspiStreams.shutdownServer(credential, ctx));
        out.flush();
        Connection c = new Connection(SecStatus.SEC_E_OK, request.toString(), resumed(ctx), alpn(ctx), protocol(ctx), null);
        Sspi.deleteSecurityContext(ctx);
        return c;
    }

    private static boolean resumed(CtxtHandle ctx) {
        Holder<Object> h = new Holder<>();
        return Sspi.queryContextAttributes(ctx, SecPkgAttr.SECPKG_ATTR_SESSION_INFO, h) == SecStatus.SEC_E_OK
                && ((SecPkgContext.SessionInfo) h.value).isReconnect();
    }

    private static String alpn(CtxtHandle ctx) {
        Holder<Object> h = new Holder<>();
        return Sspi.queryContextAttributes(ctx, SecPkgAttr.SECPKG_ATTR_APPLICATION_PROTOCOL, h) == SecStatus.SEC_E_OK
                ? ((SecPkgContext.ApplicationProtocol) h.value).getProtocol() : null;
    }

    private static String protocol(CtxtHandle ctx) {
        Holder<Object> h = new Holder<>();
        if (Sspi.queryContextAttributes(ctx, SecPkgAttr.SECPKG_ATTR_CONNECTION_INFO, h) != SecStatus.SEC_E_OK) {
            return null;
        }
        int p = ((SecPkgContext.ConnectionInfo) h.value).dwProtocol;
        return (p & 0x3000) != 0 ? "TLSv1.3" : (p & 0xC00) != 0 ? "TLSv1.2" : "0x" + Integer.toHexString(p);
    }

    @Override
    public void close() throws IOException {
        socket.close();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
