package org.sspijsse.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The policy for external tools (openssl and the like). Under {@code CI=true} a missing tool fails
 * the test: CI installs every tool, so a missing one is a broken build, not a reason to skip.
 * Elsewhere a missing tool skips the test through a JUnit assumption.
 */
public final class Peers {
    private Peers() {
    }

    /** True when the environment variable {@code CI} is {@code true} (any case). */
    public static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** The executable {@code name} on the {@code PATH}, if there is one. */
    public static Optional<Path> findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * The path of tool {@code name}. If it is missing: under CI an {@link AssertionError} (the test
     * fails); otherwise the test is aborted (skipped) by a failed JUnit assumption.
     */
    public static Path requireTool(String name) {
        Optional<Path> tool = findOnPath(name);
        if (tool.isPresent()) {
            return tool.get();
        }
        String message = "the external tool '" + name + "' is not on the PATH";
        if (isCi()) {
            throw new AssertionError(message + " (CI=true: tools are required, install it in .ci/run)");
        }
        Assumptions.abort(message + ": test skipped (it would fail under CI=true)");
        throw new AssertionError("unreachable");
    }

    /** {@code requireTool("openssl")}. */
    public static Path openssl() {
        return requireTool("openssl");
    }
}
