package org.sspijsse.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** Post-handshake messages (RFC 8446 §4.6): NewSessionTicket, reassembly, bounds, refused types. */
class PostHandshakeTest {
    private static final byte[] NST = Rfc8448Test.NEW_SESSION_TICKET;

    private static byte[] hs13(TestSupport.Pair p, long seq, byte[] content) {
        return TestSupport.raw13(p.cipher, p.aWrite, seq, 23, 0x0303, TestSupport.inner(content, Alerts.HANDSHAKE, 0));
    }

    private static TestSupport.Pair pair13() {
        return TestSupport.pair(RecordVersion.TLS13, RecordCipher.AES_128_GCM);
    }

    /** A NewSessionTicket message with the given fields (RFC 8446 §4.6.1). */
    static byte[] ticket(long lifetime, byte[] nonce, byte[] ticket, byte[] extensions) {
        byte[] body = TestSupport.concat(
                new byte[] {(byte) (lifetime >>> 24), (byte) (lifetime >>> 16), (byte) (lifetime >>> 8), (byte) lifetime},
                new byte[] {1, 2, 3, 4, (byte) nonce.length}, nonce,
                new byte[] {(byte) (ticket.length >>> 8), (byte) ticket.length}, ticket,
                new byte[] {(byte) (extensions.length >>> 8), (byte) extensions.length}, extensions);
        return TestSupport.concat(new byte[] {4, (byte) (body.length >>> 16), (byte) (body.length >>> 8), (byte) body.length}, body);
    }

    @Test
    void parse_validTicketWithUnknownExtension_givesEveryField() throws Exception {
        byte[] ext = {0x7f, 0x7f, 0, 2, 9, 9, 0, 42, 0, 4, 0, 0, 0x40, 0};
        NewSessionTicket t = NewSessionTicket.parse(ticket(604800, new byte[] {5}, new byte[] {6, 7}, ext));
        assertEquals(604800, t.lifetimeSeconds());
        assertEquals(0x01020304L, t.ageAdd());
        assertArrayEquals(new byte[] {5}, t.nonce());
        assertArrayEquals(new byte[] {6, 7}, t.ticket());
        assertArrayEquals(ext, t.extensions());
        assertEquals(0x4000, t.maxEarlyDataSize());
    }

    @Test
    void parse_lifetimeAboveSevenDays_throwsIllegalParameter() {
        assertEquals(Alerts.ILLEGAL_PARAMETER, TestSupport.alertOf(
                () -> NewSessionTicket.parse(ticket(604801, new byte[0], new byte[] {1}, new byte[0]))));
        assertEquals(Alerts.ILLEGAL_PARAMETER, TestSupport.alertOf(
                () -> NewSessionTicket.parse(ticket(0xffffffffL, new byte[0], new byte[] {1}, new byte[0]))));
    }

    @Test
    void parse_everyTruncation_throwsDecodeError() {
        for (int n = 0; n < NST.length; n++) {
            byte[] cut = Arrays.copyOf(NST, n);
            assertEquals(Alerts.DECODE_ERROR, TestSupport.alertOf(() -> NewSessionTicket.parse(cut)), "length " + n);
            if (n >= 4) {
                int body = n - 4; // a consistent outer length, inconsistent inner ones
                byte[] relabelled = cut.clone();
                relabelled[1] = (byte) (body >>> 16);
                relabelled[2] = (byte) (body >>> 8);
                relabelled[3] = (byte) body;
                assertEquals(Alerts.DECODE_ERROR, TestSupport.alertOf(() -> NewSessionTicket.parse(relabelled)), "body " + body);
            }
        }
    }

    @Test
    void parse_emptyTicketBadExtensionsOrRepeatedExtension_areRejected() {
        assertEquals(Alerts.DECODE_ERROR, TestSupport.alertOf(
                () -> NewSessionTicket.parse(ticket(1, new byte[0], new byte[0], new byte[0]))));
        assertEquals(Alerts.DECODE_ERROR, TestSupport.alertOf(
                () -> NewSessionTicket.parse(ticket(1, new byte[0], new byte[] {1}, new byte[] {0, 42, 0, 2, 0, 0}))));
        assertEquals(Alerts.DECODE_ERROR, TestSupport.alertOf(
                () -> NewSessionTicket.parse(ticket(1, new byte[0], new byte[] {1}, new byte[] {0, 1, 0, 5, 0}))));
        assertEquals(Alerts.ILLEGAL_PARAMETER, TestSupport.alertOf(
                () -> NewSessionTicket.parse(ticket(1, new byte[0], new byte[] {1}, new byte[] {0, 1, 0, 0, 0, 1, 0, 0}))));
    }

