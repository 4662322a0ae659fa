package org.sspijsse.server;

import static org.junit.jupiter.api.Assertions.*;
import static org.sspijsse.server.Fixtures.*;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sspijsse.sspi.CredHandle;
import org.sspijsse.sspi.SecStatus;
import org.sspijsse.testsupport.KeyType;

/**
 * Issue 3, item 7: bad input before a valid ClientHello gets a definite status at once (never
 * SEC_E_INCOMPLETE_MESSAGE, never a context), and no input makes ASC throw or fail internally.
 */
class BadInputTest {
    private static final CredHandle SERVER = inbound(server(KeyType.EC_P256));

    static Stream<Arguments> notTls() {
        byte[] garbage = new byte[64];
        new Random(7).nextBytes(garbage);
        garbage[0] = (byte) 0xC3;
        return Stream.of(
                Arguments.of("an HTTP request line", "GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII)),
                Arguments.of("just GET", "GET".getBytes(StandardCharsets.US_ASCII)),
                Arguments.of("one letter", "G".getBytes(StandardCharsets.US_ASCII)),
                Arguments.of("garbage", garbage),
                Arguments.of("an SSLv2 ClientHello", HexFormat.of().parseHex(
                        "802e0103010015000000100700c00500800300800100800600400400800200805a3c3a9ae6c40ea2bd8f2b1e6d1c7a90")),
                Arguments.of("an oversized record length", HexFormat.of().parseHex("160301ffff")),
                Arguments.of("an oversized record length with a body", HexFormat.of().parseHex("160301ffff0100fffb0303")),
                Arguments.of("record version 2", HexFormat.of().parseHex("1602000010")),
                Arguments.of("content type 0", HexFormat.of().parseHex("0003010010")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notTls")
    void inputThatIsNotTlsIsSecEInvalidTokenAtOnceWithoutAContext(String name, byte[] input) {
        AscPeer asc = AscPeer.of(SERVER);
        asc.receive(input);
        assertEquals(1, asc.steps().size(), asc::describe);
        assertEquals(SecStatus.SEC_E_INVALID_TOKEN, asc.status(), asc::describe);
        assertFalse(asc.context().isValid(), "a failed first call hands out no context");
        assertEquals(0, asc.lastStep().token().length, "SEC_E_INVALID_TOKEN: the output token is empty");
        byte[] alert = asc.alert();
        assertTrue(alert.length == 0 || plainAlert(alert) >= 0, "no alert, or one plaintext alert record");
    }

    @Test
    void aValidHelloSplitAcrossTwoFirstCallsStillMakesOneContext() {
        byte[] hello = ClientHellos.fromIsc(outbound(true), HOST);
        AscPeer asc = AscPeer.of(SERVER);
        asc.receive(java.util.Arrays.copyOf(hello, 3));
        assertEquals(SecStatus.SEC_E_INCOMPLETE_MESSAGE, asc.status());
        assertEquals(2, asc.lastStep().missing());
        assertFalse(asc.context().isValid());
        asc.receive(java.util.Arrays.copyOfRange(hello, 3, hello.length));
        assertEquals(SecStatus.SEC_I_CONTINUE_NEEDED, asc.status(), asc::describe);
        assertTrue(asc.context().isValid());
    }

    private static final Set<Integer> DEFINITE = Set.of(SecStatus.SEC_E_OK, SecStatus.SEC_I_CONTINUE_NEEDED,
            SecStatus.SEC_E_INCOMPLETE_MESSAGE, SecStatus.SEC_E_INVALID_TOKEN, SecStatus.SEC_E_ILLEGAL_MESSAGE,
            SecStatus.SEC_E_ALGORITHM_MISMATCH, SecStatus.SEC_E_DECRYPT_FAILURE, SecStatus.SEC_E_MESSAGE_ALTERED,
            SecStatus.SEC_E_APPLICATION_PROTOCOL_MISMATCH, SecStatus.SEC_E_WRONG_PRINCIPAL, SecStatus.SEC_E_NO_CREDENTIALS);

    /**
     * Mutated ClientHellos (flipped bytes, cut and padded, inserted and deleted bytes) and random
     * bytes, across 250 seeds, each followed by more random bytes on the context if one was made:
     * only statuses come back, from a known set, and AscPeer's per-call checks (MISSING counts,
     * no context from a failed or incomplete first call) hold for every call.
     */
    @Test
    void mutatedClientHellosAndRandomBytesOnlyEverGiveStatuses() {
        byte[][] bases = {ClientHellos.fromIsc(outbound(true), HOST, "h2"), ClientHellos.fromIsc(outbound(false), HOST)};
        long deadline = System.nanoTime() + 30_000_000_000L;
        for (int seed = 0; seed < Integer.getInteger("fuzz.seeds", 250) && System.nanoTime() < deadline; seed++) {
            Random rnd = new Random(seed);
            byte[] in = mutate(bases[seed % 2], rnd);
            AscPeer asc = new AscPeer(SERVER, org.sspijsse.testsupport.SspiClientLoop.Delivery.WHOLE_FLIGHTS,
                    AscPeer.DEFAULT_REQ | (seed % 3 == 0 ? org.sspijsse.sspi.AscReq.ASC_REQ_MUTUAL_AUTH : 0), seed % 2 == 0,
                    seed % 4 == 0 ? new String[] {"h2"} : new String[0]);
            String what = "seed " + seed + " input " + HexFormat.of().formatHex(in);
            try {
                asc.receive(in);
                if (asc.status() == SecStatus.SEC_I_CONTINUE_NEEDED) {
                    byte[] more = new byte[rnd.nextInt(300)];
                    rnd.nextBytes(more);
                    if (more.length > 0 && rnd.nextBoolean()) {
                        more[0] = 0x16;
                    }
                    asc.receive(more);
                }
            } catch (AssertionError e) {
                throw new AssertionError(what, e);
            } catch (RuntimeException e) {
                throw new AssertionError("an exception escaped: " + what, e);
            }
            int st = asc.status();
            assertTrue(DEFINITE.contains(st), () -> SecStatus.describe(st) + " for " + what + "\n" + asc.describe());
        }
    }

    /**
     * A real handshake whose client second flight (TLS 1.2 key exchange, CCS, Finished; TLS 1.3
     * Finished, with or without a certificate) gets one byte changed, across 36 seeds: the server
     * fails with a definite status or, where the byte is not checked, completes.
     */
    @Test
    void aClientSecondFlightWithOneChangedByteOnlyEverGivesStatuses() {
        CredHandle tls12 = outbound(false);
        CredHandle tls13 = outbound(true);
        CredHandle withCert = outbound(clientCredentials().addCertificate(clientCert().certContext()));
        for (int seed = 0; seed < 36; seed++) {
            Random rnd = new Random(1000 + seed);
            AscPeer asc = new AscPeer(SERVER, org.sspijsse.testsupport.SspiClientLoop.Delivery.WHOLE_FLIGHTS,
                    AscPeer.DEFAULT_REQ | (seed % 3 == 2 ? org.sspijsse.sspi.AscReq.ASC_REQ_MUTUAL_AUTH : 0), true);
            int[] sends = {0};
            byte[][] sent = new byte[1][];
            CredHandle cc = seed % 3 == 0 ? tls12 : seed % 3 == 1 ? tls13 : withCert;
            try {
                org.sspijsse.testsupport.SspiClientLoop.builder(cc).targetName(HOST).run(b -> {
                    if (b.length > 0 && sends[0]++ == 1) {
                        b = b.clone();
                        b[rnd.nextInt(b.length)] ^= (byte) (1 + rnd.nextInt(255));
                        sent[0] = b;
                    }
                    return asc.receive(b);
                });
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed, e);
            }
            int st = asc.status();
            int s = seed;
            assertTrue(DEFINITE.contains(st) && st != SecStatus.SEC_I_CONTINUE_NEEDED || st == SecStatus.SEC_E_INCOMPLETE_MESSAGE,
                    () -> SecStatus.describe(st) + " for seed " + s + "\n" + asc.describe());
        }
    }

    /**
     * A ClientHello whose handshake header declares more than BC's 32768-byte limit is the client's
     * fault: SEC_E_ILLEGAL_MESSAGE (not SEC_E_INTERNAL_ERROR), no context. (Found by the fuzz seed
     * 96 above: {@code 16 03 01 01 0b 01 95 01 07 ...}.)
     */
    @Test
    void aClientHelloDeclaringAnOversizedMessage_isTheClientsFault() {
        byte[] hello = ClientHellos.fromIsc(outbound(true), HOST);
        byte[] in = hello.clone();
        in[6] = (byte) 0x95; // handshake length 0x95xxxx
        AscPeer asc = AscPeer.of(SERVER);
        asc.receive(in);
        assertEquals(SecStatus.SEC_E_ILLEGAL_MESSAGE, asc.status(), asc::describe);
        assertFalse(asc.context().isValid());
    }

    private static byte[] mutate(byte[] base, Random rnd) {
        byte[] b = base.clone();
        switch (rnd.nextInt(5)) {
            case 0: {
                int n = 1 + rnd.nextInt(8);
                for (int i = 0; i < n; i++) {
                    b[rnd.nextInt(b.length)] ^= (byte) (1 + rnd.nextInt(255));
                }
                return b;
            }
            case 1: {
                int cut = 5 + rnd.nextInt(b.length - 5);
                byte[] r = java.util.Arrays.copyOf(b, cut + rnd.nextInt(64));
                for (int i = cut; i < r.length; i++) {
                    r[i] = (byte) rnd.nextInt(256);
                }
                return r;
            }
            case 2: {
                // Flip inside the handshake header and the lengths the parser trusts (first 50 bytes).
                b[5 + rnd.nextInt(45)] ^= (byte) (1 + rnd.nextInt(255));
                return b;
            }
            case 3: {
                // Delete a byte inside the body, keep the record length (one byte short): then pad with one.
                int at = 9 + rnd.nextInt(b.length - 10);
                byte[] r = new byte[b.length];
                System.arraycopy(b, 0, r, 0, at);
                System.arraycopy(b, at + 1, r, at, b.length - at - 1);
                r[r.length - 1] = (byte) rnd.nextInt(256);
                return r;
            }
            default: {
                byte[] r = new byte[1 + rnd.nextInt(600)];
                rnd.nextBytes(r);
                if (rnd.nextBoolean()) {
                    r[0] = 0x16;
                    if (r.length > 2) {
                        r[1] = 3;
                    }
                }
                return r;
            }
        }
    }
}
