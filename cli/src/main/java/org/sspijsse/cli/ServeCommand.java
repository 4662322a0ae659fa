package org.sspijsse.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import org.sspijsse.sspi.CertContext;
import org.sspijsse.sspi.PkixCertificateValidator;
import org.sspijsse.sspi.SchannelConstants;
import org.sspijsse.sspi.SchannelCredentials;

/**
 * {@code serve --port N [--cert PEM --key PEM] [--alpn LIST] [--require-client-cert [--client-ca PEM]]
 * [--tls1.2|--tls1.3] [--max-connections K]}: prints {@code listening on 127.0.0.1:<port>} first,
 * then serves through {@link TlsServer} until K connections were taken or Ctrl-C.
 */
final class ServeCommand {
    /** The first line serve prints; what follows it is the port. */
    static final String LISTENING = "listening on 127.0.0.1:";
    /** The line that names the generated root CA file; what follows it is the path. */
    static final String ROOT_CA_WRITTEN = "demo root CA written to ";

    private ServeCommand() {
    }

    static int run(CliOptions options, PrintStream out, PrintStream err, String packageName) {
        CliOptions.Serve serve = options.serve();
        SspiTrace trace = new SspiTrace(out, "[server] ");
        DemoPki demo = null;
        SchannelCredentials creds;
        try {
            if (serve.cert() == null) {
                demo = DemoPki.generate("localhost");
                creds = credentials(options, demo.serverChain(), demo.serverKey());
            } else {
                creds = credentials(options, Pem.readCertificates(serve.cert()), Pem.readPrivateKey(serve.key()));
            }
        } catch (IOException | GeneralSecurityException e) {
            err.println("error: " + e.getMessage());
            return Main.EXIT_FAILED;
        }
        TlsServer.Config config = new TlsServer.Config(packageName, creds, options.alpn(), serve.requireClientCert(),
                serve.maxConnections());
        try (TlsServer server = TlsServer.open(trace, options.port(), config)) {
            out.println(LISTENING + server.port());
            out.flush();
            if (demo != null) {
                Path root = writeRoot(demo.root());
                trace.print("certificate: CN=localhost (names localhost, 127.0.0.1), generated now, issued by "
                        + DemoPki.ROOT_SUBJECT);
                trace.print(ROOT_CA_WRITTEN + root);
                trace.print("  try: curl --cacert " + root + " https://localhost:" + server.port() + "/");
            }
            server.acquireCredentials();
            Thread stop = new Thread(() -> {
                trace.print("stopping");
                server.close();
            }, "serve-shutdown");
            Runtime.getRuntime().addShutdownHook(stop);
            TlsServer.Result result;
            try {
                result = server.serve();
            } finally {
                removeHook(stop);
            }
            trace.print(result.connections() + " connection(s), " + result.failed() + " failed");
            return result.failed() == 0 ? Main.EXIT_OK : Main.EXIT_FAILED;
        } catch (IOException | SspiCallException e) {
            err.println("error: " + e.getMessage());
            return Main.EXIT_FAILED;
        }
    }

    /** The INBOUND credentials structure: the certificate, the version limit, the client-certificate trust. */
    static SchannelCredentials credentials(CliOptions options, X509Certificate[] chain, PrivateKey key)
            throws IOException, GeneralSecurityException {
        SchannelCredentials creds = new SchannelCredentials().addCertificate(new CertContext(chain, key));
        switch (options.protocol()) {
            case TLS12_ONLY:
                creds.setDisabledProtocols(SchannelConstants.SP_PROT_TLS1_3_SERVER);
                break;
            case TLS13_ONLY:
                creds.setDisabledProtocols(SchannelConstants.SP_PROT_TLS1_2_SERVER);
                break;
            default:
                break;
        }
        Path clientCa = options.serve() == null ? null : options.serve().clientCa();
        if (clientCa != null) {
            creds.setValidator(PkixCertificateValidator.trusting(Pem.readCertificates(clientCa)));
        }
        return creds;
    }

    /** The demo root CA as PEM in a new temporary directory, removed when the JVM exits. */
    private static Path writeRoot(X509Certificate root) throws IOException {
        try {
            Path dir = Files.createTempDirectory("sspi-jsse-serve-");
            dir.toFile().deleteOnExit();
            Path file = dir.resolve("root-ca.pem");
            Pem.write(file, Pem.certificates(root));
            file.toFile().deleteOnExit();
            return file;
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IOException("cannot encode the demo root CA", e);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down (Ctrl-C): the hook is running or has run.
        }
    }
}