    @Test
    void open_ticketSplitOverThreeRecords_isHandedOutWhole() throws Exception {
        TestSupport.Pair p = pair13();
        assertEquals(OpenResult.Kind.HANDSHAKE_FRAGMENT, TestSupport.open(p.b, hs13(p, 0, Arrays.copyOfRange(NST, 0, 2))).kind());
        assertEquals(OpenResult.Kind.HANDSHAKE_FRAGMENT, TestSupport.open(p.b, hs13(p, 1, Arrays.copyOfRange(NST, 2, 100))).kind());
        OpenResult r = TestSupport.open(p.b, hs13(p, 2, Arrays.copyOfRange(NST, 100, NST.length)));
        assertEquals(OpenResult.Kind.HANDSHAKE, r.kind());
        assertArrayEquals(NST, r.handshakeMessage());
        assertNull(p.b.pollHandshakeMessage());
    }

    @Test
    void open_twoTicketsInOneRecord_firstReportedSecondPolled() throws Exception {
        TestSupport.Pair p = pair13();
        byte[] second = ticket(7, new byte[] {1}, new byte[] {2}, new byte[0]);
        OpenResult r = TestSupport.open(p.b, hs13(p, 0, TestSupport.concat(NST, second)));
        assertEquals(OpenResult.Kind.HANDSHAKE, r.kind());
        assertArrayEquals(NST, r.handshakeMessage());
        assertArrayEquals(second, p.b.pollHandshakeMessage());
        assertNull(p.b.pollHandshakeMessage());
    }

    @Test
    void open_ticketEndingInARecordThatStartsTheNext_handsOutEachInOrder() throws Exception {
        TestSupport.Pair p = pair13();
        byte[] second = ticket(7, new byte[] {1}, new byte[] {2}, new byte[0]);
        byte[] both = TestSupport.concat(NST, second);
        int cut = NST.length + 3;
        OpenResult r = TestSupport.open(p.b, hs13(p, 0, Arrays.copyOfRange(both, 0, cut)));
        assertArrayEquals(NST, r.handshakeMessage());
        r = TestSupport.open(p.b, hs13(p, 1, Arrays.copyOfRange(both, cut, both.length)));
        assertArrayEquals(second, r.handshakeMessage());
    }

    @Test
    void open_invalidTicket_throwsItsAlert() {
        TestSupport.Pair p = pair13();
        byte[] bad = ticket(604801, new byte[0], new byte[] {1}, new byte[0]);
        assertEquals(Alerts.ILLEGAL_PARAMETER, TestSupport.alertOf(() -> TestSupport.open(p.b, hs13(p, 0, bad))));
    }

    @Test
    void open_messageAnnouncedAbove64KiB_throwsIllegalParameterBeforeBuffering() {
        TestSupport.Pair p = pair13();
        byte[] header = {4, 1, 0, 0}; // 65536-byte body
        assertEquals(Alerts.ILLEGAL_PARAMETER, TestSupport.alertOf(() -> TestSupport.open(p.b, hs13(p, 0, header))));
    }

    @Test
    void open_manyUncollectedTickets_throwWhenThe64KiBQueueIsFull() throws Exception {
        TestSupport.Pair p = pair13();
        byte[] small = ticket(1, new byte[0], new byte[3900], new byte[0]); // 3917 bytes
        byte[] record = TestSupport.concat(small, small, small, small);
        // Each record hands out one message and queues three (11751 bytes) that nobody polls:
        // five records queue 58755 bytes, the sixth passes 65536.
        for (int i = 0; i < 5; i++) {
            assertEquals(OpenResult.Kind.HANDSHAKE, TestSupport.open(p.b, hs13(p, i, record)).kind());
        }
        assertEquals(Alerts.UNEXPECTED_MESSAGE, TestSupport.alertOf(() -> TestSupport.open(p.b, hs13(p, 5, record))));
    }

