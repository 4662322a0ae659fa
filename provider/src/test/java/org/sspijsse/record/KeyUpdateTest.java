package org.sspijsse.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** KeyUpdate both ways (RFC 8446 §4.6.3), key usage limits (RFC 8446 §5.5), sequence exhaustion. */
class KeyUpdateTest {
    private static final byte[] DATA = "after the update".getBytes();

    private static byte[] sealKeyUpdate(RecordLayer l, boolean requested) throws RecordException {
        ByteBuffer dst = ByteBuffer.allocate(l.sealedSize(5));
        assertEquals(dst.capacity(), l.sealKeyUpdate(requested, dst));
        return dst.array();
    }

    @ParameterizedTest
    @EnumSource(RecordCipher.class)
    void keyUpdateNotRequested_peerSwitchesReadKeysAndOwesNothing(RecordCipher c) throws Exception {
        TestSupport.Pair p = TestSupport.pair(RecordVersion.TLS13, c);
        TestSupport.openData(p.b, TestSupport.seal(p.a, Alerts.APPLICATION_DATA, DATA));
        byte[] ku = sealKeyUpdate(p.a, false);
        assertEquals(0, p.a.writeSequence());
        OpenResult r = TestSupport.open(p.b, ku);
        assertEquals(OpenResult.Kind.HANDSHAKE, r.kind());
        assertEquals(Alerts.KEY_UPDATE, r.handshakeType());
        assertArrayEquals(new byte[] {24, 0, 0, 1, 0}, r.handshakeMessage());
        assertTrue(r.keyUpdated());
        assertEquals(0, p.b.readSequence());
        assertFalse(p.b.isKeyUpdateOwed());
        assertArrayEquals(DATA, TestSupport.openData(p.b, TestSupport.seal(p.a, Alerts.APPLICATION_DATA, DATA)));
        assertEquals(1, p.a.writeSequence());
        assertEquals(1, p.aSchedule.writeUpdates);
        assertEquals(1, p.bSchedule.readUpdates);
    }

    @ParameterizedTest
    @EnumSource(RecordCipher.class)
    void keyUpdateRequested_peerOwesOneAndItsAnswerClearsIt(RecordCipher c) throws Exception {
        TestSupport.Pair p = TestSupport.pair(RecordVersion.TLS13, c);
        TestSupport.open(p.b, sealKeyUpdate(p.a, true));
        assertTrue(p.b.isKeyUpdateOwed());
        assertFalse(p.a.isKeyUpdateOwed());
        byte[] answer = sealKeyUpdate(p.b, false);
        assertFalse(p.b.isKeyUpdateOwed());
        OpenResult r = TestSupport.open(p.a, answer);
        assertTrue(r.keyUpdated());
        assertFalse(p.a.isKeyUpdateOwed(), "update_not_requested asks for nothing");
        assertArrayEquals(DATA, TestSupport.openData(p.a, TestSupport.seal(p.b, Alerts.APPLICATION_DATA, DATA)));
        assertArrayEquals(DATA, TestSupport.openData(p.b, TestSupport.seal(p.a, Alerts.APPLICATION_DATA, DATA)));
    }

    @Test
    void manyKeyUpdatesBothWays_withDataBetween_keepTheDirectionsInStep() throws Exception {
        TestSupport.Pair p = TestSupport.pair(RecordVersion.TLS13, RecordCipher.AES_256_GCM);
        for (int i = 0; i < 10; i++) {
            TestSupport.open(p.b, sealKeyUpdate(p.a, i % 2 == 0));
            if (p.b.isKeyUpdateOwed()) {
                TestSupport.open(p.a, sealKeyUpdate(p.b, false));
            }
            assertArrayEquals(DATA, TestSupport.openData(p.b, TestSupport.seal(p.a, Alerts.APPLICATION_DATA, DATA)));
            assertArrayEquals(DATA, TestSupport.openData(p.a, TestSupport.seal(p.b, Alerts.APPLICATION_DATA, DATA)));
        }
        assertEquals(10, p.aSchedule.writeUpdates);
        assertEquals(5, p.bSchedule.writeUpdates);
    }

