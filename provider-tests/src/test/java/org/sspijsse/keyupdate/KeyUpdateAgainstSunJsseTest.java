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

    private static SecBufferDesc renegotiate() {
        byte[] dword = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(SchannelConstants.SCHANNEL_RENEGOTIATE)
                .array();
        return new SecBufferDesc(new SecBuffer(SecBufferType.SECBUFFER_TOKEN, dword));
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"})
    void ourServerRekeysOnRequest_andSunJsseClientFollows_everyByteArrives(String suite) {
        TestPki pki = TestPki.create();
        CredHandle cred = new CredHandle();
        assertEquals(SecStatus.SEC_E_OK, Sspi.acquireCredentialsHandle(null, "Schannel",
                SchannelConstants.SECPKG_CRED_INBOUND, new SchannelCredentials()
                        .addCertificate(pki.server(KeyType.EC_P256, TARGET).certContext()), cred, null));
        SunJssePeer client = SunJssePeer.client(pki.root()).protocols("TLSv1.3").cipherSuites(suite).build();
        SspiServerPeer server = new SspiServerPeer(cred);
        byte[] toServer = client.start();
        for (int i = 0; i < 10 && !(server.isHandshakeDone() && client.isHandshakeDone()); i++) {
            toServer = client.receive(server.receive(toServer));
        }
        assertTrue(server.isHandshakeDone() && client.isHandshakeDone());
        CtxtHandle ctx = server.context();
        int[] keyUpdatesFromClient = {0};
        SspiStreams.Decryptor dec = SspiStreams.decryptor(ctx).onRenegotiate(token -> {
            // The client's KeyUpdate(update_not_requested): ASC processes it and owes nothing.
            SecBuffer out = new SecBuffer(SecBufferType.SECBUFFER_TOKEN);
            assertEquals(SecStatus.SEC_E_OK, Sspi.acceptSecurityContext(cred, ctx, new SecBufferDesc(
                    new SecBuffer(SecBufferType.SECBUFFER_TOKEN, token), SecBuffer.empty()), SspiServerPeer.DEFAULT_REQ,
                    ctx, new SecBufferDesc(out), new IntHolder(), null));
            assertEquals(0, out.getCbBuffer(), "no answer to update_not_requested");
            keyUpdatesFromClient[0]++;
        });
        dec.feed(server.leftover());
        dec.feed(toServer);
        Random rnd = new Random(suite.hashCode());
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        for (int i = 0; i < 6; i++) {
            assertEquals(SecStatus.SEC_E_OK, Sspi.applyControlToken(ctx, renegotiate()));
            byte[] keyUpdate = SspiStreams.controlTokenAsc(cred, ctx);
            assertEquals(0x17, keyUpdate[0] & 0xFF, "a protected record");
            byte[] data = new byte[1 + rnd.nextInt(3000)];
            rnd.nextBytes(data);
            sent.writeBytes(data);
            dec.feed(client.receive(keyUpdate));
            dec.feed(client.receive(SspiStreams.encrypt(ctx, data)));
            got.writeBytes(client.readApplicationData());
            byte[] reply = client.sendApplicationData(new byte[] {(byte) i});
            dec.feed(reply);
            assertArrayEquals(new byte[] {(byte) i}, dec.takePlaintext(), "the client's keys followed ours");
        }
        assertNull(client.failure(), () -> String.valueOf(client.failure()));
        assertArrayEquals(sent.toByteArray(), got.toByteArray());
        assertEquals(6, keyUpdatesFromClient[0], "SunJSSE answered each update_requested with its own KeyUpdate");
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
                // A Windows client cannot ask for rekeying (SSPI-FACTS.md, ApplyControlToken).
                assertEquals(SecStatus.SEC_E_UNSUPPORTED_FUNCTION, Sspi.applyControlToken(ctx, renegotiate()));
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
