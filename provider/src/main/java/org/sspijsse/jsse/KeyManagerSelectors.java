package org.sspijsse.jsse;

import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;
import org.sspijsse.sspi.CertContext;
import org.sspijsse.sspi.ClientCertificateSelector;
import org.sspijsse.sspi.HandshakeInfo;
import org.sspijsse.sspi.ServerCertificateSelector;

/**
 * The application's {@code X509KeyManager} as the credential's certificate selectors: the package
 * asks inside the handshake, so no thread is parked and SEC_I_INCOMPLETE_CREDENTIALS never reaches
 * the engine. An {@code X509ExtendedKeyManager} gets the engine, whose handshake session carries
 * the requested server name (what Jetty's SNI key manager reads). Key types: the package says
 * "Ed25519" where JSSE key managers say "EdDSA".
 */
final class KeyManagerSelectors {
    private KeyManagerSelectors() {
    }

    static ClientCertificateSelector client(X509KeyManager km) {
        return new ClientCertificateSelector() {
            @Override
            public CertContext select(String[] keyTypes, Principal[] issuers) {
                return select(keyTypes, issuers, null);
            }

            @Override
            public CertContext select(String[] keyTypes, Principal[] issuers, HandshakeInfo info) {
                if (km == null) {
                    return null;
                }
                SSLEngine engine = TrustManagerValidator.engineOf(info, null);
                String[] types = jsseKeyTypes(keyTypes);
                Principal[] is = issuers == null || issuers.length == 0 ? null : issuers;
                String alias = km instanceof X509ExtendedKeyManager
                        ? ((X509ExtendedKeyManager) km).chooseEngineClientAlias(types, is, engine)
                        : km.chooseClientAlias(types, is, null);
                return context(km, alias);
            }
        };
    }

    static ServerCertificateSelector server(X509KeyManager km) {
        return new ServerCertificateSelector() {
            @Override
            public CertContext select(String serverName, String[] keyTypes, Principal[] issuers) {
                return select(serverName, keyTypes, issuers, null);
            }

            @Override
            public CertContext select(String serverName, String[] keyTypes, Principal[] issuers, HandshakeInfo info) {
                if (km == null) {
                    return null;
                }
                SSLEngine engine = TrustManagerValidator.engineOf(info, null);
                Principal[] is = issuers == null || issuers.length == 0 ? null : issuers;
                for (String t : jsseKeyTypes(keyTypes)) {
                    String alias = km instanceof X509ExtendedKeyManager
                            ? ((X509ExtendedKeyManager) km).chooseEngineServerAlias(t, is, engine)
                            : km.chooseServerAlias(t, is, null);
                    CertContext cc = context(km, alias);
                    if (cc != null) {
                        return cc;
                    }
                }
                return null;
            }
        };
    }

    private static CertContext context(X509KeyManager km, String alias) {
        if (alias == null) {
            return null;
        }
        X509Certificate[] chain = km.getCertificateChain(alias);
        PrivateKey key = km.getPrivateKey(alias);
        return chain == null || chain.length == 0 || key == null ? null : new CertContext(chain, key);
    }

    static String[] jsseKeyTypes(String[] keyTypes) {
        Set<String> out = new LinkedHashSet<>();
        for (String t : keyTypes) {
            out.add("Ed25519".equals(t) || "Ed448".equals(t) ? "EdDSA" : t);
        }
        return out.toArray(new String[0]);
    }
}
