package org.sspijsse.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The parsed command line: a command and its options. {@code port} is connect's or serve's;
 * {@code serve} holds serve's other options (null for the other commands).
 */
record CliOptions(Command command, String host, int port, List<String> alpn, Path trust, Protocol protocol,
        boolean noNameCheck, boolean sunJsse, Serve serve) {

    enum Command { DEMO, CONNECT, SERVE, HELP }

    /**
     * serve's options: certificate chain and key PEM files (both null: a generated demo
     * certificate), ASC_REQ_MUTUAL_AUTH and the CAs trusted for client certificates (null: the
     * JDK's cacerts), and how many connections to take (0: no limit).
     */
    record Serve(Path cert, Path key, boolean requireClientCert, Path clientCa, int maxConnections) {
    }

    /** Which versions the client may negotiate ({@code --tls1.2} / {@code --tls1.3}). */
    enum Protocol { ANY, TLS12_ONLY, TLS13_ONLY }

    /** What the client offers when {@code --alpn} is not given. */
    static final List<String> DEFAULT_ALPN = List.of("h2", "http/1.1");

    /** A command line the tool cannot run; the message says why. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static final String USAGE = String.join("\n",
            "usage: java -jar sspi-jsse-cli.jar <command> [options]",
            "",
            "commands:",
            "  demo                 start this project's TLS server (AcceptSecurityContext) on 127.0.0.1",
            "                       with a generated certificate for localhost, fetch / from it with this",
            "                       project's client (InitializeSecurityContext), and print every SSPI",
            "                       call of both sides, [client] and [server]",
            "  connect HOST[:PORT]  the client against any server (port 443 if none is given);",
            "                       HOST is the target name: SNI and the certificate name check",
            "  serve --port N       the server on 127.0.0.1:N (0: a free port), answering each HTTP",
            "                       request with a short text/plain 200 that names what was negotiated",
            "  help                 this text",
            "",
            "options:",
            "  --tls1.2 | --tls1.3        allow only that version (SchannelCredentials disabled protocols)",
            "  --alpn LIST                ALPN protocols, comma-separated, most preferred first; client",
            "                             default h2,http/1.1, server default none; 'none' offers nothing.",
            "                             serve speaks HTTP/1.1 only, whatever ALPN selects",
            "  --trust PEM                connect: trust only the certificates in this PEM file",
            "                             (default: the JDK's cacerts)",
            "  --insecure-no-name-check   connect: skip the server name check (SCH_CRED_NO_SERVERNAME_CHECK)",
            "  --sunjsse                  demo: run the client against a SunJSSE server instead",
            "  --cert PEM --key PEM       serve: certificate chain (end entity first) and unencrypted PKCS#8",
            "                             key (RSA, EC, Ed25519); default: a generated certificate for",
            "                             localhost, its root CA written to a temporary PEM file",
            "  --require-client-cert      serve: ask for a client certificate and require one",
            "                             (ASC_REQ_MUTUAL_AUTH)",
            "  --client-ca PEM            serve: trust these CAs for client certificates (default: cacerts)",
            "  --max-connections K        serve: stop after K connections (default: until Ctrl-C)",
            "",
            "exit status: 0 on success, 1 when a connection fails, 2 for a bad command line");

    static CliOptions parse(String... args) throws UsageException {
        if (args.length == 0) {
            return new CliOptions(Command.HELP, null, 0, DEFAULT_ALPN, null, Protocol.ANY, false, false, null);
        }
        Command command;
        switch (args[0]) {
            case "demo": command = Command.DEMO; break;
            case "connect": command = Command.CONNECT; break;
            case "serve": command = Command.SERVE; break;
            case "help": case "--help": case "-h": command = Command.HELP; break;
            default: throw new UsageException("unknown command: " + args[0]);
        }
        String hostPort = null;
        List<String> alpn = command == Command.SERVE ? List.of() : DEFAULT_ALPN;
        Path trust = null;
        Protocol protocol = Protocol.ANY;
        boolean noNameCheck = false;
        boolean sunJsse = false;
        String servePort = null;
        Path cert = null;
        Path key = null;
        boolean requireClientCert = false;
        Path clientCa = null;
        int maxConnections = 0;
        List<String> serveOnly = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--tls1.2":
                case "--tls1.3": {
                    Protocol p = a.equals("--tls1.2") ? Protocol.TLS12_ONLY : Protocol.TLS13_ONLY;
                    if (protocol != Protocol.ANY && protocol != p) {
                        throw new UsageException("--tls1.2 and --tls1.3 exclude each other");
                    }
                    protocol = p;
                    break;
                }
                case "--alpn":
                    alpn = parseAlpn(value(args, ++i, a));
                    break;
                case "--trust":
                    trust = Path.of(value(args, ++i, a));
                    break;
                case "--insecure-no-name-check":
                    noNameCheck = true;
                    break;
                case "--sunjsse":
                    sunJsse = true;
                    break;
                case "--port":
                    servePort = value(args, ++i, a);
                    serveOnly.add(a);
                    break;
                case "--cert":
                    cert = Path.of(value(args, ++i, a));
                    serveOnly.add(a);
                    break;
                case "--key":
                    key = Path.of(value(args, ++i, a));
                    serveOnly.add(a);
                    break;
                case "--require-client-cert":
                    requireClientCert = true;
                    serveOnly.add(a);
                    break;
                case "--client-ca":
                    clientCa = Path.of(value(args, ++i, a));
                    serveOnly.add(a);
                    break;
                case "--max-connections":
                    maxConnections = parseCount(value(args, ++i, a));
                    serveOnly.add(a);
                    break;
                default:
                    if (a.startsWith("-")) {
                        throw new UsageException("unknown option: " + a);
                    }
                    if (hostPort != null || command != Command.CONNECT) {
                        throw new UsageException("unexpected argument: " + a);
                    }
                    hostPort = a;
            }
        }
        if (command != Command.CONNECT && (trust != null || noNameCheck)) {
            throw new UsageException("--trust and --insecure-no-name-check are for connect");
        }
        if (command != Command.DEMO && sunJsse) {
            throw new UsageException("--sunjsse is for demo");
        }
        if (command != Command.SERVE && !serveOnly.isEmpty()) {
            throw new UsageException(serveOnly.get(0) + " is for serve");
        }
        Serve serve = null;
        if (command == Command.SERVE) {
            if (servePort == null) {
                throw new UsageException("serve needs --port N (0 for a free port)");
            }
            if ((cert == null) != (key == null)) {
                throw new UsageException("--cert and --key go together");
            }
            if (clientCa != null && !requireClientCert) {
                throw new UsageException("--client-ca goes with --require-client-cert");
            }
            serve = new Serve(cert, key, requireClientCert, clientCa, maxConnections);
        }
        String host = null;
        int port = servePort == null ? 0 : parsePort(servePort, 0);
        if (command == Command.CONNECT) {
            if (hostPort == null) {
                throw new UsageException("connect needs HOST[:PORT]");
            }
            int colon = hostPort.lastIndexOf(':');
            if (hostPort.startsWith("[")) {
                int close = hostPort.indexOf(']');
                if (close < 0) {
                    throw new UsageException("bad address: " + hostPort);
                }
                host = hostPort.substring(1, close);
                colon = close + 1 < hostPort.length() && hostPort.charAt(close + 1) == ':' ? close + 1 : -1;
                if (colon < 0 && close + 1 != hostPort.length()) {
                    throw new UsageException("bad address: " + hostPort);
                }
            } else if (colon >= 0 && hostPort.indexOf(':') != colon) {
                throw new UsageException("an IPv6 address needs brackets: [" + hostPort + "]:443");
            } else {
                host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            }
            port = colon < 0 ? 443 : parsePort(hostPort.substring(colon + 1), 1);
            if (host.isEmpty()) {
                throw new UsageException("empty host in " + hostPort);
            }
        }
        return new CliOptions(command, host, port, alpn, trust, protocol, noNameCheck, sunJsse, serve);
    }

    /** {@code h2,http/1.1} -> [h2, http/1.1]; {@code none} -> []. Each id 1..255 bytes. */
    static List<String> parseAlpn(String list) throws UsageException {
        if (list.equals("none")) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String p : list.split(",", -1)) {
            String id = p.trim();
            if (id.isEmpty() || id.length() > 255 || !id.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
                throw new UsageException("bad ALPN protocol id in --alpn " + list + ": '" + id + "'");
            }
            out.add(id);
        }
        return List.copyOf(out);
    }

    /** A port number from {@code min} (1 to connect, 0 to listen on a free port) to 65535. */
    private static int parsePort(String s, int min) throws UsageException {
        try {
            int port = Integer.parseInt(s);
            if (port >= min && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("bad port: " + s);
    }

    /** A count of at least 1 (--max-connections). */
    private static int parseCount(String s) throws UsageException {
        try {
            int n = Integer.parseInt(s);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("bad count: " + s + " (1 or more)");
    }

    private static String value(String[] args, int i, String option) throws UsageException {
        if (i >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }
}
