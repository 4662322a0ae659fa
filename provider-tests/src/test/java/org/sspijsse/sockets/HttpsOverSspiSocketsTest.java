package org.sspijsse.sockets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** JDK HTTP clients over our sockets, against a tiny HTTP/1.1 responder on our SSLServerSocket. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpsOverSspiSocketsTest {
    private static final String BODY = "hello over sspi";

    /** Answers every request on a connection with BODY; stops when the server socket closes. */
    static Thread serve(ServerSocket ss) {
        Thread t = new Thread(() -> {
            while (!ss.isClosed()) {
                try (Socket s = ss.accept()) {
                    s.setSoTimeout(10_000);
                    BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                    OutputStream out = s.getOutputStream();
                    String line;
                    while ((line = r.readLine()) != null) {
                        if (line.isEmpty()) {
                            byte[] b = BODY.getBytes(StandardCharsets.US_ASCII);
                            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + b.length
                                    + "\r\nContent-Type: text/plain\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                            out.write(b);
                            out.flush();
                        }
                    }
                } catch (IOException e) {
                    // connection ended (or the server socket closed)
                }
            }
        }, "tiny-https");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void httpsUrlConnection_withOurSocketFactory_readsTheBodyFromOurServer() throws Exception {
        SSLContext server = SocketPki.server(SocketPki.OURS, "TLS");
        SSLContext client = SocketPki.client(SocketPki.OURS, "TLS");
        try (ServerSocket ss = SocketPki.listen(server)) {
            Thread t = serve(ss);
            HttpsURLConnection c = (HttpsURLConnection) new URL("https://localhost:" + ss.getLocalPort() + "/").openConnection();
            c.setSSLSocketFactory(client.getSocketFactory());
            c.setConnectTimeout(10_000);
            c.setReadTimeout(10_000);
            assertEquals(200, c.getResponseCode());
            assertEquals(BODY, new String(c.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
            c.disconnect();
            ss.close();
            t.join(10_000);
        }
    }

}
