package org.sspijsse.engine;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Security;
import javax.net.ssl.SSLContext;
import org.sspijsse.testsupport.Issued;
import org.sspijsse.testsupport.KeyType;
import org.sspijsse.testsupport.TestPki;

/**
 * Runs in a forked JVM: installs SspiJsse one way (argument 0), then an unmodified
 * {@code java.net.http.HttpClient}, which takes {@code SSLContext.getDefault()}, fetches a page
 * from a SunJSSE HTTPS server on 127.0.0.1. Prints the provider of the default context and the
 * body; exits non-zero on any failure.
 */
public final class InstallProbe {
    private InstallProbe() {
    }

    public static void main(String[] args) throws Exception {
        String how = args[0];
        switch (how) {
            case "addProvider":
                Security.addProvider(new org.sspijsse.jsse.SspiJsseProvider());
                break;
            case "insertProviderAt1":
                Security.insertProviderAt(new org.sspijsse.jsse.SspiJsseProvider(), 1);
                break;
            case "properties":
                // The java.security override file named on the command line did it.
                break;
            default:
                throw new IllegalArgumentException(how);
        }
        TestPki pki = TestPki.create();
        Issued server = pki.server(KeyType.EC_P256, "localhost");
        Path trust = Files.createTempFile("trust", ".p12");
        try (var out = Files.newOutputStream(trust)) {
            TestPki.trustStore(pki.root()).store(out, Issued.PASSWORD);
        }
        System.setProperty("javax.net.ssl.trustStore", trust.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", new String(Issued.PASSWORD));
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");

        SSLContext sun = SSLContext.getInstance("TLS", "SunJSSE");
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance("SunX509");
        kmf.init(server.keyStore(), Issued.PASSWORD);
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
        tmf.init((KeyStore) null);
        sun.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(sun));
        https.createContext("/", ex -> {
            byte[] body = "hello over SspiJsse".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        https.start();
        try {
            SSLContext def = SSLContext.getDefault();
            System.out.println("default provider " + def.getProvider().getName());
            System.out.println("TLS provider " + SSLContext.getInstance("TLS", "SspiJsse").getProvider().getName());
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(java.time.Duration.ofSeconds(10)).build();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(
                    "https://localhost:" + https.getAddress().getPort() + "/")).timeout(java.time.Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
            System.out.println("status " + r.statusCode());
            System.out.println("body " + r.body());
            System.out.println("client protocol " + r.sslSession().map(s -> s.getProtocol()).orElse("none"));
        } finally {
            https.stop(0);
            Files.deleteIfExists(trust);
        }
    }
}
