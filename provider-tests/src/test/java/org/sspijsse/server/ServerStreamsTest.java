package org.sspijsse.server;

import static org.junit.jupiter.api.Assertions.*;
import static org.sspijsse.server.Fixtures.*;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sspijsse.sspi.CtxtHandle;
import org.sspijsse.sspi.SchannelConstants;
import org.sspijsse.sspi.SecPkgAttr;
import org.sspijsse.sspi.SecPkgContext;
import org.sspijsse.sspi.SecStatus;
import org.sspijsse.testsupport.KeyType;
import org.sspijsse.testsupport.SspiClientLoop;
import org.sspijsse.testsupport.SspiClientLoop.Delivery;
import org.sspijsse.testsupport.SspiStreams;

/**
 * Issue 3, item 6: EncryptMessage / DecryptMessage both ways on server contexts,
 * QueryContextAttributes on the server, and the server's shutdown (ApplyControlToken + ASC).
 */
class ServerStreamsTest {

    private record Pair(AscPeer server, SspiClientLoop.Result client) {
    }

    private static Pair connect(KeyType key, boolean tls13, String... alpn) {
        AscPeer asc = new AscPeer(inbound(server(key)), Delivery.WHOLE_FLIGHTS, AscPeer.DEFAULT_REQ, true, "h2", "http/1.1");
        SspiClientLoop.Builder b = SspiClientLoop.builder(outbound(tls13)).targetName(HOST);
        if (alpn.length > 0) {
            b.alpn(alpn);
        }
        SspiClientLoop.Result r = b.run(asc::receive);
        assertTrue(r.isOk(), r::describe);
        assertEquals(SecStatus.SEC_E_OK, asc.status(), asc::describe);
        return new Pair(asc, r);
    }

    @ParameterizedTest(name = "{0}, TLS 1.{1}")
    @CsvSource({"EC_P256, 2", "EC_P256, 3", "RSA_2048, 2", "RSA_2048, 3"})
    void applicationDataFlowsBothWaysInRecordsOfEverySize(KeyType key, int minor) {
        Pair p = connect(key, minor == 3);
        CtxtHandle server = p.server().context();
        CtxtHandle client = p.client().context();
        Random rnd = new Random(minor * 31 + key.ordinal());
        SspiStreams.Decryptor atServer = SspiStreams.decryptor(server);
        SspiStreams.Decryptor atClient = SspiStreams.decryptor(client).processingPostHandshake(false);
        atServer.feed(p.server().leftover());
        atClient.feed(p.client().leftover());
        for (int size : new int[] {0, 1, 100, 16384, 16385, 50_000}) {
            byte[] data = new byte[size];
            rnd.nextBytes(data);
            assertEquals(SecStatus.SEC_E_OK, atServer.feed(SspiStreams.encrypt(client, data)));
            assertArrayEquals(data, atServer.takePlaintext(), "client -> server, " + size + " bytes");
            assertEquals(SecStatus.SEC_E_OK, atClient.feed(SspiStreams.encrypt(server, data)));
            assertArrayEquals(data, atClient.takePlaintext(), "server -> client, " + size + " bytes");
        }
    }

    @ParameterizedTest(name = "TLS 1.{0}")
    @ValueSource(ints = {2, 3})
    void theServerContextReportsItsConnection(int minor) {
        boolean tls13 = minor == 3;
        Pair p = connect(KeyType.EC_P256, tls13, "http/1.1", "h2");
        CtxtHandle s = p.server().context();

        SecPkgContext.StreamSizes sizes = query(s, SecPkgAttr.SECPKG_ATTR_STREAM_SIZES);
        assertEquals(tls13 ? 5 : 13, sizes.cbHeader);
        assertEquals(tls13 ? 17 : 16, sizes.cbTrailer);
        assertEquals(16384, sizes.cbMaximumMessage);
        assertEquals(4, sizes.cBuffers);

        SecPkgContext.ConnectionInfo ci = query(s, SecPkgAttr.SECPKG_ATTR_CONNECTION_INFO);
        assertEquals(tls13 ? SchannelConstants.SP_PROT_TLS1_3_SERVER : SchannelConstants.SP_PROT_TLS1_2_SERVER, ci.dwProtocol);
        assertEquals(tls13 ? 0x1000 : 0x400, ci.dwProtocol);
        SecPkgContext.ConnectionInfo cc = query(p.client().context(), SecPkgAttr.SECPKG_ATTR_CONNECTION_INFO);
        assertEquals(tls13 ? SchannelConstants.SP_PROT_TLS1_3_CLIENT : SchannelConstants.SP_PROT_TLS1_2_CLIENT, cc.dwProtocol);
        assertEquals(cc.aiCipher, ci.aiCipher);
        assertEquals(cc.dwCipherStrength, ci.dwCipherStrength);

        SecPkgContext.CipherInfo info = query(s, SecPkgAttr.SECPKG_ATTR_CIPHER_INFO);
        assertEquals(ci.dwProtocol, info.dwProtocol);
        assertEquals(tls13 ? "TLS_AES_128_GCM_SHA256" : "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", info.szCipherSuite);
        SecPkgContext.CipherInfo clientInfo = query(p.client().context(), SecPkgAttr.SECPKG_ATTR_CIPHER_INFO);
        assertEquals(clientInfo.dwCipherSuite, info.dwCipherSuite);

        SecPkgContext.ApplicationProtocol ap = query(s, SecPkgAttr.SECPKG_ATTR_APPLICATION_PROTOCOL);
        assertEquals("h2", ap.getProtocol());
    }

    @ParameterizedTest(name = "TLS 1.{0}")
    @ValueSource(ints = {2, 3})
    void aServerShutdownGivesCloseNotifyAndTheClientSeesContextExpired(int minor) {
        Pair p = connect(KeyType.EC_P256, minor == 3);
        CtxtHandle s = p.server().context();
        byte[] reply = "bye".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] data = SspiStreams.encrypt(s, reply);
        byte[] close = serverShutdown(inbound(server(KeyType.EC_P256)), s);
        assertTrue(close.length > 0, "a close_notify token");
        assertTrue(protectedAlert(close), "one protected alert record");
        SspiStreams.Decryptor atClient = SspiStreams.decryptor(p.client().context()).processingPostHandshake(false);
        atClient.feed(p.client().leftover());
        int st = atClient.feed(AscPeer.concat(data, close));
        assertArrayEquals(reply, atClient.takePlaintext(), "data sent before the shutdown arrives");
        assertEquals(SecStatus.SEC_I_CONTEXT_EXPIRED, st);
        assertTrue(atClient.contextExpired());
        assertNotEquals(SecStatus.SEC_E_OK, org.sspijsse.sspi.Sspi.encryptMessage(s, 0,
                new org.sspijsse.sspi.SecBufferDesc(), 0), "nothing more is sent after the shutdown");
    }

    @ParameterizedTest(name = "TLS 1.{0}")
    @ValueSource(ints = {2, 3})
    void theClientsCloseNotifyIsContextExpiredAtTheServer(int minor) {
        Pair p = connect(KeyType.EC_P256, minor == 3);
        byte[] close = SspiStreams.shutdown(outbound(minor == 3), p.client().context(), HOST);
        SspiStreams.Decryptor atServer = SspiStreams.decryptor(p.server().context());
        assertEquals(SecStatus.SEC_I_CONTEXT_EXPIRED, atServer.feed(AscPeer.concat(p.server().leftover(), close)));
    }
}
