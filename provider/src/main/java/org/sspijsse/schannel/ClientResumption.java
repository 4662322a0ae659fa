package org.sspijsse.schannel;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Vector;
import org.bouncycastle.tls.BasicTlsPSKExternal;
import org.bouncycastle.tls.TlsPSK;
import org.bouncycastle.tls.TlsPSKExternal;
import org.bouncycastle.tls.crypto.TlsSecret;
import org.sspijsse.record.NewSessionTicket;
import org.sspijsse.record.RecordException;

/**
 * TLS 1.3 resumption for one client context (RFC 8446 §2.2): offers the newest unexpired ticket of
 * the Schannel cache key (target name + credential handle) once, notes whether the server took it,
 * and turns each NewSessionTicket received afterwards into a cache entry (RFC 8446 §4.6.1). A ticket
 * the server does not take costs nothing but a full handshake: it was removed when offered.
 * Resumption is off when the credential's dwSessionLifespan is negative, when the credential has no
 * TLS 1.3, and after ApplyControlToken(SCHANNEL_SESSION, SSL_SESSION_DISABLE_RECONNECTS).
 */
final class ClientResumption {
    private final ClientContext owner;
    /**
     * What this context's tickets name as their origin (for SSL_SESSION_DISABLE_RECONNECTS): a bare
     * token, never the context itself, so that a cached ticket keeps no deleted context reachable
     * (with its BC protocol objects: ~25-32 KB each, issue 14).
     */
    private final Object ticketOrigin = new Object();
    private ClientTickets.Ticket offered;
    private ClientTickets.Ticket accepted;
    private TlsSecret resumptionMasterSecret;
    private int cipherSuite = -1;
    private volatile boolean disabled;

    ClientResumption(ClientContext owner) {
        this.owner = owner;
    }

    boolean enabled() {
        SchannelCredential c = owner.credential;
        return !disabled && c.tls13 && c.sessionLifespanMs > 0;
    }

    /** The ticket offered in this handshake, or null. */
    ClientTickets.Ticket offered() {
        return offered;
    }

    /** The ticket the server accepted (the context is resumed), or null. */
    ClientTickets.Ticket accepted() {
        return accepted;
    }

    /**
     * BC's {@code getExternalPSKs}: the newest unexpired ticket as a PSK of its suite's hash, if one of
     * {@code offeredSuites} has that hash (RFC 8446 §4.2.11); no early_data is ever offered.
     */
    Vector<TlsPSKExternal> pskToOffer(int[] offeredSuites) {
        if (!enabled() || offered != null) {
            return null;
        }
        ClientTickets.Ticket t = owner.credential.clientTickets.take(owner.targetName, System.currentTimeMillis());
        if (t == null) {
            return null;
        }
        int prf = BcResumption.prfOf(t.cipherSuite());
        boolean compatible = false;
        for (int s : offeredSuites) {
            compatible |= prf >= 0 && BcResumption.prfOf(s) == prf;
        }
        if (!compatible) {
            return null;
        }
        offered = t;
        owner.bcProtocol().offer(t.identity(), t.ageAdd(), t.receivedAtMillis());
        Vector<TlsPSKExternal> v = new Vector<>();
        v.add(new BasicTlsPSKExternal(t.identity(), CryptoFactory.crypto().resumptionPsk(t.psk().clone()), prf));
        return v;
    }

    /** BC's {@code notifySelectedPSK}: the server took the ticket, or (null) a full handshake follows. */
    void onSelectedPsk(TlsPSK psk) {
        accepted = psk != null ? offered : null;
    }

    /**
     * Inside BC's notifyHandshakeComplete: a resumed context reports the peer certificates the
     * original handshake validated (RFC 8446 §2.2: the server does not send them again); the
     * resumption master secret is kept for the tickets still to come.
     */
    void onHandshakeComplete(TlsSecret rms) {
        Negotiated n = owner.negotiated;
        cipherSuite = n.cipherSuite;
        if (accepted != null && n.tls13) {
            n.resumed = true;
            n.peerChain = accepted.peerChain();
        }
        if (n.tls13 && enabled()) {
            resumptionMasterSecret = rms;
        } else if (rms != null) {
            rms.destroy();
        }
    }

    /** ISC with a NewSessionTicket: a cache entry, unless resumption is off or the message is malformed. */
    void onNewSessionTicket(byte[] message) {
        TlsSecret rms = resumptionMasterSecret;
        if (rms == null || !enabled()) {
            return;
        }
        NewSessionTicket t;
        try {
            t = NewSessionTicket.parse(message);
        } catch (RecordException e) {
            // A malformed ticket is not worth failing the connection: it is simply not kept.
            SchannelContext.LOG.log(Level.DEBUG, "NewSessionTicket ignored", e);
            return;
        }
        if (t.lifetimeSeconds() == 0) {
            return; // RFC 8446 §4.6.1: a lifetime of zero means "do not cache"
        }
        long now = System.currentTimeMillis();
        long expires = now + Math.min(t.lifetimeSeconds() * 1000, owner.credential.sessionLifespanMs);
        byte[] psk;
        try {
            psk = BcResumption.ticketPsk(rms, BcResumption.prfOf(cipherSuite), t.nonce());
        } catch (IOException | RuntimeException e) {
            SchannelContext.LOG.log(Level.DEBUG, "ticket PSK not derived", e);
            return;
        }
        Negotiated n = owner.negotiated;
        owner.credential.clientTickets.add(owner.targetName, new ClientTickets.Ticket(t.ticket(), psk, t.ageAdd(),
                now, expires, cipherSuite, n.serverName, n.applicationProtocol, n.peerChain, ticketOrigin));
    }

    /** SSL_SESSION_DISABLE_RECONNECTS: this context's tickets leave the cache, later ones are not kept. */
    void disableReconnects() {
        disabled = true;
        owner.credential.clientTickets.removeFrom(owner.targetName, ticketOrigin);
        destroy();
    }

    void destroy() {
        TlsSecret s = resumptionMasterSecret;
        resumptionMasterSecret = null;
        if (s != null) {
            s.destroy();
        }
    }
}
