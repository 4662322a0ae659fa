package org.sspijsse.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.security.Provider;
import java.util.Collections;
import java.util.Random;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sspijsse.jsse.SspiStatusException;
import org.sspijsse.sspi.SecStatus;
import org.sspijsse.testsupport.KeyType;

/** SspiJsse's SSLEngine against itself and against SunJSSE, both sides, both versions. */
class SspiEngineTest {
    static final Provider OURS = EnginePair.OURS;

    static Stream<Arguments> pairs() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (String protocol : new String[] {"TLSv1.3", "TLSv1.2"}) {
            for (KeyType key : new KeyType[] {KeyType.EC_P256, KeyType.RSA_2048}) {
                b.add(Arguments.of("ours-ours", OURS, OURS, key, protocol));
                b.add(Arguments.of("ours-sun", OURS, null, key, protocol));
                b.add(Arguments.of("sun-ours", null, OURS, key, protocol));
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} {3} {4}")
    @MethodSource("pairs")
    void handshake_thenDataBothWays_everyByteArrivesAndSessionsAgree(String label, Provider c, Provider s,
            KeyType key, String protocol) throws Exception {
        EnginePair p = EnginePair.of(c, s, key, protocol);
        p.handshake();
        assertEquals(1, Collections.frequency(p.clientStatuses, HandshakeStatus.FINISHED), "client " + p.clientStatuses);
        assertEquals(1, Collections.frequency(p.serverStatuses, HandshakeStatus.FINISHED), "server " + p.serverStatuses);
        assertEquals(protocol, p.client.getSession().getProtocol());
        assertEquals(protocol, p.server.getSession().getProtocol());
        assertEquals(p.client.getSession().getCipherSuite(), p.server.getSession().getCipherSuite());
        assertNotNull(p.client.getSession().getPeerCertificates());
        assertTrue(p.client.getSession().getPacketBufferSize() >= 16709);
        Random r = new Random(7);
        for (int size : new int[] {1, 1024, 16384, 100_000}) {
            byte[] data = new byte[size];
            r.nextBytes(data);
            assertArrayEquals(data, p.send(true, data), "client->server " + size);
            assertArrayEquals(data, p.send(false, data), "server->client " + size);
        }
        assertEquals(HandshakeStatus.NOT_HANDSHAKING, p.client.getHandshakeStatus());
        assertEquals(HandshakeStatus.NOT_HANDSHAKING, p.server.getHandshakeStatus());
    }

    @ParameterizedTest(name = "{0} {3} {4}")
    @MethodSource("pairs")
    void closeOutbound_sendsCloseNotify_peerUnwrapReturnsClosed(String label, Provider c, Provider s, KeyType key,
            String protocol) throws Exception {
        EnginePair p = EnginePair.of(c, s, key, protocol);
        p.handshake();
        p.client.closeOutbound();
        assertEquals(HandshakeStatus.NEED_WRAP, p.client.getHandshakeStatus());
        ByteBuffer net = ByteBuffer.allocate(20000);
        SSLEngineResult r = p.client.wrap(ByteBuffer.allocate(0), net);
        assertEquals(SSLEngineResult.Status.CLOSED, r.getStatus());
        assertTrue(r.bytesProduced() > 0);
        assertTrue(p.client.isOutboundDone());
        net.flip();
        SSLEngineResult u = p.server.unwrap(net, ByteBuffer.allocate(20000));
        assertEquals(SSLEngineResult.Status.CLOSED, u.getStatus());
        assertTrue(p.server.isInboundDone());
    }

    @Test
    void unwrap_partialRecord_returnsBufferUnderflowAndConsumesNothing() throws Exception {
        EnginePair p = EnginePair.of(OURS, OURS, KeyType.EC_P256, "TLSv1.3");
        p.handshake();
        ByteBuffer net = ByteBuffer.allocate(20000);
        p.client.wrap(ByteBuffer.wrap(new byte[100]), net);
        net.flip();
        ByteBuffer part = ByteBuffer.allocate(net.remaining() - 1);
        part.put(net.array(), 0, part.capacity()).flip();
        SSLEngineResult r = p.server.unwrap(part, ByteBuffer.allocate(20000));
        assertEquals(SSLEngineResult.Status.BUFFER_UNDERFLOW, r.getStatus());
        assertEquals(0, r.bytesConsumed());
        assertEquals(0, part.position());
    }

    @Test
    void unwrap_twoRecords_consumesExactlyOne() throws Exception {
        EnginePair p = EnginePair.of(OURS, OURS, KeyType.EC_P256, "TLSv1.3");
        p.handshake();
        ByteBuffer net = ByteBuffer.allocate(20000);
        p.client.wrap(ByteBuffer.wrap(new byte[10]), net);
        int first = net.position();
        p.client.wrap(ByteBuffer.wrap(new byte[20]), net);
        net.flip();
        SSLEngineResult r = p.server.unwrap(net, ByteBuffer.allocate(20000));
        assertEquals(first, r.bytesConsumed());
        assertEquals(10, r.bytesProduced());
    }

    @Test
    void wrap_tinyDst_returnsBufferOverflowAndConsumesNothing() throws Exception {
        EnginePair p = EnginePair.of(OURS, OURS, KeyType.EC_P256, "TLSv1.2");
        p.handshake();
        ByteBuffer src = ByteBuffer.wrap(new byte[100]);
        SSLEngineResult r = p.client.wrap(src, ByteBuffer.allocate(50));
        assertEquals(SSLEngineResult.Status.BUFFER_OVERFLOW, r.getStatus());
        assertEquals(0, src.position());
    }

    @Test
    void unwrap_readOnlySourceAndDirectDestination_decrypts() throws Exception {
        EnginePair p = EnginePair.of(OURS, OURS, KeyType.EC_P256, "TLSv1.3");
        p.handshake();
        ByteBuffer net = ByteBuffer.allocate(20000);
        p.client.wrap(ByteBuffer.wrap("hello".getBytes()).asReadOnlyBuffer(), net);
        net.flip();
        ByteBuffer app = ByteBuffer.allocateDirect(20000);
        p.server.unwrap(net.asReadOnlyBuffer(), app);
        app.flip();
        byte[] got = new byte[app.remaining()];
        app.get(got);
        assertEquals("hello", new String(got));
    }

    @Test
    void untrustedServer_clientThrowsSslHandshakeExceptionWithStatus() throws Exception {
        SSLContext other = EnginePair.context(OURS, null, "TLS");
        org.sspijsse.testsupport.TestPki stranger = org.sspijsse.testsupport.TestPki.createIndependent(KeyType.EC_P256);
        SSLEngine c = other.createSSLEngine("localhost", 443);
        c.setUseClientMode(true);
        SSLEngine s = EnginePair.context(OURS, stranger.server(KeyType.EC_P256, "localhost"), "TLS").createSSLEngine();
        s.setUseClientMode(false);
        EnginePair p = new EnginePair(c, s);
        SSLHandshakeException e = assertThrows(SSLHandshakeException.class, p::handshake);
        SspiStatusException st = (SspiStatusException) e.getCause();
        assertTrue(SecStatus.failed(st.getStatus()), st.getMessage());
    }

    @Test
    void unwrap_garbage_throwsSslException() throws Exception {
        EnginePair p = EnginePair.of(OURS, OURS, KeyType.EC_P256, "TLSv1.3");
        p.handshake();
        ByteBuffer junk = ByteBuffer.wrap(new byte[] {23, 3, 3, 0, 40, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
            15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40});
        assertThrows(SSLException.class, () -> p.server.unwrap(junk, ByteBuffer.allocate(20000)));
        assertEquals(HandshakeStatus.NEED_WRAP, p.server.getHandshakeStatus());
    }

    @Test
    void engine_beforeHandshake_isNotHandshakingWithNullSession() throws Exception {
        SSLEngine e = EnginePair.context(OURS, null, "TLS").createSSLEngine();
        assertEquals(HandshakeStatus.NOT_HANDSHAKING, e.getHandshakeStatus());
        assertEquals("SSL_NULL_WITH_NULL_NULL", e.getSession().getCipherSuite());
        assertTrue(e.getSession().getPacketBufferSize() >= 16709);
        assertFalse(e.isOutboundDone());
        assertThrows(IllegalArgumentException.class, () -> e.setEnabledCipherSuites(new String[] {"TLS_NOPE"}));
    }

    @Test
    void alpn_bothSidesOffer_agreeOnServerChoice() throws Exception {
        EnginePair p = EnginePair.of(OURS, OURS, KeyType.EC_P256, "TLSv1.3");
        javax.net.ssl.SSLParameters cp = p.client.getSSLParameters();
        cp.setApplicationProtocols(new String[] {"h2", "http/1.1"});
        p.client.setSSLParameters(cp);
        javax.net.ssl.SSLParameters sp = p.server.getSSLParameters();
        sp.setApplicationProtocols(new String[] {"http/1.1"});
        p.server.setSSLParameters(sp);
        p.handshake();
        assertEquals("http/1.1", p.client.getApplicationProtocol());
        assertEquals("http/1.1", p.server.getApplicationProtocol());
    }

    @Test
    void delegatedTask_handedOutOnce_andCallsBeforeItRunsConsumeNothing() throws Exception {
        EnginePair p = EnginePair.of(OURS, null, KeyType.EC_P256, "TLSv1.3");
        p.client.beginHandshake();
        ByteBuffer net = ByteBuffer.allocate(40000);
        p.client.wrap(ByteBuffer.allocate(0), net);
        net.flip();
        // The SunJSSE server answers the ClientHello with its whole flight.
        ByteBuffer back = ByteBuffer.allocate(40000);
        for (int i = 0; i < 20 && p.server.getHandshakeStatus() != HandshakeStatus.NEED_UNWRAP || i == 0; i++) {
            HandshakeStatus hs = p.server.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_UNWRAP || hs == HandshakeStatus.NOT_HANDSHAKING) {
                p.server.unwrap(net, ByteBuffer.allocate(20000));
            } else if (hs == HandshakeStatus.NEED_TASK) {
                p.server.getDelegatedTask().run();
            } else {
                p.server.wrap(ByteBuffer.allocate(0), back);
            }
        }
        back.flip();
        Runnable task = null;
        for (int i = 0; i < 10 && task == null; i++) {
            SSLEngineResult r = p.client.unwrap(back, ByteBuffer.allocate(20000));
            if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                task = p.client.getDelegatedTask();
            }
        }
        assertNotNull(task, "the certificate flight is processed in a delegated task");
        assertEquals(null, p.client.getDelegatedTask(), "a task is handed out once");
        int before = back.position();
        SSLEngineResult late = p.client.unwrap(back, ByteBuffer.allocate(20000));
        assertEquals(HandshakeStatus.NEED_TASK, late.getHandshakeStatus());
        assertEquals(0, late.bytesConsumed());
        assertEquals(before, back.position());
        Thread t = new Thread(task);
        t.start();
        t.join(10_000);
        assertTrue(p.client.getHandshakeStatus() != HandshakeStatus.NEED_TASK);
    }

    static Stream<Arguments> clientAuthPairs() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (String protocol : new String[] {"TLSv1.3", "TLSv1.2"}) {
            b.add(Arguments.of("ours-ours", OURS, OURS, protocol));
            b.add(Arguments.of("ours-sun", OURS, null, protocol));
            b.add(Arguments.of("sun-ours", null, OURS, protocol));
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} {3}")
    @MethodSource("clientAuthPairs")
    void needClientAuth_clientKeyManagerAnswers_serverSeesTheCertificate(String label, Provider c, Provider s,
            String protocol) throws Exception {
        org.sspijsse.testsupport.Issued clientId = EnginePair.PKI.client(KeyType.EC_P256, "alice");
        SSLEngine ce = EnginePair.context(c, clientId, "TLS").createSSLEngine("localhost", 443);
        ce.setUseClientMode(true);
        ce.setEnabledProtocols(new String[] {protocol});
        SSLEngine se = EnginePair.context(s, EnginePair.PKI.server(KeyType.EC_P256, "localhost"), "TLS")
                .createSSLEngine();
        se.setUseClientMode(false);
        se.setNeedClientAuth(true);
        EnginePair p = new EnginePair(ce, se);
        p.handshake();
        java.security.cert.X509Certificate peer =
                (java.security.cert.X509Certificate) se.getSession().getPeerCertificates()[0];
        assertTrue(peer.getSubjectX500Principal().getName().contains("alice"), peer.getSubjectX500Principal().getName());
        assertNotNull(ce.getSession().getLocalCertificates());
    }

    @ParameterizedTest(name = "{0} {3}")
    @MethodSource("clientAuthPairs")
    void needClientAuth_clientWithoutCertificate_handshakeFails(String label, Provider c, Provider s,
            String protocol) throws Exception {
        SSLEngine ce = EnginePair.context(c, null, "TLS").createSSLEngine("localhost", 443);
        ce.setUseClientMode(true);
        ce.setEnabledProtocols(new String[] {protocol});
        SSLEngine se = EnginePair.context(s, EnginePair.PKI.server(KeyType.EC_P256, "localhost"), "TLS")
                .createSSLEngine();
        se.setUseClientMode(false);
        se.setNeedClientAuth(true);
        EnginePair p = new EnginePair(ce, se);
        assertThrows(SSLException.class, p::handshake);
    }

    @Test
    void endpointIdentificationHttps_wrongHost_clientRefusesWithWrongPrincipal() throws Exception {
        SSLEngine ce = EnginePair.context(OURS, null, "TLS").createSSLEngine("other.example", 443);
        ce.setUseClientMode(true);
        javax.net.ssl.SSLParameters cp = ce.getSSLParameters();
        cp.setEndpointIdentificationAlgorithm("HTTPS");
        ce.setSSLParameters(cp);
        SSLEngine se = EnginePair.context(OURS, EnginePair.PKI.server(KeyType.EC_P256, "localhost"), "TLS")
                .createSSLEngine();
        se.setUseClientMode(false);
        EnginePair p = new EnginePair(ce, se);
        SSLHandshakeException e = assertThrows(SSLHandshakeException.class, p::handshake);
        Throwable cause = e;
        while (cause != null && !(cause instanceof SspiStatusException)) {
            cause = cause.getCause();
        }
        // Either side may throw first; the client's own status is SEC_E_WRONG_PRINCIPAL.
        assertNotNull(cause, "cause chain carries the SSPI status");
    }

    @Test
    void jdkTlsClientProtocolsProperty_narrowsTheDefault_handshakeUsesTls12() throws Exception {
        String old = System.getProperty("jdk.tls.client.protocols");
        System.setProperty("jdk.tls.client.protocols", "TLSv1.2");
        try {
            SSLEngine ce = EnginePair.context(OURS, null, "TLS").createSSLEngine("localhost", 443);
            ce.setUseClientMode(true);
            assertArrayEquals(new String[] {"TLSv1.2"}, ce.getEnabledProtocols());
            SSLEngine se = EnginePair.context(OURS, EnginePair.PKI.server(KeyType.EC_P256, "localhost"), "TLS")
                    .createSSLEngine();
            se.setUseClientMode(false);
            assertArrayEquals(new String[] {"TLSv1.3", "TLSv1.2"}, se.getEnabledProtocols());
            EnginePair p = new EnginePair(ce, se);
            p.handshake();
            assertEquals("TLSv1.2", ce.getSession().getProtocol());
        } finally {
            if (old == null) {
                System.clearProperty("jdk.tls.client.protocols");
            } else {
                System.setProperty("jdk.tls.client.protocols", old);
            }
        }
    }

    @Test
    void extendedTrustManager_seesTheEngineWithALiveHandshakeSession() throws Exception {
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
        tmf.init(org.sspijsse.testsupport.TestPki.trustStore(EnginePair.PKI.root()));
        javax.net.ssl.X509ExtendedTrustManager real = (javax.net.ssl.X509ExtendedTrustManager) tmf.getTrustManagers()[0];
        java.util.List<String> seen = new java.util.ArrayList<>();
        javax.net.ssl.X509ExtendedTrustManager spy = new javax.net.ssl.X509ExtendedTrustManager() {
            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType, SSLEngine e)
                    throws java.security.cert.CertificateException {
                javax.net.ssl.ExtendedSSLSession hs = (javax.net.ssl.ExtendedSSLSession) e.getHandshakeSession();
                seen.add(hs.getProtocol() + " " + hs.getPeerHost() + " " + hs.getRequestedServerNames().size() + " "
                        + hs.getLocalSupportedSignatureAlgorithms().length);
                real.checkServerTrusted(chain, authType, e);
            }

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType,
                    java.net.Socket s) {
                throw new AssertionError("socket form");
            }

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
                throw new AssertionError("plain form");
            }

            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType, SSLEngine e) {
                throw new AssertionError();
            }

            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType,
                    java.net.Socket s) {
                throw new AssertionError();
            }

            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
                throw new AssertionError();
            }

            @Override
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return real.getAcceptedIssuers();
            }
        };
        SSLContext cc = SSLContext.getInstance("TLS", OURS);
        cc.init(null, new javax.net.ssl.TrustManager[] {spy}, null);
        SSLEngine ce = cc.createSSLEngine("localhost", 443);
        ce.setUseClientMode(true);
        javax.net.ssl.SSLParameters cp = ce.getSSLParameters();
        cp.setEndpointIdentificationAlgorithm("HTTPS");
        ce.setSSLParameters(cp);
        SSLEngine se = EnginePair.context(OURS, EnginePair.PKI.server(KeyType.EC_P256, "localhost"), "TLS")
                .createSSLEngine();
        se.setUseClientMode(false);
        new EnginePair(ce, se).handshake();
        assertEquals(java.util.List.of("TLSv1.3 localhost 1 8"), seen);
    }
}
