package org.sspijsse.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Alerts, close_notify half-close (RFC 8446 §6.1), content types, caller mistakes. */
class AlertTest {
    private static final byte[] DATA = {1, 2, 3};

    private static byte[] alertRecord(RecordLayer l, int level, int desc) throws RecordException {
        ByteBuffer dst = ByteBuffer.allocate(l.sealedSize(2));
        l.sealAlert(level, desc, dst);
        return dst.array();
    }

    @ParameterizedTest
    @EnumSource(RecordVersion.class)
    void closeNotifyReceived_readClosesButWeCanStillWrite(RecordVersion v) throws Exception {
        TestSupport.Pair p = TestSupport.pair(v, RecordCipher.AES_128_GCM);
        OpenResult r = TestSupport.open(p.b, alertRecord(p.a, Alerts.LEVEL_WARNING, Alerts.CLOSE_NOTIFY));
        assertEquals(OpenResult.Kind.ALERT, r.kind());
        assertFalse(r.alertFatal());
        assertTrue(p.a.isWriteClosed());
        assertFalse(p.a.isReadClosed());
        assertTrue(p.b.isReadClosed());
        assertFalse(p.b.isWriteClosed());
        // b still writes, a still reads: half-close
        assertArrayEquals(DATA, TestSupport.openData(p.a, TestSupport.seal(p.b, Alerts.APPLICATION_DATA, DATA)));
        TestSupport.open(p.a, alertRecord(p.b, Alerts.LEVEL_WARNING, Alerts.CLOSE_NOTIFY));
        assertTrue(p.a.isReadClosed());
    }

    @ParameterizedTest
    @EnumSource(RecordVersion.class)
    void afterOurCloseNotify_sealingAnythingThrows(RecordVersion v) throws Exception {
        TestSupport.Pair p = TestSupport.pair(v, RecordCipher.CHACHA20_POLY1305);
        alertRecord(p.a, Alerts.LEVEL_WARNING, Alerts.CLOSE_NOTIFY);
        assertEquals(Alerts.INTERNAL_ERROR, TestSupport.alertOf(() -> TestSupport.seal(p.a, Alerts.APPLICATION_DATA, DATA)));
        assertEquals(Alerts.INTERNAL_ERROR, TestSupport.alertOf(() -> alertRecord(p.a, 1, 0)));
    }

    @ParameterizedTest
    @EnumSource(RecordVersion.class)
    void recordsAfterCloseNotify_areFramedAndIgnored(RecordVersion v) throws Exception {
        TestSupport.Pair p = TestSupport.pair(v, RecordCipher.AES_256_GCM);
        byte[] close = alertRecord(p.a, Alerts.LEVEL_WARNING, Alerts.CLOSE_NOTIFY);
        byte[] junk = {23, 3, 3, 0, 4, 9, 9, 9, 9};
        byte[] both = TestSupport.concat(close, junk);
        OpenResult r = new OpenResult();
        ByteBuffer buf = ByteBuffer.wrap(both);
        p.b.open(buf, 0, both.length, r);
        assertEquals(OpenResult.Kind.ALERT, r.kind());
        p.b.open(buf, close.length, 7, r);
        assertEquals(OpenResult.Kind.INCOMPLETE, r.kind());
        assertEquals(2, r.missing());
        p.b.open(buf, close.length, junk.length, r);
        assertEquals(OpenResult.Kind.IGNORED_AFTER_CLOSE, r.kind());
        assertEquals(junk.length, r.recordLength());
    }

    @Test
    void tls13_warningLevelHandshakeFailure_isFatalAndClosesTheReadSide() throws Exception {
        TestSupport.Pair p = TestSupport.pair(RecordVersion.TLS13, RecordCipher.AES_128_GCM);
        OpenResult r = TestSupport.open(p.b, alertRecord(p.a, Alerts.LEVEL_WARNING, Alerts.HANDSHAKE_FAILURE));
        assertTrue(r.alertFatal());
        assertEquals(Alerts.LEVEL_WARNING, r.alertLevel());
        assertTrue(p.b.isReadClosed());
        assertTrue(p.a.isWriteClosed());
    }

