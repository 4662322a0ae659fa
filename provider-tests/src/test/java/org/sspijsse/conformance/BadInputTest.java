package org.sspijsse.conformance;

import static org.junit.jupiter.api.Assertions.*;
import static org.sspijsse.conformance.Isc.*;
import static org.sspijsse.sspi.SecStatus.*;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sspijsse.sspi.CredHandle;
import org.sspijsse.sspi.CtxtHandle;
import org.sspijsse.sspi.IntHolder;
import org.sspijsse.sspi.SecBuffer;
import org.sspijsse.sspi.SecBufferDesc;
import org.sspijsse.sspi.SecBufferType;
import org.sspijsse.sspi.SecStatus;
import org.sspijsse.sspi.Sspi;
import org.sspijsse.testsupport.KeyType;
import org.sspijsse.testsupport.SunJssePeer;

/**
 * Bad handles and malformed tokens (seed page: SEC_E_INVALID_HANDLE "The handle passed to the function
 * is not valid"; SEC_E_INVALID_TOKEN "a malformed input token, such as a token corrupted in transit, a
 * token of incorrect size"; "If the function returns one of the error responses, the server's response
 * is not accepted"); reauthentication ("The client may call InitializeSecurityContext (Schannel) again
 * after it has completed successfully").
 */
class BadInputTest {

    private static SecBufferDesc out() {
        return new SecBufferDesc(new SecBuffer(SecBufferType.SECBUFFER_TOKEN));
    }

