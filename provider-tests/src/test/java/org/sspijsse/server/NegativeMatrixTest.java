package org.sspijsse.server;

import static org.junit.jupiter.api.Assertions.*;
import static org.sspijsse.server.Fixtures.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sspijsse.sspi.AscReq;
import org.sspijsse.sspi.CredHandle;
import org.sspijsse.sspi.IntHolder;
import org.sspijsse.sspi.IscReq;
import org.sspijsse.sspi.PkixCertificateValidator;
import org.sspijsse.sspi.SchannelConstants;
import org.sspijsse.sspi.SchannelCredentials;
import org.sspijsse.sspi.SecBuffer;
import org.sspijsse.sspi.SecBufferDesc;
import org.sspijsse.sspi.SecBufferType;
import org.sspijsse.sspi.SecStatus;
import org.sspijsse.sspi.Sspi;
import org.sspijsse.sspi.TimeStamp;
import org.sspijsse.testsupport.KeyType;
import org.sspijsse.testsupport.SspiClientLoop;
import org.sspijsse.testsupport.SspiClientLoop.Delivery;
import org.sspijsse.testsupport.SspiStreams;
import org.sspijsse.testsupport.TestPki;

/**
 * The negative matrix: for each bad input or mismatch, our ISC against our ASC, the status and the
 * alert on EACH side. An alert is its description when it goes out in the clear, {@link #PROTECTED}
 * when it is a protected record (TLS 1.3 after the ServerHello: its description is pinned by the
 * SunJSSE tests in ClientAuthenticationTest), {@link #NONE} when the side sends none. The client's
 * status is ISC's, or DecryptMessage's when ISC had already returned SEC_E_OK (TLS 1.3: the client
 * finishes before the server has checked its flight).
 */
class NegativeMatrixTest {
    static final int NONE = -1;
    static final int PROTECTED = -2;

    record Outcome(int clientStatus, int clientAlert, int serverStatus, int serverAlert) {
        @Override
        public String toString() {
            return "client " + SecStatus.name(clientStatus) + " alert " + alert(clientAlert) + ", server "
                    + SecStatus.name(serverStatus) + " alert " + alert(serverAlert);
        }

        private static String alert(int a) {
            return a == NONE ? "none" : a == PROTECTED ? "protected" : String.valueOf(a);
        }
    }

    /** One handshake between our ISC and our ASC, with optional tampering on the wire. */
    static final class Setup {
        SchannelCredentials server = new SchannelCredentials().addCertificate(server(KeyType.EC_P256).certContext())
                .setValidator(PkixCertificateValidator.trusting(PKI.root()));
        SchannelCredentials client = clientCredentials();
        int serverReq = AscPeer.DEFAULT_REQ;
        int clientReq = SspiClientLoop.DEFAULT_REQ;
        String[] serverAlpn = {};
        String[] clientAlpn = {};
        String target = HOST;
        BiFunction<Integer, byte[], byte[]> toServer = (i, b) -> b;
        BiFunction<Integer, byte[], byte[]> toClient = (i, b) -> b;

        Setup tls(int minor) {
            client.setDisabledProtocols(minor == 2 ? SchannelConstants.SP_PROT_TLS1_3 : SchannelConstants.SP_PROT_TLS1_2);
            return this;
        }

        Outcome run() {
            AscPeer asc = new AscPeer(inbound(server), Delivery.WHOLE_FLIGHTS, serverReq, true, serverAlpn);
            List<byte[]> sent = new ArrayList<>();
            int[] n = {0, 0};
            SspiClientLoop.Builder b = SspiClientLoop.builder(outbound(client)).targetName(target).contextReq(clientReq);
            if (clientAlpn.length > 0) {
                b.alpn(clientAlpn);
            }
            SspiClientLoop.Result r = b.run(bytes -> {
                if (bytes.length > 0) {
                    sent.add(bytes);
                    bytes = toServer.apply(n[0]++, bytes);
                }
                byte[] out = asc.receive(bytes);
                return out.length == 0 ? out : toClient.apply(n[1]++, out);
            });
            int clientStatus = r.status();
            int clientAlert = NONE;
            if (SecStatus.failed(clientStatus) && r.steps().get(r.steps().size() - 1).alertLength() > 0) {
                clientAlert = classify(sent.get(sent.size() - 1));
            } else if (r.isOk() && r.leftover().length > 0) {
                int st = SspiStreams.decryptor(r.context()).feed(r.leftover());
                clientStatus = st == SecStatus.SEC_E_INCOMPLETE_MESSAGE ? clientStatus : st;
            }
            int serverAlert = SecStatus.failed(asc.status()) ? classify(asc.alert()) : NONE;
            return new Outcome(clientStatus, clientAlert, asc.status(), serverAlert);
        }
    }

