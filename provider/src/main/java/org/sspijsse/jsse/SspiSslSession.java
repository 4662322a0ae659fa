package org.sspijsse.jsse;

import java.security.Principal;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSessionBindingEvent;
import javax.net.ssl.SSLSessionBindingListener;
import javax.net.ssl.SSLSessionContext;

/**
 * An {@code ExtendedSSLSession} filled from QueryContextAttributes once the handshake is done
 * (CONNECTION_INFO, CIPHER_INFO, REMOTE_CERT_CONTEXT, LOCAL_CERT_CONTEXT, SESSION_INFO). Before
 * that, the "null" session SunJSSE also reports: protocol NONE, suite SSL_NULL_WITH_NULL_NULL.
 */
final class SspiSslSession extends ExtendedSSLSession {
    /** At least SunJSSE's figure, so buffers sized before the handshake are big enough. */
    static final int PACKET_BUFFER_SIZE = 16709;
    /** The largest legal TLS 1.2 record (2^14 + 2048 + 5, RFC 5246 §6.2.3). */
    static final int MAX_PACKET_BUFFER_SIZE = 16384 + 2048 + 5;

    private final byte[] id;
    private final String protocol;
    private final String cipherSuite;
    private final X509Certificate[] peerCerts;
    private final X509Certificate[] localCerts;
    private final String peerHost;
    private final int peerPort;
    private final List<SNIServerName> requestedServerNames;
    private final long creationTime = System.currentTimeMillis();
    private volatile long lastAccessedTime = creationTime;
    private volatile int packetBufferSize = PACKET_BUFFER_SIZE;
    private volatile boolean valid = true;
    private volatile SessionContext context;
    private final Map<String, Object> values = new ConcurrentHashMap<>();

    SspiSslSession(byte[] id, String protocol, String cipherSuite, X509Certificate[] peerCerts,
            X509Certificate[] localCerts, String peerHost, int peerPort, List<SNIServerName> requestedServerNames) {
        this.id = id == null ? new byte[0] : id.clone();
        this.protocol = protocol;
        this.cipherSuite = cipherSuite;
        this.peerCerts = peerCerts;
        this.localCerts = localCerts;
        this.peerHost = peerHost;
        this.peerPort = peerPort;
        this.requestedServerNames = requestedServerNames == null ? List.of() : List.copyOf(requestedServerNames);
    }

    /** The session of an engine whose handshake has not completed. */
    static SspiSslSession nullSession(String host, int port) {
        return new SspiSslSession(new byte[0], "NONE", "SSL_NULL_WITH_NULL_NULL", null, null, host, port, null);
    }

    void bind(SessionContext c) {
        this.context = c;
    }

    void growPacketBufferSize(int recordLength) {
        if (recordLength > packetBufferSize) {
            packetBufferSize = Math.min(recordLength, MAX_PACKET_BUFFER_SIZE);
        }
    }

    void touch() {
        lastAccessedTime = System.currentTimeMillis();
    }

    @Override
    public byte[] getId() {
        return id.clone();
    }

    @Override
    public SSLSessionContext getSessionContext() {
        return context;
    }

    @Override
    public long getCreationTime() {
        return creationTime;
    }

    @Override
    public long getLastAccessedTime() {
        return lastAccessedTime;
    }

    @Override
    public void invalidate() {
        valid = false;
        SessionContext c = context;
        if (c != null) {
            c.remove(this);
        }
    }

    @Override
    public boolean isValid() {
        SessionContext c = context;
        return valid && id.length > 0 && (c == null || !c.isExpired(this));
    }

    @Override
    public void putValue(String name, Object value) {
        if (name == null || value == null) {
            throw new IllegalArgumentException("name and value must not be null");
        }
        Object old = values.put(name, value);
        if (old instanceof SSLSessionBindingListener) {
            ((SSLSessionBindingListener) old).valueUnbound(new SSLSessionBindingEvent(this, name));
        }
        if (value instanceof SSLSessionBindingListener) {
            ((SSLSessionBindingListener) value).valueBound(new SSLSessionBindingEvent(this, name));
        }
    }

