package org.sspijsse.cli;

import java.nio.charset.StandardCharsets;

/** The little HTTP/1.1 the tool speaks: one GET, one 200 response, and finding the end of a head. */
final class HttpMessages {
    private HttpMessages() {
    }

    /** {@code GET / HTTP/1.1} with {@code Host} and {@code Connection: close}. */
    static byte[] get(String host) {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return ("GET / HTTP/1.1\r\nHost: " + h + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The index just after the first CRLF CRLF in {@code buf[0, len)}, or -1. */
    static int endOfHead(byte[] buf, int len) {
        for (int i = 3; i < len; i++) {
            if (buf[i] == '\n' && buf[i - 1] == '\r' && buf[i - 2] == '\n' && buf[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    /** The first line of a head ({@code HTTP/1.1 200 OK}), without its CRLF. */
    static String statusLine(String head) {
        int eol = head.indexOf("\r\n");
        return eol < 0 ? head : head.substring(0, eol);
    }

    /** {@code HTTP/1.1 200 OK}, text/plain, with Content-Length and {@code Connection: close}. */
    static byte[] ok(String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 200 OK\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + b.length + "\r\n"
                + "Connection: close\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[h.length + b.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(b, 0, all, h.length, b.length);
        return all;
    }
}