    @Test
    void initializeSecurityContext_neverFilledDeletedOrFreedHandles_returnInvalidHandle() {
        CredHandle cred = acquire(trusting());
        CtxtHandle never = new CtxtHandle();
        assertStatus(SEC_E_INVALID_HANDLE, Sspi.initializeSecurityContext(cred, never, "localhost", CURL_REQ,
                tokenInput(new byte[5]), never, out(), new IntHolder(), null), "never-filled CtxtHandle");
        Client c = new Client(cred);
        c.first();
        assertStatus(SEC_E_OK, Sspi.deleteSecurityContext(c.ctx));
        assertStatus(SEC_E_INVALID_HANDLE, c.call(new byte[5]).status, "deleted CtxtHandle");
        assertStatus(SEC_E_INVALID_HANDLE, Sspi.deleteSecurityContext(c.ctx), "deleted twice");
        CredHandle freed = acquire(trusting());
        assertStatus(SEC_E_OK, Sspi.freeCredentialsHandle(freed));
        assertStatus(SEC_E_INVALID_HANDLE, new Client(freed).first().status, "freed CredHandle");
        assertStatus(SEC_E_INVALID_HANDLE, Sspi.freeCredentialsHandle(freed), "freed twice");
        assertStatus(SEC_E_INVALID_HANDLE, new Client(new CredHandle()).first().status, "never-filled CredHandle");
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "http", "hugeLength", "sslv2", "badVersion"})
    void initializeSecurityContext_malformedToken_returnsInvalidTokenAtOnce(String kind) {
        byte[] token;
        switch (kind) {
            case "garbage":
                token = new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef, 0x01, 0x02};
                break;
            case "http":
                token = ascii("HTTP/1.1 400 Bad Request\r\n\r\n");
                break;
            case "hugeLength":
                token = new byte[] {0x16, 0x03, 0x03, (byte) 0xFF, (byte) 0xFF, 0x02};
                break;
            case "sslv2":
                token = new byte[] {(byte) 0x80, 0x2e, 0x01, 0x03, 0x01, 0x00};
                break;
            default:
                token = new byte[] {0x16, 0x07, 0x03, 0x00, 0x01, 0x02};
                break;
        }
        Client c = new Client(acquire(trusting()));
        c.first();
        Result r = c.call(token);
        assertStatus(SEC_E_INVALID_TOKEN, r.status, kind);
        assertEquals(0, r.token.length);
        assertStatus(SEC_E_INVALID_TOKEN, c.call(token).status, "sticky");
    }

    /**
     * A ServerHello whose handshake header declares more than BC's limit (32768 bytes) is the
     * server's fault: SEC_E_ILLEGAL_MESSAGE, not SEC_E_INTERNAL_ERROR, with an alert to send.
     */
    @Test
    void initializeSecurityContext_serverHelloDeclaringAnOversizedMessage_returnsIllegalMessage() {
        SunJssePeer peer = sunServer(KeyType.EC_P256, "TLSv1.3").build();
        Client c = new Client(acquire("TLSv1.3"));
        byte[] flight = peer.receive(c.first().token);
        assertEquals(0x16, flight[0]);
        assertEquals(2, flight[5], "a ServerHello first");
        flight[6] = 0x20; // handshake length 0x20xxxx
        Result r = c.call(flight);
        assertStatus(SEC_E_ILLEGAL_MESSAGE, r.status, r.toString());
        assertTrue(r.alertBytes().length > 0, "an alert to send");
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 200, 600})
    void initializeSecurityContext_tamperedTls13ServerFlight_failsWithDefiniteStatusAndAlert(int offset) {
        SunJssePeer peer = sunServer(KeyType.EC_P256, "TLSv1.3").build();
        Client c = new Client(acquire("TLSv1.3"));
        byte[] flight = peer.receive(c.first().token);
        // Flip a byte inside the first encrypted record (the records after ServerHello and CCS).
        List<byte[]> recs = records(flight);
        int start = 0;
        int idx = 0;
        while (recs.get(idx)[0] != 0x17) {
            start += recs.get(idx).length;
            idx++;
        }
        int pos = start + 5 + Math.min(offset, recs.get(idx).length - 6);
        flight[pos] ^= 0x40;
        Result r = c.call(flight);
        assertTrue(SecStatus.failed(r.status), r.toString());
        assertNotEquals(SEC_E_INTERNAL_ERROR, r.status);
        assertTrue(r.alertBytes().length > 0, "an alert to send");
        List<byte[]> alerts = records(r.alertBytes());
        byte[] last = alerts.get(alerts.size() - 1);
        assertEquals(0x17, last[0], "TLS 1.3: the alert is protected under the handshake keys");
        assertEquals(5 + 2 + 1 + 16, last.length, "one alert (2 bytes + content type + tag)");
        peer.receive(r.alertBytes());
        assertNotNull(peer.failure(), "SunJSSE received the alert");
        assertStatus(r.status, c.call(flight).status, "sticky");
    }

    @Test
    void initializeSecurityContext_afterCompletionWithNothingPending_returnsUnsupportedAndContextStaysUsable() {
        for (String version : new String[] {"TLSv1.3", "TLSv1.2"}) {
            SunJssePeer peer = sunServer(KeyType.EC_P256, version).build();
            Client c = new Client(acquire(version));
            Loop loop = handshake(c, peer);
            byte[] pending = loop.inbox;
            Result r = c.call((SecBufferDesc) null);
            assertStatus(SEC_E_UNSUPPORTED_FUNCTION, r.status, version + " reauthentication");
            r = c.call(new byte[0]);
            assertStatus(SEC_E_UNSUPPORTED_FUNCTION, r.status, version + " reauthentication, empty token");
            peer.receive(encrypt(c.ctx, ascii("still")));
            assertArrayEquals(ascii("still"), peer.readApplicationData());
            assertArrayEquals(ascii("usable"), decryptAll(c, concat(pending, peer.sendApplicationData(ascii("usable")))));
        }
    }

    /**
     * Random and mutated tokens: only statuses come back, and no call ends in the package's
     * "unexpected failure" paths (a RuntimeException turned into SEC_E_INTERNAL_ERROR and logged).
     */
    @Test
    void initializeSecurityContext_randomAndMutatedTokens_alwaysReturnAStatus() {
        SunJssePeer peer = sunServer(KeyType.EC_P256, "TLSv1.3").build();
        Client probe = new Client(acquire("TLSv1.3"));
        byte[] flight = peer.receive(probe.first().token);
        CredHandle cred = acquire(trusting());
        List<LogRecord> unexpected = new CopyOnWriteArrayList<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    unexpected.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger("org.sspijsse");
        log.addHandler(h);
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(90), () -> {
                for (int seed = 0; seed < 300; seed++) {
                    Random rnd = new Random(seed);
                    byte[] token;
                    if (seed % 3 == 0) {
                        token = new byte[rnd.nextInt(64)];
                        rnd.nextBytes(token);
                        if (token.length > 0 && rnd.nextBoolean()) {
                            token[0] = (byte) (20 + rnd.nextInt(4));
                        }
                    } else {
                        token = flight.clone();
                        int flips = 1 + rnd.nextInt(4);
                        for (int f = 0; f < flips; f++) {
                            token[rnd.nextInt(token.length)] ^= (byte) (1 << rnd.nextInt(8));
                        }
                        if (seed % 3 == 2) {
                            token = Arrays.copyOf(token, rnd.nextInt(token.length + 1));
                        }
                    }
                    Client c = new Client(cred);
                    c.first();
                    for (int call = 0; call < 3; call++) {
                        Result r = c.call(token);
                        assertFalse(SecStatus.name(r.status).startsWith("0x"), "seed " + seed + ": "
                                + SecStatus.describe(r.status));
                        assertTrue(unexpected.isEmpty(), "seed " + seed + ": " + (unexpected.isEmpty() ? ""
                                : unexpected.get(0).getMessage() + " " + unexpected.get(0).getThrown()));
                        if (r.status != SEC_I_CONTINUE_NEEDED || r.extra() == 0) {
                            break;
                        }
                        token = Arrays.copyOfRange(token, token.length - r.extra(), token.length);
                    }
                    Sspi.deleteSecurityContext(c.ctx);
                }
            });
        } finally {
            log.removeHandler(h);
        }
    }
}
