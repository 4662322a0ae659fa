package org.sspijsse.schannel;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.tls.TlsSession;

/**
 * Schannel's client session cache for one credential handle: target name -> the newest resumable
 * session, valid until {@code dwSessionLifespan} has passed (SSPI-FACTS.md, "Session cache"). Bounded
 * in entries and in estimated bytes (least recently used entries go first) and thread-safe; contexts of several threads share it.
 */
final class SessionCache {
    /** A cached session and when it stops being offered. */
    static final class Entry {
        final TlsSession session;
        final long expiresAtMillis;
        final long bytes;

        Entry(TlsSession session, long expiresAtMillis, long bytes) {
            this.session = session;
            this.expiresAtMillis = expiresAtMillis;
            this.bytes = bytes;
        }
    }

    /**
     * The heap one cached BC session keeps besides its peer certificates, measured on JDK 17 (issue 14:
     * about 0.6 KB per TLS 1.2 session: id, master secret, suite, extensions).
     */
    static final long SESSION_BASE_BYTES = 640;

    private final int capacity;
    private final long maxBytes;
    private long bytes;
    private final LinkedHashMap<String, Entry> map;

    SessionCache(int capacity) {
        this(capacity, Long.MAX_VALUE);
    }

    /** At most {@code capacity} entries and {@code maxBytes} of estimated heap; the least recently used go first. */
    SessionCache(int capacity, long maxBytes) {
        this.capacity = capacity;
        this.maxBytes = maxBytes;
        this.map = new LinkedHashMap<>(16, 0.75f, true);
    }

    /** The estimated heap of {@code session}: its base plus twice the DER of its peer's chain (the parsed form). */
    static long cost(TlsSession session) {
        long n = SESSION_BASE_BYTES;
        org.bouncycastle.tls.SessionParameters p = session.exportSessionParameters();
        org.bouncycastle.tls.Certificate chain = p == null ? null : p.getPeerCertificate();
        if (chain != null) {
            for (int i = 0; i < chain.getLength(); i++) {
                try {
                    n += 2L * chain.getCertificateAt(i).getEncoded().length;
                } catch (java.io.IOException e) {
                    n += 4096;
                }
            }
        }
        return n;
    }

    /** The live session for {@code target}, or null (an expired or no longer resumable one is dropped). */
    synchronized TlsSession find(String target, long nowMillis) {
        Entry e = map.get(key(target));
        if (e == null) {
            return null;
        }
        if (nowMillis >= e.expiresAtMillis || !e.session.isResumable()) {
            drop(key(target));
            return null;
        }
        return e.session;
    }

    synchronized void put(String target, TlsSession session, long expiresAtMillis) {
        put(target, session, expiresAtMillis, cost(session));
    }

    /** Caches {@code session} as {@code cost} bytes, then evicts the least recently used over either bound. */
    synchronized void put(String target, TlsSession session, long expiresAtMillis, long cost) {
        drop(key(target));
        if (cost > maxBytes) {
            return; // one oversized entry (a huge chain) is not worth the whole cache
        }
        map.put(key(target), new Entry(session, expiresAtMillis, cost));
        bytes += cost;
        var it = map.entrySet().iterator();
        while ((map.size() > capacity || bytes > maxBytes) && it.hasNext()) {
            bytes -= it.next().getValue().bytes;
            it.remove();
        }
    }

    private void drop(String key) {
        Entry old = map.remove(key);
        if (old != null) {
            bytes -= old.bytes;
        }
    }

    /** The estimated heap the entries keep. */
    synchronized long bytes() {
        return bytes;
    }

    /** Drops the entry for {@code target} if it still holds {@code session}. */
    synchronized void remove(String target, TlsSession session) {
        Entry e = map.get(key(target));
        if (e != null && (session == null || e.session == session)) {
            drop(key(target));
        }
    }

    synchronized int size() {
        return map.size();
    }

    synchronized void clear() {
        map.clear();
        bytes = 0;
    }

    /** A null target name is its own key: Schannel caches sessions made without one too. */
    private static String key(String target) {
        return target == null ? "\u0000" : target;
    }
}
