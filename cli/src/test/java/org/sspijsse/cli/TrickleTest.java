package org.sspijsse.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.sspijsse.sspi.CertContext;
import org.sspijsse.sspi.CredHandle;
import org.sspijsse.sspi.PkixCertificateValidator;
import org.sspijsse.sspi.SchannelConstants;
import org.sspijsse.sspi.SchannelCredentials;
import org.sspijsse.sspi.Sspi;

/**
 * The loops with the peer's bytes handed out a few at a time, as a slow network would: the
 * MISSING / read-more path of ISC, ASC and DecryptMessage, and EXTRA when reads run past a record.
 */
class TrickleTest {
    private static final String SCHANNEL = SchannelConstants.SCHANNEL_NAME;

    @Test
    void clientLoop_withBytesArrivingAFewAtATime_readsMoreOnIncompleteMessageAndKeepsExtra() throws Exception {
        DemoPki pki = DemoPki.generate("localhost");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        SspiTrace trace = new SspiTrace(new PrintStream(printed, true, StandardCharsets.UTF_8));
        byte[] response;
        try (DemoServer server = DemoServer.start(pki);
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
                ClientLoop loop = new ClientLoop(SCHANNEL, trace)) {
            socket.setSoTimeout(10_000);
            loop.acquireCredentials(new SchannelCredentials().setValidator(
                    PkixCertificateValidator.trusting(pki.root())));
            loop.attach(new Trickle(socket.getInputStream(), 7), socket.getOutputStream());
            loop.handshake("localhost", List.of("http/1.1"));
            loop.send(HttpMessages.get("localhost"));
            response = readAll(loop);
            loop.shutdown();
        }
        String t = printed.toString(StandardCharsets.UTF_8);
        assertTrue(t.contains("SEC_E_INCOMPLETE_MESSAGE (0x80090318)  in: [TOKEN "), t);
        assertTrue(t.contains(", MISSING "), t);
        assertTrue(t.contains("DecryptMessage             -> SEC_E_INCOMPLETE_MESSAGE"), t);
        assertEquals("HTTP/1.1 200 OK", ClientSession.parse(response).statusLine(), t);
    }

    /**
     * The first ASC calls see part of a ClientHello: SEC_E_INCOMPLETE_MESSAGE makes no context, so
     * the loop calls again with phContext NULL and the ALPN buffer until one continues.
     */
    @Test
    void serverLoop_withBytesArrivingAFewAtATime_callsAscWithoutAContextUntilOneContinues() throws Exception {
        DemoPki pki = DemoPki.generate("localhost");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(printed, true, StandardCharsets.UTF_8);
        SspiTrace serverTrace = new SspiTrace(ps, "[server] ");
        CredHandle serverCred = new CredHandle();
        SspiConnection.acquire(serverTrace, SCHANNEL, SchannelConstants.SECPKG_CRED_INBOUND,
                new SchannelCredentials().addCertificate(new CertContext(pki.serverChain(), pki.serverKey())),
                serverCred);
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> served = CompletableFuture.supplyAsync(() -> {
                try (Socket s = listener.accept();
                        ServerLoop loop = new ServerLoop(SCHANNEL, serverTrace, serverCred, List.of("http/1.1"), false)) {
                    s.setSoTimeout(10_000);
                    loop.attach(new Trickle(s.getInputStream(), 7), s.getOutputStream());
                    loop.handshake();
                    String head = new String(loop.readRequestHead(8192), StandardCharsets.ISO_8859_1);
                    loop.send(HttpMessages.ok("trickled\n"));
                    loop.shutdown();
                    return ClientHelloNames.serverName(loop.clientHello()) + " " + HttpMessages.statusLine(head);
                } catch (IOException | SspiCallException e) {
                    throw new IllegalStateException(e);
                }
            });
            byte[] response;
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                    ClientLoop client = new ClientLoop(SCHANNEL, new SspiTrace(ps, "[client] "))) {
                socket.setSoTimeout(10_000);
                client.acquireCredentials(new SchannelCredentials().setValidator(
                        PkixCertificateValidator.trusting(pki.root())));
                client.attach(socket.getInputStream(), socket.getOutputStream());
                client.handshake("localhost", List.of("http/1.1"));
                client.send(HttpMessages.get("localhost"));
                response = readAll(client);
                client.shutdown();
            }
            assertEquals("localhost GET / HTTP/1.1", served.get(20, TimeUnit.SECONDS));
            String t = printed.toString(StandardCharsets.UTF_8);
            List<String> asc = t.lines().filter(l -> l.startsWith("[server] AcceptSecurityContext")).toList();
            assertTrue(asc.get(0).contains("-> SEC_E_INCOMPLETE_MESSAGE (0x80090318)  in: [TOKEN 7, MISSING "), t);
            assertTrue(asc.get(0).contains(", APPLICATION_PROTOCOLS 19]"), t);
            String firstContinue = asc.stream().filter(l -> l.contains("SEC_I_CONTINUE_NEEDED")).findFirst().orElse("");
            assertTrue(firstContinue.contains(", APPLICATION_PROTOCOLS 19]"), t);
            assertTrue(t.contains("[server] DecryptMessage             -> SEC_E_INCOMPLETE_MESSAGE"), t);
            assertEquals("HTTP/1.1 200 OK", ClientSession.parse(response).statusLine(), t);
        } finally {
            serverTrace.call("FreeCredentialsHandle", Sspi.freeCredentialsHandle(serverCred), null, null);
        }
    }

    private static byte[] readAll(SspiConnection loop) throws IOException, SspiCallException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] b = loop.receive(); b != null; b = loop.receive()) {
            all.write(b);
        }
        return all.toByteArray();
    }

    /** Hands out at most {@code max} bytes per read. */
    private static final class Trickle extends FilterInputStream {
        private final int max;

        Trickle(InputStream in, int max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, max));
        }
    }
}
