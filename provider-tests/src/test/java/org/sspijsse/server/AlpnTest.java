package org.sspijsse.server;

import static org.junit.jupiter.api.Assertions.*;
import static org.sspijsse.server.Fixtures.*;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sspijsse.sspi.CtxtHandle;
import org.sspijsse.sspi.SchannelConstants;
import org.sspijsse.sspi.SecPkgAttr;
import org.sspijsse.sspi.SecPkgContext;
import org.sspijsse.sspi.SecStatus;
import org.sspijsse.testsupport.KeyType;
import org.sspijsse.testsupport.SspiClientLoop;
import org.sspijsse.testsupport.SspiClientLoop.Delivery;

/** Issue 3, item 4: ALPN from the first ASC input's SECBUFFER_APPLICATION_PROTOCOLS. */
class AlpnTest {

    private static AscPeer server(String... alpn) {
        return new AscPeer(inbound(Fixtures.server(KeyType.EC_P256)), Delivery.WHOLE_FLIGHTS, AscPeer.DEFAULT_REQ, true, alpn);
    }

    private static SecPkgContext.ApplicationProtocol alpn(CtxtHandle ctx) {
        return query(ctx, SecPkgAttr.SECPKG_ATTR_APPLICATION_PROTOCOL);
    }

    @ParameterizedTest(name = "TLS 1.{0}")
    @ValueSource(ints = {2, 3})
    void theServersPreferenceOrderWins(int minor) {
        AscPeer asc = server("h2", "http/1.1");
        SspiClientLoop.Result r = SspiClientLoop.builder(outbound(minor == 3)).targetName(HOST).alpn("http/1.1", "h2")
                .run(asc::receive);
        assertTrue(r.isOk(), r::describe);
        SecPkgContext.ApplicationProtocol s = alpn(asc.context());
        assertEquals(SchannelConstants.SecApplicationProtocolNegotiationStatus_Success, s.ProtoNegoStatus);
        assertEquals(SchannelConstants.SecApplicationProtocolNegotiationExt_ALPN, s.ProtoNegoExt);
        assertEquals("h2", s.getProtocol());
        assertEquals(2, s.ProtocolIdSize);
        assertEquals("h2", alpn(r.context()).getProtocol());

        EnginePeer sun = SunClients.engine(minor == 3 ? "TLSv1.3" : "TLSv1.2", "http/1.1", "h2");
        AscPeer asc2 = server("h2", "http/1.1");
        pump(sun::receive, asc2);
        assertEquals(SecStatus.SEC_E_OK, asc2.status(), asc2::describe);
        assertEquals("h2", sun.engine().getApplicationProtocol());
        assertEquals("h2", alpn(asc2.context()).getProtocol());
    }

    @ParameterizedTest(name = "TLS 1.{0}")
    @ValueSource(ints = {2, 3})
    void noCommonProtocolFailsBothSidesWithApplicationProtocolMismatch(int minor) {
        AscPeer asc = server("h2");
        SspiClientLoop.Result r = SspiClientLoop.builder(outbound(minor == 3)).targetName(HOST).alpn("http/1.1")
                .run(asc::receive);
        assertEquals(SecStatus.SEC_E_APPLICATION_PROTOCOL_MISMATCH, asc.status(), asc::describe);
        assertEquals(120, plainAlert(asc.alert()), "no_application_protocol, before the ServerHello");
        assertFalse(asc.context().isValid());
        assertEquals(SecStatus.SEC_E_APPLICATION_PROTOCOL_MISMATCH, r.status(), r::describe);
    }

    @ParameterizedTest(name = "TLS 1.{0}")
    @ValueSource(ints = {2, 3})
    void aListOnOneSideOnlyNegotiatesNothing(int minor) {
        AscPeer asc = server("h2");
        SspiClientLoop.Result r = handshake(outbound(minor == 3), asc);
        assertTrue(r.isOk(), r::describe);
        assertEquals(SchannelConstants.SecApplicationProtocolNegotiationStatus_None, alpn(asc.context()).ProtoNegoStatus);
        assertNull(alpn(asc.context()).getProtocol());

        AscPeer plain = server();
        SspiClientLoop.Result r2 = SspiClientLoop.builder(outbound(minor == 3)).targetName(HOST).alpn("h2").run(plain::receive);
        assertTrue(r2.isOk(), r2::describe);
        assertEquals(SchannelConstants.SecApplicationProtocolNegotiationStatus_None, alpn(plain.context()).ProtoNegoStatus);
        assertNull(alpn(r2.context()).getProtocol());
    }
}
