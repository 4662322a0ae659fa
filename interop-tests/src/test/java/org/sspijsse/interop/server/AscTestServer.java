package org.sspijsse.interop.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.sspijsse.sspi.AscReq;
import org.sspijsse.sspi.CertContext;
import org.sspijsse.sspi.CredHandle;
import org.sspijsse.sspi.CtxtHandle;
import org.sspijsse.sspi.Holder;
import org.sspijsse.sspi.IntHolder;
import org.sspijsse.sspi.SchannelConstants;
import org.sspijsse.sspi.SecApplicationProtocols;
import org.sspijsse.sspi.SecBuffer;
import org.sspijsse.sspi.SecBufferDesc;
import org.sspijsse.sspi.SecBufferType;
import org.sspijsse.sspi.SecPkgAttr;
import org.sspijsse.sspi.SecPkgContext;
import org.sspijsse.sspi.SecStatus;
import org.sspijsse.sspi.Sspi;
import org.sspijsse.sspi.TimeStamp;
import org.sspijsse.testsupport.SspiStreams;

/**
 * A small HTTPS server over our AcceptSecurityContext for interop tests: accepts on 127.0.0.1:0,
 * one connection at a time on its own thread, runs the Schannel server loop on the socket, reads
 * one HTTP request with DecryptMessage, answers a short HTTP/1.1 response with EncryptMessage,
 * then shuts down (ApplyControlToken(SCHANNEL_SHUTDOWN) + ASC -> close_notify) and closes. What
 * each connection saw is a {@link Conn}. Every read is bounded (5 s); {@link #close()} stops it.
 */
final class AscTestServer implements AutoCloseable {
    static final String BODY = "hello from ASC\n";

    /** What one connection saw. */
    record Conn(int status, int protocol, String alpn, X509Certificate[] clientChain, boolean reconnect,
            X509Certificate localCert, String request, String error) {
    }

    private final CredHandle cred;
    private final int req;
    private final String[] alpn;
    private final ServerSocket socket;
    private final Thread thread;
    private final BlockingQueue<Conn> conns = new LinkedBlockingQueue<>();
    private volatile boolean closed;

    AscTestServer(CredHandle cred, int req, String... alpn) throws IOException {
        this.cred = cred;
        this.req = req | AscReq.ASC_REQ_ALLOCATE_MEMORY;
        this.alpn = alpn.length == 0 ? null : alpn;
        this.socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        this.thread = new Thread(this::serve, "asc-test-server");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    /** The next finished connection, waiting at most 10 s. */
    Conn next() throws InterruptedException {
        Conn c = conns.poll(10, TimeUnit.SECONDS);
        if (c == null) {
            throw new AssertionError("no connection finished within 10 s");
        }
        return c;
    }

    private void serve() {
        while (!closed) {
            try (Socket s = socket.accept()) {
                s.setSoTimeout(5000);
                s.setTcpNoDelay(true);
                conns.add(handle(s));
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    conns.add(new Conn(SecStatus.SEC_E_INTERNAL_ERROR, 0, null, null, false, null, null, e.toString()));
                }
            }
        }
    }

