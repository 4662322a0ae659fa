package org.sspijsse.schannel;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Hashtable;
import java.util.Vector;
import org.bouncycastle.tls.BasicTlsPSKExternal;
import org.bouncycastle.tls.NameType;
import org.bouncycastle.tls.PskIdentity;
import org.bouncycastle.tls.ServerName;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsPSKExternal;
import org.bouncycastle.tls.crypto.TlsSecret;
import org.sspijsse.record.RecordException;
import org.sspijsse.record.RecordLayer;

/**
 * TLS 1.3 resumption for one server context: accepts an offered ticket only when it opens under
 * the credential's ticket keys, is unexpired, was issued for the same SNI host name, satisfies the
 * client-certificate requirement and a suite of its hash is offered (RFC 8446 §4.2.11, §4.6.1);
 * otherwise the handshake is a full one. After the handshake it makes one NewSessionTicket, which
 * the final AcceptSecurityContext returns protected by our record layer (SSPI-FACTS.md, server
 * loop). Early data is never accepted and never offered: tickets carry no early_data extension.
 * Off with SCH_CRED_DISABLE_RECONNECTS or a negative dwSessionLifespan.
 */
final class ServerResumption {
    /**
     * Slack for the client's view of the ticket age beyond the lifetime. Without 0-RTT the age is
     * not a replay defence (RFC 8446 §8.3 concerns early data), only a sanity check: OpenSSL counts
     * in whole seconds.
     */
    static final long AGE_TOLERANCE_MS = 10_000;
    private static final byte NEW_SESSION_TICKET = 4;
    private static final byte HANDSHAKE = 22;

    private final ServerContext owner;
    private ServerTickets.State accepted;
    private int selectedSuite = -1;

    ServerResumption(ServerContext owner) {
        this.owner = owner;
    }

    boolean enabled() {
        return owner.credential.tls13 && owner.credential.ticketLifetimeMs() > 0;
    }

    /** The state of the ticket this handshake resumed, or null. */
    ServerTickets.State accepted() {
        return accepted;
    }

    /** The suite for the accepted ticket (its own if offered, else one of the same hash), or -1. */
    int selectedSuite() {
        return accepted == null ? -1 : selectedSuite;
    }

    /**
     * BC's {@code getExternalPSK}: the first offered identity that is one of our valid tickets, or
     * null. Any identity that is not (foreign, altered, expired, another host) is passed over.
     */
    TlsPSKExternal choose(Vector<?> identities, int[] ourSuites, int[] offeredSuites, Hashtable<?, ?> clientExtensions) {
        accepted = null;
        selectedSuite = -1;
        if (!enabled() || identities == null || offeredSuites == null) {
            return null;
        }
        ServerTickets tickets = owner.credential.serverTickets();
        String sni = sniOf(clientExtensions);
        for (int i = 0; i < identities.size(); i++) {
            PskIdentity id = (PskIdentity) identities.elementAt(i);
            ServerTickets.State s = tickets.open(id.getIdentity());
            if (s == null) {
                continue;
            }
            // RFC 8446 §4.2.11.1: the client's age of the ticket is obfuscated_ticket_age - ticket_age_add.
            long clientAge = (id.getObfuscatedTicketAge() - s.ageAdd()) & 0xFFFFFFFFL;
            if (clientAge > s.lifetimeSeconds() * 1000 + AGE_TOLERANCE_MS) {
                continue;
            }
            if (!sameHost(sni, s.serverName())) {
                continue; // RFC 8446 §4.6.1 (and RFC 6066 §3): a ticket is bound to its server name
            }
            if (owner.requiresClientCertificate() && (s.peerChain() == null || s.peerChain().length == 0)) {
                continue;
            }
            int suite = suiteFor(s.cipherSuite(), ourSuites, offeredSuites);
            if (suite < 0) {
                continue;
            }
            accepted = s;
            selectedSuite = suite;
            BcResumption.acceptAtAgeZero(identities, i);
            return new BasicTlsPSKExternal(id.getIdentity(), CryptoFactory.crypto().resumptionPsk(s.psk().clone()),
                    BcResumption.prfOf(s.cipherSuite()));
        }
        return null;
    }

