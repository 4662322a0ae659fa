package org.sspijsse.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ways to install the provider, each in a forked JVM (the security provider list is global):
 * an unmodified {@code java.net.http} client then runs over SspiJsse's default context.
 */
class ProviderInstallTest {
    @TempDir
    Path dir;

    @Test
    void insertProviderAt1_defaultContextAndJavaNetHttpUseSspiJsse() throws Exception {
        String out = run(List.of(), "insertProviderAt1");
        assertTrue(out.contains("default provider SspiJsse"), out);
        assertTrue(out.contains("status 200"), out);
        assertTrue(out.contains("body hello over SspiJsse"), out);
    }

    @Test
    void addProvider_getInstanceByNameWorks_defaultStaysSunJsse() throws Exception {
        String out = run(List.of(), "addProvider");
        assertTrue(out.contains("TLS provider SspiJsse"), out);
        assertTrue(out.contains("default provider SunJSSE"), out);
        assertTrue(out.contains("status 200"), out);
    }

    @Test
    void javaSecurityOverrideFile_providerOneByName_isLoadedThroughServiceLoader() throws Exception {
        // security.provider.1=SspiJsse, the JDK's own list moved down one place.
        Properties jdk = new Properties();
        try (var in = Files.newInputStream(Path.of(System.getProperty("java.home"), "conf", "security",
                "java.security"))) {
            jdk.load(in);
        }
        StringBuilder file = new StringBuilder("security.provider.1=SspiJsse\n");
        for (int i = 1; jdk.getProperty("security.provider." + i) != null; i++) {
            file.append("security.provider.").append(i + 1).append('=')
                    .append(jdk.getProperty("security.provider." + i)).append('\n');
        }
        Path props = dir.resolve("sspijsse.security");
        Files.writeString(props, file.toString());
        String out = run(List.of("-Djava.security.properties=" + props), "properties");
        assertTrue(out.contains("default provider SspiJsse"), out);
        assertTrue(out.contains("status 200"), out);
    }

    private static String run(List<String> jvmArgs, String how) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(InstallProbe.class.getName());
        cmd.add(how);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out;
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("probe did not finish in 60 s");
        }
        out = p.getInputStream().readAllBytes();
        String s = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), s);
        return s;
    }
}
