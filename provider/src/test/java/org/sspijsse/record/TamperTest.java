package org.sspijsse.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Forged, truncated, reordered and replayed records: always a RecordException with the right alert. */
class TamperTest {
    static Stream<Arguments> suites() {
        return RoundTripTest.suites();
    }

    /** The alert one altered byte must cause, by its index in the record. */
    private static int expectedAlert(RecordVersion v, int index, byte[] original, byte[] altered) {
        if (index == 0) {
            return v == RecordVersion.TLS13 ? Alerts.UNEXPECTED_MESSAGE
                    : (altered[0] == Alerts.ALERT || altered[0] == Alerts.HANDSHAKE ? Alerts.BAD_RECORD_MAC : Alerts.UNEXPECTED_MESSAGE);
        }
        if (index == 1) {
            return Alerts.PROTOCOL_VERSION;
        }
        if (index == 2) {
            return v == RecordVersion.TLS13 ? Alerts.BAD_RECORD_MAC : Alerts.PROTOCOL_VERSION;
        }
        return Alerts.BAD_RECORD_MAC;
    }

    @ParameterizedTest
    @MethodSource("suites")
    void open_eachByteFlipped_throwsTheAlertForThatField(RecordVersion v, RecordCipher c) throws Exception {
        TestSupport.Pair p = TestSupport.pair(v, c);
        byte[] record = TestSupport.seal(p.a, Alerts.APPLICATION_DATA, "forty-two bytes of application data here.".getBytes());
        for (int i = 0; i < record.length; i++) {
            for (int bit : new int[] {0x01, 0x80}) {
                if (i == 3 || i == 4) {
                    continue; // length bytes: see the next test
                }
                byte[] altered = record.clone();
                altered[i] ^= (byte) bit;
                RecordLayer fresh = new TestSupport.Pair(v, c, 42).b;
                int alert = TestSupport.alertOf(() -> TestSupport.open(fresh, altered));
                assertEquals(expectedAlert(v, i, record, altered), alert, "byte " + i + " bit " + bit);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("suites")
    void open_lengthFieldAltered_isIncompleteOverflowOrBadRecordMac(RecordVersion v, RecordCipher c) throws Exception {
        TestSupport.Pair p = TestSupport.pair(v, c);
        byte[] record = TestSupport.seal(p.a, Alerts.APPLICATION_DATA, new byte[100]);
        int len = record.length - 5;
        // Longer than the bytes we have: waiting for more is the only right answer.
        byte[] longer = record.clone();
        longer[4] = (byte) (len + 1);
        OpenResult r = TestSupport.open(new TestSupport.Pair(v, c, 42).b, longer);
        assertEquals(OpenResult.Kind.INCOMPLETE, r.kind());
        assertEquals(1, r.missing());
        // Shorter: the tag is read at the wrong place.
        byte[] shorter = record.clone();
        shorter[4] = (byte) (len - 1);
        assertEquals(Alerts.BAD_RECORD_MAC, TestSupport.alertOf(() -> TestSupport.open(new TestSupport.Pair(v, c, 42).b, shorter)));
        // Above the version's limit: record_overflow from the header alone.
        byte[] huge = record.clone();
        int max = p.a.maxRecordSize() - 5 + 1;
        huge[3] = (byte) (max >>> 8);
        huge[4] = (byte) max;
        assertEquals(Alerts.RECORD_OVERFLOW, TestSupport.alertOf(() -> TestSupport.open(new TestSupport.Pair(v, c, 42).b, huge)));
        // Too short for a tag.
        byte[] tiny = Arrays.copyOf(record, 5 + 15);
        tiny[3] = 0;
        tiny[4] = 15;
        assertEquals(Alerts.BAD_RECORD_MAC, TestSupport.alertOf(() -> TestSupport.open(new TestSupport.Pair(v, c, 42).b, tiny)));
    }

    @ParameterizedTest
    @MethodSource("suites")
    void open_reorderedOrReplayedRecords_throwBadRecordMac(RecordVersion v, RecordCipher c) throws Exception {
        TestSupport.Pair p = TestSupport.pair(v, c);
        byte[] first = TestSupport.seal(p.a, Alerts.APPLICATION_DATA, new byte[] {1});
        byte[] second = TestSupport.seal(p.a, Alerts.APPLICATION_DATA, new byte[] {2});
        assertEquals(Alerts.BAD_RECORD_MAC, TestSupport.alertOf(() -> TestSupport.open(p.b, second)));

        TestSupport.Pair q = TestSupport.pair(v, c);
        byte[] one = TestSupport.seal(q.a, Alerts.APPLICATION_DATA, new byte[] {1});
        assertArrayEquals(new byte[] {1}, TestSupport.openData(q.b, one));
        assertEquals(Alerts.BAD_RECORD_MAC, TestSupport.alertOf(() -> TestSupport.open(q.b, one)));
    }

    @ParameterizedTest
    @MethodSource("suites")
    void open_afterAFailure_everyLaterCallFailsWithTheSameAlert(RecordVersion v, RecordCipher c) throws Exception {
        TestSupport.Pair p = TestSupport.pair(v, c);
        byte[] good = TestSupport.seal(p.a, Alerts.APPLICATION_DATA, new byte[] {1});
        byte[] bad = good.clone();
        bad[bad.length - 1] ^= 1;
        assertEquals(Alerts.BAD_RECORD_MAC, TestSupport.alertOf(() -> TestSupport.open(p.b, bad)));
        assertEquals(Alerts.BAD_RECORD_MAC, TestSupport.alertOf(() -> TestSupport.open(p.b, good)));
        assertEquals(Alerts.BAD_RECORD_MAC, TestSupport.alertOf(() -> TestSupport.open(p.b, new byte[2])));
    }

    @ParameterizedTest
    @MethodSource("suites")
    void open_truncatedRecord_reportsExactlyTheMissingBytes(RecordVersion v, RecordCipher c) throws Exception {
        TestSupport.Pair p = TestSupport.pair(v, c);
        byte[] record = TestSupport.seal(p.a, Alerts.APPLICATION_DATA, new byte[300]);
        OpenResult r = new OpenResult();
        for (int avail = 0; avail < record.length; avail++) {
            p.b.open(ByteBuffer.wrap(record), 0, avail, r);
            assertEquals(OpenResult.Kind.INCOMPLETE, r.kind());
            assertEquals(0, r.recordLength());
            assertEquals(avail < 5 ? 5 - avail : record.length - avail, r.missing(), "avail " + avail);
        }
        p.b.open(ByteBuffer.wrap(record), 0, record.length, r);
        assertEquals(OpenResult.Kind.APPLICATION_DATA, r.kind());
    }

    @ParameterizedTest
    @MethodSource("suites")
    void open_streamOfRecordsCutAtRandomPoints_framesEveryRecordExactly(RecordVersion v, RecordCipher c) throws Exception {
        Random r = new Random(1234 + c.ordinal() + 10 * v.ordinal());
        for (int round = 0; round < 5; round++) {
            TestSupport.Pair p = new TestSupport.Pair(v, c, round);
            List<byte[]> plains = new ArrayList<>();
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            for (int i = 0; i < 30; i++) {
                int n = r.nextInt(4) == 0 ? r.nextInt(RecordLayer.MAX_PLAINTEXT + 1) : r.nextInt(100);
                byte[] m = TestSupport.bytes(r, n);
                plains.add(m);
                stream.writeBytes(TestSupport.seal(p.a, Alerts.APPLICATION_DATA, m));
            }
            byte[] all = stream.toByteArray();
            // The receiver's buffer gets the stream in chunks of random size; it opens what it can.
            ByteBuffer buf = ByteBuffer.allocate(all.length);
            OpenResult res = new OpenResult();
            int received = 0;
            int start = 0;
            int next = 0;
            while (next < plains.size()) {
                p.b.open(buf, start, received - start, res);
                if (res.kind() == OpenResult.Kind.INCOMPLETE) {
                    int avail = received - start;
                    int expectedMissing = avail < 5 ? 5 - avail
                            : 5 + (((all[start + 3] & 0xff) << 8) | (all[start + 4] & 0xff)) - avail;
                    assertEquals(expectedMissing, res.missing());
                    assertTrue(received < all.length, "incomplete with the whole stream present");
                    int chunk = 1 + r.nextInt(r.nextBoolean() ? 7 : 20000);
                    int n = Math.min(chunk, all.length - received);
                    buf.put(received, all, received, n);
                    received += n;
                    continue;
                }
                assertEquals(OpenResult.Kind.APPLICATION_DATA, res.kind());
                byte[] got = new byte[res.plaintextLength()];
                buf.get(res.plaintextOffset(), got);
                assertArrayEquals(plains.get(next), got, "record " + next);
                start += res.recordLength();
                next++;
            }
            assertEquals(all.length, start);
        }
    }

    @ParameterizedTest
    @MethodSource("suites")
    void open_randomGarbage_neverThrowsAnythingButRecordException(RecordVersion v, RecordCipher c) {
        Random r = new Random(77);
        for (int i = 0; i < 300; i++) {
            byte[] junk = TestSupport.bytes(r, r.nextInt(64));
            if (junk.length >= 5 && r.nextBoolean()) {
                junk[0] = (byte) (20 + r.nextInt(4));
                junk[1] = 3;
                junk[2] = 3;
                junk[3] = 0;
                junk[4] = (byte) (junk.length - 5);
            }
            RecordLayer fresh = new TestSupport.Pair(v, c, 1).b;
            try {
                OpenResult res = TestSupport.open(fresh, junk);
                assertEquals(OpenResult.Kind.INCOMPLETE, res.kind(), "garbage cannot authenticate");
            } catch (RecordException expected) {
                assertTrue(expected.alertDescription() > 0);
            } catch (RuntimeException e) {
                fail("unchecked exception on input " + TestSupport.hex(junk), e);
            }
        }
    }
}
