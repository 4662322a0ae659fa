package org.sspijsse.schannel;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.tls.TlsSession;

/**
 * Schannel's client session cache for one credential handle: target name -> the newest resumable
 * session, valid until {@code dwSessionLifespan} has passed (SSPI-FACTS.md, "Session cache"). Bounded
 * (least recently used entries go first) and thread-safe; contexts of several threads share it.
 */
final class SessionCache {
    /** A cached session and when it stops being offered. */
    static final class Entry {
        final TlsSession session;
        final long expiresAtMillis;

        Entry(TlsSession session, long expiresAtMillis) {
            this.session = session;
            this.expiresAtMillis = expiresAtMillis;
        }
    }

    private final int capacity;
    private final LinkedHashMap<String, Entry> map;

    SessionCache(int capacity) {
        this.capacity = capacity;
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > SessionCache.this.capacity;
            }
        };
    }

    /** The live session for {@code target}, or null (an expired or no longer resumable one is dropped). */
    synchronized TlsSession find(String target, long nowMillis) {
        Entry e = map.get(key(target));
        if (e == null) {
            return null;
        }
        if (nowMillis >= e.expiresAtMillis || !e.session.isResumable()) {
            map.remove(key(target));
            return null;
        }
        return e.session;
    }

    synchronized void put(String target, TlsSession session, long expiresAtMillis) {
        map.put(key(target), new Entry(session, expiresAtMillis));
    }

    /** Drops the entry for {@code target} if it still holds {@code session}. */
    synchronized void remove(String target, TlsSession session) {
        Entry e = map.get(key(target));
        if (e != null && (session == null || e.session == session)) {
            map.remove(key(target));
        }
    }

    synchronized int size() {
        return map.size();
    }

    synchronized void clear() {
        map.clear();
    }

    /** A null target name is its own key: Schannel caches sessions made without one too. */
    private static String key(String target) {
        return target == null ? "\u0000" : target;
    }
}
