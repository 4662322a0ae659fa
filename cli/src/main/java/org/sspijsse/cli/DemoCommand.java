package org.sspijsse.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.sspijsse.sspi.CertContext;
import org.sspijsse.sspi.PkixCertificateValidator;
import org.sspijsse.sspi.SchannelCredentials;

/**
 * {@code demo}: this project's client (InitializeSecurityContext) against this project's server
 * (AcceptSecurityContext), in one process over a loopback socket, the server on its own thread.
 * Both sides print their SSPI calls, prefixed {@code [client]} and {@code [server]}; lines stay
 * whole ({@link SspiTrace}) but the two sides interleave as the threads run. {@code demo --sunjsse}
 * runs the client against a SunJSSE server instead ({@link DemoServer}).
 */
final class DemoCommand {
    /** What the demo server selects: the tool speaks HTTP/1.1 only. */
    static final List<String> SERVER_ALPN = List.of("http/1.1");

    private DemoCommand() {
    }

    static int run(CliOptions options, PrintStream out, PrintStream err, String packageName) {
        return options.sunJsse() ? againstSunJsse(options, out, err, packageName)
                : againstOurServer(options, out, err, packageName);
    }

    private static int againstOurServer(CliOptions options, PrintStream out, PrintStream err, String packageName) {
        SspiTrace client = new SspiTrace(out, "[client] ");
        SspiTrace serverTrace = client.withPrefix("[server] ");
        TlsServer server = null;
        Thread thread = null;
        try {
            DemoPki pki = DemoPki.generate("localhost");
            SchannelCredentials serverCreds = new SchannelCredentials()
                    .addCertificate(new CertContext(pki.serverChain(), pki.serverKey()));
            server = TlsServer.open(serverTrace, 0,
                    new TlsServer.Config(packageName, serverCreds, SERVER_ALPN, false, 1));
            out.println("demo: the " + packageName + " security package on both sides, through org.sspijsse.sspi.Sspi,"
                    + " one line per SSPI call");
            out.println("  [server] AcceptSecurityContext on 127.0.0.1:" + server.port() + ", certificate CN=localhost"
                    + " issued by " + DemoPki.ROOT_SUBJECT + " (generated now), ALPN " + String.join(",", SERVER_ALPN));
            out.println("  [client] InitializeSecurityContext, trusting that root, ALPN "
                    + (options.alpn().isEmpty() ? "none" : String.join(",", options.alpn())));
            server.acquireCredentials();
            AtomicReference<TlsServer.Result> served = new AtomicReference<>();
            TlsServer s = server;
            thread = new Thread(() -> served.set(s.serve()), "demo-server");
            thread.setDaemon(true);
            thread.start();

            SchannelCredentials creds = Main.credentials(options, PkixCertificateValidator.trusting(pki.root()));
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
            ClientSession.Response r = ClientSession.get(client, packageName, List.of(address), "localhost", creds,
                    options.alpn());
            thread.join(TlsServer.TIMEOUT_MS + TlsServer.CLOSE_WAIT_MS);
            server.close();
            r.print(client);
            TlsServer.Result result = served.get();
            if (result == null || result.failed() > 0) {
                err.println("error: the demo server " + (result == null ? "did not finish" : "failed (see [server] lines)"));
                return Main.EXIT_FAILED;
            }
            return expect200(r, err);
        } catch (GeneralSecurityException | IOException | SspiCallException e) {
            return Main.failure(e, List.of(), err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Main.failure(new IOException("interrupted"), List.of(), err);
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    /** The earlier demo: the same client against a SunJSSE server. */
    private static int againstSunJsse(CliOptions options, PrintStream out, PrintStream err, String packageName) {
        SspiTrace trace = new SspiTrace(out);
        DemoServer server = null;
        try {
            DemoPki pki = DemoPki.generate("localhost");
            server = DemoServer.start(pki);
            trace.print("demo server: SunJSSE on 127.0.0.1:" + server.port() + ", certificate CN=localhost issued by "
                    + DemoPki.ROOT_SUBJECT + " (generated now)");
            trace.print("client: the " + packageName + " security package through org.sspijsse.sspi.Sspi,"
                    + " one line per SSPI call");
            SchannelCredentials creds = Main.credentials(options, PkixCertificateValidator.trusting(pki.root()));
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
            ClientSession.Response r = ClientSession.get(trace, packageName, List.of(address), "localhost", creds,
                    options.alpn());
            r.print(trace);
            return expect200(r, err);
        } catch (GeneralSecurityException | IOException | SspiCallException e) {
            return Main.failure(e, server == null ? List.of() : server.errors(), err);
        } finally {
            if (server != null) {
                try {
                    server.close();
                } catch (IOException e) {
                    // Nothing useful to add to the exit status at this point.
                }
            }
        }
    }

    private static int expect200(ClientSession.Response r, PrintStream err) {
        if (!r.statusLine().startsWith("HTTP/1.1 200")) {
            err.println("error: expected HTTP/1.1 200 from the demo server, got: "
                    + (r.head().isEmpty() ? "no response" : r.statusLine()));
            return Main.EXIT_FAILED;
        }
        return Main.EXIT_OK;
    }
}
