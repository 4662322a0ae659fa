package org.sspijsse.record;

/** The protocol version whose record protection the layer applies. */
public enum RecordVersion {
    /** RFC 5246 §6.2 with the AEAD constructions of RFC 5288 and RFC 7905. */
    TLS12,
    /** RFC 8446 §5: TLSInnerPlaintext, header as additional data, per-record nonce. */
    TLS13
}
