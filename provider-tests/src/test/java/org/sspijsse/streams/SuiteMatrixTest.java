package org.sspijsse.streams;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sspijsse.sspi.*;
import org.sspijsse.testsupport.*;

/**
 * Every suite our record layer protects, each version, both sides: our client against a SunJSSE
 * server engine, and a SunJSSE client engine against our server, with records of many sizes both
 * ways and every byte checked; STREAM_SIZES and CIPHER_INFO as SSPI-FACTS.md gives them.
 */
class SuiteMatrixTest {
    private static final String TARGET = "localhost";

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "TLS_AES_128_GCM_SHA256, TLSv1.3, EC_P256, 5, 17",
        "TLS_AES_256_GCM_SHA384, TLSv1.3, EC_P256, 5, 17",
        "TLS_CHACHA20_POLY1305_SHA256, TLSv1.3, EC_P256, 5, 17",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLSv1.2, EC_P256, 13, 16",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, TLSv1.2, EC_P256, 13, 16",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, TLSv1.2, EC_P256, 5, 16",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLSv1.2, RSA_2048, 13, 16",
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, TLSv1.2, RSA_2048, 13, 16",
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, TLSv1.2, RSA_2048, 5, 16",
    })
    void ourClientAgainstSunJsseServer_eachSuite_everyByteBothWays(String suite, String version, KeyType key,
            int header, int trailer) {
        TestPki pki = TestPki.create();
        SunJssePeer peer = SunJssePeer.server(pki.server(key, TARGET)).protocols(version).cipherSuites(suite).build();
        CredHandle cred = new CredHandle();
        assertEquals(SecStatus.SEC_E_OK, Sspi.acquireCredentialsHandle(null, "Schannel",
                SchannelConstants.SECPKG_CRED_OUTBOUND, new SchannelCredentials().setCipherSuites(List.of(suite))
                        .setValidator(PkixCertificateValidator.trusting(pki.root())), cred, null));
        SspiClientLoop.Result hs = SspiClientLoop.builder(cred).targetName(TARGET).run(peer::receive);
        assertTrue(hs.isOk(), hs::describe);
        assertEquals(suite, peer.engine().getSession().getCipherSuite());
        checkAttributes(hs.context(), suite, header, trailer);
        SspiStreams.Decryptor dec = SspiStreams.decryptor(hs.context());
        dec.feed(hs.leftover());
        dec.takePlaintext();
        exchange(suite, hs.context(), dec, peer::sendApplicationData, peer::receive, peer::readApplicationData);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "TLS_AES_128_GCM_SHA256, TLSv1.3, EC_P256, 5, 17",
        "TLS_AES_256_GCM_SHA384, TLSv1.3, RSA_2048, 5, 17",
        "TLS_CHACHA20_POLY1305_SHA256, TLSv1.3, EC_P256, 5, 17",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLSv1.2, EC_P256, 13, 16",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, TLSv1.2, EC_P256, 13, 16",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, TLSv1.2, EC_P256, 5, 16",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLSv1.2, RSA_2048, 13, 16",
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, TLSv1.2, RSA_2048, 13, 16",
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, TLSv1.2, RSA_2048, 5, 16",
    })
    void sunJsseClientAgainstOurServer_eachSuite_everyByteBothWays(String suite, String version, KeyType key,
            int header, int trailer) {
        TestPki pki = TestPki.create();
        CredHandle cred = new CredHandle();
        assertEquals(SecStatus.SEC_E_OK, Sspi.acquireCredentialsHandle(null, "Schannel",
                SchannelConstants.SECPKG_CRED_INBOUND, new SchannelCredentials().setCipherSuites(List.of(suite))
                        .addCertificate(pki.server(key, TARGET).certContext()), cred, null));
        SunJssePeer client = SunJssePeer.client(pki.root()).protocols(version).cipherSuites(suite).build();
        SspiServerPeer server = new SspiServerPeer(cred);
        byte[] toServer = client.start();
        for (int i = 0; i < 20 && !(server.isHandshakeDone() && client.isHandshakeDone()); i++) {
            byte[] toClient = server.receive(toServer);
            toServer = client.receive(toClient);
        }
        assertTrue(server.isHandshakeDone(), () -> "ASC " + SecStatus.describe(server.status()));
        assertTrue(client.isHandshakeDone(), () -> "SunJSSE " + client.failure());
        assertEquals(suite, client.engine().getSession().getCipherSuite());
        checkAttributes(server.context(), suite, header, trailer);
        SspiStreams.Decryptor dec = SspiStreams.decryptor(server.context());
        dec.feed(server.leftover());
        dec.feed(toServer);
        dec.takePlaintext();
        exchange(suite, server.context(), dec, client::sendApplicationData, client::receive, client::readApplicationData);
    }

    private static void checkAttributes(CtxtHandle ctx, String suite, int header, int trailer) {
        SecPkgContext.StreamSizes sizes = SspiStreams.streamSizes(ctx);
        assertEquals(header, sizes.cbHeader);
        assertEquals(trailer, sizes.cbTrailer);
        assertEquals(16384, sizes.cbMaximumMessage);
        assertEquals(4, sizes.cBuffers);
        Holder<Object> h = new Holder<>();
        assertEquals(SecStatus.SEC_E_OK, Sspi.queryContextAttributes(ctx, SecPkgAttr.SECPKG_ATTR_CIPHER_INFO, h));
        assertEquals(suite, ((SecPkgContext.CipherInfo) h.value).szCipherSuite);
    }

    private interface Bytes {
        byte[] apply(byte[] b);
    }

    private interface Source {
        byte[] get();
    }

    private static void exchange(String suite, CtxtHandle ctx, SspiStreams.Decryptor dec, Bytes peerSends,
            Bytes peerReceives, Source peerRead) {
        Random rnd = new Random(suite.hashCode());
        ByteArrayOutputStream fromPeer = new ByteArrayOutputStream();
        ByteArrayOutputStream gotFromPeer = new ByteArrayOutputStream();
        ByteArrayOutputStream fromUs = new ByteArrayOutputStream();
        ByteArrayOutputStream gotByPeer = new ByteArrayOutputStream();
        int[] sizes = {0, 1, 2, 255, 256, 1024, 4096, 16383, 16384};
        for (int i = 0; i < 24; i++) {
            byte[] a = new byte[i < sizes.length ? sizes[i] : rnd.nextInt(16385)];
            rnd.nextBytes(a);
            fromPeer.writeBytes(a);
            dec.feed(peerSends.apply(a));
            assertEquals(SecStatus.SEC_E_OK, dec.status(), () -> dec.steps().toString());
            gotFromPeer.writeBytes(dec.takePlaintext());
            // Never an empty record towards SunJSSE: it rejects a TLS 1.3 record whose inner plaintext is
            // only the content type, and a TLS 1.2 ChaCha20 record of only the tag, though RFC 8446 §5.4
            // and RFC 5246 §6.2.1 allow zero-length application data.
            byte[] b = new byte[i < sizes.length ? Math.max(1, sizes[sizes.length - 1 - i]) : 1 + rnd.nextInt(16384)];
            rnd.nextBytes(b);
            fromUs.writeBytes(b);
            dec.feed(peerReceives.apply(SspiStreams.encrypt(ctx, b)));
            gotFromPeer.writeBytes(dec.takePlaintext());
            gotByPeer.writeBytes(peerRead.get());
        }
        assertArrayEquals(fromPeer.toByteArray(), gotFromPeer.toByteArray());
        assertArrayEquals(fromUs.toByteArray(), gotByPeer.toByteArray());
    }
}
