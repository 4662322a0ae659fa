package org.sspijsse.conformance;

import static org.junit.jupiter.api.Assertions.*;
import static org.sspijsse.conformance.Isc.*;
import static org.sspijsse.sspi.SecStatus.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sspijsse.sspi.SchannelConstants;
import org.sspijsse.sspi.SecApplicationProtocols;
import org.sspijsse.sspi.SecBufferDesc;
import org.sspijsse.sspi.SecPkgAttr;
import org.sspijsse.sspi.SecPkgContext;
import org.sspijsse.testsupport.KeyType;
import org.sspijsse.testsupport.SunJssePeer;

/** ALPN (SSPI-FACTS.md "ALPN"; the seed page: SEC_E_APPLICATION_PROTOCOL_MISMATCH). */
class AlpnTest {

    @Test
    void secApplicationProtocols_httpAndH2_is22BytesWithListsSize18() {
        byte[] b = SecApplicationProtocols.alpn("http/1.1", "h2");
        assertEquals(22, b.length);
        ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(18, le.getInt(0), "ProtocolListsSize");
        assertEquals(SchannelConstants.SecApplicationProtocolNegotiationExt_ALPN, le.getInt(4));
        assertEquals(12, le.getShort(8), "ProtocolListSize");
        assertEquals(8, b[10]);
        assertEquals("http/1.1", new String(b, 11, 8, StandardCharsets.US_ASCII));
        assertEquals(2, b[19]);
        assertEquals("h2", new String(b, 20, 2, StandardCharsets.US_ASCII));
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void initializeSecurityContext_applicationProtocolsOnFirstCall_negotiatesH2(String version) {
        SunJssePeer peer = sunServer(KeyType.EC_P256, version).alpn("h2", "http/1.1").build();
        Client c = new Client(acquire(version));
        Result first = c.first(new SecBufferDesc(SecApplicationProtocols.alpnBuffer("h2", "http/1.1")));
        assertStatus(SEC_I_CONTINUE_NEEDED, first.status);
        Loop loop = new Loop(c, peer::receive, Delivery.WHOLE_FLIGHTS);
        loop.inbox = peer.receive(first.token);
        assertStatus(SEC_E_OK, loop.run().status);
        assertTrue(peer.isHandshakeDone());
        SecPkgContext.ApplicationProtocol ap = (SecPkgContext.ApplicationProtocol) query(c.ctx,
                SecPkgAttr.SECPKG_ATTR_APPLICATION_PROTOCOL);
        assertEquals(SchannelConstants.SecApplicationProtocolNegotiationStatus_Success, ap.ProtoNegoStatus);
        assertEquals(SchannelConstants.SecApplicationProtocolNegotiationExt_ALPN, ap.ProtoNegoExt);
        assertEquals(2, ap.ProtocolIdSize);
        assertEquals("h2", ap.getProtocol());
        assertEquals("h2", peer.applicationProtocol());
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void initializeSecurityContext_noCommonProtocol_returnsApplicationProtocolMismatch(String version) {
        SunJssePeer peer = sunServer(KeyType.EC_P256, version).alpn("h2").build();
        Client c = new Client(acquire(version));
        Result first = c.first(new SecBufferDesc(SecApplicationProtocols.alpnBuffer("http/1.1")));
        byte[] reply = peer.receive(first.token);
        assertNotNull(peer.failure());
        byte[] alert = records(reply).get(records(reply).size() - 1);
        assertEquals(0x15, alert[0], "SunJSSE answers with a plaintext alert");
        assertEquals(120, alert[6] & 0xFF, "no_application_protocol");
        Result r = c.call(reply);
        assertStatus(SEC_E_APPLICATION_PROTOCOL_MISMATCH, r.status, "the server's no_application_protocol (120)");
    }

    @Test
    void initializeSecurityContext_noAlpnOffered_reportsNone() {
        Client c = new Client(acquire("TLSv1.3"));
        handshake(c, sunServer(KeyType.EC_P256, "TLSv1.3").build());
        SecPkgContext.ApplicationProtocol ap = (SecPkgContext.ApplicationProtocol) query(c.ctx,
                SecPkgAttr.SECPKG_ATTR_APPLICATION_PROTOCOL);
        assertEquals(SchannelConstants.SecApplicationProtocolNegotiationStatus_None, ap.ProtoNegoStatus);
        assertNull(ap.getProtocol());
    }
}
