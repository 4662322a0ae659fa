package org.sspijsse.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The record formats checked against records computed independently in the test with a bare
 * JDK Cipher (TestSupport.raw13 / raw12): nonce construction, AAD, explicit nonce, inner content type.
 */
class CipherOracleTest {
    @ParameterizedTest
    @EnumSource(RecordCipher.class)
    void tls13_sealedRecords_equalTheBareCipherRecords(RecordCipher c) throws Exception {
        TestSupport.Pair p = TestSupport.pair(RecordVersion.TLS13, c);
        Random r = new Random(c.ordinal());
        for (long seq = 0; seq < 40; seq++) {
            byte[] m = TestSupport.bytes(r, r.nextInt(3000));
            byte[] expected = TestSupport.raw13(c, p.aWrite, seq, Alerts.APPLICATION_DATA, 0x0303,
                    TestSupport.inner(m, Alerts.APPLICATION_DATA, 0));
            assertArrayEquals(expected, TestSupport.seal(p.a, Alerts.APPLICATION_DATA, m), "seq " + seq);
        }
    }

    @ParameterizedTest
    @EnumSource(RecordCipher.class)
    void tls12_sealedRecords_equalTheBareCipherRecords(RecordCipher c) throws Exception {
        TestSupport.Pair p = TestSupport.pair(RecordVersion.TLS12, c);
        Random r = new Random(c.ordinal());
        for (long seq = 1; seq < 40; seq++) {
            byte[] m = TestSupport.bytes(r, r.nextInt(3000));
            byte[] expected = TestSupport.raw12(c, p.aWrite, seq, Alerts.APPLICATION_DATA, m);
            assertArrayEquals(expected, TestSupport.seal(p.a, Alerts.APPLICATION_DATA, m), "seq " + seq);
        }
    }

    @ParameterizedTest
    @EnumSource(RecordCipher.class)
    void tls13_bareCipherRecordsWithPadding_openToTheContent(RecordCipher c) throws Exception {
        TestSupport.Pair p = TestSupport.pair(RecordVersion.TLS13, c);
        Random r = new Random(3);
        for (long seq = 0; seq < 20; seq++) {
            byte[] m = TestSupport.bytes(r, r.nextInt(500));
            int padding = (int) (seq * 13);
            byte[] rec = TestSupport.raw13(c, p.aWrite, seq, Alerts.APPLICATION_DATA, 0x0303,
                    TestSupport.inner(m, Alerts.APPLICATION_DATA, padding));
            assertArrayEquals(m, TestSupport.openData(p.b, rec));
        }
    }

    @ParameterizedTest
    @EnumSource(RecordCipher.class)
    void tls13_maximumPaddingUpToTheInnerLimit_opens(RecordCipher c) throws Exception {
        TestSupport.Pair p = TestSupport.pair(RecordVersion.TLS13, c);
        byte[] m = TestSupport.bytes(new Random(1), 100);
        byte[] rec = TestSupport.raw13(c, p.aWrite, 0, Alerts.APPLICATION_DATA, 0x0303,
                TestSupport.inner(m, Alerts.APPLICATION_DATA, (1 << 14) - 100)); // inner = 2^14 + 1
        assertArrayEquals(m, TestSupport.openData(p.b, rec));
    }

    @ParameterizedTest
    @EnumSource(RecordCipher.class)
    void tls13_legacyVersion0301InHeader_isIgnoredAndAuthenticatedAsAad(RecordCipher c) throws Exception {
        TestSupport.Pair p = TestSupport.pair(RecordVersion.TLS13, c);
        byte[] m = {1, 2, 3};
        byte[] rec = TestSupport.raw13(c, p.aWrite, 0, Alerts.APPLICATION_DATA, 0x0301,
                TestSupport.inner(m, Alerts.APPLICATION_DATA, 0));
        assertArrayEquals(m, TestSupport.openData(p.b, rec));
    }

    @ParameterizedTest
    @EnumSource(RecordCipher.class)
    void tls12_bareCipherRecords_openToThePlaintext(RecordCipher c) throws Exception {
        TestSupport.Pair p = TestSupport.pair(RecordVersion.TLS12, c);
        Random r = new Random(5);
        for (long seq = 1; seq < 20; seq++) {
            byte[] m = TestSupport.bytes(r, r.nextInt(2000));
            assertArrayEquals(m, TestSupport.openData(p.b, TestSupport.raw12(c, p.aWrite, seq, Alerts.APPLICATION_DATA, m)));
        }
    }
}
