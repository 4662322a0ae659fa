package org.sspijsse.jsse;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.util.List;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** closeOutbound / close_notify / closeInbound on established engines. */
class CloseContractTest {
    private static final String EC = "org.sspijsse.jsse.Pair#ec";

    /** closeOutbound on {@code from}, one wrap: returns the wrap result (the close_notify is in the peer's inbound). */
    static SSLEngineResult closeOutbound(EngineLoop.Side from, EngineLoop.Side to) throws SSLException {
        from.engine.closeOutbound();
        assertEquals(HandshakeStatus.NEED_WRAP, from.engine.getHandshakeStatus(), "after closeOutbound");
        return from.engine.wrap(ByteBuffer.allocate(0), to.inbound);
    }

    static SSLEngineResult unwrapOnce(EngineLoop.Side to) throws SSLException {
        to.inbound.flip();
        try {
            return to.engine.unwrap(to.inbound, to.appIn);
        } finally {
            to.inbound.compact();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(EC)
    void closeOutbound_wrapSendsCloseNotify_outboundDoneAndPeerUnwrapReturnsClosed(Pair p) throws Exception {
        for (boolean clientCloses : List.of(true, false)) {
            EngineLoop l = EngineLoop.connected(p);
            EngineLoop.Side from = clientCloses ? l.client : l.server;
            EngineLoop.Side to = l.peerOf(from);
            SSLEngineResult w = closeOutbound(from, to);
            assertEquals(Status.CLOSED, w.getStatus(), from.name + " wrap");
            assertTrue(w.bytesProduced() > 0, "close_notify bytes");
            assertEquals(1, Records.lengths(to.inbound.duplicate().flip()).size(), "one alert record");
            assertTrue(from.engine.isOutboundDone(), from.name + " isOutboundDone");
            assertFalse(to.engine.isInboundDone(), to.name + " isInboundDone before the close_notify");
            SSLEngineResult u = unwrapOnce(to);
            assertEquals(Status.CLOSED, u.getStatus(), to.name + " unwrap");
            assertEquals(w.bytesProduced(), u.bytesConsumed());
            assertTrue(to.engine.isInboundDone(), to.name + " isInboundDone");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.sspijsse.jsse.Pair#tls12")
    void closeNotify_onTls12_isAnsweredWithCloseNotify(Pair p) throws Exception {
        EngineLoop l = EngineLoop.connected(p);
        closeOutbound(l.client, l.server);
        unwrapOnce(l.server);
        assertEquals(HandshakeStatus.NEED_WRAP, l.server.engine.getHandshakeStatus());
        SSLEngineResult w = l.server.engine.wrap(ByteBuffer.allocate(0), l.client.inbound);
        assertEquals(Status.CLOSED, w.getStatus());
        assertTrue(w.bytesProduced() > 0);
        assertTrue(l.server.engine.isOutboundDone());
        SSLEngineResult u = unwrapOnce(l.client);
        assertEquals(Status.CLOSED, u.getStatus());
        assertTrue(l.client.engine.isInboundDone());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(EC)
    void closeInbound_beforePeerCloseNotify_throwsSslException(Pair p) throws Exception {
        EngineLoop l = EngineLoop.connected(p);
        assertThrows(SSLException.class, () -> l.server.engine.closeInbound());
        EngineLoop m = EngineLoop.connected(p);
        assertThrows(SSLException.class, () -> m.client.engine.closeInbound());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(EC)
    void closeInbound_afterPeerCloseNotify_doesNotThrow(Pair p) throws Exception {
        EngineLoop l = EngineLoop.connected(p);
        closeOutbound(l.client, l.server);
        unwrapOnce(l.server);
        assertDoesNotThrow(() -> l.server.engine.closeInbound());
        assertTrue(l.server.engine.isInboundDone());
    }
}