    @Test
    void tls13_userCanceled_isReportedButNotFatal() throws Exception {
        TestSupport.Pair p = TestSupport.pair(RecordVersion.TLS13, RecordCipher.AES_128_GCM);
        OpenResult r = TestSupport.open(p.b, alertRecord(p.a, Alerts.LEVEL_WARNING, Alerts.USER_CANCELED));
        assertEquals(Alerts.USER_CANCELED, r.alertDescription());
        assertFalse(r.alertFatal());
        assertFalse(p.b.isReadClosed());
        assertArrayEquals(DATA, TestSupport.openData(p.b, TestSupport.seal(p.a, Alerts.APPLICATION_DATA, DATA)));
    }

    @Test
    void tls12_warningNoRenegotiation_isReportedAndTheConnectionGoesOn() throws Exception {
        TestSupport.Pair p = TestSupport.pair(RecordVersion.TLS12, RecordCipher.AES_128_GCM);
        OpenResult r = TestSupport.open(p.b, alertRecord(p.a, Alerts.LEVEL_WARNING, Alerts.NO_RENEGOTIATION));
        assertEquals(Alerts.NO_RENEGOTIATION, r.alertDescription());
        assertFalse(r.alertFatal());
        assertFalse(p.b.isReadClosed());
        assertFalse(p.a.isWriteClosed());
        assertArrayEquals(DATA, TestSupport.openData(p.b, TestSupport.seal(p.a, Alerts.APPLICATION_DATA, DATA)));
    }

    @Test
    void tls12_fatalAlert_closesBothOfItsEnds() throws Exception {
        TestSupport.Pair p = TestSupport.pair(RecordVersion.TLS12, RecordCipher.AES_128_GCM);
        OpenResult r = TestSupport.open(p.b, alertRecord(p.a, Alerts.LEVEL_FATAL, Alerts.DECODE_ERROR));
        assertTrue(r.alertFatal());
        assertEquals(Alerts.DECODE_ERROR, r.alertDescription());
        assertTrue(p.b.isReadClosed());
        assertTrue(p.a.isWriteClosed());
    }

    @Test
    void tls12_alertLevel3_throwsIllegalParameter() {
        TestSupport.Pair p = TestSupport.pair(RecordVersion.TLS12, RecordCipher.AES_128_GCM);
        byte[] rec = TestSupport.raw12(p.cipher, p.aWrite, 1, 21, new byte[] {3, 0});
        assertEquals(Alerts.ILLEGAL_PARAMETER, TestSupport.alertOf(() -> TestSupport.open(p.b, rec)));
    }

    @ParameterizedTest
    @EnumSource(RecordVersion.class)
    void alertOfWrongLength_throwsDecodeErrorOrUnexpectedMessage(RecordVersion v) {
        for (int len : new int[] {0, 1, 3, 4}) {
            TestSupport.Pair p = TestSupport.pair(v, RecordCipher.AES_128_GCM);
            byte[] body = new byte[len];
            if (len > 0) {
                body[0] = 1;
            }
            byte[] rec = v == RecordVersion.TLS13
                    ? TestSupport.raw13(p.cipher, p.aWrite, 0, 23, 0x0303, TestSupport.inner(body, 21, 0))
                    : TestSupport.raw12(p.cipher, p.aWrite, 1, 21, body);
            int expected = len == 0 ? Alerts.UNEXPECTED_MESSAGE : Alerts.DECODE_ERROR;
            assertEquals(expected, TestSupport.alertOf(() -> TestSupport.open(p.b, rec)), "length " + len);
        }
    }

    @Test
    void tls13_innerPlaintextAllZeros_throwsUnexpectedMessage() {
        TestSupport.Pair p = TestSupport.pair(RecordVersion.TLS13, RecordCipher.AES_128_GCM);
        for (int n : new int[] {0, 1, 40}) {
            TestSupport.Pair q = TestSupport.pair(RecordVersion.TLS13, RecordCipher.AES_128_GCM);
            byte[] rec = TestSupport.raw13(q.cipher, q.aWrite, 0, 23, 0x0303, new byte[n]);
            assertEquals(Alerts.UNEXPECTED_MESSAGE, TestSupport.alertOf(() -> TestSupport.open(q.b, rec)), "zeros " + n);
        }
        assertFalse(p.b.isReadClosed());
    }

