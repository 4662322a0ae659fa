package org.sspijsse.schannel;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Hashtable;
import java.util.Vector;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.tls.AbstractTlsServer;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.KeyExchangeAlgorithm;
import org.bouncycastle.tls.NameType;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.ProtocolName;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.ServerName;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsPSKExternal;
import org.bouncycastle.tls.TlsServerContext;
import org.bouncycastle.tls.TlsSession;
import org.bouncycastle.tls.TlsUtils;
import org.sspijsse.sspi.CertContext;

/**
 * The BC server peer of one {@link ServerContext}: chooses our certificate by the client's SNI and
 * signature algorithms (and, for TLS 1.2, by the suite's key exchange), selects ALPN by server
 * preference, asks for and checks client certificates, and keeps TLS 1.2 sessions by id.
 */
final class SspiTlsServer extends AbstractTlsServer {
    private final ServerContext owner;
    /** The SNI host name the client sent, or null. */
    private String sniName;
    private boolean sniMatched;

    SspiTlsServer(ServerContext owner) {
        super(CryptoFactory.crypto());
        this.owner = owner;
    }

    TlsServerContext tlsContext() {
        return context;
    }

    String sniName() {
        return sniName;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return owner.credential.protocolVersions();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(getCrypto(), owner.credential.cipherSuites);
    }

    @Override
    protected boolean preferLocalCipherSuites() {
        return true;
    }

    @Override
    public int getMaxCertificateChainLength() {
        return SspiTlsClient.MAX_CHAIN_LENGTH;
    }

    @Override
    protected Vector<ProtocolName> getProtocolNames() {
        return SspiTlsClient.protocolNames(owner.alpn);
    }

