package org.sspijsse.jsse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import javax.net.ssl.HandshakeCompletedEvent;
import javax.net.ssl.HandshakeCompletedListener;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * {@code SSLSocket} over an {@link SspiSslEngine} and a plain socket: the socket is a driver of
 * the engine, so sockets and engines take one path through the SSPI layer.
 *
 * <p>Locks: {@code handshakeLock} (held for the whole initial handshake) then {@code readLock}
 * (the inbound buffers, unwrap) then {@code writeLock} (the outbound buffer, wrap). A reader only
 * takes {@code writeLock} to flush what the engine asks to send (a close_notify reply); a writer
 * never takes {@code readLock}; so one thread may read while another writes. Delegated tasks run
 * inline. A socket timeout leaves the buffered partial record in place, so the next read resumes.
 *
 * <p>EOF from the peer without close_notify: during the handshake an {@link SSLHandshakeException};
 * after it, read returns -1 (SunJSSE on JDK 17 does the same for the application stream).
 */
final class SspiSslSocket extends SSLSocket {
    private final Socket raw;
    private final boolean autoClose;
    private final SspiSslEngine engine;

    private final Object handshakeLock = new Object();
    private final Object readLock = new Object();
    private final Object writeLock = new Object();

    private ByteBuffer netIn;   // readLock; filled from the raw stream, read mode between calls
    private ByteBuffer appIn;   // readLock; decrypted, read mode between calls
    private ByteBuffer netOut;  // writeLock
    private volatile int buffered;
    private byte[] prefix;      // already-read bytes handed to the server form, consumed first

    private volatile boolean handshakeDone;
    private volatile boolean everStarted;
    private volatile boolean closed;
    private volatile boolean inputShut;
    private volatile boolean outputShut;
    private volatile boolean eof;
    private volatile SSLException failure;
    private final List<HandshakeCompletedListener> listeners = new CopyOnWriteArrayList<>();

    private final InputStream in = new AppInput();
    private final OutputStream out = new AppOutput();

    SspiSslSocket(SspiSslContext context, Socket raw, String host, int port, boolean autoClose, boolean client) {
        this.raw = raw;
        this.autoClose = autoClose;
        this.engine = new SspiSslEngine(context, host, port);
        engine.setUseClientMode(client);
    }

    /** Server form: {@code consumed} holds bytes already read from {@code raw}. */
    void prefix(byte[] consumed) {
        prefix = consumed != null && consumed.length > 0 ? consumed : null;
    }

    SSLEngine engine() {
        return engine;
    }

    // ---------------------------------------------------------------- handshake

    @Override
    public void startHandshake() throws IOException {
        checkOpen();
        synchronized (handshakeLock) {
            if (handshakeDone) {
                return;
            }
            if (failure != null) {
                SSLHandshakeException again = new SSLHandshakeException("the handshake failed earlier: " + failure.getMessage());
                again.initCause(failure);
                throw again;
            }
            synchronized (readLock) {
                synchronized (writeLock) {
                    allocate();
                    try {
                        if (!everStarted) {
                            everStarted = true;
                            engine.beginHandshake();
                        }
                        drive();
                    } catch (SSLException failed) {
                        failure = failed;
                        throw failed;
                    }
                }
            }
            handshakeDone = true;
        }
        fireCompleted();
    }

    private void ensureHandshake() throws IOException {
        if (!handshakeDone) {
            startHandshake();
        }
    }

    private void allocate() {
        if (netIn == null) {
            SSLSession s = engine.getSession();
            netIn = ByteBuffer.allocate(s.getPacketBufferSize());
            netIn.flip();
            appIn = ByteBuffer.allocate(s.getApplicationBufferSize());
            appIn.flip();
            netOut = ByteBuffer.allocate(s.getPacketBufferSize());
        }
    }

    /** Runs the engine until it stops handshaking; both data locks held. */
    private void drive() throws IOException {
        for (int guard = 0; guard < 100_000; guard++) {
            HandshakeStatus hs = engine.getHandshakeStatus();
            switch (hs) {
                case NEED_TASK:
                    runTasks();
                    break;
                case NEED_WRAP:
                    wrapAndSend(ByteBuffer.allocate(0));
                    break;
                case NEED_UNWRAP:
                case NEED_UNWRAP_AGAIN:
                    if (!unwrapOnce(true)) {
                        throw new SSLHandshakeException("Remote host terminated the handshake");
                    }
                    break;
                default:
                    return;
            }
        }
        throw new SSLException("handshake did not settle");
    }

    private void runTasks() {
        Runnable r;
        while ((r = engine.getDelegatedTask()) != null) {
            r.run();
        }
    }

