package org.sspijsse.cli;

import java.io.PrintStream;
import java.util.StringJoiner;
import org.sspijsse.sspi.SecBuffer;
import org.sspijsse.sspi.SecBufferDesc;
import org.sspijsse.sspi.SecBufferType;
import org.sspijsse.sspi.SecStatus;

/**
 * Prints one line per SSPI call: the function, the status (name and value), and the buffers
 * (type names and sizes), e.g.
 *
 * <pre>
 * InitializeSecurityContext  -&gt; SEC_I_CONTINUE_NEEDED (0x00090312)  in: [TOKEN 0, EMPTY 0, APPLICATION_PROTOCOLS 22]
 *     out: [TOKEN 1578, ALERT 0]
 * </pre>
 *
 * (one line, wrapped here). For InitializeSecurityContext the input is shown as the package
 * left it, since the package writes {@code MISSING} and {@code EXTRA} into it; for EncryptMessage
 * and DecryptMessage, whose one descriptor is rewritten in place, {@code in} is the descriptor
 * before the call and {@code out} the same descriptor after it.
 */
final class SspiTrace {
    /** Width of the function-name column: the longest name the client prints, plus one. */
    static final int NAME_WIDTH = 26;

    private final PrintStream out;

    SspiTrace(PrintStream out) {
        this.out = out;
    }

    /** The buffers of a descriptor as {@code [TOKEN 1578, ALERT 0]}; {@code NULL} for no descriptor. */
    static String buffers(SecBufferDesc desc) {
        if (desc == null) {
            return "NULL";
        }
        StringJoiner j = new StringJoiner(", ", "[", "]");
        for (int i = 0; i < desc.getCount(); i++) {
            SecBuffer b = desc.get(i);
            j.add(b == null ? "null" : SecBufferType.name(b.getBufferType()) + " " + b.getCbBuffer());
        }
        return j.toString();
    }

    /** One call's line; {@code in} or {@code out} may be null when the call takes no buffers. */
    static String line(String function, int status, String in, String out) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-" + NAME_WIDTH + "s -> %s", function, SecStatus.describe(status)));
        if (in != null) {
            sb.append("  in: ").append(in);
        }
        if (out != null) {
            sb.append("  out: ").append(out);
        }
        return sb.toString();
    }

    /** A call with a detail instead of buffers, e.g. the attribute QueryContextAttributes was asked for. */
    static String lineWithDetail(String function, int status, String detail) {
        return String.format("%-" + NAME_WIDTH + "s -> %s  %s", function, SecStatus.describe(status), detail);
    }

    void call(String function, int status, String in, String out) {
        this.out.println(line(function, status, in, out));
    }

    void call(String function, int status, String detail) {
        this.out.println(lineWithDetail(function, status, detail));
    }

    /** A line about what the caller did between calls (bytes sent or received), indented. */
    void note(String text) {
        out.println("    " + text);
    }

    /** A plain line (headings, the summary). */
    void print(String text) {
        out.println(text);
    }
}