    @Test
    void oldKeyRecordAfterKeyUpdate_throwsBadRecordMac() throws Exception {
        TestSupport.Pair p = TestSupport.pair(RecordVersion.TLS13, RecordCipher.AES_128_GCM);
        byte[] ku = sealKeyUpdate(p.a, false);
        byte[] oldKey = TestSupport.raw13(RecordCipher.AES_128_GCM, p.aWrite, 1, 23, 0x0303, TestSupport.inner(DATA, 23, 0));
        TestSupport.open(p.b, ku);
        assertEquals(Alerts.BAD_RECORD_MAC, TestSupport.alertOf(() -> TestSupport.open(p.b, oldKey)));
    }

    private static byte[] handshakeRecord(TestSupport.Pair p, long seq, byte[] content) {
        return TestSupport.raw13(p.cipher, p.aWrite, seq, 23, 0x0303, TestSupport.inner(content, Alerts.HANDSHAKE, 0));
    }

    @Test
    void keyUpdateWithRequestValue2_throwsIllegalParameter() {
        TestSupport.Pair p = TestSupport.pair(RecordVersion.TLS13, RecordCipher.AES_128_GCM);
        byte[] rec = handshakeRecord(p, 0, new byte[] {24, 0, 0, 1, 2});
        assertEquals(Alerts.ILLEGAL_PARAMETER, TestSupport.alertOf(() -> TestSupport.open(p.b, rec)));
    }

    @Test
    void keyUpdateWithTwoByteBody_throwsDecodeError() {
        TestSupport.Pair p = TestSupport.pair(RecordVersion.TLS13, RecordCipher.AES_128_GCM);
        byte[] rec = handshakeRecord(p, 0, new byte[] {24, 0, 0, 2, 0, 0});
        assertEquals(Alerts.DECODE_ERROR, TestSupport.alertOf(() -> TestSupport.open(p.b, rec)));
    }

    @Test
    void keyUpdateFollowedByMoreHandshakeBytesInItsRecord_throwsUnexpectedMessage() {
        TestSupport.Pair p = TestSupport.pair(RecordVersion.TLS13, RecordCipher.AES_128_GCM);
        byte[] rec = handshakeRecord(p, 0, new byte[] {24, 0, 0, 1, 0, 24, 0});
        assertEquals(Alerts.UNEXPECTED_MESSAGE, TestSupport.alertOf(() -> TestSupport.open(p.b, rec)));
    }

    @Test
    void ticketThenKeyUpdateInOneRecord_bothHandedOutAndKeysSwitched() throws Exception {
        TestSupport.Pair p = TestSupport.pair(RecordVersion.TLS13, RecordCipher.CHACHA20_POLY1305);
        byte[] content = TestSupport.concat(Rfc8448Test.NEW_SESSION_TICKET, new byte[] {24, 0, 0, 1, 1});
        OpenResult r = TestSupport.open(p.b, handshakeRecord(p, 0, content));
        assertEquals(Alerts.NEW_SESSION_TICKET, r.handshakeType());
        assertTrue(r.keyUpdated());
        assertArrayEquals(new byte[] {24, 0, 0, 1, 1}, p.b.pollHandshakeMessage());
        assertNull(p.b.pollHandshakeMessage());
        assertTrue(p.b.isKeyUpdateOwed());
        TrafficKeys next = TestSupport.keys13(p.cipher, TestSupport.nextSecret(p.aSchedule.writeSecret));
        byte[] data = TestSupport.raw13(p.cipher, next, 0, 23, 0x0303, TestSupport.inner(DATA, 23, 0));
        assertArrayEquals(DATA, TestSupport.openData(p.b, data));
    }

