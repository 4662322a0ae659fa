package org.sspijsse.testsupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SunJssePeerTest {
    private final TestPki pki = TestPki.create();

    /** Moves bytes between the two peers until neither has anything to say (bounded). */
    static void handshake(SunJssePeer client, SunJssePeer server) {
        byte[] toServer = client.start();
        for (int i = 0; i < 20 && (toServer.length > 0 || !client.isHandshakeDone() || !server.isHandshakeDone()); i++) {
            byte[] toClient = server.receive(toServer);
            toServer = client.receive(toClient);
        }
        assertNull(client.failure());
        assertNull(server.failure());
        assertTrue(client.isHandshakeDone() && server.isHandshakeDone());
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void twoSunJssePeersCompleteAHandshakeInMemoryAndExchangeDataBothWays(String protocol) {
        SunJssePeer server = SunJssePeer.server(pki.server(KeyType.EC_P256)).protocols(protocol).alpn("h2").build();
        SunJssePeer client = SunJssePeer.client(pki.root()).protocols(protocol).alpn("h2", "http/1.1")
                .endpointIdentification("HTTPS").build();
        handshake(client, server);
        assertEquals(protocol, client.protocol());
        assertEquals("h2", client.applicationProtocol());

        byte[] big = new byte[40_000];
        Arrays.fill(big, (byte) 'x');
        server.receive(client.sendApplicationData(big));
        assertArrayEquals(big, server.readApplicationData());
        byte[] hello = "hello client".getBytes(StandardCharsets.US_ASCII);
        client.receive(server.sendApplicationData(hello));
        assertArrayEquals(hello, client.readApplicationData());
        assertEquals(0, client.readApplicationData().length);

        byte[] closeNotify = client.closeOutbound();
        assertTrue(closeNotify.length > 0);
        server.receive(closeNotify);
        assertTrue(server.isInboundDone());
    }

    @Test
    void bytesDeliveredOneAtATimeAreBufferedUntilARecordIsWhole() {
        SunJssePeer server = SunJssePeer.server(pki.server(KeyType.RSA_2048)).protocols("TLSv1.3").build();
        SunJssePeer client = SunJssePeer.client(pki.root()).protocols("TLSv1.3").build();
        byte[] clientHello = client.start();
        byte[] flight = new byte[0];
        for (int i = 0; i < clientHello.length; i++) {
            byte[] out = server.receive(new byte[] {clientHello[i]});
            if (i < clientHello.length - 1) {
                assertEquals(0, out.length, "nothing before the ClientHello is whole");
            }
            flight = out;
        }
        assertTrue(flight.length > 0);
        assertEquals(0x16, flight[0]);
        byte[] fin = client.receive(flight);
        byte[] tickets = server.receive(fin);
        assertTrue(server.isHandshakeDone());
        client.receive(tickets);
        assertTrue(client.isHandshakeDone());
    }

    @Test
    void aServerThatNeedsAClientCertificateAcceptsOneFromThePki() {
        SunJssePeer server = SunJssePeer.server(pki.server(KeyType.EC_P256)).trust(pki.root()).needClientAuth().build();
        SunJssePeer client = SunJssePeer.client(pki.root()).keyMaterial(pki.client(KeyType.EC_P256, "alice")).build();
        handshake(client, server);
        assertNotNull(server.engine().getSession());
    }

    @Test
    void anUntrustedServerMakesTheClientFailAndSendAnAlert() {
        SunJssePeer server = SunJssePeer.server(pki.server(KeyType.EC_P256, TestPki.Variant.SELF_SIGNED)).build();
        SunJssePeer client = SunJssePeer.client(pki.root()).build();
        byte[] alert = client.receive(server.receive(client.start()));
        assertNotNull(client.failure());
        assertTrue(alert.length > 0, "the alert (TLS 1.3: after a compatibility change_cipher_spec)");
        server.receive(alert);
        assertNotNull(server.failure(), "the server saw the client's fatal alert");
    }
}
