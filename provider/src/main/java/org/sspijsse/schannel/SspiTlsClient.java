package org.sspijsse.schannel;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Vector;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.tls.AbstractTlsClient;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CertificateStatusRequest;
import org.bouncycastle.tls.NameType;
import org.bouncycastle.tls.ProtocolName;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerName;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.SignatureScheme;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsPSK;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsSession;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.sspijsse.sspi.CertContext;
import org.sspijsse.sspi.SecStatus;

/**
 * The BC client peer of one {@link ClientContext}: offers what the credential and the first ISC call
 * ask for, and calls back into the context for the decisions Schannel makes (server validation,
 * client certificate, completion).
 */
final class SspiTlsClient extends AbstractTlsClient {
    /** RFC 5246 §7.4.2 puts no bound on a chain; ours keeps memory bounded. */
    static final int MAX_CHAIN_LENGTH = 10;

    private final ClientContext owner;

    SspiTlsClient(ClientContext owner) {
        super(CryptoFactory.crypto());
        this.owner = owner;
    }

    /** BC's context for this connection (null before connect). */
    org.bouncycastle.tls.TlsClientContext tlsContext() {
        return context;
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
    protected Vector<ProtocolName> getProtocolNames() {
        return protocolNames(owner.alpn);
    }

    /** BC's form of an ALPN list from SECBUFFER_APPLICATION_PROTOCOLS, or null for none. */
    static Vector<ProtocolName> protocolNames(List<byte[]> alpn) {
        if (alpn == null || alpn.isEmpty()) {
            return null;
        }
        Vector<ProtocolName> v = new Vector<>();
        for (byte[] id : alpn) {
            v.add(ProtocolName.asRawBytes(id));
        }
        return v;
    }

    @Override
    protected Vector<ServerName> getSNIServerNames() {
        String sni = HostNames.sniHostName(owner.targetName);
        if (sni == null) {
            return null;
        }
        Vector<ServerName> v = new Vector<>();
        v.add(new ServerName(NameType.host_name, sni.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        return v;
    }

    @Override
    protected CertificateStatusRequest getCertificateStatusRequest() {
        // BC 1.84 rejects must-staple certificates over TLS 1.3 when status_request is offered
        // (bc-java issue 2458), and nothing here checks OCSP responses: do not ask for them.
        return null;
    }

    @Override
    public int getMaxCertificateChainLength() {
        return MAX_CHAIN_LENGTH;
    }

    @Override
    public TlsSession getSessionToResume() {
        return owner.sessionToResume();
    }

    /** TLS 1.3 resumption: the cached ticket, if any (RFC 8446 §4.2.11). */
    @Override
    public Vector getExternalPSKs() {
        return owner.resumption().pskToOffer(getCipherSuites());
    }

    @Override
    public void notifySelectedPSK(TlsPSK selectedPSK) throws IOException {
        super.notifySelectedPSK(selectedPSK);
        owner.resumption().onSelectedPsk(selectedPSK);
    }

    @Override
    public Hashtable getClientExtensions() throws IOException {
        Hashtable ext = super.getClientExtensions();
        if (owner.resumption().enabled()) {
            // RFC 8446 §4.2.9: tells the server this client takes tickets (SunJSSE sends none otherwise).
            @SuppressWarnings("unchecked")
            Hashtable<Integer, byte[]> e = ext == null ? new Hashtable<>() : (Hashtable<Integer, byte[]>) ext;
            BcResumption.advertisePskDheKe(e);
            return e;
        }
        return ext;
    }

    @Override
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        if (serverExtensions == null) {
            return;
        }
        ProtocolName chosen = TlsExtensionsUtils.getALPNExtensionServer(serverExtensions);
        if (chosen != null) {
            // BC 1.84 does not check that the server chose a protocol we offered (RFC 7301 §3.2).
            boolean offered = false;
            if (owner.alpn != null) {
                for (byte[] id : owner.alpn) {
                    offered |= java.util.Arrays.equals(id, chosen.getBytes());
                }
            }
            if (!offered) {
                owner.callbackStatus = SecStatus.SEC_E_APPLICATION_PROTOCOL_MISMATCH;
                throw new TlsFatalAlert(AlertDescription.illegal_parameter, "server chose an ALPN id not offered");
            }
        }
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

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                TlsCertificate[] list = serverCertificate.getCertificate().getCertificateList();
                X509Certificate[] chain = toX509(list);
                owner.checkServer(chain, authType());
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                boolean tls13 = TlsUtils.isTLSv13(context);
                if (owner.negotiated.issuers == null) {
                    owner.negotiated.issuers = issuers(request);
                }
                Vector<?> algs = request.getSupportedSignatureAlgorithms();
                CertContext cc = owner.chooseClientCertificate(keyTypes(algs), owner.negotiated.issuers, tls13, algs);
                if (cc == null) {
                    return null;
                }
                int scheme = LocalCredentials.chooseScheme(cc, tls13, algs);
                if (scheme < 0) {
                    return null;
                }
                owner.negotiated.localCertificate = cc;
                return LocalCredentials.signer(context, cc, scheme,
                        LocalCredentials.certificateMessage(context, cc, request.getCertificateRequestContext(), tls13));
            }
        };
    }

