package org.sspijsse.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;

/**
 * A plain TCP connection to 127.0.0.1 for driving our SSPI client against a real peer (openssl
 * s_server). Every read is bounded by a timeout; {@link #close()} closes the socket.
 */
public final class SocketTransport implements Transport, AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] readBuffer = new byte[64 * 1024];

    private SocketTransport(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects to 127.0.0.1:{@code port} within {@code timeout}. */
    public static SocketTransport connect(int port, Duration timeout) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) timeout.toMillis());
            return new SocketTransport(s);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** Connects with a 5 s timeout. */
    public static SocketTransport connect(int port) throws IOException {
        return connect(port, Duration.ofSeconds(5));
    }

    public Socket socket() {
        return socket;
    }

    @Override
    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    @Override
    public byte[] receive(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        try {
            int n = in.read(readBuffer);
            return n < 0 ? null : Arrays.copyOf(readBuffer, n);
        } catch (SocketTimeoutException e) {
            return new byte[0];
        }
    }

    @Override
    public byte[] available() throws IOException {
        int n = Math.min(in.available(), readBuffer.length);
        if (n <= 0) {
            return new byte[0];
        }
        int r = in.read(readBuffer, 0, n);
        return r <= 0 ? new byte[0] : Arrays.copyOf(readBuffer, r);
    }

    /** Exactly {@code n} bytes, or an exception (EOF, or {@code timeout} passed). */
    public byte[] readExactly(int n, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] buf = new byte[n];
        int have = 0;
        while (have < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("read " + have + " of " + n + " bytes in " + timeout);
            }
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            int r;
            try {
                r = in.read(buf, have, n - have);
            } catch (SocketTimeoutException e) {
                continue;
            }
            if (r < 0) {
                throw new EOFException("peer closed after " + have + " of " + n + " bytes");
            }
            have += r;
        }
        return buf;
    }

    /** One whole TLS record (5-byte header and body) within {@code timeout}. */
    public byte[] readRecord(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] header = readExactly(5, timeout);
        int len = TlsRecords.length(header, 0);
        byte[] body = readExactly(len, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        ByteArrayOutputStream r = new ByteArrayOutputStream(5 + len);
        r.writeBytes(header);
        r.writeBytes(body);
        return r.toByteArray();
    }

    /** Everything until the peer closes, at most {@code max} bytes, within {@code timeout}. */
    public byte[] readToEnd(int max, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        while (all.size() < max) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            byte[] got = receive(Duration.ofNanos(left));
            if (got == null) {
                break;
            }
            all.writeBytes(got);
        }
        return all.toByteArray();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
