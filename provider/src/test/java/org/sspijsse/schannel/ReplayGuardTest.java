package org.sspijsse.schannel;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.sspijsse.sspi.SecStatus;

class ReplayGuardTest {
    private static ByteBuffer bytes(int... b) {
        ByteBuffer buf = ByteBuffer.allocate(b.length);
        for (int x : b) {
            buf.put((byte) x);
        }
        return buf;
    }

    @Test
    void skipPrefix_sameInputPresentedAgain_skipsTheConsumedBytesOnce() {
        ReplayGuard g = new ReplayGuard();
        g.remember(bytes(1, 2, 3, 4), 0, 3);
        assertEquals(3, g.skipPrefix(bytes(1, 2, 3, 4, 5), 0, 5));
        assertEquals(0, g.skipPrefix(bytes(1, 2, 3, 4, 5), 0, 5), "the memory is used once");
    }

    @Test
    void skipPrefix_otherInput_skipsNothing() {
        ReplayGuard g = new ReplayGuard();
        g.remember(bytes(1, 2, 3), 0, 3);
        assertEquals(0, g.skipPrefix(bytes(1, 2, 9, 4), 0, 4));
    }

    @Test
    void skipPrefix_shorterInput_skipsNothing() {
        ReplayGuard g = new ReplayGuard();
        g.remember(bytes(1, 2, 3), 0, 3);
        assertEquals(0, g.skipPrefix(bytes(1, 2), 0, 2));
    }

    @Test
    void park_keepsTokenAndStatusUntilTaken_andTheMemoryWithIt() {
        ReplayGuard g = new ReplayGuard();
        g.park(new byte[] {7, 7}, SecStatus.SEC_I_CONTINUE_NEEDED, bytes(5, 6, 7), 0, 2);
        assertTrue(g.hasPending());
        assertEquals(2, g.pendingConsumed());
        assertEquals(2, g.skipPrefix(bytes(5, 6, 7), 0, 3));
        assertEquals(2, g.skipPrefix(bytes(5, 6, 7), 0, 3), "kept while a result is parked");
        ReplayGuard.Pending p = g.takePending();
        assertArrayEquals(new byte[] {7, 7}, p.token);
        assertEquals(SecStatus.SEC_I_CONTINUE_NEEDED, p.status);
        assertFalse(g.hasPending());
        assertEquals(0, g.skipPrefix(bytes(5, 6, 7), 0, 3));
    }
}
