package org.sspijsse.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.sspijsse.sspi.SecStatus.*;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.sspijsse.sspi.CredHandle;
import org.sspijsse.sspi.CtxtHandle;
import org.sspijsse.sspi.Holder;
import org.sspijsse.sspi.IntHolder;
import org.sspijsse.sspi.PkixCertificateValidator;
import org.sspijsse.sspi.SchannelConstants;
import org.sspijsse.sspi.SchannelCredentials;
import org.sspijsse.sspi.SecBuffer;
import org.sspijsse.sspi.SecBufferDesc;
import org.sspijsse.sspi.SecBufferType;
import org.sspijsse.sspi.SecPkgAttr;
import org.sspijsse.sspi.SecPkgContext;
import org.sspijsse.sspi.SecStatus;
import org.sspijsse.sspi.Sspi;
import org.sspijsse.sspi.TimeStamp;
import org.sspijsse.testsupport.Issued;
import org.sspijsse.testsupport.KeyType;
import org.sspijsse.testsupport.SunJssePeer;
import org.sspijsse.testsupport.TestPki;

/**
 * The conformance suite's small SSPI caller: credentials, one ISC call with its visible results,
 * and a handshake loop in three delivery modes that checks every SECBUFFER_MISSING count on the way
 * (the seed page, "SEC_E_INCOMPLETE_MESSAGE"; SSPI-FACTS.md, "The handshake loop").
 */
final class Isc {
    /** curl's request: REPLAY | SEQUENCE | CONFIDENTIALITY | ALLOCATE_MEMORY | STREAM. */
    static final int CURL_REQ = 0x811C;
    /** What every successful ISC returns (SSPI-FACTS.md): REPLAY | SEQUENCE | CONFIDENTIALITY | STREAM. */
    static final int ALWAYS = 0x801C;
    static final int MAX_STEPS = 64;

    private Isc() {
    }

    static TestPki pki() {
        return TestPki.create();
    }

    static Issued server(KeyType type) {
        return pki().server(type);
    }

    /** Trusts the suite's PKI root (the default server certificates chain to it). */
    static SchannelCredentials trusting() {
        return new SchannelCredentials().setValidator(PkixCertificateValidator.trusting(pki().root()));
    }

    /** {@code SCH_CREDENTIALS} limited to one version: "TLSv1.2" or "TLSv1.3". */
    static SchannelCredentials only(SchannelCredentials c, String version) {
        return c.setDisabledProtocols("TLSv1.2".equals(version) ? SchannelConstants.SP_PROT_TLS1_3
                : SchannelConstants.SP_PROT_TLS1_2);
    }

    static CredHandle acquire(SchannelCredentials c) {
        CredHandle h = new CredHandle();
        int st = Sspi.acquireCredentialsHandle(null, SchannelConstants.SCHANNEL_NAME,
                SchannelConstants.SECPKG_CRED_OUTBOUND, c, h, null);
        assertStatus(SEC_E_OK, st, "AcquireCredentialsHandle");
        return h;
    }

    static CredHandle acquire(String version) {
        return acquire(only(trusting(), version));
    }

    static SunJssePeer.Builder sunServer(KeyType type, String version) {
        return SunJssePeer.server(server(type)).protocols(version);
    }

    static void assertStatus(int expected, int actual, String what) {
        assertEquals(SecStatus.describe(expected), SecStatus.describe(actual), what);
    }

    static void assertStatus(int expected, int actual) {
        assertStatus(expected, actual, "status");
    }

    static SecBufferDesc tokenInput(byte[] bytes) {
        return new SecBufferDesc(new SecBuffer(SecBufferType.SECBUFFER_TOKEN, bytes), SecBuffer.empty());
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }

    /** Lengths of the whole TLS records at the start of {@code b} (a trailing partial record is left out). */
    static List<byte[]> records(byte[] b) {
        List<byte[]> out = new ArrayList<>();
        int p = 0;
        while (b.length - p >= 5) {
            int len = 5 + (((b[p + 3] & 0xFF) << 8) | (b[p + 4] & 0xFF));
            if (b.length - p < len) {
                break;
            }
            out.add(Arrays.copyOfRange(b, p, p + len));
            p += len;
        }
        return out;
    }