    private String authType() {
        return authTypeOf(context.getSecurityParametersHandshake().getCipherSuite());
    }

    /** The JSSE authType string of a suite: "ECDHE_RSA", "ECDHE_ECDSA"; "UNKNOWN" for TLS 1.3 (as SunJSSE). */
    static String authTypeOf(int suite) {
        switch (TlsUtils.getKeyExchangeAlgorithm(suite)) {
            case org.bouncycastle.tls.KeyExchangeAlgorithm.ECDHE_RSA:
                return "ECDHE_RSA";
            case org.bouncycastle.tls.KeyExchangeAlgorithm.ECDHE_ECDSA:
                return "ECDHE_ECDSA";
            default:
                return "UNKNOWN";
        }
    }

    static X509Certificate[] toX509(TlsCertificate[] list) throws IOException {
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            X509Certificate[] out = new X509Certificate[list.length];
            for (int i = 0; i < list.length; i++) {
                out[i] = (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(list[i].getEncoded()));
            }
            return out;
        } catch (CertificateException e) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "unparsable certificate", e);
        }
    }

    static X500Principal[] issuers(CertificateRequest request) {
        Vector<?> cas = request.getCertificateAuthorities();
        if (cas == null) {
            return new X500Principal[0];
        }
        List<X500Principal> out = new ArrayList<>();
        for (Object o : cas) {
            try {
                out.add(new X500Principal(((X500Name) o).getEncoded()));
            } catch (IOException | IllegalArgumentException e) {
                // An undecodable name matches nothing; the others still count.
            }
        }
        return out.toArray(new X500Principal[0]);
    }

    /** Key types the server's signature_algorithms allow ("RSA", "EC", "Ed25519", "RSASSA-PSS"). */
    static String[] keyTypes(Vector<?> algs) {
        List<String> out = new ArrayList<>();
        if (algs == null) {
            return new String[] {"RSA", "EC"};
        }
        for (Object o : algs) {
            int s = SignatureScheme.from((SignatureAndHashAlgorithm) o);
            String t = SignatureScheme.isECDSA(s) ? "EC"
                    : s == SignatureScheme.ed25519 ? "Ed25519"
                    : s == SignatureScheme.ed448 ? "Ed448"
                    : SignatureScheme.isRSAPSS(s) && s >= SignatureScheme.rsa_pss_pss_sha256 ? "RSASSA-PSS"
                    : (s & 0xFF) == 1 || SignatureScheme.isRSAPSS(s) ? "RSA" : null;
            if (t != null && !out.contains(t)) {
                out.add(t);
            }
        }
        return out.toArray(new String[0]);
    }
}
