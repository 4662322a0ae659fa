package org.sspijsse.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What every successful client run prints, whichever package and peer it ran against. */
final class TraceAssertions {
    private static final Pattern TOKEN_OUT = Pattern.compile("out: \\[TOKEN (\\d+),");

    private TraceAssertions() {
    }

    /**
     * The first ISC continues with a ClientHello out; the ISC just before the first EncryptMessage
     * (the end of the handshake) and the last ISC (the close_notify) are SEC_E_OK, the last with a
     * token out; the status line is in the summary; the handles are released.
     */
    static void assertClientRun(CliRun run, String httpStatusPrefix) {
        String t = run.transcript();
        assertEquals(0, run.exitCode(), t);
        assertTrue(run.lines("AcquireCredentialsHandle   -> SEC_E_OK").size() == 1, t);
        List<String> lines = run.lines();
        List<String> isc = run.lines("InitializeSecurityContext");
        assertFalse(isc.isEmpty(), t);
        assertTrue(isc.get(0).contains("-> SEC_I_CONTINUE_NEEDED (0x00090312)"), t);
        assertTrue(tokenOut(isc.get(0)) > 0, "first ISC sends a ClientHello\n" + t);

        int firstEncrypt = indexOfPrefix(lines, "EncryptMessage");
        assertTrue(firstEncrypt > 0, t);
        String lastHandshakeIsc = null;
        for (int i = 0; i < firstEncrypt; i++) {
            if (lines.get(i).startsWith("InitializeSecurityContext")) {
                lastHandshakeIsc = lines.get(i);
            }
        }
        assertTrue(lastHandshakeIsc != null && lastHandshakeIsc.contains("-> SEC_E_OK (0x00000000)"), t);

        String lastIsc = isc.get(isc.size() - 1);
        assertTrue(lastIsc.contains("-> SEC_E_OK (0x00000000)"), t);
        assertTrue(tokenOut(lastIsc) > 0, "the shutdown ISC gives the close_notify\n" + t);
        assertTrue(run.lines("ApplyControlToken          -> SEC_E_OK").size() == 1, t);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("  HTTP") && l.contains(httpStatusPrefix)), t);
        assertTrue(run.lines("DeleteSecurityContext      -> SEC_E_OK").size() == 1, t);
        assertTrue(run.lines("FreeCredentialsHandle      -> SEC_E_OK").size() == 1, t);
    }

    static void assertSummary(CliRun run, String label, String value) {
        assertTrue(run.lines().stream().anyMatch(l -> l.equals(ConnectionReport.row(label, value))),
                label + " " + value + "\n" + run.transcript());
    }

    private static int tokenOut(String line) {
        Matcher m = TOKEN_OUT.matcher(line);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static int indexOfPrefix(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