    @Test
    void keyUpdateSplitOverTwoRecords_isReassembledThenApplied() throws Exception {
        TestSupport.Pair p = TestSupport.pair(RecordVersion.TLS13, RecordCipher.AES_128_GCM);
        OpenResult r = TestSupport.open(p.b, handshakeRecord(p, 0, new byte[] {24, 0}));
        assertEquals(OpenResult.Kind.HANDSHAKE_FRAGMENT, r.kind());
        assertFalse(r.keyUpdated());
        r = TestSupport.open(p.b, handshakeRecord(p, 1, new byte[] {0, 1, 0}));
        assertEquals(OpenResult.Kind.HANDSHAKE, r.kind());
        assertTrue(r.keyUpdated());
        assertEquals(0, p.b.readSequence());
    }

    @Test
    void keyScheduleFailure_throwsInternalErrorAndStaysFailed() throws Exception {
        RecordCipher c = RecordCipher.AES_128_GCM;
        TestSupport.Pair p = TestSupport.pair(RecordVersion.TLS13, c);
        KeySchedule broken = new KeySchedule() {
            @Override
            public TrafficKeys nextReadKeys() {
                throw new IllegalStateException("secret gone");
            }

            @Override
            public TrafficKeys nextWriteKeys() {
                return new TrafficKeys(new byte[5], new byte[12]); // wrong key length
            }
        };
        RecordLayer b = RecordLayer.tls13(c, p.aWrite, p.bWrite, broken);
        byte[] ku = sealKeyUpdate(p.a, false);
        assertEquals(Alerts.INTERNAL_ERROR, TestSupport.alertOf(() -> TestSupport.open(b, ku)));
        assertEquals(Alerts.INTERNAL_ERROR, TestSupport.alertOf(() -> b.sealKeyUpdate(false, ByteBuffer.allocate(100))));
        assertEquals(Alerts.INTERNAL_ERROR, TestSupport.alertOf(() -> TestSupport.seal(b, Alerts.APPLICATION_DATA, DATA)));
    }

    @Test
    void softLimit_reachedAt2To23Records_andClearedByKeyUpdate() throws Exception {
        TestSupport.Pair p = TestSupport.pair(RecordVersion.TLS13, RecordCipher.AES_128_GCM);
        p.a.setWriteSequence(RecordWriter.SOFT_LIMIT - 1);
        assertFalse(p.a.isWriteKeyUpdateDue());
        TestSupport.seal(p.a, Alerts.APPLICATION_DATA, DATA);
        assertTrue(p.a.isWriteKeyUpdateDue());
        sealKeyUpdate(p.a, false);
        assertFalse(p.a.isWriteKeyUpdateDue());
    }

    @Test
    void hardLimit_aesGcmAt2To24Records_refusesDataButSealsKeyUpdateThenData() throws Exception {
        TestSupport.Pair p = TestSupport.pair(RecordVersion.TLS13, RecordCipher.AES_128_GCM);
        p.a.setWriteSequence(RecordWriter.HARD_LIMIT - 1);
        TestSupport.seal(p.a, Alerts.APPLICATION_DATA, DATA); // the 2^24th record
        assertTrue(p.a.isWriteKeyUpdateDue());
        ByteBuffer dst = ByteBuffer.allocate(100);
        assertEquals(Alerts.INTERNAL_ERROR, TestSupport.alertOf(() -> p.a.seal(Alerts.APPLICATION_DATA, ByteBuffer.wrap(DATA), dst)));
        assertEquals(0, dst.position());

        TestSupport.Pair q = TestSupport.pair(RecordVersion.TLS13, RecordCipher.AES_256_GCM);
        q.a.setWriteSequence(RecordWriter.HARD_LIMIT);
        q.b.setReadSequence(RecordWriter.HARD_LIMIT);
        TestSupport.open(q.b, sealKeyUpdate(q.a, false));
        assertArrayEquals(DATA, TestSupport.openData(q.b, TestSupport.seal(q.a, Alerts.APPLICATION_DATA, DATA)));
    }

