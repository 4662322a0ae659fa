package org.sspijsse.cli;

import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import org.sspijsse.sspi.CertContext;
import org.sspijsse.sspi.SecPkgAttr;
import org.sspijsse.sspi.SecPkgContext;

/**
 * The summary printed after the handshake, each line from one QueryContextAttributes call:
 * protocol (CONNECTION_INFO), cipher suite (CIPHER_INFO), ALPN (APPLICATION_PROTOCOL), peer
 * (REMOTE_CERT_CONTEXT), session (SESSION_INFO) and stream sizes (STREAM_SIZES).
 */
final class ConnectionReport {
    private ConnectionReport() {
    }

    static final String NOT_AVAILABLE = "(not available)";

    /** What the queries gave, rendered; {@code peerSubject} is null without a peer certificate. */
    record Facts(String protocol, String cipherSuite, String alpn, String peer, String peerSubject, String session,
            String streamSizes) {

        /** The summary rows, in the order they were asked; a server calls its peer "client cert". */
        List<String> rows(boolean server) {
            return List.of(row("protocol", protocol), row("cipher suite", cipherSuite), row("ALPN", alpn),
                    row(server ? "client cert" : "peer", peer), row("session", session),
                    row("stream sizes", streamSizes));
        }
    }

    /** Asks the context for each attribute (every call is traced) and renders the answers. */
    static Facts collect(SspiConnection loop) {
        Object info = loop.query(SecPkgAttr.SECPKG_ATTR_CONNECTION_INFO, "SECPKG_ATTR_CONNECTION_INFO");
        String protocol = info instanceof SecPkgContext.ConnectionInfo
                ? ProtocolNames.name(((SecPkgContext.ConnectionInfo) info).dwProtocol) : NOT_AVAILABLE;
        Object cipher = loop.query(SecPkgAttr.SECPKG_ATTR_CIPHER_INFO, "SECPKG_ATTR_CIPHER_INFO");
        String suite = cipher instanceof SecPkgContext.CipherInfo ? cipher((SecPkgContext.CipherInfo) cipher)
                : NOT_AVAILABLE;
        Object alpn = loop.query(SecPkgAttr.SECPKG_ATTR_APPLICATION_PROTOCOL, "SECPKG_ATTR_APPLICATION_PROTOCOL");
        String protocolId = alpn instanceof SecPkgContext.ApplicationProtocol
                ? alpn((SecPkgContext.ApplicationProtocol) alpn) : NOT_AVAILABLE;
        Object peer = loop.query(SecPkgAttr.SECPKG_ATTR_REMOTE_CERT_CONTEXT, "SECPKG_ATTR_REMOTE_CERT_CONTEXT");
        X509Certificate peerCert = peer instanceof CertContext ? ((CertContext) peer).getCertificate() : null;
        String peerText = peer instanceof CertContext ? peer((CertContext) peer) : "(none)";
        Object session = loop.query(SecPkgAttr.SECPKG_ATTR_SESSION_INFO, "SECPKG_ATTR_SESSION_INFO");
        String sessionText = session instanceof SecPkgContext.SessionInfo
                ? session((SecPkgContext.SessionInfo) session) : NOT_AVAILABLE;
        String sizes;
        try {
            sizes = StreamBuffers.describe(loop.streamSizes());
        } catch (SspiCallException e) {
            sizes = NOT_AVAILABLE;
        }
        return new Facts(protocol, suite, protocolId, peerText,
                peerCert == null ? null : peerCert.getSubjectX500Principal().getName(), sessionText, sizes);
    }

    /** {@code "  protocol       TLSv1.3"}: a label column, then the value. */
    static String row(String label, String value) {
        return String.format("  %-14s %s", label, value);
    }

    static String cipher(SecPkgContext.CipherInfo c) {
        return c.szCipherSuite + String.format(" (0x%04X)", c.dwCipherSuite);
    }

    static String alpn(SecPkgContext.ApplicationProtocol a) {
        String p = a.getProtocol();
        return p != null ? p : "(none negotiated)";
    }

    static String peer(CertContext c) {
        X509Certificate cert = c.getCertificate();
        if (cert == null) {
            return "(no certificate)";
        }
        return cert.getSubjectX500Principal().getName() + ", issued by " + cert.getIssuerX500Principal().getName()
                + " (chain of " + c.getChainLength() + ")";
    }

    static String session(SecPkgContext.SessionInfo s) {
        String id = s.cbSessionId == 0 ? "no id" : "id " + HexFormat.of().formatHex(s.getSessionId(), 0,
                Math.min(8, s.cbSessionId)) + (s.cbSessionId > 8 ? "..." : "") + " (" + s.cbSessionId + " bytes)";
        return (s.isReconnect() ? "resumed" : "new") + ", " + id;
    }
}
