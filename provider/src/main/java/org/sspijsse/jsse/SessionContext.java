package org.sspijsse.jsse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;

/**
 * The {@code SSLSessionContext} of one side of an SSLContext: the sessions its engines completed,
 * by id, bounded in entries (least recently used go first) and expiring after the timeout.
 * Resumption itself is the SSPI package's session cache on the shared credential; this view lists
 * what the engines negotiated.
 */
final class SessionContext implements SSLSessionContext {
    /** SunJSSE's defaults: 20480 entries, 86400 s. */
    private int size = 20480;
    private int timeoutSeconds = 86400;
    private final LinkedHashMap<String, SspiSslSession> sessions = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SspiSslSession> eldest) {
            return size > 0 && size() > size;
        }
    };

    synchronized void add(SspiSslSession s) {
        byte[] id = s.getId();
        if (id.length == 0) {
            return;
        }
        s.bind(this);
        sessions.put(key(id), s);
    }

    synchronized void remove(SspiSslSession s) {
        sessions.remove(key(s.getId()));
    }

    boolean isExpired(SspiSslSession s) {
        int t = timeoutSeconds;
        return t > 0 && System.currentTimeMillis() - s.getCreationTime() >= t * 1000L;
    }

    @Override
    public synchronized SSLSession getSession(byte[] sessionId) {
        if (sessionId == null) {
            throw new NullPointerException("session id cannot be null");
        }
        SspiSslSession s = sessions.get(key(sessionId));
        if (s != null && isExpired(s)) {
            sessions.remove(key(sessionId));
            return null;
        }
        return s;
    }

    @Override
    public synchronized Enumeration<byte[]> getIds() {
        List<byte[]> ids = new ArrayList<>();
        for (SspiSslSession s : sessions.values()) {
            if (!isExpired(s)) {
                ids.add(s.getId());
            }
        }
        return Collections.enumeration(ids);
    }

    @Override
    public synchronized void setSessionTimeout(int seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("timeout < 0");
        }
        timeoutSeconds = seconds;
    }

    @Override
    public synchronized int getSessionTimeout() {
        return timeoutSeconds;
    }

    @Override
    public synchronized void setSessionCacheSize(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("size < 0");
        }
        this.size = size;
        if (size > 0) {
            while (sessions.size() > size) {
                String eldest = sessions.keySet().iterator().next();
                sessions.remove(eldest);
            }
        }
    }

    @Override
    public synchronized int getSessionCacheSize() {
        return size;
    }

    private static String key(byte[] id) {
        return java.util.HexFormat.of().formatHex(id);
    }
}
