package org.sspijsse.schannel;

import static org.sspijsse.sspi.SecPkgAttr.*;

import org.sspijsse.sspi.CertContext;
import org.sspijsse.sspi.Holder;
import org.sspijsse.sspi.SchannelConstants;
import org.sspijsse.sspi.SecPkgContext;
import org.sspijsse.sspi.SecStatus;

/**
 * QueryContextAttributes for Schannel: one structure per {@code SECPKG_ATTR_*} (SSPI-FACTS.md,
 * "Attributes"). What the handshake has not settled yet is SEC_E_NO_CONTEXT ("No context has been
 * established"); an attribute this package does not offer is SEC_E_UNSUPPORTED_FUNCTION.
 */
final class ContextAttributes {
    private ContextAttributes() {
    }

    static int query(SchannelContext ctx, int attribute, Holder<Object> out) {
        if (ctx.state == SchannelContext.Lifecycle.DELETED) {
            return SecStatus.SEC_E_INVALID_HANDLE;
        }
        Negotiated n = ctx.negotiated;
        boolean done = ctx.handshakeCompleted;
        switch (attribute) {
            case SECPKG_ATTR_STREAM_SIZES: {
                StreamMessages s = ctx.stream;
                // Before the handshake ends: the largest sizes any enabled protocol may need (TLS 1.2
                // GCM's 13-byte header, TLS 1.3's 17-byte trailer), so buffers sized now stay big enough.
                out.value = s != null ? s.sizes() : new SecPkgContext.StreamSizes(13, 17, 16384, 4, 16);
                return SecStatus.SEC_E_OK;
            }
            case SECPKG_ATTR_CONNECTION_INFO: {
                if (!done) {
                    return SecStatus.SEC_E_NO_CONTEXT;
                }
                CipherSuiteTable.Suite s = CipherSuiteTable.byNumber(n.cipherSuite);
                out.value = s.connectionInfo(ctx.client, exchangeStrength(n.negotiatedGroup));
                return SecStatus.SEC_E_OK;
            }
            case SECPKG_ATTR_CIPHER_INFO: {
                if (!done) {
                    return SecStatus.SEC_E_NO_CONTEXT;
                }
                CipherSuiteTable.Suite s = CipherSuiteTable.byNumber(n.cipherSuite);
                String cert = n.peerChain != null && n.peerChain.length > 0 ? n.peerChain[0].getPublicKey().getAlgorithm()
                        : null;
                out.value = new SecPkgContext.CipherInfo(CipherSuiteTable.protocolBits(n.tls13, ctx.client),
                        s.number(), s.name(), s.cipher(), s.keyBits(), s.prfHash(), "SHA384".equals(s.prfHash()) ? 384 : 256,
                        s.keyExchange() == null ? "ECDHE" : s.keyExchange(), cert);
                return SecStatus.SEC_E_OK;
            }
            case SECPKG_ATTR_APPLICATION_PROTOCOL: {
                if (!done) {
                    return SecStatus.SEC_E_NO_CONTEXT;
                }
                boolean chosen = n.applicationProtocol != null;
                out.value = new SecPkgContext.ApplicationProtocol(
                        chosen ? SchannelConstants.SecApplicationProtocolNegotiationStatus_Success
                                : SchannelConstants.SecApplicationProtocolNegotiationStatus_None,
                        chosen || n.alpnOffered ? SchannelConstants.SecApplicationProtocolNegotiationExt_ALPN
                                : SchannelConstants.SecApplicationProtocolNegotiationExt_None,
                        n.applicationProtocol);
                return SecStatus.SEC_E_OK;
            }
            case SECPKG_ATTR_REMOTE_CERT_CONTEXT:
                if (n.peerChain == null || n.peerChain.length == 0) {
                    return SecStatus.SEC_E_NO_CREDENTIALS;
                }
                out.value = new CertContext(n.peerChain, null);
                return SecStatus.SEC_E_OK;
            case SECPKG_ATTR_LOCAL_CERT_CONTEXT:
                if (n.localCertificate == null) {
                    return SecStatus.SEC_E_NO_CREDENTIALS;
                }
                out.value = new CertContext(n.localCertificate.getChain(), null);
                return SecStatus.SEC_E_OK;
            case SECPKG_ATTR_ISSUER_LIST_EX:
                out.value = new SecPkgContext.IssuerListInfoEx(n.issuers);
                return SecStatus.SEC_E_OK;
            case SECPKG_ATTR_SESSION_INFO:
                if (!done) {
                    return SecStatus.SEC_E_NO_CONTEXT;
                }
                out.value = new SecPkgContext.SessionInfo(n.resumed ? SchannelConstants.SSL_SESSION_RECONNECT : 0,
                        n.sessionId);
                return SecStatus.SEC_E_OK;
            default:
                return SecStatus.SEC_E_UNSUPPORTED_FUNCTION;
        }
    }

    /** Key-exchange strength in bits of the negotiated group (RFC 8422 / RFC 7748 curves, RFC 7919 groups). */
    static int exchangeStrength(int namedGroup) {
        switch (namedGroup) {
            case org.bouncycastle.tls.NamedGroup.x25519:
                return 255;
            case org.bouncycastle.tls.NamedGroup.secp256r1:
                return 256;
            case org.bouncycastle.tls.NamedGroup.secp384r1:
                return 384;
            case org.bouncycastle.tls.NamedGroup.x448:
                return 448;
            case org.bouncycastle.tls.NamedGroup.secp521r1:
                return 521;
            default:
                return 0;
        }
    }
}
