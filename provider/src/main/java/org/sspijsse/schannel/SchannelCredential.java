package org.sspijsse.schannel;

import static org.sspijsse.sspi.SchannelConstants.*;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ProtocolVersion;
import org.sspijsse.sspi.CertContext;
import org.sspijsse.sspi.CertificateValidator;
import org.sspijsse.sspi.ClientCertificateSelector;
import org.sspijsse.sspi.PkixCertificateValidator;
import org.sspijsse.sspi.SchannelCredentials;
import org.sspijsse.sspi.SecStatus;
import org.sspijsse.sspi.SecurityPackage;

/**
 * A checked, immutable copy of the caller's {@link SchannelCredentials}: what AcquireCredentialsHandle
 * hands back. It also owns the client session cache, because Schannel's cache key includes the
 * credential handle (the seed page: "The credential handle is the same").
 */
final class SchannelCredential implements SecurityPackage.Credential {
    /** TLS 1.3 suites then TLS 1.2 ECDHE AEAD suites, AES-GCM first (DESIGN.md: AES-NI makes it fastest). */
    static final int[] DEFAULT_SUITES = {
        CipherSuite.TLS_AES_128_GCM_SHA256,
        CipherSuite.TLS_AES_256_GCM_SHA384,
        CipherSuite.TLS_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    };

    final int use;
    final List<CertContext> certificates;
    final boolean tls12;
    final boolean tls13;
    final int[] cipherSuites;
    final int flags;
    /** Milliseconds a cached session may be resumed; 0 or less: never. */
    final long sessionLifespanMs;
    private final CertificateValidator validator;
    final ClientCertificateSelector selector;
    final org.sspijsse.sspi.ServerCertificateSelector serverSelector;
    /** Cache bounds per credential handle (SECURITY.md, "Session caches"): entries and estimated bytes. */
    static final int CLIENT_SESSIONS = 1024;
    static final long CLIENT_SESSION_BYTES = 2L << 20;
    static final long CLIENT_TICKET_BYTES = 4L << 20;
    static final int SERVER_SESSIONS = 20_000;
    static final long SERVER_SESSION_BYTES = 16L << 20;
    final SessionCache clientSessions;
    /** TLS 1.2 sessions this server credential issued, by session id (bounded, expiring). */
    final SessionCache serverSessions;
    /** TLS 1.3 tickets received by client contexts, by target name (RFC 8446 §4.6.1). */
    final ClientTickets clientTickets;
    /** The keys that seal this server credential's TLS 1.3 tickets (made on first use). */
    private volatile ServerTickets serverTickets;
    private volatile boolean freed;

    private SchannelCredential(int use, List<CertContext> certificates, boolean tls12, boolean tls13,
            int[] cipherSuites, int flags, long lifespan, CertificateValidator validator,
            ClientCertificateSelector selector, org.sspijsse.sspi.ServerCertificateSelector serverSelector) {
        this.use = use;
        this.certificates = certificates;
        this.tls12 = tls12;
        this.tls13 = tls13;
        this.cipherSuites = cipherSuites;
        this.flags = flags;
        this.sessionLifespanMs = lifespan;
        this.validator = validator;
        this.selector = selector;
        this.serverSelector = serverSelector;
        this.clientSessions = new SessionCache(CLIENT_SESSIONS, CLIENT_SESSION_BYTES);
        this.serverSessions = new SessionCache(SERVER_SESSIONS, SERVER_SESSION_BYTES);
        this.clientTickets = new ClientTickets(CLIENT_SESSIONS, CLIENT_TICKET_BYTES);
    }

    /**
     * The ticket keys of this credential: random, rotated every ticket lifetime (the previous key
     * still opens tickets, so a ticket lives at most its lifetime).
     */
    ServerTickets serverTickets() {
        ServerTickets t = serverTickets;
        if (t == null) {
            synchronized (this) {
                t = serverTickets;
                if (t == null) {
                    t = new ServerTickets(CryptoFactory.random(), System::currentTimeMillis, ticketLifetimeMs());
                    serverTickets = t;
                }
            }
        }
        return t;
    }

