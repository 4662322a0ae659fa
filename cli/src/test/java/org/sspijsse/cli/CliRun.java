package org.sspijsse.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/** One in-process run of {@link Main} with what it printed. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String packageName, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(args, o, e, packageName);
        }
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    List<String> lines() {
        return out.lines().toList();
    }

    List<String> lines(String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix)).toList();
    }

    /**
     * One side of a demo run: only the lines starting with {@code prefix} ({@code "[client] "}),
     * without it (a bare {@code "[client]"} line is an empty one), so that the one-sided
     * assertions apply.
     */
    CliRun side(String prefix) {
        String bare = prefix.strip();
        String mine = out.lines()
                .filter(l -> l.startsWith(prefix) || l.equals(bare))
                .map(l -> l.equals(bare) ? "" : l.substring(prefix.length()))
                .collect(Collectors.joining("\n", "", "\n"));
        return new CliRun(exitCode, mine, err);
    }

    /** Everything printed, for assertion messages. */
    String transcript() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
