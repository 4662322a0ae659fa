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
 * {@link #PER_TARGET} tickets per target, and in targets and estimated bytes (least recently used
 * targets go first). A ticket holds only what resumption needs (ticket, PSK, suite, ALPN, the peer's
 * chain) and a bare origin token, never its context. Thread-safe.
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
        /** Estimated heap: fixed fields, the byte arrays, twice the DER of the chain (its parsed form). */
        long bytes() {
            long n = 160 + identity.length + psk.length + (alpn == null ? 0 : alpn.length);
            if (peerChain != null) {
                for (X509Certificate c : peerChain) {
                    try {
                        n += 2L * c.getEncoded().length;
                    } catch (java.security.cert.CertificateEncodingException e) {
                        n += 4096;
                    }
                }
            }
            return n;
        }

        /** A copy with another origin (tests). */
        Ticket withOrigin(Object other) {
            return new Ticket(identity, psk, ageAdd, receivedAtMillis, expiresAtMillis, cipherSuite, serverName, alpn,
                    peerChain, other);
        }

        Ticket withIdentity(byte[] other) {
            return new Ticket(other, psk, ageAdd, receivedAtMillis, expiresAtMillis, cipherSuite, serverName, alpn,
                    peerChain, origin);
        }
    }

    private final int capacity;
    private final long maxBytes;
    private long bytes;
    private final LinkedHashMap<String, ArrayDeque<Ticket>> map;

    ClientTickets(int capacity) {
        this(capacity, Long.MAX_VALUE);
    }

    /** At most {@code capacity} targets and {@code maxBytes} of estimated heap; least recently used targets go first. */
    ClientTickets(int capacity, long maxBytes) {
        this.capacity = capacity;
        this.maxBytes = maxBytes;
        this.map = new LinkedHashMap<>(16, 0.75f, true);
    }

    synchronized void add(String target, Ticket t) {
        long cost = t.bytes();
        if (cost > maxBytes) {
            return;
        }
        ArrayDeque<Ticket> q = map.computeIfAbsent(key(target), k -> new ArrayDeque<>());
        if (q.size() == PER_TARGET) {
            bytes -= q.pollFirst().bytes();
        }
        q.addLast(t);
        bytes += cost;
        Iterator<Map.Entry<String, ArrayDeque<Ticket>>> it = map.entrySet().iterator();
        while ((map.size() > capacity || bytes > maxBytes) && it.hasNext()) {
            Map.Entry<String, ArrayDeque<Ticket>> eldest = it.next();
            if (eldest.getValue() == q && map.size() <= capacity) {
                // The target just added goes last: drop its own oldest tickets only if nothing else is left.
                continue;
            }
            eldest.getValue().forEach(x -> bytes -= x.bytes());
            it.remove();
        }
    }

    /** The estimated heap the tickets keep. */
    synchronized long bytes() {
        return bytes;
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
            bytes -= t.bytes();
            if (nowMillis < t.expiresAtMillis() && nowMillis >= t.receivedAtMillis()) {
                found = t;
            }
        }
        q.removeIf(t -> {
            boolean expired = nowMillis >= t.expiresAtMillis();
            if (expired) {
                bytes -= t.bytes();
            }
            return expired;
        });
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
            Ticket t = it.next();
            if (t.origin() == origin) {
                bytes -= t.bytes();
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
            q.forEach(t -> {
                Ticket n = f.apply(t);
                bytes += n.bytes() - t.bytes();
                r.add(n);
            });
            map.put(key(target), r);
        }
    }

    synchronized void clear() {
        map.clear();
        bytes = 0;
    }

    private static String key(String target) {
        return target == null ? "\u0000" : target;
    }
}
