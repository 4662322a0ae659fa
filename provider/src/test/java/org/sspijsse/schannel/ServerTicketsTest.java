package org.sspijsse.schannel;

import static org.junit.jupiter.api.Assertions.*;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The server's self-contained tickets: sealing, opening, expiry, tampering, key rotation. */
class ServerTicketsTest {
    private static final long HOUR = 3_600_000L;
    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);
    private final ServerTickets tickets = new ServerTickets(new SecureRandom(), now::get, HOUR);
    private final X509Certificate cert = CertificateMaker.cn("client").build().cert();

    private ServerTickets.State state() {
        return new ServerTickets.State(now.get(), 3600, 0xFEDCBA98L, 0x1302, new byte[48], "localhost",
                "h2".getBytes(), new X509Certificate[] {cert});
    }

    @Test
    void aSealedTicketOpensToTheSameState() {
        ServerTickets.State s = tickets.open(tickets.seal(state()));
        assertNotNull(s);
        assertEquals(0x1302, s.cipherSuite());
        assertEquals(0xFEDCBA98L, s.ageAdd());
        assertEquals("localhost", s.serverName());
        assertArrayEquals("h2".getBytes(), s.alpn());
        assertArrayEquals(new X509Certificate[] {cert}, s.peerChain());
    }

    @Test
    void everyAlteredByteMakesTheTicketUnusable() {
        byte[] t = tickets.seal(state());
        for (int i = 0; i < t.length; i++) {
            byte[] bad = t.clone();
            bad[i] ^= 0x40;
            assertNull(tickets.open(bad), "byte " + i);
        }
        assertNull(tickets.open(java.util.Arrays.copyOf(t, t.length - 1)));
        assertNull(tickets.open(new byte[0]));
        assertNull(tickets.open(null));
    }

    @Test
    void aTicketPastItsLifetimeIsRefused() {
        byte[] t = tickets.seal(state());
        now.addAndGet(3_599_999);
        assertNotNull(tickets.open(t));
        now.addAndGet(1);
        assertNull(tickets.open(t));
    }

    @Test
    void theKeyRotatesEachPeriodAndThePreviousKeyStillOpensItsTickets() {
        ServerTickets longLived = new ServerTickets(new SecureRandom(), now::get, HOUR);
        ServerTickets.State week = new ServerTickets.State(now.get(), 604800, 1, 0x1301, new byte[32], null, null,
                new X509Certificate[0]);
        byte[] t = longLived.seal(week);
        now.addAndGet(HOUR + 1);
        byte[] fresh = longLived.seal(week);
        assertFalse(java.util.Arrays.equals(java.util.Arrays.copyOfRange(t, 1, 5),
                java.util.Arrays.copyOfRange(fresh, 1, 5)), "a new key id after one period");
        assertNotNull(longLived.open(t), "the previous key is still accepted");
        now.addAndGet(HOUR);
        longLived.seal(week);
        assertNull(longLived.open(t), "two generations later the key is gone");
    }

    @Test
    void ticketsOfAnotherCredentialDoNotOpen() {
        ServerTickets other = new ServerTickets(new SecureRandom(), now::get, HOUR);
        assertNull(other.open(tickets.seal(state())));
    }
}
