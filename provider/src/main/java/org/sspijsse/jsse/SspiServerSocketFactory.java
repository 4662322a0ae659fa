package org.sspijsse.jsse;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import javax.net.ssl.SSLServerSocketFactory;

/** {@code SSLServerSocketFactory} of an {@link SspiSslContext}. */
final class SspiServerSocketFactory extends SSLServerSocketFactory {
    private static final int DEFAULT_BACKLOG = 50;
    private final SspiSslContext context;

    SspiServerSocketFactory(SspiSslContext context) {
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

    @Override
    public ServerSocket createServerSocket() throws IOException {
        return new SspiSslServerSocket(context);
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        return new SspiSslServerSocket(context, port, DEFAULT_BACKLOG, null);
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog) throws IOException {
        return new SspiSslServerSocket(context, port, backlog, null);
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress ifAddress) throws IOException {
        return new SspiSslServerSocket(context, port, backlog, ifAddress);
    }
}
