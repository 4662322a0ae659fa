package org.sspijsse.testsupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.sspijsse.sspi.CredHandle;
import org.sspijsse.sspi.SecStatus;

class SocketTransportTest {

    @Test
    void theLoopDrivesAHandshakeOverASocketOneRecordAtATime() throws Exception {
        FakeTls.Script script = FakeTls.Script.tls12();
        CredHandle cred = SspiClientLoopTest.register(new FakeTls(script));
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<byte[]> server = CompletableFuture.supplyAsync(() -> {
                try (Socket s = ss.accept()) {
                    s.setSoTimeout(10_000);
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    byte[] hello = in.readNBytes(script.client(0).length);
                    byte[] flight = script.server(0);
                    // Written in two pieces across a record, to make the client wait for the rest.
                    out.write(flight, 0, 700);
                    out.flush();
                    Thread.sleep(50);
                    out.write(flight, 700, flight.length - 700);
                    out.flush();
                    byte[] second = in.readNBytes(script.client(1).length);
                    out.write(script.server(1));
                    out.flush();
                    return TlsRecordsTest.concat(hello, second);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            try (SocketTransport t = SocketTransport.connect(ss.getLocalPort())) {
                SspiClientLoop.Result r = SspiClientLoop.builder(cred)
                        .delivery(SspiClientLoop.Delivery.ONE_RECORD_AT_A_TIME).run(t);
                assertEquals(SecStatus.SEC_E_OK, r.status(), r.describe());
                assertArrayEquals(TlsRecordsTest.concat(script.client(0), script.client(1)),
                        server.get(10, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void readsAreBoundedByTheirTimeout() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                SocketTransport t = SocketTransport.connect(ss.getLocalPort());
                Socket peer = ss.accept()) {
            assertEquals(0, t.receive(Duration.ofMillis(50)).length);
            assertThrows(SocketTimeoutException.class, () -> t.readExactly(3, Duration.ofMillis(100)));
            byte[] rec = FakeTls.record(0x17, 20, (byte) 9);
            peer.getOutputStream().write(rec);
            assertArrayEquals(rec, t.readRecord(Duration.ofSeconds(5)));
            peer.close();
            assertEquals(null, t.receive(Duration.ofSeconds(5)));
        }
    }
}
