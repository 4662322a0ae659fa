package org.sspijsse.keyupdate;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.sspijsse.sspi.*;
import org.sspijsse.testsupport.*;

/**
 * EncryptMessage and DecryptMessage at the same time on one context, one thread each (as
 * Microsoft's DecryptMessage page allows), on both a client and a server context: four threads,
 * bounded in time and count, every byte checked.
 */
class ConcurrentStreamsTest {
    private static final byte[] END = new byte[0];

    @Test
    void encryptAndDecryptOnTwoThreadsPerContext_everyByteArrivesInOrder() throws Exception {
        TestPki pki = TestPki.create();
        CredHandle server = new CredHandle();
        assertEquals(0, Sspi.acquireCredentialsHandle(null, "Schannel", SchannelConstants.SECPKG_CRED_INBOUND,
                new SchannelCredentials().addCertificate(pki.server(KeyType.EC_P256, "localhost").certContext()), server,
                null));
        CredHandle client = new CredHandle();
        assertEquals(0, Sspi.acquireCredentialsHandle(null, "Schannel", SchannelConstants.SECPKG_CRED_OUTBOUND,
                new SchannelCredentials().setValidator(PkixCertificateValidator.trusting(pki.root())), client, null));
        SspiServerPeer asc = new SspiServerPeer(server);
        SspiClientLoop.Result hs = SspiClientLoop.builder(client).targetName("localhost").run(asc::receive);
        assertTrue(hs.isOk(), hs::describe);
        assertEquals(0, hs.leftover().length);

        BlockingQueue<byte[]> c2s = new ArrayBlockingQueue<>(64);
        BlockingQueue<byte[]> s2c = new ArrayBlockingQueue<>(64);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            Future<byte[]> clientSent = pool.submit(() -> send(hs.context(), c2s, 1, deadline));
            Future<byte[]> serverSent = pool.submit(() -> send(asc.context(), s2c, 2, deadline));
            Future<byte[]> serverGot = pool.submit(() -> receive(asc.context(), c2s));
            Future<byte[]> clientGot = pool.submit(() -> receive(hs.context(), s2c));
            assertArrayEquals(clientSent.get(30, TimeUnit.SECONDS), serverGot.get(30, TimeUnit.SECONDS));
            assertArrayEquals(serverSent.get(30, TimeUnit.SECONDS), clientGot.get(30, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] send(CtxtHandle ctx, BlockingQueue<byte[]> wire, long seed, long deadline) throws Exception {
        Random rnd = new Random(seed);
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        for (int i = 0; i < 5_000 && System.nanoTime() < deadline; i++) {
            byte[] data = new byte[1 + rnd.nextInt(4096)];
            rnd.nextBytes(data);
            sent.writeBytes(data);
            wire.put(SspiStreams.encrypt(ctx, data));
        }
        wire.put(END);
        return sent.toByteArray();
    }

    private static byte[] receive(CtxtHandle ctx, BlockingQueue<byte[]> wire) throws Exception {
        SspiStreams.Decryptor dec = SspiStreams.decryptor(ctx);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        for (byte[] rec = wire.take(); rec != END; rec = wire.take()) {
            dec.feed(rec);
            assertEquals(SecStatus.SEC_E_OK, dec.status(), () -> dec.steps().toString());
            got.writeBytes(dec.takePlaintext());
        }
        return got.toByteArray();
    }
}
