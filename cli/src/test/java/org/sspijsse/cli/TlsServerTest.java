package org.sspijsse.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TlsServerTest {

    @Test
    void theClientsText_isPrintedWithoutControlCharacters_andCutAt200() {
        assertEquals("GET /?[31m HTTP/1.1?", TlsServer.printable("GET /\u001b[31m HTTP/1.1\u00ff"));
        assertEquals("x".repeat(200) + "...", TlsServer.printable("x".repeat(500)));
        assertNull(TlsServer.printable(null));
    }

    @Test
    void theResponse_isAnHttp11OkWithContentLengthAndClose_andABodyNamingWhatWasNegotiated() {
        ConnectionReport.Facts facts = new ConnectionReport.Facts("TLSv1.2", "TLS_X (0x1234)", "http/1.1",
                "CN=c, issued by CN=ca (chain of 1)", "CN=c", "new, no id", "sizes");
        String body = TlsServer.body(facts, "localhost", "GET / HTTP/1.1");
        String response = new String(HttpMessages.ok(body), StandardCharsets.UTF_8);
        assertTrue(response.startsWith("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n"), response);
        for (String line : new String[] {"protocol: TLSv1.2", "cipher suite: TLS_X (0x1234)", "ALPN: http/1.1",
            "SNI: localhost", "client certificate: CN=c", "request: GET / HTTP/1.1"}) {
            assertTrue(body.contains(line + "\n"), body);
        }
    }
}
