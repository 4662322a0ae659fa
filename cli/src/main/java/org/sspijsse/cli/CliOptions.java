package org.sspijsse.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The parsed command line: a command and its options. */
record CliOptions(Command command, String host, int port, List<String> alpn, Path trust, Protocol protocol,
        boolean noNameCheck) {

    enum Command { DEMO, CONNECT, HELP }

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
            "  demo                 start a TLS server on 127.0.0.1 (SunJSSE, a generated certificate for",
            "                       localhost) and fetch / from it with this project's client, printing",
            "                       every SSPI call the client makes",
            "  connect HOST[:PORT]  the same client against any server (port 443 if none is given);",
            "                       HOST is the target name: SNI and the certificate name check",
            "  help                 this text",
            "",
            "options:",
            "  --tls1.2 | --tls1.3        allow only that version (SchannelCredentials disabled protocols)",
            "  --alpn LIST                ALPN protocols to offer, comma-separated, most preferred first",
            "                             (default h2,http/1.1; 'none' offers nothing)",
            "  --trust PEM                connect: trust only the certificates in this PEM file",
            "                             (default: the JDK's cacerts)",
            "  --insecure-no-name-check   connect: skip the server name check (SCH_CRED_NO_SERVERNAME_CHECK)",
            "",
            "exit status: 0 on success, 1 when the connection fails, 2 for a bad command line");

    static CliOptions parse(String... args) throws UsageException {
        if (args.length == 0) {
            return new CliOptions(Command.HELP, null, 0, DEFAULT_ALPN, null, Protocol.ANY, false);
        }
        Command command;
        switch (args[0]) {
            case "demo": command = Command.DEMO; break;
            case "connect": command = Command.CONNECT; break;
            case "help": case "--help": case "-h": command = Command.HELP; break;
            default: throw new UsageException("unknown command: " + args[0]);
        }
        String hostPort = null;
        List<String> alpn = DEFAULT_ALPN;
        Path trust = null;
        Protocol protocol = Protocol.ANY;
        boolean noNameCheck = false;
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
        if (command == Command.DEMO && (trust != null || noNameCheck)) {
            throw new UsageException("demo trusts its own generated root: --trust and --insecure-no-name-check"
                    + " are for connect");
        }
        String host = null;
        int port = 0;
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
            port = colon < 0 ? 443 : parsePort(hostPort.substring(colon + 1));
            if (host.isEmpty()) {
                throw new UsageException("empty host in " + hostPort);
            }
        }
        return new CliOptions(command, host, port, alpn, trust, protocol, noNameCheck);
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

    private static int parsePort(String s) throws UsageException {
        try {
            int port = Integer.parseInt(s);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("bad port: " + s);
    }

    private static String value(String[] args, int i, String option) throws UsageException {
        if (i >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }
}
