package org.sspijsse.record;

/**
 * TLS 1.3 KeyUpdate (RFC 8446 §4.6.3): the caller (schannel, holding BC's {@code TlsSecret}s)
 * derives each direction's next keys: application_traffic_secret_N+1 =
 * HKDF-Expand-Label(application_traffic_secret_N, "traffic upd", "", Hash.length), then key and
 * IV from it (RFC 8446 §7.2, §7.3).
 *
 * <p>The record layer calls {@link #nextReadKeys()} while holding its read lock and
 * {@link #nextWriteKeys()} while holding its write lock; the two may run at the same time on two
 * threads, so an implementation must keep the two directions' secrets apart (or synchronise).
 * A {@code RuntimeException} thrown here fails that direction of the record layer with internal_error.
 */
public interface KeySchedule {
    /** The peer's next sending keys, after it sent a KeyUpdate. */
    TrafficKeys nextReadKeys();

    /** Our next sending keys, after we sent a KeyUpdate. */
    TrafficKeys nextWriteKeys();
}
