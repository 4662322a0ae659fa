package org.sspijsse.testsupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sspijsse.sspi.CredHandle;
import org.sspijsse.sspi.CtxtHandle;
import org.sspijsse.sspi.SecStatus;

class SspiStreamsTest {
    private FakeTls fake;
    private CredHandle cred;
    private CtxtHandle ctx;

    @BeforeEach
    void handshake() {
        FakeTls.Script script = FakeTls.Script.tls13();
        fake = new FakeTls(script);
        cred = SspiClientLoopTest.register(fake);
        SspiClientLoop.Result r = SspiClientLoop.builder(cred).run(new FakeTls.Server(script));
        assertEquals(SecStatus.SEC_E_OK, r.status(), r.describe());
        ctx = r.context();
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7);
        }
        return b;
    }

    @Test
    void encryptSplitsPlaintextIntoRecordsOfAtMostTheMaximumMessage() {
        fake.maxMessage = 100;
        byte[] records = SspiStreams.encrypt(ctx, bytes(250));
        assertEquals(3, TlsRecords.count(records));
        assertEquals(250 + 3 * (5 + FakeTls.TRAILER), records.length);
        assertArrayEquals(FakeTls.seal(java.util.Arrays.copyOf(bytes(250), 100)), java.util.Arrays.copyOf(records, 121));
    }

    @Test
    void decryptingRecordsFedOneByteAtATimeGivesThePlaintextAndExactMissingCounts() {
        fake.maxMessage = 64;
        byte[] plain = bytes(200);
        byte[] records = SspiStreams.encrypt(ctx, plain);
        SspiStreams.Decryptor d = SspiStreams.decryptor(ctx);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        int fed = 0;
        for (byte b : records) {
            int status = d.feed(new byte[] {b});
            fed++;
            if (status == SecStatus.SEC_E_INCOMPLETE_MESSAGE) {
                assertEquals(TlsRecords.missing(java.util.Arrays.copyOf(records, fed), fed) , d.lastMissing(),
                        "after " + fed + " bytes");
            }
            got.writeBytes(d.takePlaintext());
        }
        assertArrayEquals(plain, got.toByteArray());
        assertEquals(0, d.pending().length);
    }

    @Test
    void severalRecordsAtOnceAreDecryptedThroughTheExtraBuffer() {
        byte[] records = TlsRecordsTest.concat(FakeTls.seal(bytes(10)), FakeTls.seal(bytes(20)));
        SspiStreams.Decryptor d = SspiStreams.decryptor(ctx);
        assertEquals(SecStatus.SEC_E_INCOMPLETE_MESSAGE, d.feed(TlsRecordsTest.concat(records, new byte[] {0x17, 3})));
        assertArrayEquals(TlsRecordsTest.concat(bytes(10), bytes(20)), d.takePlaintext());
        assertEquals(2, d.pending().length);
        assertEquals(SecStatus.SEC_E_INCOMPLETE_MESSAGE, d.status());
        assertEquals(3, d.lastMissing());
        assertEquals(FakeTls.seal(bytes(20)).length + 2, d.steps().get(0).extra(), "EXTRA: the rest of the input");
    }

    @Test
    void aPostHandshakeMessageGoesToTheCallbackAndDecryptionGoesOn() {
        byte[] ticket = FakeTls.record(0x16, 40, (byte) 4);
        List<byte[]> seen = new ArrayList<>();
        SspiStreams.Decryptor d = SspiStreams.decryptor(ctx).onRenegotiate(t -> {
            seen.add(t);
            assertEquals(0, SspiStreams.postHandshake(cred, ctx, "localhost", t).length);
        });
        d.feed(TlsRecordsTest.concat(ticket, FakeTls.seal(bytes(5))));
        assertEquals(1, seen.size());
        assertArrayEquals(ticket, seen.get(0));
        assertArrayEquals(bytes(5), d.takePlaintext());
        assertEquals(SecStatus.SEC_I_RENEGOTIATE, d.steps().get(0).status());
    }

    @Test
    void closeNotifyExpiresTheContextAndKeepsWhatFollows() {
        SspiStreams.Decryptor d = SspiStreams.decryptor(ctx);
        d.feed(TlsRecordsTest.concat(FakeTls.CLOSE_NOTIFY, new byte[] {1, 2}));
        assertTrue(d.contextExpired());
        assertEquals(SecStatus.SEC_I_CONTEXT_EXPIRED, d.status());
        assertArrayEquals(new byte[] {1, 2}, d.pending());
    }

    @Test
    void shutdownAppliesTheControlTokenAndReturnsTheCloseNotify() {
        assertArrayEquals(FakeTls.CLOSE_NOTIFY, SspiStreams.shutdown(cred, ctx, "localhost"));
        assertFalse(SspiStreams.decryptor(ctx).contextExpired());
    }
}