    private void fireCompleted() {
        if (listeners.isEmpty()) {
            return;
        }
        HandshakeCompletedEvent ev = new HandshakeCompletedEvent(this, engine.getSession());
        List<HandshakeCompletedListener> copy = List.copyOf(listeners);
        Thread t = new Thread(() -> {
            for (HandshakeCompletedListener l : copy) {
                l.handshakeCompleted(ev);
            }
        }, "SspiJsse HandshakeCompleted");
        t.setDaemon(true);
        t.start();
    }

    // ---------------------------------------------------------------- record I/O

    /** writeLock held. Wraps everything of {@code src} (or one empty wrap) and writes it out. */
    private void wrapAndSend(ByteBuffer src) throws IOException {
        do {
            netOut.clear();
            SSLEngineResult r = engine.wrap(src, netOut);
            switch (r.getStatus()) {
                case BUFFER_OVERFLOW:
                    netOut = ByteBuffer.allocate(Math.max(netOut.capacity() * 2, engine.getSession().getPacketBufferSize()));
                    continue;
                case CLOSED:
                    flushNetOut();
                    if (src.hasRemaining()) {
                        throw new SocketException("Socket output is closed");
                    }
                    return;
                default:
                    break;
            }
            flushNetOut();
            if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                runTasks();
            }
            if (r.bytesProduced() == 0 && r.bytesConsumed() == 0 && !src.hasRemaining()) {
                return;
            }
        } while (src.hasRemaining() || engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP && handshakeDone);
    }

    private void flushNetOut() throws IOException {
        netOut.flip();
        if (netOut.hasRemaining()) {
            raw.getOutputStream().write(netOut.array(), netOut.arrayOffset() + netOut.position(), netOut.remaining());
            raw.getOutputStream().flush();
        }
        netOut.clear();
    }

    /**
     * readLock held. Unwraps one record into {@code appIn}, reading from the raw stream as needed.
     * Returns false at EOF of the raw stream with nothing to unwrap.
     */
    private boolean unwrapOnce(boolean handshaking) throws IOException {
        while (true) {
            if (netIn.hasRemaining()) {
                appIn.compact();
                SSLEngineResult r;
                try {
                    r = engine.unwrap(netIn, appIn);
                } finally {
                    appIn.flip();
                    buffered = appIn.remaining();
                }
                switch (r.getStatus()) {
                    case BUFFER_OVERFLOW:
                        if (appIn.hasRemaining()) {
                            return true; // let the reader drain first
                        }
                        appIn = ByteBuffer.allocate(Math.max(appIn.capacity() * 2,
                                engine.getSession().getApplicationBufferSize()));
                        appIn.flip();
                        continue;
                    case BUFFER_UNDERFLOW:
                        break; // read more below
                    case CLOSED:
                        afterUnwrap(r);
                        eof = true;
                        return true;
                    default:
                        afterUnwrap(r);
                        return true;
                }
            }
            if (!fill()) {
                return false;
            }
        }
    }

    private void afterUnwrap(SSLEngineResult r) throws IOException {
        HandshakeStatus hs = r.getHandshakeStatus();
        if (hs == HandshakeStatus.NEED_TASK) {
            runTasks();
            hs = engine.getHandshakeStatus();
        }
        if (hs == HandshakeStatus.NEED_WRAP && handshakeDone) {
            synchronized (writeLock) {
                if (!closed || !engine.isOutboundDone()) {
                    wrapAndSend(ByteBuffer.allocate(0));
                }
            }
        }
    }

    /** Reads more bytes from the raw stream into {@code netIn}; false at EOF. Timeouts keep state. */
    private boolean fill() throws IOException {
        netIn.compact();
        try {
            if (!netIn.hasRemaining()) {
                ByteBuffer bigger = ByteBuffer.allocate(netIn.capacity() * 2);
                netIn.flip();
                bigger.put(netIn);
                netIn = bigger;
            }
            int n;
            if (prefix != null) {
                n = Math.min(prefix.length, netIn.remaining());
                netIn.put(prefix, 0, n);
                prefix = n == prefix.length ? null : java.util.Arrays.copyOfRange(prefix, n, prefix.length);
            } else {
                n = raw.getInputStream().read(netIn.array(), netIn.arrayOffset() + netIn.position(), netIn.remaining());
                if (n > 0) {
                    netIn.position(netIn.position() + n);
                }
            }
            return n >= 0;
        } finally {
            netIn.flip();
        }
    }

    private int readApp(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        checkOpen();
        if (inputShut) {
            return -1;
        }
        ensureHandshake();
        if (len == 0) {
            return 0;
        }
        synchronized (readLock) {
            while (!appIn.hasRemaining()) {
                if (eof || engine.isInboundDone()) {
                    return -1;
                }
                if (!unwrapOnce(false)) {
                    eof = true;
                    try {
                        engine.closeInbound();
                    } catch (SSLException truncated) {
                        // no close_notify: -1, as SunJSSE's application stream does after the handshake
                    }
                    return -1;
                }
            }
            int n = Math.min(len, appIn.remaining());
            appIn.get(b, off, n);
            buffered = appIn.remaining();
            return n;
        }
    }

    private void writeApp(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        checkOpen();
        if (outputShut) {
            throw new SocketException("Socket output is shutdown");
        }
        ensureHandshake();
        synchronized (writeLock) {
            ByteBuffer src = ByteBuffer.wrap(b, off, len);
            while (src.hasRemaining()) {
                int chunk = Math.min(src.remaining(), 16384);
                ByteBuffer slice = src.slice();
                slice.limit(chunk);
                wrapAndSend(slice);
                src.position(src.position() + chunk);
            }
        }
    }

    private final class AppInput extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = readApp(one, 0, 1);
            return n <= 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return readApp(b, off, len);
        }

        @Override
        public int available() throws IOException {
            checkOpen();
            return buffered;
        }

        @Override
        public void close() throws IOException {
            SspiSslSocket.this.close();
        }
    }

    private final class AppOutput extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            writeApp(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            writeApp(b, off, len);
        }

        @Override
        public void close() throws IOException {
            SspiSslSocket.this.close();
        }
    }

    // ---------------------------------------------------------------- close

    private void checkOpen() throws SocketException {
        if (closed) {
            throw new SocketException("Socket is closed");
        }
        if (!raw.isConnected()) {
            throw new SocketException("Socket is not connected");
        }
    }

    private void sendCloseNotify() throws IOException {
        synchronized (writeLock) {
            engine.closeOutbound();
            if (netOut == null) {
                return; // never handshook: nothing to protect, nothing sent
            }
            for (int i = 0; i < 16 && !engine.isOutboundDone(); i++) {
                wrapAndSend(ByteBuffer.allocate(0));
            }
        }
    }

    @Override
    public void shutdownOutput() throws IOException {
        checkOpen();
        if (!outputShut) {
            outputShut = true;
            if (everStarted) {
                sendCloseNotify();
            } else {
                engine.closeOutbound();
            }
        }
    }

    @Override
    public void shutdownInput() throws IOException {
        checkOpen();
        inputShut = true;
    }

    @Override
    public boolean isOutputShutdown() {
        return outputShut || raw.isOutputShutdown();
    }

    @Override
    public boolean isInputShutdown() {
        return inputShut || raw.isInputShutdown();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            if (raw.isConnected() && !raw.isClosed() && everStarted && !outputShut) {
                outputShut = true;
                sendCloseNotify();
            }
        } catch (IOException ignored) {
            // the peer may be gone already; closing goes on
        } finally {
            closed = true;
            if (autoClose) {
                raw.close();
            }
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    // ---------------------------------------------------------------- SSLSocket API

    @Override
    public InputStream getInputStream() throws IOException {
        checkOpen();
        return in;
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        checkOpen();
        return out;
    }

    @Override
    public SSLSession getSession() {
        if (!handshakeDone && !closed && raw.isConnected()) {
            try {
                startHandshake();
            } catch (IOException failed) {
                return engine.getSession();
            }
        }
        return engine.getSession();
    }

    @Override
    public SSLSession getHandshakeSession() {
        return engine.getHandshakeSession();
    }

    @Override
    public void addHandshakeCompletedListener(HandshakeCompletedListener l) {
        if (l == null) {
            throw new IllegalArgumentException("listener is null");
        }
        listeners.add(l);
    }

    @Override
    public void removeHandshakeCompletedListener(HandshakeCompletedListener l) {
        if (l == null) {
            throw new IllegalArgumentException("listener is null");
        }
        if (!listeners.remove(l)) {
            throw new IllegalArgumentException("listener not registered");
        }
    }

    @Override public String[] getSupportedCipherSuites() { return engine.getSupportedCipherSuites(); }
    @Override public String[] getEnabledCipherSuites() { return engine.getEnabledCipherSuites(); }
    @Override public void setEnabledCipherSuites(String[] s) { engine.setEnabledCipherSuites(s); }
    @Override public String[] getSupportedProtocols() { return engine.getSupportedProtocols(); }
    @Override public String[] getEnabledProtocols() { return engine.getEnabledProtocols(); }
    @Override public void setEnabledProtocols(String[] p) { engine.setEnabledProtocols(p); }
    @Override public void setUseClientMode(boolean mode) { engine.setUseClientMode(mode); }
    @Override public boolean getUseClientMode() { return engine.getUseClientMode(); }
    @Override public void setNeedClientAuth(boolean need) { engine.setNeedClientAuth(need); }
    @Override public boolean getNeedClientAuth() { return engine.getNeedClientAuth(); }
    @Override public void setWantClientAuth(boolean want) { engine.setWantClientAuth(want); }
    @Override public boolean getWantClientAuth() { return engine.getWantClientAuth(); }
    @Override public void setEnableSessionCreation(boolean flag) { engine.setEnableSessionCreation(flag); }
    @Override public boolean getEnableSessionCreation() { return engine.getEnableSessionCreation(); }
    @Override public SSLParameters getSSLParameters() { return engine.getSSLParameters(); }
    @Override public void setSSLParameters(SSLParameters p) { engine.setSSLParameters(p); }
    @Override public String getApplicationProtocol() { return engine.getApplicationProtocol(); }
    @Override public String getHandshakeApplicationProtocol() { return engine.getHandshakeApplicationProtocol(); }

    @Override
    public void setHandshakeApplicationProtocolSelector(BiFunction<SSLSocket, List<String>, String> selector) {
        engine.setHandshakeApplicationProtocolSelector(
                selector == null ? null : (e, protocols) -> selector.apply(this, protocols));
    }

    // ---------------------------------------------------------------- plain socket, delegated

    @Override public void connect(SocketAddress a) throws IOException { raw.connect(a); }
    @Override public void connect(SocketAddress a, int timeout) throws IOException { raw.connect(a, timeout); }
    @Override public void bind(SocketAddress a) throws IOException { raw.bind(a); }
    @Override public InetAddress getInetAddress() { return raw.getInetAddress(); }
    @Override public InetAddress getLocalAddress() { return raw.getLocalAddress(); }
    @Override public int getPort() { return raw.getPort(); }
    @Override public int getLocalPort() { return raw.getLocalPort(); }
    @Override public SocketAddress getRemoteSocketAddress() { return raw.getRemoteSocketAddress(); }
    @Override public SocketAddress getLocalSocketAddress() { return raw.getLocalSocketAddress(); }
    @Override public boolean isConnected() { return raw.isConnected(); }
    @Override public boolean isBound() { return raw.isBound(); }
    @Override public void setSoTimeout(int t) throws SocketException { raw.setSoTimeout(t); }
    @Override public int getSoTimeout() throws SocketException { return raw.getSoTimeout(); }
    @Override public void setTcpNoDelay(boolean on) throws SocketException { raw.setTcpNoDelay(on); }
    @Override public boolean getTcpNoDelay() throws SocketException { return raw.getTcpNoDelay(); }
    @Override public void setKeepAlive(boolean on) throws SocketException { raw.setKeepAlive(on); }
    @Override public boolean getKeepAlive() throws SocketException { return raw.getKeepAlive(); }
    @Override public void setSoLinger(boolean on, int l) throws SocketException { raw.setSoLinger(on, l); }
    @Override public int getSoLinger() throws SocketException { return raw.getSoLinger(); }
    @Override public void setReceiveBufferSize(int n) throws SocketException { raw.setReceiveBufferSize(n); }
    @Override public int getReceiveBufferSize() throws SocketException { return raw.getReceiveBufferSize(); }
    @Override public void setSendBufferSize(int n) throws SocketException { raw.setSendBufferSize(n); }
    @Override public int getSendBufferSize() throws SocketException { return raw.getSendBufferSize(); }
    @Override public void setReuseAddress(boolean on) throws SocketException { raw.setReuseAddress(on); }
    @Override public boolean getReuseAddress() throws SocketException { return raw.getReuseAddress(); }
    @Override public void setTrafficClass(int tc) throws SocketException { raw.setTrafficClass(tc); }
    @Override public int getTrafficClass() throws SocketException { return raw.getTrafficClass(); }
    @Override public void sendUrgentData(int d) throws IOException { throw new SocketException("urgent data is not supported over TLS"); }
    @Override public void setOOBInline(boolean on) throws SocketException { throw new SocketException("OOB data is not supported over TLS"); }
    @Override public boolean getOOBInline() throws SocketException { throw new SocketException("OOB data is not supported over TLS"); }

    @Override
    public String toString() {
        return "SspiSslSocket[" + (engine.getUseClientMode() ? "client" : "server") + ", " + raw + "]";
    }

}
