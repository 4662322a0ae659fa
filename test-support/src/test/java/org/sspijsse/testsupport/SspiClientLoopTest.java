package org.sspijsse.testsupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sspijsse.sspi.CredHandle;
import org.sspijsse.sspi.IscReq;
import org.sspijsse.sspi.SchannelConstants;
import org.sspijsse.sspi.SecStatus;
import org.sspijsse.sspi.Sspi;
import org.sspijsse.sspi.TimeStamp;
import org.sspijsse.testsupport.SspiClientLoop.Delivery;
import org.sspijsse.testsupport.SspiClientLoop.Result;
import org.sspijsse.testsupport.SspiClientLoop.Step;

class SspiClientLoopTest {

    static CredHandle register(FakeTls fake) {
        Sspi.registerPackage(fake);
        CredHandle cred = new CredHandle();
        assertEquals(SecStatus.SEC_E_OK, Sspi.acquireCredentialsHandle(null, FakeTls.NAME,
                SchannelConstants.SECPKG_CRED_OUTBOUND, null, cred, new TimeStamp()));
        return cred;
    }

    private static int recordCount(FakeTls.Script s, int flight) {
        return s.serverFlights().get(flight).length;
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void aTls13StyleHandshakeEndsOkInEveryDeliveryModeWithTheFinishedSent(Delivery delivery) {
        FakeTls.Script script = FakeTls.Script.tls13();
        CredHandle cred = register(new FakeTls(script));
        FakeTls.Server server = new FakeTls.Server(script);
        Result r = SspiClientLoop.builder(cred).delivery(delivery).run(server);
        assertEquals(SecStatus.SEC_E_OK, r.status(), r.describe());
        assertTrue(r.context().isValid());
        assertEquals(2, server.received.size());
        assertArrayEquals(script.client(0), server.received.get(0));
        assertArrayEquals(script.client(1), server.received.get(1));
        assertArrayEquals(script.server(1), r.leftover(), "the tickets answering our Finished are left over");
        for (Step s : r.incompleteSteps()) {
            assertTrue(s.missingIsExact(), s + "\n" + r.describe());
        }
        int serverBytes = script.server(0).length;
        switch (delivery) {
            case WHOLE_FLIGHTS -> assertEquals(2, r.steps().size(), r.describe());
            case ONE_RECORD_AT_A_TIME -> {
                assertEquals(1 + recordCount(script, 0), r.steps().size(), r.describe());
                assertTrue(r.incompleteSteps().isEmpty());
            }
            case ONE_BYTE_AT_A_TIME -> {
                assertEquals(1 + serverBytes, r.steps().size(), r.describe());
                assertEquals(serverBytes - recordCount(script, 0), r.incompleteSteps().size());
                assertTrue(r.steps().stream().skip(1).allMatch(s -> s.delivered() == 1));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void aTls12StyleHandshakeSendsTheSecondFlightOnContinueAndEndsOkWithNoToken(Delivery delivery) {
        FakeTls.Script script = FakeTls.Script.tls12();
        CredHandle cred = register(new FakeTls(script));
        FakeTls.Server server = new FakeTls.Server(script);
        Result r = SspiClientLoop.builder(cred).delivery(delivery).run(server);
        assertEquals(SecStatus.SEC_E_OK, r.status(), r.describe());
        assertEquals(0, r.steps().get(r.steps().size() - 1).outputLength());
        assertArrayEquals(script.client(1), server.received.get(1));
        assertEquals(0, r.leftover().length);
        assertTrue(r.incompleteSteps().stream().allMatch(Step::missingIsExact), r.describe());
    }

    @Test
    void oneRecordAtATimeGivesIscExactlyOneWholeRecordPerCall() {
        FakeTls.Script script = FakeTls.Script.tls12();
        CredHandle cred = register(new FakeTls(script));
        Result r = SspiClientLoop.builder(cred).delivery(Delivery.ONE_RECORD_AT_A_TIME).run(new FakeTls.Server(script));
        int[] expected = {0, 95, 1505, 305, 9, 6, 45};
        assertArrayEquals(expected, r.steps().stream().mapToInt(Step::inputLength).toArray(), r.describe());
    }

    @Test
    void extraAfterContinueIsMovedToTheFrontAndIscIsCalledAgainWithoutReading() {
        FakeTls.Script script = FakeTls.Script.tls12();
        CredHandle cred = register(new FakeTls(script));
        FakeTls.Server server = new FakeTls.Server(script);
        server.appendToFirstFlight = script.server(1); // the server's second flight arrives early
        Result r = SspiClientLoop.builder(cred).run(server);
        assertEquals(SecStatus.SEC_E_OK, r.status(), r.describe());
        Step second = r.steps().get(1);
        assertEquals(SecStatus.SEC_I_CONTINUE_NEEDED, second.status());
        assertEquals(script.server(1).length, second.extra());
        Step third = r.steps().get(2);
        assertEquals(0, third.delivered(), "called again without reading");
        assertEquals(script.server(1).length, third.inputLength());
    }

    @Test
    void extraAfterOkIsLeftOverForDecryptMessage() {
        FakeTls.Script script = FakeTls.Script.tls13();
        CredHandle cred = register(new FakeTls(script));
        FakeTls.Server server = new FakeTls.Server(script);
        byte[] appData = FakeTls.seal("early".getBytes(StandardCharsets.US_ASCII));
        server.appendToFirstFlight = appData;
        Result r = SspiClientLoop.builder(cred).run(server);
        assertEquals(SecStatus.SEC_E_OK, r.status());
        assertEquals(appData.length, r.steps().get(1).extra());
        assertArrayEquals(TlsRecordsTest.concat(appData, script.server(1)), r.leftover());
    }

    @Test
    void aFlightSplitAcrossReadsGivesContinueWithAPartialExtraThenAnExactMissing() {
        FakeTls.Script script = FakeTls.Script.tls13();
        CredHandle cred = register(new FakeTls(script));
        FakeTls.Server server = new FakeTls.Server(script);
        Transport chunky = new Transport() {
            final ByteArrayOutputStream queue = new ByteArrayOutputStream();

            @Override
            public void send(byte[] bytes) {
                queue.writeBytes(server.apply(bytes));
            }

            @Override
            public byte[] receive(Duration timeout) {
                if (queue.size() == 0) {
                    return null;
                }
                byte[] all = queue.toByteArray();
                int n = Math.min(700, all.length);
                queue.reset();
                queue.write(all, n, all.length - n);
                return Arrays.copyOf(all, n);
            }
        };
        Result r = SspiClientLoop.builder(cred).run(chunky);
        assertEquals(SecStatus.SEC_E_OK, r.status(), r.describe());
        assertTrue(r.steps().stream().anyMatch(s -> s.status() == SecStatus.SEC_I_CONTINUE_NEEDED && s.extra() > 0),
                r.describe());
        assertFalse(r.incompleteSteps().isEmpty(), r.describe());
        assertTrue(r.incompleteSteps().stream().allMatch(Step::missingIsExact), r.describe());
    }

    @Test
    void theAlpnListGoesInAnApplicationProtocolsBufferOnTheFirstCall() {
        FakeTls.Script script = FakeTls.Script.tls13();
        FakeTls fake = new FakeTls(script);
        CredHandle cred = register(fake);
        SspiClientLoop.builder(cred).alpn("h2", "http/1.1").run(new FakeTls.Server(script));
        assertEquals(List.of("h2", "http/1.1"),
                fake.lastAlpn.stream().map(b -> new String(b, StandardCharsets.US_ASCII)).toList());
    }

    @Test
    void callerBuffersTooSmallForTheTokenAreGrownAndTheCallRepeated() {
        FakeTls.Script script = FakeTls.Script.tls13();
        CredHandle cred = register(new FakeTls(script));
        FakeTls.Server server = new FakeTls.Server(script);
        Result r = SspiClientLoop.builder(cred).allocateMemory(false).callerTokenCapacity(64).run(server);
        assertEquals(SecStatus.SEC_E_OK, r.status(), r.describe());
        assertEquals(SecStatus.SEC_E_INSUFFICIENT_MEMORY, r.steps().get(0).status());
        assertArrayEquals(script.client(0), server.received.get(0));
        assertEquals(0, r.contextAttr() & IscReq.ISC_REQ_ALLOCATE_MEMORY);
        assertEquals(0, r.steps().get(0).contextReq() & IscReq.ISC_REQ_ALLOCATE_MEMORY);
    }

    @Test
    void anErrorSendsTheAlertBufferToThePeerAndStops() {
        FakeTls.Script script = new FakeTls.Script(List.of(new int[] {100}), List.of(new int[] {50, 60}), 1);
        CredHandle cred = register(new FakeTls(script));
        FakeTls.Server server = new FakeTls.Server(script) {
            @Override
            public byte[] apply(byte[] in) {
                byte[] out = super.apply(in);
                if (received.size() == 1 && out.length > 60) {
                    out[55 + 5] = FakeTls.BAD; // the second record's first body byte
                }
                return out;
            }
        };
        Result r = SspiClientLoop.builder(cred).run(server);
        assertEquals(SecStatus.SEC_E_ILLEGAL_MESSAGE, r.status(), r.describe());
        assertArrayEquals(FakeTls.ALERT, server.received.get(1));
        assertEquals(FakeTls.ALERT.length, r.steps().get(1).alertLength());
    }

    @Test
    void aPeerThatStopsMidFlightEndsTheLoopWithEndOfInput() {
        FakeTls.Script script = FakeTls.Script.tls13();
        CredHandle cred = register(new FakeTls(script));
        byte[] flight = script.server(0);
        Result r = SspiClientLoop.builder(cred).delivery(Delivery.ONE_RECORD_AT_A_TIME)
                .run(in -> in.length == 0 ? new byte[0] : Arrays.copyOf(flight, flight.length - 10));
        assertTrue(r.endOfInput(), r.describe());
        assertEquals(SecStatus.SEC_E_INCOMPLETE_MESSAGE, r.status(), r.describe());
        Step last = r.steps().get(r.steps().size() - 1);
        assertEquals(10, last.missing());
        assertTrue(last.missingIsExact());
    }

    @Test
    void theLoopIsBoundedInCalls() {
        FakeTls.Script script = FakeTls.Script.tls13();
        CredHandle cred = register(new FakeTls(script));
        AssertionError e = assertThrows(AssertionError.class, () -> SspiClientLoop.builder(cred)
                .delivery(Delivery.ONE_BYTE_AT_A_TIME).maxCalls(20).run(new FakeTls.Server(script)));
        assertTrue(e.getMessage().contains("20 calls"), e.getMessage());
    }
}
