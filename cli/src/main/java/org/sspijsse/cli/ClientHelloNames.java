package org.sspijsse.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The host name a client asked for (server_name, RFC 6066 §3), read from its ClientHello records.
 * The SSPI layer has no attribute for it, so a Schannel server reads it from the first bytes it
 * handed to AcceptSecurityContext, as Windows servers do with SslGetServerIdentity. Malformed or
 * truncated input gives null, never an exception.
 */
final class ClientHelloNames {
    private static final int HANDSHAKE = 22;
    private static final int CLIENT_HELLO = 1;
    private static final int SERVER_NAME = 0;
    private static final int HOST_NAME = 0;

    private ClientHelloNames() {
    }

    /** The host_name in the ClientHello that {@code records} (TLS records, plaintext) start with, or null. */
    static String serverName(byte[] records) {
        byte[] hello = handshakeBytes(records);
        Reader r = new Reader(hello, 0, hello.length);
        if (r.u8() != CLIENT_HELLO) {
            return null;
        }
        Reader body = r.sub(r.u24());
        body.skip(2 + 32);                 // legacy_version, random
        body.skip(body.u8());              // legacy_session_id
        body.skip(body.u16());             // cipher_suites
        body.skip(body.u8());              // legacy_compression_methods
        Reader extensions = body.sub(body.u16());
        while (extensions.ok() && extensions.remaining() >= 4) {
            int type = extensions.u16();
            Reader ext = extensions.sub(extensions.u16());
            if (type != SERVER_NAME) {
                continue;
            }
            Reader list = ext.sub(ext.u16());
            while (list.ok() && list.remaining() >= 3) {
                int nameType = list.u8();
                int length = list.u16();
                if (nameType == HOST_NAME && list.ok() && length <= list.remaining() && length > 0) {
                    return new String(list.bytes, list.pos, length, StandardCharsets.US_ASCII);
                }
                list.skip(length);
            }
            return null;
        }
        return null;
    }

    /** The handshake-record fragments at the start of {@code records}, joined. */
    private static byte[] handshakeBytes(byte[] records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int pos = 0; pos + 5 <= records.length && records[pos] == HANDSHAKE; ) {
            int length = ((records[pos + 3] & 0xFF) << 8) | (records[pos + 4] & 0xFF);
            int n = Math.min(length, records.length - pos - 5);
            out.write(records, pos + 5, n);
            pos += 5 + length;
        }
        return out.toByteArray();
    }

    /** Big-endian reads inside {@code [pos, end)}; reading past the end sets a sticky error. */
    private static final class Reader {
        final byte[] bytes;
        int pos;
        final int end;
        private boolean bad;

        Reader(byte[] bytes, int pos, int end) {
            this.bytes = bytes;
            this.pos = pos;
            this.end = end;
        }

        boolean ok() {
            return !bad;
        }

        int remaining() {
            return end - pos;
        }

        int u8() {
            return (int) read(1);
        }

        int u16() {
            return (int) read(2);
        }

        int u24() {
            return (int) read(3);
        }

        void skip(int n) {
            if (n < 0 || n > remaining()) {
                bad = true;
                pos = end;
            } else {
                pos += n;
            }
        }

        /** The next {@code n} bytes as their own reader; this one moves past them. */
        Reader sub(int n) {
            if (bad || n < 0 || n > remaining()) {
                bad = true;
                pos = end;
                Reader empty = new Reader(bytes, end, end);
                empty.bad = true;
                return empty;
            }
            Reader r = new Reader(bytes, pos, pos + n);
            pos += n;
            return r;
        }

        private long read(int n) {
            if (bad || n > remaining()) {
                bad = true;
                pos = end;
                return -1;
            }
            long v = 0;
            for (int i = 0; i < n; i++) {
                v = (v << 8) | (bytes[pos++] & 0xFF);
            }
            return v;
        }
    }
}
