package org.sspijsse.schannel;

import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The TLS 1.3 part of Schannel's client session cache for one credential handle (SSPI-FACTS.md,
 * "Session cache"): target name -> the tickets received from NewSessionTicket messages, newest
 * last. A ticket is handed out once (RFC 8446 §4.6.1 and Appendix C.4: clients SHOULD NOT reuse a
 * ticket, so that connections cannot be linked); an expired one is dropped when met. Bounded: at most
 * {@link #PER_TARGET} tickets per target, least recently used targets go first. Thread-safe.
 */
final class ClientTickets {
    /** OpenSSL sends two tickets per connection by default; a few spare ones are enough. */
    static final int PER_TARGET = 4;

    /**
     * One ticket and what the connection that received it settled: the PSK derived from it (RFC 8446
     * §4.6.1), when it stops being offered, and the facts a resumed context reports.
     */
    record Ticket(byte[] identity, byte[] psk, long ageAdd, long receivedAtMillis, long expiresAtMillis,
            int cipherSuite, String serverName, byte[] alpn, X509Certificate[] peerChain, Object origin) {
        /** A copy with other ticket bytes (tests: a tampered ticket). */
        Ticket withIdentity(byte[] other) {
            return new Ticket(other, psk, ageAdd, receivedAtMillis, expiresAtMillis, cipherSuite, serverName, alpn,
                    peerChain, origin);
        }
    }

    private final int capacity;
    private final LinkedHashMap<String, ArrayDeque<Ticket>> map;

    ClientTickets(int capacity) {
        this.capacity = capacity;
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ArrayDeque<Ticket>> eldest) {
                return size() > ClientTickets.this.capacity;
            }
        };
    }

    synchronized void add(String target, Ticket t) {
        ArrayDeque<Ticket> q = map.computeIfAbsent(key(target), k -> new ArrayDeque<>());
        if (q.size() == PER_TARGET) {
            q.pollFirst();
        }
        q.addLast(t);
    }

    /** Removes and returns the newest unexpired ticket for {@code target}, or null; expired ones are dropped. */
    synchronized Ticket take(String target, long nowMillis) {
        ArrayDeque<Ticket> q = map.get(key(target));
        if (q == null) {
            return null;
        }
        Ticket found = null;
        while (!q.isEmpty() && found == null) {
            Ticket t = q.pollLast();
            if (nowMillis < t.expiresAtMillis() && nowMillis >= t.receivedAtMillis()) {
                found = t;
            }
        }
        q.removeIf(t -> nowMillis >= t.expiresAtMillis());
        if (q.isEmpty()) {
            map.remove(key(target));
        }
        return found;
    }

    /** Drops the tickets of {@code target} that connection {@code origin} received. */
    synchronized void removeFrom(String target, Object origin) {
        ArrayDeque<Ticket> q = map.get(key(target));
        if (q == null) {
            return;
        }
        for (Iterator<Ticket> it = q.iterator(); it.hasNext();) {
            if (it.next().origin() == origin) {
                it.remove();
            }
        }
        if (q.isEmpty()) {
            map.remove(key(target));
        }
    }

    synchronized int count(String target) {
        ArrayDeque<Ticket> q = map.get(key(target));
        return q == null ? 0 : q.size();
    }

    /** Replaces every ticket of {@code target} through {@code f} (tests: tampering, ageing). */
    synchronized void replaceAll(String target, java.util.function.UnaryOperator<Ticket> f) {
        ArrayDeque<Ticket> q = map.get(key(target));
        if (q != null) {
            ArrayDeque<Ticket> r = new ArrayDeque<>();
            q.forEach(t -> r.add(f.apply(t)));
            map.put(key(target), r);
        }
    }

    synchronized void clear() {
        map.clear();
    }

    private static String key(String target) {
        return target == null ? "\u0000" : target;
    }
}
