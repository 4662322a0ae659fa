package org.sspijsse.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TlsRecordsTest {
    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private final byte[] two = concat(FakeTls.record(0x16, 10, (byte) 1), FakeTls.record(0x16, 300, (byte) 2));

    @Test
    void missingIsFiveMinusNForAPartialHeaderAndTheRestOfTheRecordOtherwise() {
        assertEquals(5, TlsRecords.missing(two, 0));
        assertEquals(3, TlsRecords.missing(two, 2));
        assertEquals(10, TlsRecords.missing(two, 5));
        assertEquals(1, TlsRecords.missing(two, 14));
        assertEquals(5, TlsRecords.missing(two, 15), "a record boundary: the next header");
        assertEquals(1, TlsRecords.missing(two, 19));
        assertEquals(300, TlsRecords.missing(two, 20));
    }

    @Test
    void nextBoundaryFindsTheEndOfTheRecordAPositionIsIn() {
        assertEquals(15, TlsRecords.nextBoundary(two, two.length, 0));
        assertEquals(15, TlsRecords.nextBoundary(two, two.length, 14));
        assertEquals(320, TlsRecords.nextBoundary(two, two.length, 15));
        assertEquals(-1, TlsRecords.nextBoundary(two, 319, 15));
        assertEquals(2, TlsRecords.count(two));
        assertEquals(1, TlsRecords.count(Arrays.copyOf(two, 300)));
    }
}