    @Test
    void tls13_innerPlaintextAbove2To14Plus1_throwsRecordOverflow() {
        TestSupport.Pair p = TestSupport.pair(RecordVersion.TLS13, RecordCipher.AES_128_GCM);
        byte[] rec = TestSupport.raw13(p.cipher, p.aWrite, 0, 23, 0x0303,
                TestSupport.inner(new byte[RecordLayer.MAX_PLAINTEXT + 1], 23, 0));
        assertEquals(Alerts.RECORD_OVERFLOW, TestSupport.alertOf(() -> TestSupport.open(p.b, rec)));
    }

    @Test
    void tls12_plaintextAbove2To14_throwsRecordOverflow() {
        TestSupport.Pair p = TestSupport.pair(RecordVersion.TLS12, RecordCipher.AES_128_GCM);
        byte[] rec = TestSupport.raw12(p.cipher, p.aWrite, 1, 23, new byte[RecordLayer.MAX_PLAINTEXT + 1]);
        assertEquals(Alerts.RECORD_OVERFLOW, TestSupport.alertOf(() -> TestSupport.open(p.b, rec)));
    }

    @Test
    void tls13_protectedChangeCipherSpecOrUnknownInnerType_throwsUnexpectedMessage() {
        for (int type : new int[] {20, 24, 99}) {
            TestSupport.Pair p = TestSupport.pair(RecordVersion.TLS13, RecordCipher.AES_128_GCM);
            byte[] rec = TestSupport.raw13(p.cipher, p.aWrite, 0, 23, 0x0303, TestSupport.inner(new byte[] {1}, type, 0));
            assertEquals(Alerts.UNEXPECTED_MESSAGE, TestSupport.alertOf(() -> TestSupport.open(p.b, rec)), "type " + type);
        }
    }

    @Test
    void tls13_plaintextChangeCipherSpecAfterTheHandshake_throwsUnexpectedMessage() {
        TestSupport.Pair p = TestSupport.pair(RecordVersion.TLS13, RecordCipher.AES_128_GCM);
        assertEquals(Alerts.UNEXPECTED_MESSAGE, TestSupport.alertOf(() -> TestSupport.open(p.b, new byte[] {20, 3, 3, 0, 1, 1})));
    }

    @Test
    void tls13_recordVersionMajor4_throwsProtocolVersion() {
        TestSupport.Pair p = TestSupport.pair(RecordVersion.TLS13, RecordCipher.AES_128_GCM);
        byte[] rec = TestSupport.raw13(p.cipher, p.aWrite, 0, 23, 0x0403, TestSupport.inner(DATA, 23, 0));
        assertEquals(Alerts.PROTOCOL_VERSION, TestSupport.alertOf(() -> TestSupport.open(p.b, rec)));
    }

    @Test
    void tls12_changeCipherSpecAfterTheHandshake_throwsUnexpectedMessage() {
        TestSupport.Pair p = TestSupport.pair(RecordVersion.TLS12, RecordCipher.AES_128_GCM);
        assertEquals(Alerts.UNEXPECTED_MESSAGE, TestSupport.alertOf(() -> TestSupport.open(p.b, new byte[] {20, 3, 3, 0, 1, 1})));
    }

    @Test
    void zeroLengthApplicationData_isLegalBothVersions() throws Exception {
        for (RecordVersion v : RecordVersion.values()) {
            TestSupport.Pair p = TestSupport.pair(v, RecordCipher.AES_128_GCM);
            assertArrayEquals(new byte[0], TestSupport.openData(p.b, TestSupport.seal(p.a, Alerts.APPLICATION_DATA, new byte[0])));
        }
    }

