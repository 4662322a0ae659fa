package org.sspijsse.server;

import static org.junit.jupiter.api.Assertions.*;
import static org.sspijsse.server.Fixtures.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sspijsse.sspi.AscRet;
import org.sspijsse.sspi.CredHandle;
import org.sspijsse.sspi.SecStatus;
import org.sspijsse.testsupport.Issued;
import org.sspijsse.testsupport.KeyType;
import org.sspijsse.testsupport.SspiClientLoop;
import org.sspijsse.testsupport.SspiClientLoop.Delivery;
import org.sspijsse.testsupport.SspiStreams;

/**
 * Issue 3, item 2: the AcceptSecurityContext loop against our InitializeSecurityContext, for every
 * key type, TLS 1.2 and TLS 1.3, in the three delivery modes (the same chunking on both sides).
 * {@link AscPeer} checks each call as it happens (MISSING counts, no context from a first
 * SEC_E_INCOMPLETE_MESSAGE, ASC_RET bits, ptsExpiry); this class checks the shape of the whole run.
 * Package-allocated output (ASC_REQ_ALLOCATE_MEMORY) is used in whole-flight and one-byte runs, the
 * caller's own buffers in one-record runs.
 */
class AcceptLoopTest {

    static Stream<Arguments> matrix() {
        List<Arguments> a = new ArrayList<>();
        for (KeyType k : KeyType.values()) {
            for (boolean tls13 : new boolean[] {false, true}) {
                for (Delivery d : Delivery.values()) {
                    a.add(Arguments.of(k, tls13, d));
                }
            }
        }
        return a.stream();
    }

    @ParameterizedTest(name = "{0}, TLS 1.{1}, {2}")
    @MethodSource("matrix")
    void theServerLoopCompletesWithTheDocumentedStatusesInEveryDeliveryMode(KeyType key, boolean tls13, Delivery d) {
        Issued cert = server(key);
        CredHandle sc = inbound(cert);
        boolean allocate = d != Delivery.ONE_RECORD_AT_A_TIME;
        AscPeer asc = new AscPeer(sc, d, AscPeer.DEFAULT_REQ, allocate);
        SspiClientLoop.Result r = SspiClientLoop.builder(outbound(tls13)).targetName(HOST).delivery(d)
                .allocateMemory(allocate).run(asc::receive);
        assertTrue(r.isOk(), () -> "client: " + r.describe() + "\nserver: " + asc.describe());
        assertEquals(SecStatus.SEC_E_OK, asc.status(), asc::describe);

        List<AscPeer.Step> steps = asc.steps();
        AscPeer.Step firstContinue = steps.stream().filter(s -> s.status() == SecStatus.SEC_I_CONTINUE_NEEDED)
                .findFirst().orElseThrow();
        assertTrue(firstContinue.first(), "the first SEC_I_CONTINUE_NEEDED comes from a call with phContext NULL");
        assertTrue(firstContinue.token().length > 0 && firstContinue.token()[0] == 0x16,
                "SEC_I_CONTINUE_NEEDED carries the server flight (a handshake record first)");
        assertTrue(steps.stream().filter(AscPeer.Step::first).allMatch(
                s -> s == firstContinue || s.status() == SecStatus.SEC_E_INCOMPLETE_MESSAGE),
                "phContext is NULL exactly until a call returned SEC_I_CONTINUE_NEEDED");
        if (d == Delivery.ONE_BYTE_AT_A_TIME) {
            long firstIncomplete = steps.stream().filter(s -> s.first() && s.status() == SecStatus.SEC_E_INCOMPLETE_MESSAGE).count();
            assertEquals(firstContinue.inputLength() - 1, firstIncomplete,
                    "one byte at a time: every byte of the ClientHello but the last gives a first-call INCOMPLETE");
        }

        AscPeer.Step last = asc.lastStep();
        assertEquals(SecStatus.SEC_E_OK, last.status());
        if (tls13) {
            assertTrue(last.token().length > 0 && last.token()[0] == 0x17 && AscPeer.recordCount(last.token()) == 1,
                    "TLS 1.3: SEC_E_OK with the NewSessionTicket, one protected record");
        } else {
            byte[] t = last.token();
            assertTrue(t.length > 6 && t[0] == 0x14 && t[5] == 1 && t[6] == 0x16,
                    "TLS 1.2: SEC_E_OK with the server's ChangeCipherSpec + Finished token");
        }
        assertEquals(0, last.attr() & AscRet.ASC_RET_MUTUAL_AUTH, "no client certificate: no ASC_RET_MUTUAL_AUTH");
        assertEquals(AscPeer.ALWAYS | (allocate ? AscRet.ASC_RET_ALLOCATED_MEMORY : 0), last.attr());
        assertEquals(cert.certificate().getNotAfter().toInstant(), last.expiry(),
                "ptsExpiry: the server certificate's notAfter when no client certificate was received");

        byte[] hello = "hello from the client".getBytes(StandardCharsets.US_ASCII);
        SspiStreams.Decryptor atServer = SspiStreams.decryptor(asc.context());
        assertEquals(SecStatus.SEC_E_OK, atServer.feed(AscPeer.concat(asc.leftover(), SspiStreams.encrypt(r.context(), hello))));
        assertArrayEquals(hello, atServer.takePlaintext());
        byte[] reply = "hello from the server".getBytes(StandardCharsets.US_ASCII);
        SspiStreams.Decryptor atClient = SspiStreams.decryptor(r.context()).processingPostHandshake(false);
        assertEquals(SecStatus.SEC_E_OK, atClient.feed(AscPeer.concat(r.leftover(), SspiStreams.encrypt(asc.context(), reply))));
        assertArrayEquals(reply, atClient.takePlaintext());
    }

    @Test
    void clientFinishedAndApplicationDataInOneInputLeaveTheRecordAsExtra() {
        CredHandle sc = inbound(server(KeyType.EC_P256));
        AscPeer asc = AscPeer.of(sc);
        List<byte[]> held = new ArrayList<>();
        // TLS 1.3: the client's second flight is its Finished; hold it back instead of delivering it.
        SspiClientLoop.Result r = SspiClientLoop.builder(outbound(true)).targetName(HOST).run(b -> {
            if (held.isEmpty() && asc.steps().isEmpty() || b.length == 0) {
                return asc.receive(b);
            }
            held.add(b);
            return new byte[0];
        });
        assertTrue(r.isOk(), r::describe);
        assertEquals(1, held.size());
        byte[] hello = "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] app = SspiStreams.encrypt(r.context(), hello);
        byte[] out = asc.receive(AscPeer.concat(held.get(0), app));
        assertTrue(out.length > 0 && out[0] == 0x17 && AscPeer.recordCount(out) == 1, "the NewSessionTicket only");
        assertEquals(SecStatus.SEC_E_OK, asc.status(), asc::describe);
        assertEquals(app.length, asc.lastStep().extra(), "SECBUFFER_EXTRA counts the application data record");
        SspiStreams.Decryptor dec = SspiStreams.decryptor(asc.context());
        assertEquals(SecStatus.SEC_E_OK, dec.feed(asc.leftover()));
        assertArrayEquals(hello, dec.takePlaintext());
    }
}
