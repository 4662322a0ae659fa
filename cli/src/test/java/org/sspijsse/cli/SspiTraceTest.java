package org.sspijsse.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.sspijsse.sspi.SecApplicationProtocols;
import org.sspijsse.sspi.SecBuffer;
import org.sspijsse.sspi.SecBufferDesc;
import org.sspijsse.sspi.SecBufferType;
import org.sspijsse.sspi.SecStatus;

class SspiTraceTest {

    @Test
    void buffers_areListedAsTypeNameAndSize() {
        SecBufferDesc in = new SecBufferDesc(new SecBuffer(SecBufferType.SECBUFFER_TOKEN), SecBuffer.empty(),
                SecApplicationProtocols.alpnBuffer("h2", "http/1.1"));
        assertEquals("[TOKEN 0, EMPTY 0, APPLICATION_PROTOCOLS 22]", SspiTrace.buffers(in));
    }

    @Test
    void missingAndExtraCounts_showAsTheirSizes() {
        SecBuffer missing = new SecBuffer(SecBufferType.SECBUFFER_MISSING);
        missing.setCbBuffer(5);
        SecBuffer extra = new SecBuffer(SecBufferType.SECBUFFER_EXTRA);
        extra.setCbBuffer(1211);
        assertEquals("[MISSING 5, EXTRA 1211]", SspiTrace.buffers(new SecBufferDesc(missing, extra)));
    }

    @Test
    void aNullDescriptor_printsAsNull_andANullSlotAsNull() {
        assertEquals("NULL", SspiTrace.buffers(null));
        assertEquals("[null]", SspiTrace.buffers(new SecBufferDesc((SecBuffer) null)));
    }

    @Test
    void readOnlyAttributeBits_doNotChangeTheName() {
        SecBuffer b = new SecBuffer(SecBufferType.SECBUFFER_TOKEN | SecBufferType.SECBUFFER_READONLY, new byte[4]);
        assertEquals("[TOKEN 4]", SspiTrace.buffers(new SecBufferDesc(b)));
    }

    @Test
    void aCallLine_matchesTheDocumentedShape() {
        String line = SspiTrace.line("InitializeSecurityContext", SecStatus.SEC_I_CONTINUE_NEEDED,
                "[TOKEN 0, EMPTY 0, APPLICATION_PROTOCOLS 22]", "[TOKEN 1578, ALERT 0]");
        assertEquals("InitializeSecurityContext  -> SEC_I_CONTINUE_NEEDED (0x00090312)  in: [TOKEN 0, EMPTY 0,"
                + " APPLICATION_PROTOCOLS 22]  out: [TOKEN 1578, ALERT 0]", line);
    }

    @Test
    void aCallWithoutBuffers_endsAfterTheStatus_andFunctionNamesLineUp() {
        assertEquals("DeleteSecurityContext      -> SEC_E_OK (0x00000000)",
                SspiTrace.line("DeleteSecurityContext", SecStatus.SEC_E_OK, null, null));
        assertEquals("QueryContextAttributes     -> SEC_E_UNSUPPORTED_FUNCTION (0x80090302)  SECPKG_ATTR_CIPHER_INFO",
                SspiTrace.lineWithDetail("QueryContextAttributes", SecStatus.SEC_E_UNSUPPORTED_FUNCTION,
                        "SECPKG_ATTR_CIPHER_INFO"));
    }

    @Test
    void notes_areIndentedUnderTheCalls() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SspiTrace t = new SspiTrace(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        t.call("EncryptMessage", SecStatus.SEC_E_OK, "[DATA 3]", "[DATA 3]");
        t.note("sent record of 25 bytes");
        assertEquals("EncryptMessage             -> SEC_E_OK (0x00000000)  in: [DATA 3]  out: [DATA 3]"
                + System.lineSeparator() + "    sent record of 25 bytes" + System.lineSeparator(),
                bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aPrefixedTrace_startsEveryLineWithItsPrefix_andABlankLineIsThePrefixAlone() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SspiTrace t = new SspiTrace(new PrintStream(bytes, true, StandardCharsets.UTF_8), "[server] ");
        t.call("DeleteSecurityContext", SecStatus.SEC_E_OK, null, null);
        t.note("received 5 bytes");
        t.print("");
        assertEquals(java.util.List.of("[server] DeleteSecurityContext      -> SEC_E_OK (0x00000000)",
                "[server]     received 5 bytes", "[server]"), bytes.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void twoTracesOnOneStreamFromTwoThreads_interleaveByWholeLines() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SspiTrace client = new SspiTrace(new PrintStream(bytes, false, StandardCharsets.UTF_8), "[client] ");
        SspiTrace server = client.withPrefix("[server] ");
        Thread a = new Thread(() -> {
            for (int i = 0; i < 500; i++) {
                client.call("EncryptMessage", SecStatus.SEC_E_OK, "[DATA " + i + "]", "[DATA " + i + "]");
            }
        });
        Thread b = new Thread(() -> {
            for (int i = 0; i < 500; i++) {
                server.call("DecryptMessage", SecStatus.SEC_E_OK, "[DATA " + i + "]", "[DATA " + i + "]");
            }
        });
        a.start();
        b.start();
        a.join(10_000);
        b.join(10_000);
        java.util.List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(1000, lines.size());
        for (String l : lines) {
            assertTrue(l.matches("\\[client\\] EncryptMessage {13}-> SEC_E_OK \\(0x00000000\\)  in: \\[DATA \\d+\\]  out: "
                    + "\\[DATA \\d+\\]|\\[server\\] DecryptMessage {13}-> SEC_E_OK \\(0x00000000\\)  in: \\[DATA \\d+\\]"
                    + "  out: \\[DATA \\d+\\]"), l);
        }
    }
}