    static int classify(byte[] bytes) {
        byte[] alert = bytes;
        if (alert.length > 6 && alert[0] == 0x14 && alert[4] == 1) {
            // A TLS 1.3 client's compatibility ChangeCipherSpec before its first protected record
            // (RFC 8446 §D.4) may precede the alert.
            alert = Arrays.copyOfRange(alert, 6, alert.length);
        }
        if (alert.length == 0) {
            return NONE;
        }
        int plain = plainAlert(alert);
        if (plain >= 0) {
            return plain;
        }
        assertTrue(protectedAlert(alert), () -> "neither a plaintext nor a protected alert record: " + Arrays.toString(bytes));
        return PROTECTED;
    }

    static byte[] flip(byte[] b, int at) {
        byte[] c = b.clone();
        c[at] ^= 0x01;
        return c;
    }

    private static Arguments row(String name, Supplier<Outcome> run, Outcome expected) {
        return Arguments.of(name, run, expected);
    }

    private static Outcome o(int cs, int ca, int ss, int sa) {
        return new Outcome(cs, ca, ss, sa);
    }

    static Stream<Arguments> matrix() {
        int illegal = SecStatus.SEC_E_ILLEGAL_MESSAGE;
        List<Arguments> rows = new ArrayList<>();
        rows.add(row("no common version (client TLS 1.2 only, server TLS 1.3 only)", () -> {
            Setup s = new Setup().tls(2);
            s.server.setDisabledProtocols(SchannelConstants.SP_PROT_TLS1_2);
            return s.run();
        }, o(illegal, NONE, SecStatus.SEC_E_ALGORITHM_MISMATCH, 70)));
        for (int minor : new int[] {2, 3}) {
            String v = " (TLS 1." + minor + ")";
            boolean tls13 = minor == 3;
            rows.add(row("no common cipher suite" + v, () -> {
                Setup s = new Setup().tls(minor);
                s.client.setCipherSuites(List.of(tls13 ? "TLS_AES_128_GCM_SHA256" : "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"));
                s.server.setCipherSuites(List.of(tls13 ? "TLS_AES_256_GCM_SHA384" : "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"));
                return s.run();
            }, o(illegal, NONE, SecStatus.SEC_E_ALGORITHM_MISMATCH, 40)));
            rows.add(row("no ALPN overlap" + v, () -> {
                Setup s = new Setup().tls(minor);
                s.serverAlpn = new String[] {"h2"};
                s.clientAlpn = new String[] {"http/1.1"};
                return s.run();
            }, o(SecStatus.SEC_E_APPLICATION_PROTOCOL_MISMATCH, NONE, SecStatus.SEC_E_APPLICATION_PROTOCOL_MISMATCH, 120)));
            rows.add(row("wrong SNI: the only certificate lacks the name" + v, () -> {
                Setup s = new Setup().tls(minor);
                s.target = "www.example.test";
                return s.run();
            }, o(SecStatus.SEC_E_WRONG_PRINCIPAL, tls13 ? PROTECTED : 42, illegal, NONE)));
            rows.add(row("untrusted client certificate" + v, () -> {
                Setup s = new Setup().tls(minor);
                s.client.addCertificate(PKI.client(KeyType.EC_P256, TestPki.Variant.UNTRUSTED_CA, "mallory").certContext());
                s.clientReq |= IscReq.ISC_REQ_USE_SUPPLIED_CREDS;
                s.serverReq |= AscReq.ASC_REQ_MUTUAL_AUTH;
                return s.run();
            }, o(illegal, NONE, SecStatus.SEC_E_UNTRUSTED_ROOT, tls13 ? PROTECTED : 48)));
            rows.add(row("tampered handshake record: a ServerHello random byte" + v, () -> {
                Setup s = new Setup().tls(minor);
                s.toClient = (i, b) -> i == 0 ? flip(b, 5 + 4 + 2 + 10) : b;
                return s.run();
            }, tls13 ? o(SecStatus.SEC_E_DECRYPT_FAILURE, PROTECTED, SecStatus.SEC_E_DECRYPT_FAILURE, PROTECTED)
                    : o(SecStatus.SEC_E_MESSAGE_ALTERED, 51, illegal, NONE)));
            rows.add(row("tampered handshake record: the client Finished" + v, () -> {
                Setup s = new Setup().tls(minor);
                s.toServer = (i, b) -> i == 1 ? flip(b, b.length - 3) : b;
                return s.run();
            }, o(illegal, NONE, SecStatus.SEC_E_DECRYPT_FAILURE, tls13 ? PROTECTED : 20)));
            rows.add(row("tampered application data record" + v, () -> tamperedApplicationData(minor), o(illegal, NONE,
                    SecStatus.SEC_E_DECRYPT_FAILURE, PROTECTED)));
            rows.add(row("truncated record: the connection cut mid-record" + v, () -> truncated(minor),
                    o(SecStatus.SEC_I_CONTINUE_NEEDED, NONE, SecStatus.SEC_E_INCOMPLETE_MESSAGE, NONE)));
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void eachSideGetsItsStatusAndAlert(String name, Supplier<Outcome> run, Outcome expected) {
        assertEquals(expected, run.get());
    }

    /**
     * After the handshake, one byte of the client's application data record changes: the server's
     * DecryptMessage fails, its next ASC call hands out the protected bad_record_mac alert, and the
     * client's DecryptMessage of that alert fails.
     */
    static Outcome tamperedApplicationData(int minor) {
        CredHandle sc = inbound(server(KeyType.EC_P256));
        AscPeer asc = AscPeer.of(sc);
        SspiClientLoop.Result r = handshake(outbound(minor == 3), asc);
        assertTrue(r.isOk(), r::describe);
        byte[] rec = SspiStreams.encrypt(r.context(), "secret".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        int serverStatus = SspiStreams.decryptor(asc.context()).feed(flip(rec, rec.length - 2));
        SecBuffer token = new SecBuffer(SecBufferType.SECBUFFER_TOKEN);
        SecBuffer alert = new SecBuffer(SecBufferType.SECBUFFER_ALERT);
        int again = Sspi.acceptSecurityContext(sc, asc.context(), new SecBufferDesc(new SecBuffer(SecBufferType.SECBUFFER_TOKEN,
                new byte[0]), SecBuffer.empty()), AscPeer.DEFAULT_REQ | AscReq.ASC_REQ_ALLOCATE_MEMORY, asc.context(),
                new SecBufferDesc(token, alert), new IntHolder(), new TimeStamp());
        assertEquals(serverStatus, again, "the failure is sticky");
        byte[] alertBytes = alert.toByteArray();
        int clientStatus = SspiStreams.decryptor(r.context()).processingPostHandshake(false)
                .feed(AscPeer.concat(r.leftover(), alertBytes));
        return new Outcome(clientStatus, NONE, serverStatus, classify(alertBytes));
    }

    /**
     * The client's second flight arrives without its last 10 bytes and nothing more ever comes:
     * every ASC call says SEC_E_INCOMPLETE_MESSAGE with the same MISSING count and consumes nothing
     * (the context stays usable); the client waits (SEC_I_CONTINUE_NEEDED, end of input). The same
     * for a ClientHello cut short: no context is ever handed out.
     */
    static Outcome truncated(int minor) {
        CredHandle sc = inbound(server(KeyType.EC_P256));
        byte[] hello = ClientHellos.fromIsc(outbound(minor == 3), HOST);
        AscPeer first = AscPeer.of(sc);
        for (int i = 0; i < 3; i++) {
            first.receive(i == 0 ? Arrays.copyOf(hello, hello.length - 10) : new byte[0]);
            assertEquals(SecStatus.SEC_E_INCOMPLETE_MESSAGE, first.status());
            assertFalse(first.context().isValid());
        }
        assertEquals(10, first.lastStep().missing());

        AscPeer asc = AscPeer.of(sc);
        int[] sends = {0};
        SspiClientLoop.Result r = SspiClientLoop.builder(outbound(minor == 3)).targetName(HOST).run(b -> {
            if (b.length > 0 && sends[0]++ == 1) {
                return asc.receive(Arrays.copyOf(b, b.length - 10));
            }
            return asc.receive(b);
        });
        assertTrue(asc.context().isValid());
        int missing = asc.lastStep().missing();
        int calls = asc.steps().size();
        // Presenting the same bytes again (what a caller does after reading nothing more) changes nothing.
        asc.receive(new byte[0]);
        assertEquals(calls, asc.steps().size(), "no new call without new bytes");
        assertEquals(10, missing, "MISSING: the bytes the cut record lacks");
        int clientStatus = minor == 3 && r.isOk() ? SecStatus.SEC_I_CONTINUE_NEEDED : r.status();
        if (minor == 2) {
            assertTrue(r.endOfInput(), r::describe);
        }
        return new Outcome(clientStatus, NONE, asc.status(), NONE);
    }
}