    @Test
    void open_ticketsCollectedAfterEachRecord_neverFillTheQueue() throws Exception {
        TestSupport.Pair p = pair13();
        byte[] small = ticket(1, new byte[0], new byte[3900], new byte[0]);
        byte[] record = TestSupport.concat(small, small, small, small);
        for (int i = 0; i < 40; i++) {
            OpenResult r = TestSupport.open(p.b, hs13(p, i, record));
            assertArrayEquals(small, r.handshakeMessage());
            for (int k = 0; k < 3; k++) {
                assertArrayEquals(small, p.b.pollHandshakeMessage());
            }
            assertNull(p.b.pollHandshakeMessage());
        }
    }

    @Test
    void open_postHandshakeCertificateRequest_throwsUnexpectedMessage() {
        TestSupport.Pair p = pair13();
        byte[] cr = {13, 0, 0, 4, 0, 0, 0, 0};
        assertEquals(Alerts.UNEXPECTED_MESSAGE, TestSupport.alertOf(() -> TestSupport.open(p.b, hs13(p, 0, cr))));
    }

    @Test
    void open_otherTls13HandshakeTypes_throwUnexpectedMessage() {
        for (int type : new int[] {0, 1, 2, 8, 11, 15, 20, 5, 254}) {
            TestSupport.Pair p = pair13();
            byte[] m = {(byte) type, 0, 0, 1, 0};
            assertEquals(Alerts.UNEXPECTED_MESSAGE, TestSupport.alertOf(() -> TestSupport.open(p.b, hs13(p, 0, m))), "type " + type);
        }
    }

    @Test
    void open_emptyHandshakeRecord_throwsUnexpectedMessage() {
        TestSupport.Pair p = pair13();
        assertEquals(Alerts.UNEXPECTED_MESSAGE, TestSupport.alertOf(() -> TestSupport.open(p.b, hs13(p, 0, new byte[0]))));
    }

    @Test
    void open_applicationDataInsideAFragmentedMessage_throwsUnexpectedMessage() throws Exception {
        TestSupport.Pair p = pair13();
        TestSupport.open(p.b, hs13(p, 0, Arrays.copyOf(NST, 10)));
        byte[] data = TestSupport.raw13(p.cipher, p.aWrite, 1, 23, 0x0303, TestSupport.inner(new byte[] {1}, 23, 0));
        assertEquals(Alerts.UNEXPECTED_MESSAGE, TestSupport.alertOf(() -> TestSupport.open(p.b, data)));
    }

    @Test
    void tls12_helloRequest_isHandedOutForTheCallerToRefuse() throws Exception {
        TestSupport.Pair p = TestSupport.pair(RecordVersion.TLS12, RecordCipher.AES_128_GCM);
        OpenResult r = TestSupport.open(p.b, TestSupport.raw12(p.cipher, p.aWrite, 1, 22, new byte[] {0, 0, 0, 0}));
        assertEquals(OpenResult.Kind.HANDSHAKE, r.kind());
        assertEquals(Alerts.HELLO_REQUEST, r.handshakeType());
        assertArrayEquals(new byte[] {0, 0, 0, 0}, r.handshakeMessage());
        // and the connection goes on
        assertArrayEquals(new byte[] {9}, TestSupport.openData(p.b, TestSupport.raw12(p.cipher, p.aWrite, 2, 23, new byte[] {9})));
    }

    @Test
    void tls12_helloRequestWithBodyOrOtherHandshake_isRejected() {
        TestSupport.Pair p = TestSupport.pair(RecordVersion.TLS12, RecordCipher.CHACHA20_POLY1305);
        assertEquals(Alerts.DECODE_ERROR, TestSupport.alertOf(
                () -> TestSupport.open(p.b, TestSupport.raw12(p.cipher, p.aWrite, 1, 22, new byte[] {0, 0, 0, 1, 0}))));
        TestSupport.Pair q = TestSupport.pair(RecordVersion.TLS12, RecordCipher.AES_256_GCM);
        assertEquals(Alerts.UNEXPECTED_MESSAGE, TestSupport.alertOf(
                () -> TestSupport.open(q.b, TestSupport.raw12(q.cipher, q.aWrite, 1, 22, new byte[] {1, 0, 0, 0}))));
    }

    @Test
    void seal_handshakeRecord_opensAsTheSameMessage() throws Exception {
        TestSupport.Pair p = pair13();
        OpenResult r = TestSupport.open(p.b, TestSupport.seal(p.a, Alerts.HANDSHAKE, NST));
        assertArrayEquals(NST, r.handshakeMessage());
    }
}