    /** The MISSING count Windows 10+ gives for {@code input}: 5 - n for a partial header, else what the record lacks. */
    static int expectedMissing(byte[] input) {
        if (input.length < 5) {
            return 5 - input.length;
        }
        int len = 5 + (((input[3] & 0xFF) << 8) | (input[4] & 0xFF));
        return len - input.length;
    }

    static Object query(CtxtHandle ctx, int attr) {
        Holder<Object> h = new Holder<>();
        assertStatus(SEC_E_OK, Sspi.queryContextAttributes(ctx, attr, h), "QueryContextAttributes " + attr);
        return h.value;
    }

    static SecPkgContext.StreamSizes sizes(CtxtHandle ctx) {
        return (SecPkgContext.StreamSizes) query(ctx, SecPkgAttr.SECPKG_ATTR_STREAM_SIZES);
    }

    /** EncryptMessage of {@code plain} laid out header|data|trailer in one array: the record bytes. */
    static byte[] encrypt(CtxtHandle ctx, byte[] plain) {
        SecPkgContext.StreamSizes sz = sizes(ctx);
        byte[] rec = new byte[sz.cbHeader + plain.length + sz.cbTrailer];
        System.arraycopy(plain, 0, rec, sz.cbHeader, plain.length);
        SecBuffer h = new SecBuffer(SecBufferType.SECBUFFER_STREAM_HEADER, rec, 0, sz.cbHeader);
        SecBuffer d = new SecBuffer(SecBufferType.SECBUFFER_DATA, rec, sz.cbHeader, plain.length);
        SecBuffer t = new SecBuffer(SecBufferType.SECBUFFER_STREAM_TRAILER, rec, sz.cbHeader + plain.length,
                sz.cbTrailer);
        assertStatus(SEC_E_OK, Sspi.encryptMessage(ctx, 0, new SecBufferDesc(h, d, t, SecBuffer.empty()), 0),
                "EncryptMessage");
        return Arrays.copyOf(rec, h.getCbBuffer() + d.getCbBuffer() + t.getCbBuffer());
    }

    /** A {@code [DATA, EMPTY, EMPTY, EMPTY]} descriptor over {@code bytes}. */
    static SecBufferDesc decryptDesc(byte[] bytes) {
        return new SecBufferDesc(new SecBuffer(SecBufferType.SECBUFFER_DATA, bytes), SecBuffer.empty(),
                SecBuffer.empty(), SecBuffer.empty());
    }