    /** Replaces the ticket keys (tests: a fixed clock or a short rotation). */
    void setServerTickets(ServerTickets t) {
        serverTickets = t;
    }

    /**
     * The ticket_lifetime a server context announces: dwSessionLifespan (0: the 10-hour default) up
     * to the 7 days RFC 8446 §4.6.1 allows, whole seconds; 0 when reconnects are disabled.
     */
    long ticketLifetimeMs() {
        if (hasFlag(SCH_CRED_DISABLE_RECONNECTS) || sessionLifespanMs <= 0) {
            return 0;
        }
        return Math.min(sessionLifespanMs, 604_800_000L) / 1000 * 1000;
    }

    /**
     * AcquireCredentialsHandle's checks, with the statuses SSPI-FACTS.md lists: no certificate for
     * an inbound credential or a certificate without its key -> SEC_E_NO_CREDENTIALS; a bad
     * structure version or an empty chain -> SEC_E_UNKNOWN_CREDENTIALS; protocol bits for the
     * other side -> SEC_E_ALGORITHM_MISMATCH.
     */
    static int acquire(int use, Object authData, SchannelCredential[] out) {
        if (use != SECPKG_CRED_INBOUND && use != SECPKG_CRED_OUTBOUND && use != SECPKG_CRED_BOTH) {
            return SecStatus.SEC_E_UNKNOWN_CREDENTIALS;
        }
        boolean inbound = (use & SECPKG_CRED_INBOUND) != 0;
        boolean outbound = (use & SECPKG_CRED_OUTBOUND) != 0;
        SchannelCredentials c = authData == null ? new SchannelCredentials() : null;
        if (authData instanceof SchannelCredentials) {
            c = (SchannelCredentials) authData;
        } else if (authData != null) {
            return SecStatus.SEC_E_UNKNOWN_CREDENTIALS;
        }
        if (c.getVersion() != SCH_CREDENTIALS_VERSION && c.getVersion() != SCHANNEL_CRED_VERSION) {
            return SecStatus.SEC_E_UNKNOWN_CREDENTIALS;
        }
        List<CertContext> certs = new ArrayList<>();
        for (CertContext cc : c.getCertificates()) {
            if (cc == null || cc.getChainLength() == 0) {
                return SecStatus.SEC_E_UNKNOWN_CREDENTIALS;
            }
            PrivateKey key = cc.getPrivateKey();
            if (key == null) {
                return SecStatus.SEC_E_NO_CREDENTIALS;
            }
            certs.add(normalized(cc));
        }
        if (inbound && certs.isEmpty() && c.getServerCertificateSelector() == null) {
            return SecStatus.SEC_E_NO_CREDENTIALS;
        }
        boolean tls12;
        boolean tls13;
        if (c.getVersion() == SCHANNEL_CRED_VERSION) {
            int enabled = c.getEnabledProtocols();
            if (enabled != 0) {
                // A server bit on an outbound-only credential, or a client bit on an inbound-only one.
                if ((!inbound && (enabled & SP_PROT_SERVERS) != 0) || (!outbound && (enabled & SP_PROT_CLIENTS) != 0)) {
                    return SecStatus.SEC_E_ALGORITHM_MISMATCH;
                }
                tls12 = (enabled & SP_PROT_TLS1_2) != 0;
            } else {
                tls12 = true;
            }
            // Schannel negotiates TLS 1.3 only through SCH_CREDENTIALS (SSPI-FACTS.md, "Credentials").
            tls13 = false;
        } else {
            int disabled = c.getDisabledProtocols();
            tls12 = (disabled & SP_PROT_TLS1_2) == 0;
            tls13 = (disabled & SP_PROT_TLS1_3) == 0;
        }
        if (!tls12 && !tls13) {
            return SecStatus.SEC_E_ALGORITHM_MISMATCH;
        }
        int[] suites = DEFAULT_SUITES;
        if (c.getCipherSuites() != null) {
            suites = new int[c.getCipherSuites().size()];
            for (int i = 0; i < suites.length; i++) {
                CipherSuiteTable.Suite s = CipherSuiteTable.byName(c.getCipherSuites().get(i));
                if (s == null) {
                    return SecStatus.SEC_E_ALGORITHM_MISMATCH;
                }
                suites[i] = s.number();
            }
        }
        // A version none of the suites can serve is not offered (a TLS 1.2-only suite list must not
        // send supported_versions with TLS 1.3 and then fail on the suite).
        boolean any12 = false;
        boolean any13 = false;
        for (int suite : suites) {
            CipherSuiteTable.Suite row = CipherSuiteTable.byNumber(suite);
            any13 |= row != null && row.tls13();
            any12 |= row != null && !row.tls13();
        }
        tls12 &= any12;
        tls13 &= any13;
        if (!tls12 && !tls13) {
            return SecStatus.SEC_E_ALGORITHM_MISMATCH;
        }
        long lifespan = c.getSessionLifespan() == 0 ? DEFAULT_SESSION_LIFESPAN_MS
                : c.getSessionLifespan() < 0 ? 0 : c.getSessionLifespan();
        out[0] = new SchannelCredential(use, Collections.unmodifiableList(certs), tls12, tls13, suites,
                c.getFlags(), lifespan, c.getValidator(), c.getClientCertificateSelector(),
                c.getServerCertificateSelector());
        return SecStatus.SEC_E_OK;
    }

