package org.sspijsse.schannel;

import static org.junit.jupiter.api.Assertions.*;

import org.bouncycastle.tls.SessionParameters;
import org.bouncycastle.tls.TlsSession;
import org.junit.jupiter.api.Test;

class SessionCacheTest {
    private static TlsSession session(boolean resumable) {
        return new TlsSession() {
            private boolean valid = resumable;

            @Override
            public SessionParameters exportSessionParameters() {
                return null;
            }

            @Override
            public byte[] getSessionID() {
                return new byte[] {1};
            }

            @Override
            public void invalidate() {
                valid = false;
            }

            @Override
            public boolean isResumable() {
                return valid;
            }
        };
    }

    @Test
    void find_sameTargetBeforeExpiry_returnsTheSession() {
        SessionCache c = new SessionCache(4);
        TlsSession s = session(true);
        c.put("host", s, 1000);
        assertSame(s, c.find("host", 999));
    }

    @Test
    void find_otherTarget_returnsNothing() {
        SessionCache c = new SessionCache(4);
        c.put("host", session(true), 1000);
        assertNull(c.find("other", 0));
    }

    @Test
    void find_atExpiry_dropsTheEntry() {
        SessionCache c = new SessionCache(4);
        c.put("host", session(true), 1000);
        assertNull(c.find("host", 1000));
        assertEquals(0, c.size());
    }

    @Test
    void find_invalidatedSession_dropsTheEntry() {
        SessionCache c = new SessionCache(4);
        TlsSession s = session(true);
        c.put("host", s, 1000);
        s.invalidate();
        assertNull(c.find("host", 0));
    }

    @Test
    void put_beyondCapacity_evictsTheLeastRecentlyUsed() {
        SessionCache c = new SessionCache(2);
        c.put("a", session(true), 1000);
        c.put("b", session(true), 1000);
        assertNotNull(c.find("a", 0));
        c.put("c", session(true), 1000);
        assertEquals(2, c.size());
        assertNull(c.find("b", 0), "b was least recently used");
        assertNotNull(c.find("a", 0));
    }

    @Test
    void find_nullTarget_isItsOwnKey() {
        SessionCache c = new SessionCache(2);
        TlsSession s = session(true);
        c.put(null, s, 1000);
        assertSame(s, c.find(null, 0));
        assertNull(c.find("", 0), "an empty name is another key");
    }

    @Test
    void put_overTheByteBound_evictsTheLeastRecentlyUsedUntilUnder() {
        SessionCache c = new SessionCache(100, 3000);
        for (int i = 0; i < 10; i++) {
            c.put("h" + i, session(true), 1000, 1000);
        }
        assertEquals(3, c.size());
        assertEquals(3000, c.bytes());
        assertNull(c.find("h6", 0));
        assertNotNull(c.find("h9", 0));
        c.put("h9", session(true), 1000, 500);
        assertEquals(2500, c.bytes(), "a replaced entry's bytes are returned");
        c.remove("h9", null);
        c.clear();
        assertEquals(0, c.bytes());
    }

    @Test
    void put_entryLargerThanTheWholeBound_isNotCached() {
        SessionCache c = new SessionCache(100, 3000);
        c.put("big", session(true), 1000, 3001);
        assertNull(c.find("big", 0));
        assertEquals(0, c.bytes());
    }

    @Test
    void tickets_overTheByteBound_leastRecentlyUsedTargetsGo_andBytesAreAccounted() {
        ClientTickets t = new ClientTickets(1000, 10_000);
        for (int i = 0; i < 100; i++) {
            t.add("h" + i, ticket(1000));
        }
        assertTrue(t.bytes() <= 10_000, "bytes " + t.bytes());
        assertEquals(1, t.count("h99"));
        assertEquals(0, t.count("h0"));
        long before = t.bytes();
        assertNotNull(t.take("h99", 1));
        assertEquals(before - ticket(1000).bytes(), t.bytes());
        t.clear();
        assertEquals(0, t.bytes());
    }

    @Test
    void tickets_keepNoReferenceToTheirContext_onlyTheOriginToken() {
        Object token = new Object();
        ClientTickets t = new ClientTickets(10, 1 << 20);
        t.add("h", ticket(100).withOrigin(token));
        t.removeFrom("h", token);
        assertEquals(0, t.count("h"));
        assertEquals(0, t.bytes());
    }

    private static ClientTickets.Ticket ticket(int size) {
        return new ClientTickets.Ticket(new byte[size], new byte[32], 0, 0, 10_000, 0x1301, null, null, null, null);
    }
}