    /**
     * Decrypts every record of {@code bytes}, answering post-handshake messages (SEC_I_RENEGOTIATE) with
     * ISC; returns the plaintext. Bounded.
     */
    static byte[] decryptAll(Client c, byte[] bytes) {
        java.io.ByteArrayOutputStream plain = new java.io.ByteArrayOutputStream();
        byte[] rest = bytes;
        for (int i = 0; i < MAX_STEPS && rest.length > 0; i++) {
            SecBufferDesc d = decryptDesc(rest);
            int st = Sspi.decryptMessage(c.ctx, d, 0, null);
            if (st == SEC_I_RENEGOTIATE) {
                byte[] msg = d.get(3).toByteArray();
                Result r = c.call(msg);
                assertStatus(SEC_E_OK, r.status, "ISC with the post-handshake message");
                int extra = r.extra();
                rest = Arrays.copyOfRange(msg, msg.length - extra, msg.length);
                continue;
            }
            assertStatus(SEC_E_OK, st, "DecryptMessage");
            plain.writeBytes(d.get(1).toByteArray());
            rest = d.get(3).getBaseType() == SecBufferType.SECBUFFER_EXTRA ? d.get(3).toByteArray() : new byte[0];
        }
        assertEquals(0, rest.length, "bytes left undecrypted");
        return plain.toByteArray();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** What one ISC call left visible to its caller. */
    static final class Result {
        int status;
        byte[] token = new byte[0];
        SecBuffer tokenBuffer;
        /** Index 1 of the input (MISSING / EXTRA / EMPTY), or null. */
        SecBuffer slot;
        SecBuffer alert;
        int attr;
        Instant expiry;
        CtxtHandle newContext;

        int extra() {
            return slot != null && slot.getBaseType() == SecBufferType.SECBUFFER_EXTRA ? slot.getCbBuffer() : 0;
        }

        byte[] alertBytes() {
            return alert == null ? new byte[0] : alert.toByteArray();
        }

        @Override
        public String toString() {
            return SecStatus.describe(status) + " token=" + token.length + " slot=" + slot + " alert=" + alert
                    + String.format(" attr=0x%X", attr);
        }
    }

    /** One client context and the credential and flags it is driven with. */
    static final class Client {
        CredHandle cred;
        String target;
        int req;
        final CtxtHandle ctx = new CtxtHandle();

        Client(CredHandle cred, String target, int req) {
            this.cred = cred;
            this.target = target;
            this.req = req;
        }

        Client(CredHandle cred) {
            this(cred, "localhost", CURL_REQ);
        }

        /** The first call, with {@code input} (may be null). */
        Result first(SecBufferDesc input) {
            return call(cred, null, input, ctx);
        }

        Result first() {
            return first(null);
        }

        /** A later call with {@code [TOKEN = bytes, EMPTY]}. */
        Result call(byte[] bytes) {
            return call(tokenInput(bytes));
        }

        Result call(SecBufferDesc input) {
            return call(cred, ctx, input, ctx);
        }

        /** Any call: output {@code [TOKEN (no memory), ALERT (no memory)]}. */
        Result call(CredHandle credential, CtxtHandle context, SecBufferDesc input, CtxtHandle newContext) {
            Result r = new Result();
            r.tokenBuffer = new SecBuffer(SecBufferType.SECBUFFER_TOKEN);
            r.alert = new SecBuffer(SecBufferType.SECBUFFER_ALERT);
            IntHolder attr = new IntHolder(-1);
            TimeStamp ts = new TimeStamp();
            r.status = Sspi.initializeSecurityContext(credential, context, target, req, input, newContext,
                    new SecBufferDesc(r.tokenBuffer, r.alert), attr, ts);
            r.token = r.tokenBuffer.toByteArray();
            r.slot = input != null && input.getCount() > 1 ? input.get(1) : null;
            r.attr = attr.value;
            r.expiry = ts.value;
            r.newContext = newContext;
            return r;
        }
    }

    /** How the peer's bytes are handed to ISC. */
    enum Delivery { WHOLE_FLIGHTS, ONE_RECORD, ONE_BYTE }

    /**
     * A resumable client handshake loop against an in-memory peer. {@link #run} stops at SEC_E_OK, at
     * an error, or at SEC_I_INCOMPLETE_CREDENTIALS; bytes the peer sent that ISC has not consumed stay
     * in {@link #inbox} (after SEC_E_OK they belong to DecryptMessage).
     */
    static final class Loop {
        final Client client;
        final Function<byte[], byte[]> peer;
        final Delivery mode;
        final List<Result> steps = new ArrayList<>();
        byte[] inbox = new byte[0];
        /** The input of the last call, and how much of it was consumed. */
        byte[] lastInput;
        int lastConsumed;
        int emptyContinues;
        int incompleteSeen;

        Loop(Client client, Function<byte[], byte[]> peer, Delivery mode) {
            this.client = client;
            this.peer = peer;
            this.mode = mode;
        }

        /** The first call (ClientHello), sent to the peer; then {@link #run}. */
        Result start() {
            Result r = client.first();
            steps.add(r);
            assertStatus(SEC_I_CONTINUE_NEEDED, r.status, "first ISC");
            assertEquals(0x16, r.token[0] & 0xFF, "ClientHello record type");
            assertEquals(1, r.token[5], "handshake type client_hello");
            inbox = peer.apply(r.token);
            return run();
        }

        /** Runs the loop from where it stopped. */
        Result run() {
            for (int i = 0; i < MAX_STEPS * 40; i++) {
                Result r = mode == Delivery.ONE_BYTE ? byteStep() : wholeStep();
                if (r == null) {
                    continue;
                }
                steps.add(r);
                if (SecStatus.failed(r.status) || r.status == SEC_I_INCOMPLETE_CREDENTIALS) {
                    return r;
                }
                consumed(r);
                if (r.status == SEC_E_OK) {
                    return r;
                }
                assertStatus(SEC_I_CONTINUE_NEEDED, r.status, "handshake step " + steps.size());
            }
            fail("handshake did not end within the step bound: " + steps);
            return null;
        }

        /** Bookkeeping after a successful step: drop consumed bytes, send the token, read the reply. */
        void consumed(Result r) {
            lastConsumed = lastInput.length - r.extra();
            assertTrue(lastConsumed > 0 || r.token.length > 0, "a step that neither consumed nor produced: " + r);
            inbox = Arrays.copyOfRange(inbox, lastConsumed, inbox.length);
            if (r.token.length > 0) {
                inbox = concat(inbox, peer.apply(r.token));
            } else if (r.status == SEC_I_CONTINUE_NEEDED) {
                emptyContinues++;
            }
        }

        private Result wholeStep() {
            if (inbox.length == 0) {
                fail("the peer has nothing more to send and the handshake is not done: " + steps);
            }
            byte[] input;
            if (mode == Delivery.WHOLE_FLIGHTS) {
                input = inbox;
            } else {
                List<byte[]> recs = records(inbox);
                assertFalse(recs.isEmpty(), "the peer sent a partial record");
                input = recs.get(0);
            }
            lastInput = input;
            Result r = client.call(input);
            if (r.status != SEC_E_INCOMPLETE_MESSAGE && mode == Delivery.ONE_RECORD) {
                assertEquals(0, r.extra(), "one record given, EXTRA must be 0: " + r);
            }
            if (r.status == SEC_E_INCOMPLETE_MESSAGE) {
                fail("whole records given, yet SEC_E_INCOMPLETE_MESSAGE: " + r);
            }
            return r;
        }

        /** One byte more of the current record; INCOMPLETE steps are checked here and not returned. */
        private Result byteStep() {
            if (inbox.length == 0) {
                fail("the peer has nothing more to send and the handshake is not done: " + steps);
            }
            int recordLength = 5 + (((inbox[3] & 0xFF) << 8) | (inbox[4] & 0xFF));
            for (int n = 0; n < recordLength; n++) {
                byte[] part = Arrays.copyOf(inbox, n);
                CtxtHandle fresh = new CtxtHandle();
                Result r = client.call(client.cred, client.ctx, tokenInput(part), fresh);
                assertStatus(SEC_E_INCOMPLETE_MESSAGE, r.status, n + " bytes of a " + recordLength + "-byte record");
                assertEquals(SecBufferType.SECBUFFER_MISSING, r.slot.getBaseType(), "index 1 after " + n + " bytes");
                assertEquals(expectedMissing(part), r.slot.getCbBuffer(), "MISSING after " + n + " bytes");
                assertFalse(fresh.isValid(), "phNewContext must be untouched on SEC_E_INCOMPLETE_MESSAGE");
                assertEquals(0, r.token.length, "no token on SEC_E_INCOMPLETE_MESSAGE");
                incompleteSeen++;
                // Skip most of a long record's middle: the count is checked at the start, near the
                // end, and every 97th byte in between (all of it for short records).
                if (n >= 8 && n < recordLength - 4 && recordLength > 64) {
                    n += 96;
                    if (n >= recordLength - 4) {
                        n = recordLength - 5;
                    }
                }
            }
            byte[] whole = Arrays.copyOf(inbox, recordLength);
            lastInput = whole;
            Result r = client.call(whole);
            if (r.status != SEC_E_INCOMPLETE_MESSAGE) {
                assertEquals(0, r.extra(), "one record given, EXTRA must be 0: " + r);
            }
            return r;
        }
    }

    /** A complete handshake: returns the loop (the client is established). */
    static Loop handshake(Client c, SunJssePeer peer, Delivery mode) {
        Loop loop = new Loop(c, peer::receive, mode);
        Result r = loop.start();
        assertStatus(SEC_E_OK, r.status, "handshake: " + loop.steps + " peer failure " + peer.failure());
        return loop;
    }

    static Loop handshake(Client c, SunJssePeer peer) {
        return handshake(c, peer, Delivery.WHOLE_FLIGHTS);
    }

    static X509Certificate[] chain(Issued i) {
        return i.chain();
    }
}
