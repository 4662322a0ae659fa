package org.sspijsse.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import org.sspijsse.sspi.CertificateValidator;
import org.sspijsse.sspi.PkixCertificateValidator;
import org.sspijsse.sspi.SchannelConstants;
import org.sspijsse.sspi.SchannelCredentials;

/**
 * {@code java -jar sspi-jsse-cli.jar demo | connect HOST[:PORT] | serve --port N | help}: a TLS
 * client and server written against the SSPI API, printing each call. Exit status 0 on success, 1
 * when a connection fails, 2 for a bad command line.
 */
public final class Main {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    private Main() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /** The whole tool, with its streams passed in so that tests can read what it prints. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, SchannelConstants.SCHANNEL_NAME);
    }

    /** As {@link #run(String[], PrintStream, PrintStream)}, with the security package named (for tests). */
    static int run(String[] args, PrintStream out, PrintStream err, String packageName) {
        CliOptions options;
        try {
            options = CliOptions.parse(args);
        } catch (CliOptions.UsageException e) {
            err.println("error: " + e.getMessage());
            err.println();
            err.println(CliOptions.USAGE);
            return EXIT_USAGE;
        }
        switch (options.command()) {
            case DEMO:
                return DemoCommand.run(options, out, err, packageName);
            case CONNECT:
                return connect(options, out, err, packageName);
            case SERVE:
                return ServeCommand.run(options, out, err, packageName);
            default:
                out.println(CliOptions.USAGE);
                return EXIT_OK;
        }
    }

    private static int connect(CliOptions options, PrintStream out, PrintStream err, String packageName) {
        SspiTrace trace = new SspiTrace(out);
        try {
            CertificateValidator validator = options.trust() == null ? PkixCertificateValidator.systemDefault()
                    : PkixCertificateValidator.trusting(Pem.readCertificates(options.trust()));
            SchannelCredentials creds = credentials(options, validator);
            List<InetSocketAddress> addresses = new ArrayList<>();
            for (InetAddress a : InetAddress.getAllByName(options.host())) {
                addresses.add(new InetSocketAddress(a, options.port()));
            }
            ClientSession.Response r = ClientSession.get(trace, packageName, addresses, options.host(), creds,
                    options.alpn());
            r.print(trace);
            if (r.head().isEmpty()) {
                err.println("error: the server closed the connection without an HTTP response");
                return EXIT_FAILED;
            }
            trace.print("");
            trace.print("response head (" + r.length() + " bytes in all)");
            for (String line : r.head().split("\r\n")) {
                trace.print("  " + line);
            }
            return EXIT_OK;
        } catch (UnknownHostException e) {
            err.println("error: unknown host " + options.host());
            return EXIT_FAILED;
        } catch (GeneralSecurityException | IOException | SspiCallException e) {
            return failure(e, List.of(), err);
        }
    }

    /** The client credential (demo, connect): protocol restriction and name-check flag from the options. */
    static SchannelCredentials credentials(CliOptions options, CertificateValidator validator) {
        SchannelCredentials creds = new SchannelCredentials().setValidator(validator);
        switch (options.protocol()) {
            case TLS12_ONLY:
                creds.setDisabledProtocols(SchannelConstants.SP_PROT_TLS1_3_CLIENT);
                break;
            case TLS13_ONLY:
                creds.setDisabledProtocols(SchannelConstants.SP_PROT_TLS1_2_CLIENT);
                break;
            default:
                break;
        }
        if (options.noNameCheck()) {
            creds.setFlags(creds.getFlags() | SchannelConstants.SCH_CRED_NO_SERVERNAME_CHECK);
        }
        return creds;
    }

    static int failure(Exception e, List<String> serverErrors, PrintStream err) {
        String message = e instanceof SocketTimeoutException
                ? "timed out after " + ClientSession.TIMEOUT_MS / 1000 + " s waiting for the peer"
                : e.getMessage() != null ? e.getMessage() : e.toString();
        err.println("error: " + message);
        if (e instanceof SspiCallException
                && ((SspiCallException) e).status() == org.sspijsse.sspi.SecStatus.SEC_E_SECPKG_NOT_FOUND) {
            err.println("  (the Schannel security package is not on the class path: is the provider jar complete?)");
        }
        for (String s : serverErrors) {
            err.println("  demo server: " + s);
        }
        return EXIT_FAILED;
    }

}
