package org.sspijsse.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** DESIGN.md: record uses JDK crypto only; no BC, no SSPI, schannel or JSSE types; files stay small. */
class ImportRulesTest {
    private static final Path SOURCES = Path.of("src/main/java/org/sspijsse/record");

    @Test
    void recordSources_importNoBouncyCastleSspiSchannelJsseOrJavaxNetSsl() throws IOException {
        assertTrue(Files.isDirectory(SOURCES), "run from the provider module");
        List<String> offending = new ArrayList<>();
        int files = 0;
        try (Stream<Path> s = Files.list(SOURCES)) {
            for (Path f : (Iterable<Path>) s::iterator) {
                files++;
                List<String> lines = Files.readAllLines(f);
                for (String line : lines) {
                    String t = line.trim();
                    if ((t.startsWith("import ") || t.contains("org.bouncycastle") || t.contains("javax.net.ssl"))
                            && (t.contains("org.bouncycastle") || t.contains("org.sspijsse.sspi")
                            || t.contains("org.sspijsse.schannel") || t.contains("org.sspijsse.jsse")
                            || t.contains("javax.net.ssl"))) {
                        offending.add(f.getFileName() + ": " + t);
                    }
                }
                assertTrue(lines.size() <= 500, f.getFileName() + " has " + lines.size() + " lines");
            }
        }
        assertTrue(files >= 10);
        assertEquals(List.of(), offending);
    }
}
