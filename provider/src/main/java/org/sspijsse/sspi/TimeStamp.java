package org.sspijsse.sspi;

import java.time.Instant;

/**
 * {@code TimeStamp} ({@code ptsExpiry}): the expiry of credentials or of a context. Java's
 * {@link Instant} carries the point in time; it is rendered in local time by callers who want it.
 */
public final class TimeStamp {
    public Instant value;

    public TimeStamp() {
    }

    @Override
    public String toString() {
        return String.valueOf(value);
    }
}