    private Conn handle(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        CtxtHandle ctx = new CtxtHandle();
        boolean started = false;
        boolean needRead = true;
        byte[] buf = new byte[0];
        byte[] leftover = new byte[0];
        int status = SecStatus.SEC_E_INCOMPLETE_MESSAGE;
        for (int i = 0; i < 200; i++) {
            if (needRead) {
                byte[] more = read(in);
                if (more == null) {
                    return failed(status, "EOF during the handshake");
                }
                buf = concat(buf, more);
            }
            List<SecBuffer> inBufs = new ArrayList<>(List.of(new SecBuffer(SecBufferType.SECBUFFER_TOKEN, buf.clone()),
                    SecBuffer.empty()));
            if (!started && alpn != null) {
                inBufs.add(SecApplicationProtocols.alpnBuffer(alpn));
            }
            SecBufferDesc input = new SecBufferDesc(inBufs.toArray(new SecBuffer[0]));
            SecBuffer token = new SecBuffer(SecBufferType.SECBUFFER_TOKEN);
            SecBuffer alert = new SecBuffer(SecBufferType.SECBUFFER_ALERT);
            status = Sspi.acceptSecurityContext(cred, started ? ctx : null, input, req, ctx,
                    new SecBufferDesc(token, alert), new IntHolder(), new TimeStamp());
            if (status != SecStatus.SEC_E_INCOMPLETE_MESSAGE && token.getCbBuffer() > 0) {
                out.write(token.toByteArray());
            }
            if (SecStatus.failed(status) && alert.getBuffer() != null && alert.getCbBuffer() > 0) {
                out.write(alert.toByteArray());
            }
            out.flush();
            free(token);
            free(alert);
            SecBuffer slot = input.get(1);
            int extra = slot.getBaseType() == SecBufferType.SECBUFFER_EXTRA ? slot.getCbBuffer() : 0;
            if (status == SecStatus.SEC_E_INCOMPLETE_MESSAGE) {
                needRead = true;
            } else if (status == SecStatus.SEC_I_CONTINUE_NEEDED) {
                started = true;
                buf = Arrays.copyOfRange(buf, buf.length - extra, buf.length);
                needRead = extra == 0;
            } else if (status == SecStatus.SEC_E_OK) {
                leftover = Arrays.copyOfRange(buf, buf.length - extra, buf.length);
                break;
            } else {
                return failed(status, "ASC failed");
            }
        }
        if (status != SecStatus.SEC_E_OK) {
            return failed(status, "no end to the handshake");
        }
        SspiStreams.Decryptor dec = SspiStreams.decryptor(ctx);
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        dec.feed(leftover);
        request.writeBytes(dec.takePlaintext());
        while (!request.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
            byte[] more = read(in);
            if (more == null || SecStatus.failed(dec.feed(more)) && dec.status() != SecStatus.SEC_E_INCOMPLETE_MESSAGE
                    || dec.contextExpired()) {
                break;
            }
            request.writeBytes(dec.takePlaintext());
        }
        String text = request.toString(StandardCharsets.ISO_8859_1);
        String response = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + BODY.length()
                + "\r\nConnection: close\r\n\r\n" + BODY;
        out.write(SspiStreams.encrypt(ctx, response.getBytes(StandardCharsets.US_ASCII)));
        Conn c = describe(ctx, status, text);
        out.write(shutdown(ctx));
        out.flush();
        s.shutdownOutput();
        // Let the client read to the end (and send its own close_notify) before the socket closes.
        try {
            while (read(in) != null) {
                // drain, bounded by the socket timeout
            }
        } catch (IOException e) {
            // a reset after the client's close is fine
        }
        Sspi.deleteSecurityContext(ctx);
        return c;
    }

    private Conn describe(CtxtHandle ctx, int status, String request) {
        Holder<Object> h = new Holder<>();
        Sspi.queryContextAttributes(ctx, SecPkgAttr.SECPKG_ATTR_CONNECTION_INFO, h);
        int protocol = ((SecPkgContext.ConnectionInfo) h.value).dwProtocol;
        Sspi.queryContextAttributes(ctx, SecPkgAttr.SECPKG_ATTR_APPLICATION_PROTOCOL, h);
        String ap = ((SecPkgContext.ApplicationProtocol) h.value).getProtocol();
        X509Certificate[] chain = null;
        if (Sspi.queryContextAttributes(ctx, SecPkgAttr.SECPKG_ATTR_REMOTE_CERT_CONTEXT, h) == SecStatus.SEC_E_OK) {
            chain = ((CertContext) h.value).getChain();
        }
        Sspi.queryContextAttributes(ctx, SecPkgAttr.SECPKG_ATTR_SESSION_INFO, h);
        boolean reconnect = ((SecPkgContext.SessionInfo) h.value).isReconnect();
        X509Certificate local = Sspi.queryContextAttributes(ctx, SecPkgAttr.SECPKG_ATTR_LOCAL_CERT_CONTEXT, h)
                == SecStatus.SEC_E_OK ? ((CertContext) h.value).getCertificate() : null;
        return new Conn(status, protocol, ap, chain, reconnect, local, request, null);
    }

    private byte[] shutdown(CtxtHandle ctx) {
        byte[] dword = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(SchannelConstants.SCHANNEL_SHUTDOWN).array();
        Sspi.applyControlToken(ctx, new SecBufferDesc(new SecBuffer(SecBufferType.SECBUFFER_TOKEN, dword)));
        SecBuffer token = new SecBuffer(SecBufferType.SECBUFFER_TOKEN);
        int st = Sspi.acceptSecurityContext(cred, ctx, new SecBufferDesc(new SecBuffer(SecBufferType.SECBUFFER_TOKEN,
                new byte[0]), SecBuffer.empty()), req, ctx, new SecBufferDesc(token), new IntHolder(), new TimeStamp());
        byte[] b = st == SecStatus.SEC_E_OK || st == SecStatus.SEC_I_CONTEXT_EXPIRED ? token.toByteArray() : new byte[0];
        free(token);
        return b;
    }

    private static Conn failed(int status, String why) {
        return new Conn(status, 0, null, null, false, null, null, why + ": " + SecStatus.describe(status));
    }

    private static byte[] read(InputStream in) throws IOException {
        byte[] tmp = new byte[32 * 1024];
        try {
            int n = in.read(tmp);
            return n < 0 ? null : Arrays.copyOf(tmp, n);
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    private static void free(SecBuffer b) {
        if (b.isPackageAllocated()) {
            Sspi.freeContextBuffer(b);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        socket.close();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
