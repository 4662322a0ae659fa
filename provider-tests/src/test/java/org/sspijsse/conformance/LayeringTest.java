package org.sspijsse.conformance;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md, "Imports point one way": {@code sspi} imports neither BC nor {@code javax.net.ssl};
 * {@code record} imports only the JDK; {@code jsse} never imports BC. Reads the sources from disk.
 */
class LayeringTest {

    /** provider/src/main/java/org/sspijsse, found from the working directory upwards. */
    static Path sources() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            Path candidate = p.resolve("provider/src/main/java/org/sspijsse");
            if (Files.isDirectory(candidate.resolve("sspi"))) {
                return candidate;
            }
        }
        throw new AssertionError("provider/src/main/java/org/sspijsse not found above " + dir);
    }

    static List<String> violations(String pkg, List<String> forbidden) throws IOException {
        Path dir = sources().resolve(pkg);
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    String l = lines.get(i).trim();
                    if (!l.startsWith("import ")) {
                        continue;
                    }
                    for (String bad : forbidden) {
                        if (l.matches("import\\s+(static\\s+)?" + bad.replace(".", "\\.") + "\\b.*")) {
                            out.add(f + ":" + (i + 1) + ": " + l);
                        }
                    }
                }
                // Fully qualified uses in code, not only imports (string literals and comments aside).
                for (int i = 0; i < lines.size(); i++) {
                    String code = lines.get(i).replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
                            .replaceAll("//.*", "").trim();
                    if (code.startsWith("import ") || code.startsWith("*") || code.startsWith("/*")) {
                        continue;
                    }
                    for (String bad : forbidden) {
                        if (code.contains(bad + ".")) {
                            out.add(f + ":" + (i + 1) + ": uses " + bad);
                        }
                    }
                }
            }
        }
        return out;
    }

    @Test
    void sspiPackage_importsNeitherBouncyCastleNorJavaxNetSsl() throws IOException {
        assertEquals(List.of(), violations("sspi", List.of("org.bouncycastle", "javax.net.ssl")));
    }

    @Test
    void recordPackage_importsOnlyTheJdk() throws IOException {
        assertEquals(List.of(), violations("record", List.of("org.bouncycastle", "javax.net.ssl", "org.sspijsse.sspi",
                "org.sspijsse.schannel", "org.sspijsse.jsse")));
    }

    @Test
    void jssePackage_neverImportsBouncyCastle() throws IOException {
        // DESIGN.md: jsse calls only the SSPI layer, as an application on Windows calls secur32.
        assertEquals(List.of(), violations("jsse", List.of("org.bouncycastle", "org.sspijsse.schannel",
                "org.sspijsse.record")));
    }

    @Test
    void checker_findsAViolationWhenThereIsOne() throws IOException {
        // schannel imports BC by design: the checker must see it (so the tests above can fail).
        assertFalse(violations("schannel", List.of("org.bouncycastle")).isEmpty());
    }
}
