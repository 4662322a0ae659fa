package org.sspijsse.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sspijsse.record.TestSupport.hex;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

/**
 * RFC 8448 §3 "Simple 1-RTT Handshake": the application traffic secrets and the protected
 * records exchanged after the handshake (the server's NewSessionTicket, 50 bytes of application
 * data each way, close_notify each way), reproduced byte for byte. Hex values copied from the RFC.
 */
class Rfc8448Test {
    static final byte[] C_AP_SECRET = hex("9e40646ce79a7f9dc05af8889bce6552875afa0b06df0087f792ebb7c17504a5");
    static final byte[] S_AP_SECRET = hex("a11af9f05531f856ad47116b45a950328204b4f44bfb6b3a4b4f1f3fcb631643");

    static final byte[] NEW_SESSION_TICKET = hex(
            "040000c90000001efad6aac502000000b22c035d829359ee5ff7af4ec9000000"
            + "00262a6494dc486d2c8a34cb33fa90bf1b0070ad3c498883c9367c09a2be785a"
            + "bc55cd226097a3a982117283f82a03a143efd3ff5dd36d64e861be7fd61d2827"
            + "db279cce145077d454a3664d4e6da4d29ee03725a6a4dafcd0fc67d2aea70529"
            + "513e3da2677fa5906c5b3f7d8f92f228bda40dda721470f9fbf297b5aea61764"
            + "6fac5c03272e970727c621a79141ef5f7de6505e5bfbc388e93343694093934a"
            + "e4d3570008002a000400000400");
    static final byte[] NEW_SESSION_TICKET_RECORD = hex(
            "17030300de3a6b8f90414a97d6959c3487680de5134a2b240e6cffac116e95d4"
            + "1d6af8f6b580dcf3d11d63c758db289a015940252f55713e061dc13e078891a3"
            + "8efbcf5753ad8ef170ad3c7353d16d9da773b9ca7f2b9fa1b6c0d4a3d03f75e0"
            + "9c30ba1e62972ac46f75f7b981be63439b2999ce13064615139891d5e4c5b406"
            + "f16e3fc181a77ca475840025db2f0a77f81b5ab05b94c01346755f69232c8651"
            + "9d86cbeeac87aac347d143f9605d64f650db4d023e70e952ca49fe5137121c74"
            + "bc2697687e248746d6df353005f3bce18696129c8153556b3b6c6779b37bf159"
            + "85684f");
    static final byte[] PAYLOAD = hex(
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031");
    static final byte[] CLIENT_DATA_RECORD = hex(
            "1703030043a23f7054b62c94d0affafe8228ba55cbefacea42f914aa66bcab3f"
            + "2b9819a8a5b46b395bd54a9a20441e2b62974e1f5a6292a2977014bd1e3deae6"
            + "3aeebb21694915e4");
    static final byte[] SERVER_DATA_RECORD = hex(
            "17030300432e937e11ef4ac740e538ad36005fc4a46932fc3225d05f82aa1b36"
            + "e30efaf97d90e6dffc602dcb501a59a8fcc49c4bf2e5f0a21c0047c2abf33254"
            + "0dd032e167c2955d");
    static final byte[] CLIENT_ALERT_RECORD = hex("1703030013c9872760655666b74d7ff1153efd6db6d0b0e3");
    static final byte[] SERVER_ALERT_RECORD = hex("1703030013b58fd67166ebf599d24720cfbe7efa7a8864a9");

    private static RecordLayer client() {
        RecordCipher c = RecordCipher.AES_128_GCM;
        return RecordLayer.tls13(c, TestSupport.keys13(c, S_AP_SECRET), TestSupport.keys13(c, C_AP_SECRET),
                new TestSupport.Schedule(c, S_AP_SECRET, C_AP_SECRET));
    }

    private static RecordLayer server() {
        RecordCipher c = RecordCipher.AES_128_GCM;
        return RecordLayer.tls13(c, TestSupport.keys13(c, C_AP_SECRET), TestSupport.keys13(c, S_AP_SECRET),
                new TestSupport.Schedule(c, C_AP_SECRET, S_AP_SECRET));
    }

    @Test
    void hkdfExpandLabel_applicationSecrets_giveTheTraceKeysAndIvs() {
        TrafficKeys client = TestSupport.keys13(RecordCipher.AES_128_GCM, C_AP_SECRET);
        TrafficKeys server = TestSupport.keys13(RecordCipher.AES_128_GCM, S_AP_SECRET);
        assertEquals("17422dda596ed5d9acd890e3c63f5051", hex(client.key()));
        assertEquals("5b78923dee08579033e523d9", hex(client.iv()));
        assertEquals("9f02283b6c9c07efc26bb9f2ac92e356", hex(server.key()));
        assertEquals("cf782b88dd83549aadf1e984", hex(server.iv()));
    }

    @Test
    void seal_clientApplicationDataAndCloseNotify_matchTheTraceBytes() throws Exception {
        RecordLayer client = client();
        assertArrayEquals(CLIENT_DATA_RECORD, TestSupport.seal(client, Alerts.APPLICATION_DATA, PAYLOAD));
        ByteBuffer dst = ByteBuffer.allocate(64);
        int n = client.sealAlert(Alerts.LEVEL_WARNING, Alerts.CLOSE_NOTIFY, dst);
        assertEquals(CLIENT_ALERT_RECORD.length, n);
        assertArrayEquals(CLIENT_ALERT_RECORD, java.util.Arrays.copyOf(dst.array(), n));
        assertTrue(client.isWriteClosed());
    }

    @Test
    void seal_serverTicketDataAndCloseNotify_matchTheTraceBytes() throws Exception {
        RecordLayer server = server();
        assertArrayEquals(NEW_SESSION_TICKET_RECORD, TestSupport.seal(server, Alerts.HANDSHAKE, NEW_SESSION_TICKET));
        assertArrayEquals(SERVER_DATA_RECORD, TestSupport.seal(server, Alerts.APPLICATION_DATA, PAYLOAD));
        assertArrayEquals(SERVER_ALERT_RECORD, TestSupport.seal(server, Alerts.ALERT, new byte[] {1, 0}));
    }

    @Test
    void sealInPlace_clientApplicationData_matchesTheTraceBytes() throws Exception {
        RecordLayer client = client();
        ByteBuffer buf = ByteBuffer.allocate(CLIENT_DATA_RECORD.length);
        buf.put(5, PAYLOAD);
        client.sealInPlace(Alerts.APPLICATION_DATA, buf, 0, buf, 5, PAYLOAD.length, buf, 5 + PAYLOAD.length);
        assertArrayEquals(CLIENT_DATA_RECORD, buf.array());
    }

    @Test
    void open_serverRecordsAtTheClient_giveTicketDataAndCloseNotify() throws Exception {
        RecordLayer client = client();
        OpenResult r = TestSupport.open(client, NEW_SESSION_TICKET_RECORD);
        assertEquals(OpenResult.Kind.HANDSHAKE, r.kind());
        assertEquals(NEW_SESSION_TICKET_RECORD.length, r.recordLength());
        assertEquals(Alerts.NEW_SESSION_TICKET, r.handshakeType());
        assertArrayEquals(NEW_SESSION_TICKET, r.handshakeMessage());
        assertNull(client.pollHandshakeMessage());
        NewSessionTicket t = NewSessionTicket.parse(r.handshakeMessage());
        assertEquals(30, t.lifetimeSeconds());
        assertEquals(0xfad6aac5L, t.ageAdd());
        assertEquals("0000", hex(t.nonce()));
        assertEquals(0xb2, t.ticket().length);
        assertEquals(1024, t.maxEarlyDataSize());

        assertArrayEquals(PAYLOAD, TestSupport.openData(client, SERVER_DATA_RECORD));

        r = TestSupport.open(client, SERVER_ALERT_RECORD);
        assertEquals(OpenResult.Kind.ALERT, r.kind());
        assertEquals(Alerts.LEVEL_WARNING, r.alertLevel());
        assertEquals(Alerts.CLOSE_NOTIFY, r.alertDescription());
        assertFalse(r.alertFatal());
        assertTrue(client.isReadClosed());
        assertFalse(client.isWriteClosed());
    }

    @Test
    void open_clientRecordsAtTheServer_giveDataAndCloseNotify() throws Exception {
        RecordLayer server = server();
        assertArrayEquals(PAYLOAD, TestSupport.openData(server, CLIENT_DATA_RECORD));
        OpenResult r = TestSupport.open(server, CLIENT_ALERT_RECORD);
        assertEquals(OpenResult.Kind.ALERT, r.kind());
        assertEquals(Alerts.CLOSE_NOTIFY, r.alertDescription());
        assertTrue(server.isReadClosed());
    }

    @Test
    void open_directBufferHoldingTheTraceRecord_givesThePayloadAtTheSameIndex() throws Exception {
        RecordLayer server = server();
        ByteBuffer direct = ByteBuffer.allocateDirect(CLIENT_DATA_RECORD.length + 7);
        direct.put(7, CLIENT_DATA_RECORD);
        OpenResult r = new OpenResult();
        server.open(direct, 7, CLIENT_DATA_RECORD.length, r);
        assertEquals(12, r.plaintextOffset());
        byte[] got = new byte[r.plaintextLength()];
        direct.get(r.plaintextOffset(), got);
        assertArrayEquals(PAYLOAD, got);
        assertEquals(0, direct.position());
    }
}
