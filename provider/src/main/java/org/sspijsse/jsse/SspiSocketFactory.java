package org.sspijsse.jsse;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.ssl.SSLSocketFactory;

/** {@code SSLSocketFactory} of an {@link SspiSslContext}: every socket is an {@link SspiSslSocket}. */
final class SspiSocketFactory extends SSLSocketFactory {
    private final SspiSslContext context;

    SspiSocketFactory(SspiSslContext context) {
        this.context = context;
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return context.engineGetDefaultSSLParameters().getCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return context.engineGetSupportedSSLParameters().getCipherSuites();
    }

    /** Unconnected: {@code connect} later; the peer host for SNI and resumption is unknown. */
    @Override
    public Socket createSocket() throws IOException {
        return new SspiSslSocket(context, new Socket(), null, -1, true, true);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return new SspiSslSocket(context, new Socket(host, port), host, port, true, true);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return new SspiSslSocket(context, new Socket(host, port, localHost, localPort), host, port, true, true);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return new SspiSslSocket(context, new Socket(host, port), host.getHostAddress(), port, true, true);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return new SspiSslSocket(context, new Socket(address, port, localAddress, localPort),
                address.getHostAddress(), port, true, true);
    }

    /** Layers TLS (client mode) over a connected socket. */
    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        requireConnected(s);
        if (host == null) {
            host = s.getInetAddress().getHostAddress();
        }
        return new SspiSslSocket(context, s, host, port, autoClose, true);
    }

    /** Server side over a connected socket whose first bytes were read already ({@code consumed}). */
    @Override
    public Socket createSocket(Socket s, InputStream consumed, boolean autoClose) throws IOException {
        requireConnected(s);
        InetSocketAddress peer = (InetSocketAddress) s.getRemoteSocketAddress();
        SspiSslSocket ssl = new SspiSslSocket(context, s, null, peer == null ? -1 : peer.getPort(), autoClose, false);
        if (consumed != null) {
            ssl.prefix(consumed.readAllBytes());
        }
        return ssl;
    }

    private static void requireConnected(Socket s) throws IOException {
        if (s == null) {
            throw new NullPointerException("socket");
        }
        if (!s.isConnected()) {
            throw new java.net.SocketException("the underlying socket is not connected");
        }
    }
}
