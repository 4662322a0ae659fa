package org.sspijsse.interop.resumption;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.sspijsse.sspi.*;
import org.sspijsse.testsupport.SocketTransport;
import org.sspijsse.testsupport.SspiClientLoop;
import org.sspijsse.testsupport.SspiStreams;

/** Our client and server over loopback sockets, for the openssl resumption tests. */
final class OurEndpoints {
    static final int ASC_REQ = AscReq.ASC_REQ_SEQUENCE_DETECT | AscReq.ASC_REQ_REPLAY_DETECT
            | AscReq.ASC_REQ_CONFIDENTIALITY | AscReq.ASC_REQ_STREAM | AscReq.ASC_REQ_ALLOCATE_MEMORY;

    private OurEndpoints() {
    }

    static CredHandle credential(int use, SchannelCredentials c) {
        CredHandle h = new CredHandle();
        assertEquals(SecStatus.SEC_E_OK, Sspi.acquireCredentialsHandle(null, "Schannel", use, c, h, null));
        return h;
    }

    static boolean resumed(CtxtHandle ctx) {
        Holder<Object> h = new Holder<>();
        assertEquals(SecStatus.SEC_E_OK, Sspi.queryContextAttributes(ctx, SecPkgAttr.SECPKG_ATTR_SESSION_INFO, h));
        return ((SecPkgContext.SessionInfo) h.value).dwFlags == SchannelConstants.SSL_SESSION_RECONNECT;
    }

    /** Our client's view of one {@code GET /} to {@code openssl s_server -www}: its page and whether we resumed. */
    record Page(String text, boolean resumed) {
        boolean serverSaysReused() {
            return text.contains("Reused, TLSv1.3");
        }

        boolean serverSaysNew() {
            return text.contains("New, TLSv1.3");
        }
    }

    static Page get(CredHandle cred, String target, int port) throws IOException {
        try (SocketTransport t = SocketTransport.connect(port)) {
            SspiClientLoop.Result r = SspiClientLoop.builder(cred).targetName(target).run(t);
            assertTrue(r.isOk(), r::describe);
            CtxtHandle ctx = r.context();
            SspiStreams.Decryptor d = SspiStreams.decryptor(ctx)
                    .onRenegotiate(tok -> SspiStreams.postHandshake(cred, ctx, target, tok));
            d.feed(r.leftover());
            t.send(SspiStreams.encrypt(ctx, "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            ByteArrayOutputStream page = new ByteArrayOutputStream();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!d.contextExpired() && System.nanoTime() < deadline && !page.toString().contains("</HTML>")) {
                byte[] got = t.receive(Duration.ofMillis(500));
                if (got == null) {
                    break;
                }
                d.feed(got);
                page.writeBytes(d.takePlaintext());
            }
            return new Page(page.toString(StandardCharsets.ISO_8859_1), resumed(ctx));
        }
    }

    /**
     * Our server on 127.0.0.1: accepts {@code connections} connections one after the other, runs
     * ASC over each, sends the final token (the NewSessionTicket), echoes nothing and waits for the
     * client to close. {@link #resumed()} lists SSL_SESSION_RECONNECT per connection.
     */
    static final class Server implements AutoCloseable {
        private final ServerSocket socket;
        private final Thread thread;
        private final List<Boolean> resumed = Collections.synchronizedList(new ArrayList<>());
        private final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());

        Server(CredHandle cred, int connections) throws IOException {
            socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
            thread = new Thread(() -> {
                for (int i = 0; i < connections; i++) {
                    try (Socket s = socket.accept()) {
                        s.setSoTimeout(15_000);
                        resumed.add(serve(cred, s.getInputStream(), s.getOutputStream()));
                    } catch (Throwable e) {
                        failures.add(e);
                        return;
                    }
                }
            }, "resumption-test-server");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        List<Boolean> resumed() throws InterruptedException {
            thread.join(30_000);
            if (!failures.isEmpty()) {
                throw new AssertionError("server failed", failures.get(0));
            }
            return List.copyOf(resumed);
        }

        private static boolean serve(CredHandle cred, InputStream in, OutputStream out) throws IOException {
            CtxtHandle ctx = new CtxtHandle();
            byte[] input = new byte[0];
            byte[] buf = new byte[32 * 1024];
            boolean first = true;
            while (true) {
                int n = in.read(buf);
                if (n < 0) {
                    throw new IOException("client closed during the handshake");
                }
                input = concat(input, Arrays.copyOf(buf, n));
                while (input.length > 0) {
                    SecBuffer tok = new SecBuffer(SecBufferType.SECBUFFER_TOKEN, input);
                    SecBuffer slot = SecBuffer.empty();
                    SecBuffer o = new SecBuffer(SecBufferType.SECBUFFER_TOKEN);
                    SecBuffer alert = new SecBuffer(SecBufferType.SECBUFFER_ALERT);
                    int st = Sspi.acceptSecurityContext(cred, first ? null : ctx, new SecBufferDesc(tok, slot), ASC_REQ,
                            ctx, new SecBufferDesc(o, alert), new IntHolder(), null);
                    if (st == SecStatus.SEC_E_INCOMPLETE_MESSAGE) {
                        break;
                    }
                    first = false;
                    if (o.getBuffer() != null && o.getCbBuffer() > 0) {
                        out.write(o.toByteArray());
                        out.flush();
                    }
                    if (st == SecStatus.SEC_E_OK) {
                        boolean r = OurEndpoints.resumed(ctx);
                        // Read until the client closes (its close_notify or EOF).
                        while (in.read(buf) >= 0) {
                            // discard
                        }
                        Sspi.deleteSecurityContext(ctx);
                        return r;
                    }
                    if (st != SecStatus.SEC_I_CONTINUE_NEEDED) {
                        throw new IOException("ASC: " + SecStatus.describe(st));
                    }
                    int extra = slot.getBaseType() == SecBufferType.SECBUFFER_EXTRA ? slot.getCbBuffer() : 0;
                    input = Arrays.copyOfRange(input, input.length - extra, input.length);
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