    @Test
    void callerMistakes_throwIllegalArgumentOrBufferOverflowAndConsumeNothing() throws Exception {
        TestSupport.Pair p = TestSupport.pair(RecordVersion.TLS13, RecordCipher.AES_128_GCM);
        RecordLayer a = p.a;
        ByteBuffer src = ByteBuffer.wrap(new byte[100]);
        ByteBuffer small = ByteBuffer.allocate(a.sealedSize(100) - 1);
        assertThrows(BufferOverflowException.class, () -> a.seal(Alerts.APPLICATION_DATA, src, small));
        assertEquals(0, src.position());
        assertEquals(0, small.position());
        assertThrows(IllegalArgumentException.class,
                () -> a.seal(Alerts.APPLICATION_DATA, ByteBuffer.allocate(RecordLayer.MAX_PLAINTEXT + 1), ByteBuffer.allocate(20000)));
        assertThrows(IllegalArgumentException.class, () -> a.seal((byte) 20, ByteBuffer.wrap(new byte[1]), ByteBuffer.allocate(100)));
        assertThrows(IllegalArgumentException.class, () -> a.seal(Alerts.ALERT, ByteBuffer.wrap(new byte[3]), ByteBuffer.allocate(100)));
        assertThrows(IllegalArgumentException.class, () -> a.seal(Alerts.HANDSHAKE, ByteBuffer.allocate(0), ByteBuffer.allocate(100)));
        assertThrows(IllegalArgumentException.class,
                () -> a.seal(Alerts.APPLICATION_DATA, src, ByteBuffer.allocate(200).asReadOnlyBuffer()));
        ByteBuffer b = ByteBuffer.allocate(50);
        assertThrows(IllegalArgumentException.class, () -> a.sealInPlace(Alerts.APPLICATION_DATA, b, 0, b, 5, 30, b, 35));
        assertThrows(IllegalArgumentException.class, () -> a.sealInPlace(Alerts.APPLICATION_DATA, b, -1, b, 5, 10, b, 15));
        OpenResult r = new OpenResult();
        assertThrows(IllegalArgumentException.class, () -> p.b.open(b, 40, 20, r));
        assertThrows(IllegalArgumentException.class, () -> p.b.open(b, -1, 2, r));
        // none of that used a sequence number
        assertEquals(0, a.writeSequence());
        assertArrayEquals(DATA, TestSupport.openData(p.b, TestSupport.seal(a, Alerts.APPLICATION_DATA, DATA)));
    }

    @Test
    void trafficKeysOfWrongLength_areRefusedAtConstruction() {
        TrafficKeys k16 = new TrafficKeys(new byte[16], new byte[12]);
        TrafficKeys k16iv4 = new TrafficKeys(new byte[16], new byte[4]);
        TestSupport.Schedule s = new TestSupport.Schedule(RecordCipher.AES_128_GCM, new byte[32], new byte[32]);
        assertThrows(IllegalArgumentException.class, () -> RecordLayer.tls13(RecordCipher.AES_256_GCM, k16, k16, s));
        assertThrows(IllegalArgumentException.class, () -> RecordLayer.tls13(RecordCipher.AES_128_GCM, k16iv4, k16, s));
        assertThrows(IllegalArgumentException.class, () -> RecordLayer.tls12(RecordCipher.AES_128_GCM, k16, k16));
        RecordLayer.tls12(RecordCipher.AES_128_GCM, k16iv4, k16iv4);
        k16.destroy();
        assertThrows(IllegalStateException.class, k16::key);
        assertThrows(IllegalArgumentException.class, () -> RecordLayer.tls13(RecordCipher.AES_128_GCM, k16, k16, s));
    }

    @Test
    void destroy_closesBothSides() throws Exception {
        TestSupport.Pair p = TestSupport.pair(RecordVersion.TLS13, RecordCipher.AES_128_GCM);
        byte[] rec = TestSupport.seal(p.a, Alerts.APPLICATION_DATA, DATA);
        p.b.destroy();
        assertTrue(p.b.isReadClosed());
        assertTrue(p.b.isWriteClosed());
        assertEquals(OpenResult.Kind.IGNORED_AFTER_CLOSE, TestSupport.open(p.b, rec).kind());
    }
}