    @Override
    public Object getValue(String name) {
        if (name == null) {
            throw new IllegalArgumentException("name must not be null");
        }
        return values.get(name);
    }

    @Override
    public void removeValue(String name) {
        if (name == null) {
            throw new IllegalArgumentException("name must not be null");
        }
        Object old = values.remove(name);
        if (old instanceof SSLSessionBindingListener) {
            ((SSLSessionBindingListener) old).valueUnbound(new SSLSessionBindingEvent(this, name));
        }
    }

    @Override
    public String[] getValueNames() {
        return values.keySet().toArray(new String[0]);
    }

    @Override
    public Certificate[] getPeerCertificates() throws SSLPeerUnverifiedException {
        if (peerCerts == null || peerCerts.length == 0) {
            throw new SSLPeerUnverifiedException("peer not authenticated");
        }
        return peerCerts.clone();
    }

    @Override
    public Certificate[] getLocalCertificates() {
        return localCerts == null || localCerts.length == 0 ? null : localCerts.clone();
    }

    /** Deprecated in JSSE; SunJSSE throws this since JDK 15, and so do we. */
    @SuppressWarnings("removal")
    @Override
    public javax.security.cert.X509Certificate[] getPeerCertificateChain() {
        throw new UnsupportedOperationException("This method is deprecated and marked for removal");
    }

    @Override
    public Principal getPeerPrincipal() throws SSLPeerUnverifiedException {
        return ((X509Certificate) getPeerCertificates()[0]).getSubjectX500Principal();
    }

    @Override
    public Principal getLocalPrincipal() {
        return localCerts == null || localCerts.length == 0 ? null : localCerts[0].getSubjectX500Principal();
    }

    @Override
    public String getCipherSuite() {
        return cipherSuite;
    }

    @Override
    public String getProtocol() {
        return protocol;
    }

    @Override
    public String getPeerHost() {
        return peerHost;
    }

    @Override
    public int getPeerPort() {
        return peerPort;
    }

    @Override
    public int getPacketBufferSize() {
        return packetBufferSize;
    }

    @Override
    public int getApplicationBufferSize() {
        // As SunJSSE: the packet size less a record header, which holds the largest TLS 1.3 record.
        return packetBufferSize - 5;
    }

    @Override
    public String[] getLocalSupportedSignatureAlgorithms() {
        return SIGNATURE_SCHEMES.clone();
    }

    @Override
    public String[] getPeerSupportedSignatureAlgorithms() {
        // The package does not report the peer's list; the schemes we accept are the honest bound.
        return SIGNATURE_SCHEMES.clone();
    }

    /** No OCSP stapling yet: no responses (the JDK's default throws, and SunJSSE's trust manager asks). */
    @Override
    public List<byte[]> getStatusResponses() {
        return List.of();
    }

    @Override
    public List<SNIServerName> getRequestedServerNames() {
        return requestedServerNames;
    }

    static List<SNIServerName> hostName(String host) {
        if (host == null || host.isEmpty() || !host.contains(".") && !host.equals("localhost")) {
            return List.of();
        }
        try {
            List<SNIServerName> l = new ArrayList<>();
            l.add(new SNIHostName(host));
            return Collections.unmodifiableList(l);
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    /**
     * The signature algorithms of the schemes the package signs and verifies with, as JSSE reports
     * them: JCA standard names (SunJSSE's trust manager builds its algorithm constraints from these).
     */
    private static final String[] SIGNATURE_SCHEMES = {
        "SHA256withECDSA", "SHA384withECDSA", "SHA512withECDSA", "Ed25519", "RSASSA-PSS",
        "SHA256withRSA", "SHA384withRSA", "SHA512withRSA",
    };
}
