package org.sspijsse.jsse;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;

/**
 * {@code SSLServerSocket}: accepts plain connections and returns {@link SspiSslSocket}s in server
 * mode (unless {@link #setUseClientMode} said otherwise) carrying this socket's SSL parameters
 * (protocols, suites, need/want client auth, SNI matchers, ALPN...). The parameters are held in
 * a template engine, so they are validated exactly as the engine validates them.
 */
final class SspiSslServerSocket extends SSLServerSocket {
    private final SspiSslContext context;
    private final SspiSslEngine template;

    SspiSslServerSocket(SspiSslContext context) throws IOException {
        super();
        this.context = context;
        this.template = template(context);
    }

    SspiSslServerSocket(SspiSslContext context, int port, int backlog, InetAddress bindAddr) throws IOException {
        super(port, backlog, bindAddr);
        this.context = context;
        this.template = template(context);
    }

    private static SspiSslEngine template(SspiSslContext context) {
        SspiSslEngine e = new SspiSslEngine(context, null, -1);
        e.setUseClientMode(false);
        return e;
    }

    @Override
    public Socket accept() throws IOException {
        Socket plain = new Socket();
        implAccept(plain);
        SspiSslSocket s;
        synchronized (template) {
            s = new SspiSslSocket(context, plain, null, -1, true, template.getUseClientMode());
            SSLParameters p = template.getSSLParameters();
            s.setSSLParameters(p);
            s.setEnableSessionCreation(template.getEnableSessionCreation());
            if (template.getHandshakeApplicationProtocolSelector() != null) {
                s.engine().setHandshakeApplicationProtocolSelector(template.getHandshakeApplicationProtocolSelector());
            }
        }
        return s;
    }

    @Override public synchronized String[] getEnabledCipherSuites() { return template.getEnabledCipherSuites(); }
    @Override public synchronized void setEnabledCipherSuites(String[] s) { template.setEnabledCipherSuites(s); }
    @Override public String[] getSupportedCipherSuites() { return template.getSupportedCipherSuites(); }
    @Override public String[] getSupportedProtocols() { return template.getSupportedProtocols(); }
    @Override public synchronized String[] getEnabledProtocols() { return template.getEnabledProtocols(); }
    @Override public synchronized void setEnabledProtocols(String[] p) { template.setEnabledProtocols(p); }
    @Override public synchronized void setNeedClientAuth(boolean need) { template.setNeedClientAuth(need); }
    @Override public synchronized boolean getNeedClientAuth() { return template.getNeedClientAuth(); }
    @Override public synchronized void setWantClientAuth(boolean want) { template.setWantClientAuth(want); }
    @Override public synchronized boolean getWantClientAuth() { return template.getWantClientAuth(); }
    @Override public synchronized void setUseClientMode(boolean mode) { template.setUseClientMode(mode); }
    @Override public synchronized boolean getUseClientMode() { return template.getUseClientMode(); }
    @Override public synchronized void setEnableSessionCreation(boolean flag) { template.setEnableSessionCreation(flag); }
    @Override public synchronized boolean getEnableSessionCreation() { return template.getEnableSessionCreation(); }
    @Override public synchronized SSLParameters getSSLParameters() { return template.getSSLParameters(); }
    @Override public synchronized void setSSLParameters(SSLParameters p) { template.setSSLParameters(p); }

    @Override
    public String toString() {
        return "SspiSslServerSocket[" + super.toString() + "]";
    }
}