    @Override
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        Vector<?> names = context.getSecurityParametersHandshake().getClientServerNames();
        if (names != null) {
            for (Object o : names) {
                ServerName n = (ServerName) o;
                if (n.getNameType() == NameType.host_name) {
                    sniName = new String(n.getNameData(), java.nio.charset.StandardCharsets.US_ASCII);
                }
            }
        }
    }

    /**
     * The ECDHE groups we serve over TLS 1.2, the prime and Montgomery curves Schannel offers. Binary
     * and obsolete curves (sect*, brainpool, secp*k1, ...) are never chosen, hence never instantiated:
     * BC precomputes F2m tables for 1-4 s on a binary curve's first use.
     */
    private static final int[] ECDHE_GROUPS = {NamedGroup.x25519, NamedGroup.secp256r1, NamedGroup.secp384r1,
            NamedGroup.x448, NamedGroup.secp521r1};

    private static boolean served(int group) {
        for (int g : ECDHE_GROUPS) {
            if (g == group) {
                return true;
            }
        }
        return false;
    }

    /**
     * RFC 8422 §5.1: the curve comes only from the client's supported_groups. BC 1.84 counts every
     * group the client names, so a client naming only sect163k1 made ECDHE suites selectable. Counting
     * only groups we serve leaves 0 bits when none is shared: the ECDHE suites are then refused (and
     * with no other suite, handshake_failure). No extension: the client accepts any curve (§5.1).
     */
    @Override
    protected int getMaximumNegotiableCurveBits() {
        int[] client = context.getSecurityParametersHandshake().getClientSupportedGroups();
        if (client == null) {
            return super.getMaximumNegotiableCurveBits();
        }
        int bits = 0;
        for (int g : client) {
            if (served(g)) {
                bits = Math.max(bits, NamedGroup.getCurveBits(g));
            }
        }
        return bits;
    }

    /** RFC 8422 §5.1: the first group of the client's list that we serve and that is strong enough. */
    @Override
    protected int selectECDH(int minimumCurveBits) {
        int[] client = context.getSecurityParametersHandshake().getClientSupportedGroups();
        if (client == null) {
            return selectECDHDefault(minimumCurveBits);
        }
        for (int g : client) {
            if (served(g) && NamedGroup.getCurveBits(g) >= minimumCurveBits) {
                return g;
            }
        }
        return -1;
    }

    /** TLS 1.2: a suite is selectable only if we hold a certificate of its key type (RSA / ECDSA). */
    @Override
    protected boolean isSelectableCipherSuite(int cipherSuite, int availCurveBits, int availFiniteFieldBits,
            Vector sigAlgs) {
        if (!super.isSelectableCipherSuite(cipherSuite, availCurveBits, availFiniteFieldBits, sigAlgs)) {
            return false;
        }
        if (TlsUtils.isTLSv13(context.getServerVersion())) {
            return true;
        }
        return choose(cipherSuite) != null;
    }

    /**
     * TLS 1.3: BC asks for our credentials only after the ServerHello is out, so a client whose
     * signature algorithms fit none of our keys would get ServerHello, EncryptedExtensions and then a
     * protected alert. Refuse here instead, before the ServerHello, as Schannel does: the alert
     * (handshake_failure, RFC 8446 §4.4.2.2) goes out alone and in the clear.
     */
    @Override
    public int getSelectedCipherSuite() throws IOException {
        // With a ticket accepted, a suite of the ticket's hash (RFC 8446 §4.2.11; BC 1.84 ignores the
        // PSK here), and no certificate is needed.
        int resumed = owner.resumption().selectedSuite();
        if (resumed >= 0) {
            return resumed;
        }
        int suite = super.getSelectedCipherSuite();
        if (TlsUtils.isTLSv13(context.getServerVersion()) && choose(-1) == null) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "no certificate for the client's algorithms");
        }
        return suite;
    }

    @Override
    public TlsCredentials getCredentials() throws IOException {
        SecurityParameters sp = context.getSecurityParametersHandshake();
        boolean tls13 = TlsUtils.isTLSv13(sp.getNegotiatedVersion());
        CertContext cc = choose(tls13 ? -1 : sp.getCipherSuite());
        if (cc == null) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "no certificate for the client's algorithms");
        }
        int scheme = LocalCredentials.chooseScheme(cc, tls13, sp.getClientSigAlgs());
        owner.negotiated.localCertificate = cc;
        return LocalCredentials.signer(context, cc, scheme, LocalCredentials.certificateMessage(context, cc, null, tls13));
    }

    /**
     * The certificate for this client: one whose names match the SNI host name if any does
     * (RFC 6066 §3), that can sign with an algorithm the client accepts, and for a TLS 1.2 suite
     * (cipherSuite >= 0) of the suite's key type; otherwise the first usable one.
     */
    private CertContext choose(int cipherSuite) {
        boolean tls13 = cipherSuite < 0;
        Vector<?> clientAlgs = context.getSecurityParametersHandshake().getClientSigAlgs();
        CertContext fallback = null;
        for (CertContext cc : candidates(cipherSuite, clientAlgs)) {
            if (!tls13 && !suiteMatchesKey(cipherSuite, cc)) {
                continue;
            }
            if (LocalCredentials.chooseScheme(cc, tls13, clientAlgs) < 0) {
                continue;
            }
            if (sniName != null && HostnameChecker.matches(cc.getCertificate(), sniName)) {
                sniMatched = true;
                return cc;
            }
            if (fallback == null) {
                fallback = cc;
            }
        }
        return fallback;
    }

    /** The answers of the credential's ServerCertificateSelector in this handshake, by key-type set. */
    private final java.util.Map<String, CertContext> selected = new java.util.HashMap<>();

    /**
     * The credential's certificates, or, when it has none, what its ServerCertificateSelector picks
     * for this client: asked once per handshake and key-type set (BC asks for each TLS 1.2 suite).
     */
    private java.util.List<CertContext> candidates(int cipherSuite, Vector<?> clientAlgs) {
        SchannelCredential cred = owner.credential;
        if (!cred.certificates.isEmpty() || cred.serverSelector == null) {
            return cred.certificates;
        }
        String[] keyTypes = cipherSuite < 0 ? SspiTlsClient.keyTypes(clientAlgs)
                : TlsUtils.getKeyExchangeAlgorithm(cipherSuite) == KeyExchangeAlgorithm.ECDHE_RSA
                        ? new String[] {"RSA", "RSASSA-PSS"} : new String[] {"EC", "Ed25519"};
        CertContext cc = selected.computeIfAbsent(String.join(",", keyTypes), k -> {
            CertContext s = cred.serverSelector.select(sniName, keyTypes, new java.security.Principal[0],
                    owner.handshakeInfo(sniName, TlsUtils.isTLSv13(context)));
            return s == null || s.getPrivateKey() == null || s.getChainLength() == 0 ? null
                    : SchannelCredential.normalized(s);
        });
        return cc == null ? java.util.List.of() : java.util.List.of(cc);
    }

    private static boolean suiteMatchesKey(int cipherSuite, CertContext cc) {
        String type = LocalCredentials.keyType(cc);
        switch (TlsUtils.getKeyExchangeAlgorithm(cipherSuite)) {
            case KeyExchangeAlgorithm.ECDHE_RSA:
                return "RSA".equals(type) || "RSASSA-PSS".equals(type);
            case KeyExchangeAlgorithm.ECDHE_ECDSA:
                return "EC".equals(type) || "Ed25519".equals(type) || "Ed448".equals(type);
            default:
                return false;
        }
    }

    @Override
    public Hashtable getServerExtensions() throws IOException {
        Hashtable ext = super.getServerExtensions();
        if (sniMatched) {
            // RFC 6066 §3: a server that used the name acknowledges it with an empty server_name.
            TlsExtensionsUtils.addServerNameExtensionServer(ext);
        }
        return ext;
    }

    @Override
    public CertificateRequest getCertificateRequest() throws IOException {
        if (!owner.asksForClientCertificate()) {
            return null;
        }
        X509Certificate[] accepted = owner.credential.validator().getAcceptedIssuers();
        Vector<X500Name> cas = new Vector<>();
        for (X509Certificate c : accepted) {
            cas.add(X500Name.getInstance(c.getSubjectX500Principal().getEncoded()));
        }
        Vector<?> algs = TlsUtils.getDefaultSupportedSignatureAlgorithms(context);
        if (TlsUtils.isTLSv13(context)) {
            // RFC 8446 §4.3.2: an empty certificate_request_context during the handshake.
            return new CertificateRequest(TlsUtils.EMPTY_BYTES, algs, null, cas.isEmpty() ? null : cas);
        }
        return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign},
                algs, cas.isEmpty() ? null : cas);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        owner.checkClient(clientCertificate == null ? new X509Certificate[0]
                : SspiTlsClient.toX509(clientCertificate.getCertificateList()), TlsUtils.isTLSv13(context));
    }

    @Override
    public byte[] getNewSessionID() {
        return owner.newSessionId();
    }

    @Override
    public TlsSession getSessionToResume(byte[] sessionID) {
        return owner.sessionToResume(sessionID);
    }

    /** TLS 1.3 resumption: one of our tickets among the client's identities (RFC 8446 §4.2.11). */
    @Override
    public TlsPSKExternal getExternalPSK(Vector identities) {
        return owner.resumption().choose(identities, getCipherSuites(), offeredCipherSuites,
                owner.bcProtocol().clientHelloExtensions());
    }

    @Override
    public void notifyAlertRaised(short alertLevel, short alertDescription, String message, Throwable cause) {
        super.notifyAlertRaised(alertLevel, alertDescription, message, cause);
        owner.onAlertRaised(alertDescription, cause);
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        owner.onHandshakeComplete(context);
    }
}
