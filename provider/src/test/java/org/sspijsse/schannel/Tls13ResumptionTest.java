package org.sspijsse.schannel;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sspijsse.sspi.SchannelConstants;
import org.sspijsse.sspi.SecStatus;

/** TLS 1.3 resumption, our client against our server, white box (RFC 8446 §2.2, §4.6.1). */
class Tls13ResumptionTest {
    private final ResumptionHarness h = new ResumptionHarness();

    @Test
    void threeConnectionsInARowAreFullThenResumedThenResumedWithTheNewerTicket() {
        SchannelCredential cc = h.clientCredential(c -> c);
        SchannelCredential sc = h.serverCredential(c -> c);
        ResumptionHarness.Connection first = h.connect(cc, "localhost", sc);
        assertEquals(SecStatus.SEC_E_OK, first.clientStatus());
        assertEquals(SecStatus.SEC_E_OK, first.serverStatus());
        assertTrue(first.ticketBytes() > 0, "the final ASC token carries a NewSessionTicket");
        assertFalse(first.clientResumed());
        assertEquals(1, cc.clientTickets.count("localhost"));

        ResumptionHarness.Connection second = h.connect(cc, "localhost", sc);
        assertTrue(second.clientResumed(), "client resumed");
        assertTrue(second.serverResumed(), "server resumed");
        assertEquals(1, cc.clientTickets.count("localhost"), "the used ticket is gone, the new one is there");
        assertArrayEquals(ResumptionHarness.remoteChain(first.client()), ResumptionHarness.remoteChain(second.client()));

        ResumptionHarness.Connection third = h.connect(cc, "localhost", sc);
        assertTrue(third.clientResumed());
        assertTrue(third.serverResumed());
        assertArrayEquals(ResumptionHarness.remoteChain(first.client()), ResumptionHarness.remoteChain(third.client()));
    }
}