    /**
     * The JDK names its Ed25519/Ed448 keys "EdDSA"; BC's TLS signer tells the curves apart by the
     * key's algorithm name, so such a key is re-read once through BC's key factory (same PKCS#8 bytes).
     */
    static CertContext normalized(CertContext cc) {
        PrivateKey key = cc.getPrivateKey();
        if (!"EdDSA".equalsIgnoreCase(key.getAlgorithm()) || key.getEncoded() == null) {
            return cc;
        }
        try {
            PrivateKey bcKey = java.security.KeyFactory.getInstance("EdDSA", CryptoFactory.BC)
                    .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(key.getEncoded()));
            return new CertContext(cc.getChain(), bcKey);
        } catch (java.security.GeneralSecurityException e) {
            return cc;
        }
    }

    boolean isOutbound() {
        return (use & SECPKG_CRED_OUTBOUND) != 0;
    }

    boolean isInbound() {
        return (use & SECPKG_CRED_INBOUND) != 0;
    }

    boolean hasFlag(int flag) {
        return (flags & flag) != 0;
    }

    /** The validator, or PKIX over the JDK's cacerts (loaded on first use). */
    CertificateValidator validator() {
        return validator != null ? validator : PkixCertificateValidator.systemDefault();
    }

    ProtocolVersion[] protocolVersions() {
        if (tls12 && tls13) {
            return ProtocolVersion.TLSv13.downTo(ProtocolVersion.TLSv12);
        }
        return tls13 ? new ProtocolVersion[] {ProtocolVersion.TLSv13} : new ProtocolVersion[] {ProtocolVersion.TLSv12};
    }

    /** ptsExpiry of AcquireCredentialsHandle: the earliest notAfter of our certificates, or null. */
    Instant expiry() {
        Instant min = null;
        for (CertContext cc : certificates) {
            X509Certificate c = cc.getCertificate();
            Instant t = c.getNotAfter().toInstant();
            if (min == null || t.isBefore(min)) {
                min = t;
            }
        }
        return min;
    }

    boolean isFreed() {
        return freed;
    }

    @Override
    public void free() {
        // Contexts already made keep working (they hold this object); new ones cannot be made.
        freed = true;
        clientSessions.clear();
        serverSessions.clear();
        clientTickets.clear();
    }
}
