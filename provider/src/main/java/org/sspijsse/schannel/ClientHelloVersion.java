package org.sspijsse.schannel;

import java.io.ByteArrayInputStream;

/**
 * Version tolerance for a ClientHello (RFC 8446 §4.2.1, RFC 5246 Appendix E.1): a legacy_version
 * above TLS 1.2 ({3,4}, {4,1}, {254,254}, ...) means "the newest you have"; without supported_versions
 * the server answers TLS 1.2, and with it legacy_version is ignored. BC 1.84 refuses a major version
 * other than 3 (and, before it has parsed a ClientHello, sends no alert). So BC parses a copy whose
 * legacy_version is {3,3}; the transcript hash still covers the bytes the client sent, because BC
 * hashes its own message buffer, not the stream it parses.
 */
final class ClientHelloVersion {
    private ClientHelloVersion() {
    }

    /** The ClientHello body of {@code buf} (consumed), with legacy_version clamped to {3,3} if above it. */
    static ByteArrayInputStream clamped(ByteArrayInputStream buf) {
        byte[] body = buf.readAllBytes();
        if (body.length >= 2) {
            int major = body[0] & 0xFF;
            int minor = body[1] & 0xFF;
            if (major > 3 || (major == 3 && minor > 3)) {
                body[0] = 3;
                body[1] = 3;
            }
        }
        return new ByteArrayInputStream(body);
    }
}
