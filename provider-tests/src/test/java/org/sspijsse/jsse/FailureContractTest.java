package org.sspijsse.jsse;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sspijsse.testsupport.TestPki;

/** Client authentication, untrusted servers, garbage input. */
class FailureContractTest {
    private static final String ALL = "org.sspijsse.jsse.Pair#all";
    private static final String EC = "org.sspijsse.jsse.Pair#ec";

    static EngineLoop needClientAuth(Pair p, boolean withCert) {
        SSLContext client = Contexts.context(p.client(), withCert ? Contexts.clientCert(p.keyType()) : null,
                Contexts.PKI.root());
        EngineLoop l = EngineLoop.create(p, client, Contexts.server(p));
        l.server.engine.setNeedClientAuth(true);
        return l;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ALL)
    void needClientAuth_clientHasCertificate_serverSeesItAsPeer(Pair p) throws Exception {
        EngineLoop l = needClientAuth(p, true);
        l.handshakeOrFail();
        Certificate[] peer = l.server.engine.getSession().getPeerCertificates();
        assertArrayEquals(Contexts.clientCert(p.keyType()).chain(), peer);
        assertArrayEquals(peer, l.client.engine.getSession().getLocalCertificates());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ALL)
    void needClientAuth_clientWithoutCertificate_serverThrowsSslHandshakeException(Pair p) throws Exception {
        EngineLoop l = needClientAuth(p, false);
        l.handshake();
        assertInstanceOf(SSLHandshakeException.class, l.server.failure, "server: " + l);
        assertNotNull(l.client.failure, "the client learns of it (alert): " + l);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ALL)
    void untrustedServerCertificate_clientThrowsSslHandshakeException(Pair p) throws Exception {
        SSLContext server = Contexts.context(p.server(),
                Contexts.PKI.server(p.keyType(), TestPki.Variant.UNTRUSTED_CA, "localhost"), Contexts.PKI.root());
        EngineLoop l = EngineLoop.create(p, Contexts.client(p), server);
        l.handshake();
        assertInstanceOf(SSLHandshakeException.class, l.client.failure, "client: " + l);
        assertNotNull(l.server.failure, "the server learns of it (alert): " + l);
    }

    /** Unwraps {@code garbage} (running tasks) until it throws; fails if the engine takes it silently. */
    static SSLException feed(SSLEngine e, byte[] garbage) {
        ByteBuffer src = ByteBuffer.wrap(garbage);
        ByteBuffer dst = ByteBuffer.allocate(1 << 17);
        try {
            for (int i = 0; i < 10; i++) {
                SSLEngineResult r = e.unwrap(src, dst);
                if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                    EngineLoop.runTasks(e);
                } else if (r.bytesConsumed() == 0 && r.getStatus() != SSLEngineResult.Status.OK) {
                    fail("garbage not refused: " + r);
                }
            }
        } catch (SSLException expected) {
            return expected;
        }
        return fail("garbage not refused after 10 unwraps");
    }

    static byte[] garbage() {
        byte[] g = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        return g;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(EC)
    void unwrap_plainTextOnFreshServer_throwsSslException(Pair p) throws Exception {
        EngineLoop l = EngineLoop.create(p);
        l.server.engine.beginHandshake();
        assertNotNull(feed(l.server.engine, garbage()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(EC)
    void unwrap_garbageAfterClientHello_clientThrowsSslException(Pair p) throws Exception {
        EngineLoop l = EngineLoop.create(p);
        l.client.engine.beginHandshake();
        l.client.engine.wrap(ByteBuffer.allocate(0), ByteBuffer.allocate(EngineLoop.NET));
        assertNotNull(feed(l.client.engine, garbage()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(EC)
    void unwrap_forgedApplicationDataRecordAfterHandshake_throwsSslException(Pair p) throws Exception {
        EngineLoop l = EngineLoop.connected(p);
        byte[] forged = new byte[5 + 64];
        forged[0] = 23;
        forged[1] = 3;
        forged[2] = 3;
        forged[4] = 64;
        for (int i = 5; i < forged.length; i++) {
            forged[i] = (byte) (i * 7);
        }
        assertNotNull(feed(l.server.engine, forged));
    }
}
