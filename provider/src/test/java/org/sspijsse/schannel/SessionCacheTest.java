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
}