    @Test
    void hardLimit_aesGcmAt2To24Records_stillSealsOneCloseNotify() throws Exception {
        TestSupport.Pair p = TestSupport.pair(RecordVersion.TLS13, RecordCipher.AES_128_GCM);
        p.a.setWriteSequence(RecordWriter.HARD_LIMIT);
        p.a.sealAlert(Alerts.LEVEL_WARNING, Alerts.CLOSE_NOTIFY, ByteBuffer.allocate(100));
        assertTrue(p.a.isWriteClosed());
    }

    @Test
    void chacha20_beyond2To24Records_hasNoHardLimitButAsksForKeyUpdate() throws Exception {
        TestSupport.Pair p = TestSupport.pair(RecordVersion.TLS13, RecordCipher.CHACHA20_POLY1305);
        p.a.setWriteSequence(RecordWriter.HARD_LIMIT + 5);
        p.b.setReadSequence(RecordWriter.HARD_LIMIT + 5);
        assertArrayEquals(DATA, TestSupport.openData(p.b, TestSupport.seal(p.a, Alerts.APPLICATION_DATA, DATA)));
        assertTrue(p.a.isWriteKeyUpdateDue());
    }

    @ParameterizedTest
    @EnumSource(RecordVersion.class)
    void sequenceNumber2To64Minus1_isUsedOnceThenBothSidesRefuse(RecordVersion v) throws Exception {
        TestSupport.Pair p = TestSupport.pair(v, RecordCipher.CHACHA20_POLY1305);
        p.a.setWriteSequence(-2L);
        p.b.setReadSequence(-2L);
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(DATA, TestSupport.openData(p.b, TestSupport.seal(p.a, Alerts.APPLICATION_DATA, DATA)));
        }
        assertEquals(Alerts.INTERNAL_ERROR, TestSupport.alertOf(() -> TestSupport.seal(p.a, Alerts.APPLICATION_DATA, DATA)));
        byte[] extra = v == RecordVersion.TLS13
                ? TestSupport.raw13(p.cipher, p.aWrite, 0, 23, 0x0303, TestSupport.inner(DATA, 23, 0))
                : TestSupport.raw12(p.cipher, p.aWrite, 0, 23, DATA);
        assertEquals(Alerts.INTERNAL_ERROR, TestSupport.alertOf(() -> TestSupport.open(p.b, extra)));
    }

    @Test
    void tls12_neverDueForKeyUpdateAndCannotSealOne() throws Exception {
        TestSupport.Pair p = TestSupport.pair(RecordVersion.TLS12, RecordCipher.AES_128_GCM);
        p.a.setWriteSequence(RecordWriter.HARD_LIMIT + 1);
        assertFalse(p.a.isWriteKeyUpdateDue());
        TestSupport.seal(p.a, Alerts.APPLICATION_DATA, DATA); // no RFC 8446 §5.5 hard limit in TLS 1.2
        assertThrows(IllegalStateException.class, () -> p.a.sealKeyUpdate(false, ByteBuffer.allocate(100)));
    }

    @Test
    void sealKeyUpdate_destinationTooSmall_consumesNothingAndKeepsTheOwedFlag() throws Exception {
        TestSupport.Pair p = TestSupport.pair(RecordVersion.TLS13, RecordCipher.AES_128_GCM);
        TestSupport.open(p.b, sealKeyUpdate(p.a, true));
        ByteBuffer small = ByteBuffer.allocate(p.b.sealedSize(5) - 1);
        assertThrows(java.nio.BufferOverflowException.class, () -> p.b.sealKeyUpdate(false, small));
        assertTrue(p.b.isKeyUpdateOwed());
        assertEquals(0, p.b.writeSequence());
        assertEquals(0, small.position());
    }
}
