package org.sspijsse.server;

import static org.junit.jupiter.api.Assertions.*;
import static org.sspijsse.server.Fixtures.*;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;
import org.sspijsse.sspi.CredHandle;
import org.sspijsse.sspi.SecStatus;
import org.sspijsse.testsupport.KeyType;

/**
 * Issue 14, defect 2: TLS 1.2 ClientHellos built by hand, so that their supported_groups can name
 * what our own client never sends. RFC 8422 §5.1: the server picks its ECDHE curve from the
 * client's list only, or refuses the ECDHE suites.
 */
class HandBuiltHelloTest {
    static final int SECT163K1 = 1;
    static final int SECP256R1 = 23;
    static final int X25519 = 29;

    /** A TLS 1.2 ClientHello record offering ECDHE suites (ECDSA and RSA, AES-128-GCM) and these groups. */
    static byte[] clientHello(int major, int minor, int... groups) {
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        // supported_groups (RFC 8422 §5.1.1)
        u16(ext, 10);
        u16(ext, 2 + 2 * groups.length);
        u16(ext, 2 * groups.length);
        for (int g : groups) {
            u16(ext, g);
        }
        // ec_point_formats: uncompressed
        u16(ext, 11);
        u16(ext, 2);
        ext.write(1);
        ext.write(0);
        // signature_algorithms: ecdsa_secp256r1_sha256, rsa_pss_rsae_sha256, rsa_pkcs1_sha256
        u16(ext, 13);
        u16(ext, 8);
        u16(ext, 6);
        u16(ext, 0x0403);
        u16(ext, 0x0804);
        u16(ext, 0x0401);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(major);
        body.write(minor);
        body.writeBytes(new byte[32]); // random
        body.write(0); // session id
        u16(body, 6);
        u16(body, 0xC02B); // TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
        u16(body, 0xC02F); // TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
        u16(body, 0x00FF); // TLS_EMPTY_RENEGOTIATION_INFO_SCSV (RFC 5746 §3.3; BC requires it)
        body.write(1);
        body.write(0); // null compression
        u16(body, ext.size());
        body.writeBytes(ext.toByteArray());
        ByteArrayOutputStream rec = new ByteArrayOutputStream();
        rec.write(22);
        rec.write(3);
        rec.write(1);
        u16(rec, 4 + body.size());
        rec.write(1); // client_hello
        rec.write(0);
        u16(rec, body.size());
        rec.writeBytes(body.toByteArray());
        return rec.toByteArray();
    }

    static void u16(ByteArrayOutputStream o, int v) {
        o.write(v >> 8);
        o.write(v);
    }

    /** The ServerHello's cipher suite (first record of a flight). */
    static int serverHelloSuite(byte[] flight) {
        assertEquals(22, flight[0], "a handshake record");
        assertEquals(2, flight[5], "a ServerHello");
        int p = 5 + 4 + 2 + 32;
        p += 1 + (flight[p] & 0xFF);
        return ClientHellos.u16(flight, p);
    }

    /** The named curve of the ServerKeyExchange (RFC 8422 §5.4), searched in every handshake record. */
    static int serverKeyExchangeGroup(byte[] flight) {
        int r = 0;
        while (r + 5 <= flight.length) {
            int end = r + 5 + ClientHellos.u16(flight, r + 3);
            int p = r + 5;
            while (flight[r] == 22 && p + 4 <= end) {
                int type = flight[p] & 0xFF;
                int len = ((flight[p + 1] & 0xFF) << 16) | ClientHellos.u16(flight, p + 2);
                if (type == 12) {
                    assertEquals(3, flight[p + 4], "named_curve");
                    return ClientHellos.u16(flight, p + 5);
                }
                p += 4 + len;
            }
            r = end;
        }
        throw new AssertionError("no ServerKeyExchange in the flight");
    }

    private static CredHandle ecServer() {
        return inbound(server(KeyType.EC_P256));
    }

    @Test
    void tls12Server_clientOffersOnlySect163k1_negotiatesNoEcdheAndRefusesWithHandshakeFailure() {
        AscPeer server = AscPeer.of(ecServer());
        long t0 = System.nanoTime();
        byte[] out = server.receive(clientHello(3, 3, SECT163K1));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertNotEquals(SecStatus.SEC_I_CONTINUE_NEEDED, server.status(), server::describe);
        assertNotEquals(SecStatus.SEC_E_OK, server.status(), server::describe);
        assertTrue(out.length > 0 && out[0] == 21, "an alert, not a ServerHello: " + server.describe());
        assertEquals(40, plainAlert(out), "handshake_failure (no suite fits once ECDHE is refused)");
        assertTrue(ms < 1000, "no binary curve was instantiated (took " + ms + " ms)");
    }

    @Test
    void tls12Server_clientOffersSect163k1ThenSecp256r1_usesSecp256r1() {
        AscPeer server = AscPeer.of(ecServer());
        byte[] out = server.receive(clientHello(3, 3, SECT163K1, SECP256R1));
        assertEquals(SecStatus.SEC_I_CONTINUE_NEEDED, server.status(), server::describe);
        assertEquals(0xC02B, serverHelloSuite(out));
        assertEquals(SECP256R1, serverKeyExchangeGroup(out));
    }

    @Test
    void tls12Server_clientOffersOnlyX25519_usesX25519() {
        AscPeer server = AscPeer.of(ecServer());
        byte[] out = server.receive(clientHello(3, 3, X25519));
        assertEquals(SecStatus.SEC_I_CONTINUE_NEEDED, server.status(), server::describe);
        assertEquals(X25519, serverKeyExchangeGroup(out));
    }

    /**
     * Defect 3: RFC 8446 §4.2.1 and RFC 5246 Appendix E.1: a ClientHello whose legacy_version is above
     * TLS 1.2 and that has no supported_versions gets TLS 1.2, and the handshake completes (the
     * transcript covers the version the client sent).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"3,4", "4,1", "254,254"})
    void tls12Server_legacyVersionAboveTls12WithoutSupportedVersions_answersTls12(int major, int minor) {
        AscPeer server = AscPeer.of(ecServer());
        byte[] out = server.receive(clientHello(major, minor, SECP256R1));
        assertEquals(SecStatus.SEC_I_CONTINUE_NEEDED, server.status(), server::describe);
        assertEquals(3, out[9], "ServerHello server_version major");
        assertEquals(3, out[10], "ServerHello server_version minor: TLS 1.2");
        assertEquals(0xC02B, serverHelloSuite(out));
    }
}
