package org.sspijsse.cli;

import java.io.PrintStream;
import java.util.List;
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
 *
 * <p>With a prefix ({@code "[server] "}) every line starts with it. Each line is written whole
 * under the stream's lock, so that two traces sharing a stream (the demo's client and server
 * threads) interleave by lines, never inside one.
 */
final class SspiTrace {
    /** Width of the function-name column: the longest name the client prints, plus one. */
    static final int NAME_WIDTH = 26;

    private final PrintStream out;
    private final String prefix;

    SspiTrace(PrintStream out) {
        this(out, "");
    }

    SspiTrace(PrintStream out, String prefix) {
        this.out = out;
        this.prefix = prefix;
    }

    /** The same stream with another prefix (e.g. for the other side of the demo). */
    SspiTrace withPrefix(String newPrefix) {
        return new SspiTrace(out, newPrefix);
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
        emit(line(function, status, in, out));
    }

    void call(String function, int status, String detail) {
        emit(lineWithDetail(function, status, detail));
    }

    /** A line about what the caller did between calls (bytes sent or received), indented. */
    void note(String text) {
        emit("    " + text);
    }

    /** A plain line (headings, the summary). */
    void print(String text) {
        emit(text);
    }

    /** Plain lines kept together: no line of another trace on the same stream comes between them. */
    void print(List<String> lines) {
        synchronized (out) {
            lines.forEach(this::emit);
        }
    }

    private void emit(String text) {
        String line = text.isEmpty() ? prefix.strip() : prefix + text;
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