    /** The ticket's suite if both sides have it, else our first TLS 1.3 suite of the same hash the client offered. */
    static int suiteFor(int ticketSuite, int[] ourSuites, int[] offeredSuites) {
        int prf = BcResumption.prfOf(ticketSuite);
        if (prf < 0) {
            return -1;
        }
        int fallback = -1;
        for (int s : ourSuites) {
            if (BcResumption.prfOf(s) != prf || !contains(offeredSuites, s)) {
                continue;
            }
            if (s == ticketSuite) {
                return s;
            }
            if (fallback < 0) {
                fallback = s;
            }
        }
        return fallback;
    }

    /**
     * The NewSessionTicket (RFC 8446 §4.6.1) for a completed TLS 1.3 handshake, as handshake records
     * sealed under the server's application traffic key; null when no ticket is due. Destroys
     * {@code rms}: the server needs nothing more from it.
     */
    byte[] newSessionTicketRecords(TlsSecret rms, RecordLayer records) {
        if (rms == null) {
            return null;
        }
        try {
            Negotiated n = owner.negotiated;
            if (!enabled() || !n.tls13) {
                return null;
            }
            long lifetimeMs = owner.credential.ticketLifetimeMs();
            long ageAdd = CryptoFactory.random().nextInt() & 0xFFFFFFFFL;
            byte[] nonce = {0}; // unique among this connection's tickets: it issues one
            byte[] psk = BcResumption.ticketPsk(rms, BcResumption.prfOf(n.cipherSuite), nonce);
            ServerTickets tickets = owner.credential.serverTickets();
            byte[] ticket = tickets.seal(new ServerTickets.State(tickets.now(), lifetimeMs / 1000, ageAdd, n.cipherSuite,
                    psk, n.serverName, n.applicationProtocol, n.peerChain));
            java.util.Arrays.fill(psk, (byte) 0);
            if (ticket == null) {
                return null;
            }
            return seal(message(lifetimeMs / 1000, ageAdd, nonce, ticket), records);
        } catch (IOException | RecordException | RuntimeException e) {
            SchannelContext.LOG.log(Level.DEBUG, "no NewSessionTicket", e);
            return null;
        } finally {
            rms.destroy();
        }
    }

    /** struct NewSessionTicket (RFC 8446 §4.6.1) with its handshake header, no extensions. */
    static byte[] message(long lifetimeSeconds, long ageAdd, byte[] nonce, byte[] ticket) {
        int body = 4 + 4 + 1 + nonce.length + 2 + ticket.length + 2;
        ByteBuffer b = ByteBuffer.allocate(4 + body);
        b.put(NEW_SESSION_TICKET).put((byte) (body >>> 16)).putShort((short) body);
        b.putInt((int) lifetimeSeconds).putInt((int) ageAdd);
        b.put((byte) nonce.length).put(nonce);
        b.putShort((short) ticket.length).put(ticket);
        b.putShort((short) 0);
        return b.array();
    }

    /** The message in records of at most 2^14 bytes of content (RFC 8446 §5.1). */
    private static byte[] seal(byte[] message, RecordLayer records) throws RecordException {
        int max = RecordLayer.MAX_PLAINTEXT;
        int count = (message.length + max - 1) / max;
        ByteBuffer out = ByteBuffer.allocate(message.length + count * records.sealedSize(0));
        for (int off = 0; off < message.length; off += max) {
            records.seal(HANDSHAKE, ByteBuffer.wrap(message, off, Math.min(max, message.length - off)), out);
        }
        return java.util.Arrays.copyOf(out.array(), out.position());
    }

    static String sniOf(Hashtable<?, ?> clientExtensions) {
        if (clientExtensions == null) {
            return null;
        }
        try {
            Vector<?> names = TlsExtensionsUtils.getServerNameExtensionClient(clientExtensions);
            if (names != null) {
                for (Object o : names) {
                    ServerName n = (ServerName) o;
                    if (n.getNameType() == NameType.host_name) {
                        return new String(n.getNameData(), StandardCharsets.US_ASCII);
                    }
                }
            }
        } catch (IOException e) {
            return null; // BC rejects the extension itself a moment later
        }
        return null;
    }

    private static boolean sameHost(String a, String b) {
        return a == null ? b == null : a.equalsIgnoreCase(b);
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }
}
