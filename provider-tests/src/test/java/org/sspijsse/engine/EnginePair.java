package org.sspijsse.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.security.KeyStore;
import java.security.Provider;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.sspijsse.jsse.SspiJsseProvider;
import org.sspijsse.testsupport.Issued;
import org.sspijsse.testsupport.KeyType;
import org.sspijsse.testsupport.TestPki;

/**
 * Two engines in memory, stepped by hand: whatever one wraps the other unwraps; delegated tasks run
 * inline. Records each side's handshake statuses, so tests can check FINISHED appears once.
 */
final class EnginePair {
    static final Provider OURS = new SspiJsseProvider();
    static final TestPki PKI = TestPki.create();

    final SSLEngine client;
    final SSLEngine server;
    final List<HandshakeStatus> clientStatuses = new ArrayList<>();
    final List<HandshakeStatus> serverStatuses = new ArrayList<>();
    ByteBuffer toServer = ByteBuffer.allocate(1 << 17);
    ByteBuffer toClient = ByteBuffer.allocate(1 << 17);

    EnginePair(SSLEngine client, SSLEngine server) {
        this.client = client;
        this.server = server;
    }

    static SSLContext context(Provider p, Issued identity, String protocol) throws Exception {
        SSLContext c = p == null ? SSLContext.getInstance(protocol) : SSLContext.getInstance(protocol, p);
        KeyManagerFactory kmf = null;
        if (identity != null) {
            kmf = KeyManagerFactory.getInstance("SunX509");
            kmf.init(identity.keyStore(), Issued.PASSWORD);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        KeyStore ts = TestPki.trustStore(PKI.root());
        tmf.init(ts);
        c.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return c;
    }

    /** Client on {@code clientProvider}, server on {@code serverProvider} (null: SunJSSE). */
    static EnginePair of(Provider clientProvider, Provider serverProvider, KeyType key, String protocol)
            throws Exception {
        Issued server = PKI.server(key, "localhost");
        SSLEngine c = context(clientProvider, null, "TLS").createSSLEngine("localhost", 443);
        c.setUseClientMode(true);
        c.setEnabledProtocols(new String[] {protocol});
        SSLEngine s = context(serverProvider, server, "TLS").createSSLEngine();
        s.setUseClientMode(false);
        return new EnginePair(c, s);
    }

    /** Steps both engines until neither makes progress; bounded. */
    void handshake() throws SSLException {
        client.beginHandshake();
        server.beginHandshake();
        for (int i = 0; i < 200; i++) {
            boolean progress = step(client, toServer, toClient, clientStatuses)
                    | step(server, toClient, toServer, serverStatuses);
            if (!progress && done(client) && done(server)) {
                return;
            }
        }
        throw new AssertionError("handshake did not finish: client " + client.getHandshakeStatus() + ", server "
                + server.getHandshakeStatus());
    }

    private static boolean done(SSLEngine e) {
        HandshakeStatus hs = e.getHandshakeStatus();
        return hs == HandshakeStatus.NOT_HANDSHAKING || hs == HandshakeStatus.FINISHED;
    }

    /** One wrap or unwrap or task on {@code e}, as its status asks. */
    static boolean step(SSLEngine e, ByteBuffer out, ByteBuffer in, List<HandshakeStatus> seen) throws SSLException {
        HandshakeStatus hs = e.getHandshakeStatus();
        switch (hs) {
            case NEED_TASK: {
                Runnable r;
                while ((r = e.getDelegatedTask()) != null) {
                    r.run();
                }
                return true;
            }
            case NEED_WRAP: {
                SSLEngineResult r = e.wrap(ByteBuffer.allocate(0), out);
                seen.add(r.getHandshakeStatus());
                return r.bytesProduced() > 0 || r.getHandshakeStatus() != HandshakeStatus.NEED_WRAP;
            }
            case NEED_UNWRAP:
            case NEED_UNWRAP_AGAIN: {
                in.flip();
                SSLEngineResult r = e.unwrap(in, ByteBuffer.allocate(20000));
                in.compact();
                seen.add(r.getHandshakeStatus());
                return r.bytesConsumed() > 0;
            }
            default:
                return false;
        }
    }

    /**
     * Sends {@code data} from one side to the other through the pair's buffers (which may still hold
     * records sent after the handshake, such as NewSessionTickets) and returns what was read.
     * Answers the receiver must send (a KeyUpdate) go into the reverse buffer.
     */
    byte[] send(boolean fromClient, byte[] data) throws SSLException {
        SSLEngine from = fromClient ? client : server;
        SSLEngine to = fromClient ? server : client;
        ByteBuffer net = fromClient ? toServer : toClient;
        ByteBuffer back = fromClient ? toClient : toServer;
        ByteBuffer src = ByteBuffer.wrap(data);
        ByteBuffer app = ByteBuffer.allocate(data.length + 32 * 1024);
        for (int round = 0; round < 10_000 && (src.hasRemaining() || net.position() > 0); round++) {
            if (src.hasRemaining() && net.remaining() > 20000) {
                SSLEngineResult r = from.wrap(src, net);
                assertEquals(SSLEngineResult.Status.OK, r.getStatus());
            }
            net.flip();
            while (net.hasRemaining()) {
                SSLEngineResult r = to.unwrap(net, app);
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                    break;
                }
                assertTrue(r.bytesConsumed() > 0, "unwrap made no progress: " + r);
                while (to.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                    to.wrap(ByteBuffer.allocate(0), back);
                }
            }
            net.compact();
        }
        app.flip();
        byte[] got = new byte[app.remaining()];
        app.get(got);
        return got;
    }
}
