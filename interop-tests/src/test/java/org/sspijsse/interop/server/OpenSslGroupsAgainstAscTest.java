package org.sspijsse.interop.server;

import static org.junit.jupiter.api.Assertions.*;
import static org.sspijsse.interop.server.OpenSslClientAgainstAscTest.*;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sspijsse.testsupport.KeyType;
import org.sspijsse.testsupport.OpenSslClient;

/**
 * Issue 14, defect 2, against a real client: {@code openssl s_client -tls1_2 -groups ...}; the
 * server's ECDHE curve comes from the client's list (RFC 8422 §5.1). Note: OpenSSL 3.0 with
 * {@code -groups sect163k1} alone sends no supported_groups extension at all (it drops the group), so
 * that case is the "no extension, any curve" rule of RFC 8422 §4, not a list without a common curve
 * (that one is covered by HandBuiltHelloTest in provider-tests).
 */
class OpenSslGroupsAgainstAscTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void files() {
        OpenSslClientAgainstAscTest.dir = dir;
        OpenSslClientAgainstAscTest.files();
    }

    @Test
    void tls12Server_sClientOffersSect163k1ThenP256_isServedOnP256() throws Exception {
        try (AscTestServer server = new AscTestServer(serverCred(PKI.server(KeyType.EC_P256)), REQ)) {
            OpenSslClient.Result r = client(server).args("-tls1_2").groups("sect163k1:P-256").run();
            AscTestServer.Conn c = server.next();
            assertServed(r, c);
            assertTrue(r.output().contains("prime256v1"), r::describe);
        }
    }
}
