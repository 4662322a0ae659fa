package org.sspijsse.sspi;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.security.auth.x500.X500Principal;

/**
 * The structures {@link Sspi#queryContextAttributes} returns, one nested class per
 * {@code SecPkgContext_*} structure, with the Windows field names.
 */
public final class SecPkgContext {
    private SecPkgContext() {
    }

    /** {@code SecPkgContext_StreamSizes} ({@code SECPKG_ATTR_STREAM_SIZES}). */
    public static final class StreamSizes {
        public final int cbHeader;
        public final int cbTrailer;
        public final int cbMaximumMessage;
        public final int cBuffers;
        public final int cbBlockSize;

        public StreamSizes(int cbHeader, int cbTrailer, int cbMaximumMessage, int cBuffers, int cbBlockSize) {
            this.cbHeader = cbHeader;
            this.cbTrailer = cbTrailer;
            this.cbMaximumMessage = cbMaximumMessage;
            this.cBuffers = cBuffers;
            this.cbBlockSize = cbBlockSize;
        }

        @Override
        public String toString() {
            return "StreamSizes{header=" + cbHeader + ", trailer=" + cbTrailer + ", maxMessage="
                    + cbMaximumMessage + ", buffers=" + cBuffers + ", blockSize=" + cbBlockSize + "}";
        }
    }

    /** {@code SecPkgContext_ConnectionInfo} ({@code SECPKG_ATTR_CONNECTION_INFO}); ALG_IDs of wincrypt.h. */
    public static final class ConnectionInfo {
        public final int dwProtocol;
        public final int aiCipher;
        public final int dwCipherStrength;
        public final int aiHash;
        public final int dwHashStrength;
        public final int aiExch;
        public final int dwExchStrength;

        public ConnectionInfo(int dwProtocol, int aiCipher, int dwCipherStrength, int aiHash, int dwHashStrength,
                int aiExch, int dwExchStrength) {
            this.dwProtocol = dwProtocol;
            this.aiCipher = aiCipher;
            this.dwCipherStrength = dwCipherStrength;
            this.aiHash = aiHash;
            this.dwHashStrength = dwHashStrength;
            this.aiExch = aiExch;
            this.dwExchStrength = dwExchStrength;
        }

        @Override
        public String toString() {
            return String.format("ConnectionInfo{protocol=0x%X, cipher=0x%X/%d, hash=0x%X/%d, exch=0x%X/%d}",
                    dwProtocol, aiCipher, dwCipherStrength, aiHash, dwHashStrength, aiExch, dwExchStrength);
        }
    }

    /** {@code SecPkgContext_CipherInfo} ({@code SECPKG_ATTR_CIPHER_INFO}). */
    public static final class CipherInfo {
        public final int dwVersion = 1;
        public final int dwProtocol;
        public final int dwCipherSuite;
        public final String szCipherSuite;
        public final String szCipher;
        public final int dwCipherLen;
        public final String szHash;
        public final int dwHashLen;
        public final String szExchange;
        public final String szCertificate;

        public CipherInfo(int dwProtocol, int dwCipherSuite, String szCipherSuite, String szCipher, int dwCipherLen,
                String szHash, int dwHashLen, String szExchange, String szCertificate) {
            this.dwProtocol = dwProtocol;
            this.dwCipherSuite = dwCipherSuite;
            this.szCipherSuite = szCipherSuite;
            this.szCipher = szCipher;
            this.dwCipherLen = dwCipherLen;
            this.szHash = szHash;
            this.dwHashLen = dwHashLen;
            this.szExchange = szExchange;
            this.szCertificate = szCertificate;
        }

        @Override
        public String toString() {
            return String.format("CipherInfo{%s (0x%04X), protocol=0x%X, cipher=%s/%d, hash=%s, exchange=%s, cert=%s}",
                    szCipherSuite, dwCipherSuite, dwProtocol, szCipher, dwCipherLen, szHash, szExchange,
                    szCertificate);
        }
    }

    /** {@code SecPkgContext_ApplicationProtocol} ({@code SECPKG_ATTR_APPLICATION_PROTOCOL}). */
    public static final class ApplicationProtocol {
        public final int ProtoNegoStatus;
        public final int ProtoNegoExt;
        /** One unsigned byte on Windows: at most 255. */
        public final int ProtocolIdSize;
        private final byte[] ProtocolId;

        public ApplicationProtocol(int status, int ext, byte[] protocolId) {
            this.ProtoNegoStatus = status;
            this.ProtoNegoExt = ext;
            this.ProtocolId = protocolId == null ? new byte[0] : protocolId.clone();
            this.ProtocolIdSize = this.ProtocolId.length;
        }

        public byte[] getProtocolId() {
            return ProtocolId.clone();
        }

        /** The protocol id as text (ALPN ids are ASCII in practice), or null when none was chosen. */
        public String getProtocol() {
            return ProtoNegoStatus == SchannelConstants.SecApplicationProtocolNegotiationStatus_Success
                    ? new String(ProtocolId, StandardCharsets.ISO_8859_1) : null;
        }

        @Override
        public String toString() {
            return "ApplicationProtocol{status=" + ProtoNegoStatus + ", ext=" + ProtoNegoExt + ", id="
                    + new String(ProtocolId, StandardCharsets.ISO_8859_1) + "}";
        }
    }

    /** {@code SecPkgContext_IssuerListInfoEx} ({@code SECPKG_ATTR_ISSUER_LIST_EX}). */
    public static final class IssuerListInfoEx {
        private final X500Principal[] aIssuers;
        public final int cIssuers;

        public IssuerListInfoEx(X500Principal[] issuers) {
            this.aIssuers = issuers == null ? new X500Principal[0] : issuers.clone();
            this.cIssuers = aIssuers.length;
        }

        public X500Principal[] getIssuers() {
            return aIssuers.clone();
        }

        @Override
        public String toString() {
            return "IssuerListInfoEx" + Arrays.toString(aIssuers);
        }
    }

    /** {@code SecPkgContext_SessionInfo} ({@code SECPKG_ATTR_SESSION_INFO}). */
    public static final class SessionInfo {
        /** {@code SSL_SESSION_RECONNECT} (1) when the context resumed a cached session. */
        public final int dwFlags;
        public final int cbSessionId;
        private final byte[] rgbSessionId;

        public SessionInfo(int dwFlags, byte[] sessionId) {
            this.dwFlags = dwFlags;
            this.rgbSessionId = sessionId == null ? new byte[0] : sessionId.clone();
            this.cbSessionId = rgbSessionId.length;
        }

        public byte[] getSessionId() {
            return rgbSessionId.clone();
        }

        public boolean isReconnect() {
            return (dwFlags & SchannelConstants.SSL_SESSION_RECONNECT) != 0;
        }

        @Override
        public String toString() {
            return "SessionInfo{flags=" + dwFlags + ", idLength=" + cbSessionId + "}";
        }
    }

    /** Convenience for printing a chain's subjects. */
    static String subjects(X509Certificate[] chain) {
        return Arrays.toString(Arrays.stream(chain).map(c -> c.getSubjectX500Principal().getName()).toArray());
    }
}
