package org.sspijsse.sspi;

/**
 * What a credential's callbacks ({@link CertificateValidator}, {@link ClientCertificateSelector},
 * {@link ServerCertificateSelector}) may know about the handshake that calls them: the caller's own
 * value for the context ({@link CtxtHandle#setApplicationContext}, so that one credential serves
 * many connections and a callback still finds its connection), the server name, and the protocol
 * version negotiated so far. Schannel's C callers get the same from the context handle they passed.
 */
public final class HandshakeInfo {
    private final Object applicationContext;
    private final String serverName;
    private final int protocol;

    public HandshakeInfo(Object applicationContext, String serverName, int protocol) {
        this.applicationContext = applicationContext;
        this.serverName = serverName;
        this.protocol = protocol;
    }

    /** The value the caller set on the context handle before the first ISC/ASC call, or null. */
    public Object getApplicationContext() {
        return applicationContext;
    }

    /**
     * The SNI host name: on a client the one it sends (from {@code pszTargetName}), on a server the
     * one the client sent; null when there is none.
     */
    public String getServerName() {
        return serverName;
    }

    /** {@code SP_PROT_*} bits of the version negotiated so far (as in ConnectionInfo), 0 if none yet. */
    public int getProtocol() {
        return protocol;
    }
}
