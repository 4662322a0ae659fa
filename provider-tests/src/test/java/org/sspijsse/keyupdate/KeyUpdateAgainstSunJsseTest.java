package org.sspijsse.keyupdate;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.Security;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sspijsse.sspi.*;
import org.sspijsse.testsupport.*;

/**
 * TLS 1.3 KeyUpdate both ways between our record layer (through the SSPI face) and SunJSSE, which
 * this JVM makes rekey every 4 KiB: the surefire execution "keylimits" forks a JVM with
 * {@code -Djava.security.properties=keylimits.security} before SunJSSE loads.
 */
class KeyUpdateAgainstSunJsseTest {
    private static final String TARGET = "localhost";

    @BeforeAll
    static void theForkHasTheSmallKeyLimit() {
        assertEquals("AES/GCM/NoPadding KeyUpdate 2^12, ChaCha20-Poly1305 KeyUpdate 2^12",
                Security.getProperty("jdk.tls.keyLimits"), "run by the keylimits surefire execution only");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"})
    void manyRecordsBothWays_withSunJsseRekeying_everyByteArrives(String suite) {
        TestPki pki = TestPki.create();
        SunJssePeer peer = SunJssePeer.server(pki.server(KeyType.EC_P256, TARGET)).protocols("TLSv1.3")
                .cipherSuites(suite).build();
        CredHandle cred = new CredHandle();
        assertEquals(SecStatus.SEC_E_OK, Sspi.acquireCredentialsHandle(null, "Schannel",
                SchannelConstants.SECPKG_CRED_OUTBOUND,
                new SchannelCredentials().setValidator(PkixCertificateValidator.trusting(pki.root())), cred, null));
        SspiClientLoop.Result hs = SspiClientLoop.builder(cred).targetName(TARGET).run(peer::receive);
        assertTrue(hs.isOk(), hs::describe);
        CtxtHandle ctx = hs.context();

        ByteArrayOutputStream toUs = new ByteArrayOutputStream();
        int[] ourUpdates = {0};
        SspiStreams.Decryptor dec = SspiStreams.decryptor(ctx).onRenegotiate(token -> {
            byte[] reply = SspiStreams.postHandshake(cred, ctx, TARGET, token);
            if (reply.length > 0) {
                ourUpdates[0]++;
                toUs.writeBytes(peer.receive(reply));
            }
        });
        dec.feed(hs.leftover());
        dec.takePlaintext();

        Random rnd = new Random(suite.hashCode());
        ByteArrayOutputStream sentByPeer = new ByteArrayOutputStream();
        ByteArrayOutputStream gotFromPeer = new ByteArrayOutputStream();
        ByteArrayOutputStream sentByUs = new ByteArrayOutputStream();
        ByteArrayOutputStream gotByPeer = new ByteArrayOutputStream();
        for (int i = 0; i < 200; i++) {
            byte[] chunk = new byte[1 + rnd.nextInt(1500)];
            rnd.nextBytes(chunk);
            sentByPeer.writeBytes(chunk);
            dec.feed(peer.sendApplicationData(chunk));
            byte[] more = toUs.toByteArray();
            toUs.reset();
            dec.feed(more);
            assertEquals(SecStatus.SEC_E_OK, dec.status(), () -> "decrypt " + dec.steps());
            gotFromPeer.writeBytes(dec.takePlaintext());

            byte[] ours = new byte[1 + rnd.nextInt(1500)];
            rnd.nextBytes(ours);
            sentByUs.writeBytes(ours);
            dec.feed(peer.receive(SspiStreams.encrypt(ctx, ours)));
            gotFromPeer.writeBytes(dec.takePlaintext());
            gotByPeer.writeBytes(peer.readApplicationData());
            if (i == 100) {
                // Our own rekeying through the API: ApplyControlToken(SCHANNEL_RENEGOTIATE) + ISC.
                byte[] dword = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
                        .putInt(SchannelConstants.SCHANNEL_RENEGOTIATE).array();
                assertEquals(SecStatus.SEC_E_OK, Sspi.applyControlToken(ctx,
                        new SecBufferDesc(new SecBuffer(SecBufferType.SECBUFFER_TOKEN, dword))));
                byte[] keyUpdate = SspiStreams.postHandshake(cred, ctx, TARGET, new byte[0]);
                assertEquals(0x17, keyUpdate[0] & 0xFF, "a protected record");
                dec.feed(peer.receive(keyUpdate));
                gotFromPeer.writeBytes(dec.takePlaintext());
            }
        }
        assertNull(peer.failure(), () -> "SunJSSE failed: " + peer.failure());
        assertArrayEquals(sentByPeer.toByteArray(), gotFromPeer.toByteArray(), "every byte from SunJSSE");
        assertArrayEquals(sentByUs.toByteArray(), gotByPeer.toByteArray(), "every byte to SunJSSE");
        long keyUpdatesSeen = dec.postHandshakeTokens().stream().filter(t -> t.length > 5 && (t[5] & 0xFF) == 24)
                .count();
        assertTrue(keyUpdatesSeen >= 10, "SunJSSE rekeyed every 4 KiB: " + keyUpdatesSeen + " KeyUpdates");
        assertTrue(ourUpdates[0] >= 1, "we answered update_requested at least once");
    }
}
