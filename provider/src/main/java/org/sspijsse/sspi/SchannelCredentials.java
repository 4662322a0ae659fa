package org.sspijsse.sspi;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code pAuthData} of {@link Sspi#acquireCredentialsHandle} for Schannel: the Java form of
 * {@code SCH_CREDENTIALS} (dwVersion {@code SCH_CREDENTIALS_VERSION}, the default: protocols are
 * restricted by a disable mask and TLS 1.3 is available) and of the older {@code SCHANNEL_CRED}
 * (dwVersion {@code SCHANNEL_CRED_VERSION}: protocols are chosen by an enable mask; as on Windows,
 * TLS 1.3 is negotiated only through {@code SCH_CREDENTIALS}).
 */
public final class SchannelCredentials {
    private int dwVersion = SchannelConstants.SCH_CREDENTIALS_VERSION;
    private final List<CertContext> paCred = new ArrayList<>();
    private int grbitEnabledProtocols;
    private int grbitDisabledProtocols;
    private List<String> cipherSuites;
    private int dwFlags;
    private long dwSessionLifespan;
    private CertificateValidator validator;
    private ClientCertificateSelector clientCertificateSelector;
    private ServerCertificateSelector serverCertificateSelector;

    public SchannelCredentials() {
    }

    /** {@code dwVersion}: {@code SCH_CREDENTIALS_VERSION} (5, default) or {@code SCHANNEL_CRED_VERSION} (4). */
    public int getVersion() {
        return dwVersion;
    }

    public SchannelCredentials setVersion(int dwVersion) {
        this.dwVersion = dwVersion;
        return this;
    }

    /** {@code paCred}: the certificates (with keys) this credential may present. */
    public List<CertContext> getCertificates() {
        return paCred;
    }

    public SchannelCredentials addCertificate(CertContext cert) {
        paCred.add(cert);
        return this;
    }

    /** {@code SCHANNEL_CRED.grbitEnabledProtocols} ({@code SP_PROT_*}); 0 means the defaults. */
    public int getEnabledProtocols() {
        return grbitEnabledProtocols;
    }

    public SchannelCredentials setEnabledProtocols(int grbitEnabledProtocols) {
        this.grbitEnabledProtocols = grbitEnabledProtocols;
        return this;
    }

    /** {@code TLS_PARAMETERS.grbitDisabledProtocols} of {@code SCH_CREDENTIALS} ({@code SP_PROT_*}). */
    public int getDisabledProtocols() {
        return grbitDisabledProtocols;
    }

    public SchannelCredentials setDisabledProtocols(int grbitDisabledProtocols) {
        this.grbitDisabledProtocols = grbitDisabledProtocols;
        return this;
    }

    /** IANA cipher suite names, in preference order; null means the package's defaults. */
    public List<String> getCipherSuites() {
        return cipherSuites;
    }

    public SchannelCredentials setCipherSuites(List<String> cipherSuites) {
        this.cipherSuites = cipherSuites == null ? null : List.copyOf(cipherSuites);
        return this;
    }

    /** {@code dwFlags} ({@code SCH_CRED_*}). */
    public int getFlags() {
        return dwFlags;
    }

    public SchannelCredentials setFlags(int dwFlags) {
        this.dwFlags = dwFlags;
        return this;
    }

    /**
     * {@code dwSessionLifespan} in milliseconds: 0 means ten hours, a negative value disables
     * session reuse (a client offers nothing; a server caches and issues nothing).
     */
    public long getSessionLifespan() {
        return dwSessionLifespan;
    }

    public SchannelCredentials setSessionLifespan(long dwSessionLifespanMillis) {
        this.dwSessionLifespan = dwSessionLifespanMillis;
        return this;
    }

    /** How the peer's chain is validated; null means PKIX over the JDK's cacerts. */
    public CertificateValidator getValidator() {
        return validator;
    }

    public SchannelCredentials setValidator(CertificateValidator validator) {
        this.validator = validator;
        return this;
    }

    /** Automatic client-credential selection; null means none (SEC_I_INCOMPLETE_CREDENTIALS). */
    public ClientCertificateSelector getClientCertificateSelector() {
        return clientCertificateSelector;
    }

    public SchannelCredentials setClientCertificateSelector(ClientCertificateSelector selector) {
        this.clientCertificateSelector = selector;
        return this;
    }

    /**
     * A server credential's certificate chosen per connection (SNI, key types); used when the
     * credential holds no certificate of its own. With it, an inbound credential needs none.
     */
    public ServerCertificateSelector getServerCertificateSelector() {
        return serverCertificateSelector;
    }

    public SchannelCredentials setServerCertificateSelector(ServerCertificateSelector selector) {
        this.serverCertificateSelector = selector;
        return this;
    }
}
