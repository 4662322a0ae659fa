package org.sspijsse.schannel;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.sspijsse.sspi.SchannelConstants;
import org.sspijsse.sspi.SecBuffer;
import org.sspijsse.sspi.SecBufferDesc;
import org.sspijsse.sspi.SecBufferType;
import org.sspijsse.sspi.SecStatus;

/** When a ticket must not resume, the handshake is a full one and nothing fails (white box). */
class Tls13ResumptionNegativeTest {
    private final ResumptionHarness h = new ResumptionHarness();
    private final SchannelCredential server = h.serverCredential(c -> c);

    private void assertFull(ResumptionHarness.Connection c) {
        assertEquals(SecStatus.SEC_E_OK, c.clientStatus());
        assertEquals(SecStatus.SEC_E_OK, c.serverStatus());
        assertFalse(c.clientResumed());
        assertFalse(c.serverResumed());
    }

    @Test
    void aTamperedCachedTicketFallsBackToAFullHandshakeAndIsDropped() {
        SchannelCredential cc = h.clientCredential(c -> c);
        h.connect(cc, "localhost", server);
        cc.clientTickets.replaceAll("localhost", t -> {
            byte[] id = t.identity();
            id[id.length / 2] ^= 1;
            return t.withIdentity(id);
        });
        assertFull(h.connect(cc, "localhost", server));
        assertTrue(h.connect(cc, "localhost", server).clientResumed(), "the full handshake brought a good ticket");
    }

    @Test
    void aTicketOfferedUnderAnotherServerNameIsRefusedByTheServer() {
        SchannelCredential cc = h.clientCredential(c -> c);
        h.connect(cc, "localhost", server);
        ClientTickets.Ticket t = cc.clientTickets.take("localhost", System.currentTimeMillis());
        cc.clientTickets.add("other.localhost", t);
        assertFull(h.connect(cc, "other.localhost", server));
    }

    @Test
    void aTicketFromAConnectionWithoutClientCertificateDoesNotSatisfyMutualAuth() {
        SchannelCredential cc = h.clientCredential(c -> c.addCertificate(h.clientCertificate()));
        h.connect(cc, "localhost", server);
        ResumptionHarness.Connection c = h.connect(cc, "localhost", server,
                ResumptionHarness.ASC_REQ | org.sspijsse.sspi.AscReq.ASC_REQ_MUTUAL_AUTH, b -> b);
        assertFull(c);
        assertNotNull(ResumptionHarness.remoteChain(c.server()), "the full handshake asked for the certificate");
        ResumptionHarness.Connection again = h.connect(cc, "localhost", server,
                ResumptionHarness.ASC_REQ | org.sspijsse.sspi.AscReq.ASC_REQ_MUTUAL_AUTH, b -> b);
        assertTrue(again.serverResumed(), "a ticket that carries the client certificate resumes");
        assertArrayEquals(ResumptionHarness.remoteChain(c.server()), ResumptionHarness.remoteChain(again.server()));
    }

    @Test
    void applyControlTokenDisableReconnectsDropsTheContextsTickets() {
        SchannelCredential cc = h.clientCredential(c -> c);
        ResumptionHarness.Connection first = h.connect(cc, "localhost", server);
        assertEquals(1, cc.clientTickets.count("localhost"));
        ByteBuffer token = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(SchannelConstants.SCHANNEL_SESSION).putInt(SchannelConstants.SSL_SESSION_DISABLE_RECONNECTS);
        assertEquals(SecStatus.SEC_E_OK, first.client().applyControlToken(
                new SecBufferDesc(new SecBuffer(SecBufferType.SECBUFFER_TOKEN, token.array()))));
        assertEquals(0, cc.clientTickets.count("localhost"));
        assertFull(h.connect(cc, "localhost", server));
    }

    @Test
    void aServerCredentialWithReconnectsDisabledSendsNoTicket() {
        SchannelCredential noReconnects = h.serverCredential(c -> c.setFlags(SchannelConstants.SCH_CRED_DISABLE_RECONNECTS));
        SchannelCredential cc = h.clientCredential(c -> c);
        ResumptionHarness.Connection c = h.connect(cc, "localhost", noReconnects);
        assertEquals(0, c.ticketBytes(), "the final ASC token is empty");
        assertEquals(0, cc.clientTickets.count("localhost"));
    }

    @Test
    void aNegativeClientSessionLifespanKeepsNoTicket() {
        SchannelCredential cc = h.clientCredential(c -> c.setSessionLifespan(-1));
        h.connect(cc, "localhost", server);
        assertEquals(0, cc.clientTickets.count("localhost"));
        assertFull(h.connect(cc, "localhost", server));
    }

    @Test
    void eachTicketIsOfferedOnceEvenWhenTheServerRefusesIt() {
        SchannelCredential cc = h.clientCredential(c -> c);
        h.connect(cc, "localhost", server);
        SchannelCredential otherServer = h.serverCredential(c -> c);
        assertFull(h.connect(cc, "localhost", otherServer));
        assertEquals(1, cc.clientTickets.count("localhost"), "only the new server's ticket is left");
    }
}
