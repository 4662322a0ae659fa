package org.sspijsse.interop.resumption;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sspijsse.sspi.CredHandle;
import org.sspijsse.sspi.PkixCertificateValidator;
import org.sspijsse.sspi.SchannelConstants;
import org.sspijsse.sspi.SchannelCredentials;
import org.sspijsse.testsupport.Issued;
import org.sspijsse.testsupport.KeyType;
import org.sspijsse.testsupport.OpenSslClient;
import org.sspijsse.testsupport.OpenSslServer;
import org.sspijsse.testsupport.TestPki;

/**
 * TLS 1.3 resumption with OpenSSL both ways: our client against {@code openssl s_server -www}
 * (its page says "Reused"), {@code openssl s_client -sess_out/-sess_in} against our server (it
 * prints "Reused, TLSv1.3"); SHA-256 and SHA-384 suites, with and without a HelloRetryRequest.
 */
class OpenSslResumptionTest {
    private static final TestPki PKI = TestPki.create();
    private static final Issued SERVER = PKI.server(KeyType.EC_P256, "localhost", "127.0.0.1");
    @TempDir
    static Path dir;
    private static Issued.PemFiles pem;

    @BeforeAll
    static void filesAndWarmUp() throws Exception {
        pem = SERVER.writePem(dir);
        // s_client waits a fixed time for the NewSessionTicket after its handshake; a cold JVM's
        // first handshake would eat into it: one throwaway connection first.
        CredHandle ours = OurEndpoints.credential(SchannelConstants.SECPKG_CRED_INBOUND,
                new SchannelCredentials().addCertificate(SERVER.certContext()));
        try (OurEndpoints.Server server = new OurEndpoints.Server(ours, 1)) {
            sClient(server.port(), null, null, "TLS_AES_128_GCM_SHA256", null);
            server.resumed();
        }
    }

    private static CredHandle ourClient(SchannelCredentials c) {
        return OurEndpoints.credential(SchannelConstants.SECPKG_CRED_OUTBOUND,
                c.setValidator(PkixCertificateValidator.trusting(PKI.root())));
    }

    @ParameterizedTest(name = "{0}, groups {1}")
    @CsvSource({"TLS_AES_128_GCM_SHA256, X25519", "TLS_AES_256_GCM_SHA384, X25519",
            "TLS_AES_128_GCM_SHA256, P-384", "TLS_AES_256_GCM_SHA384, P-384"})
    void ourClientResumesAgainstOpenSslServerTwiceAfterAFullHandshake(String suite, String groups) throws Exception {
        // -groups P-384 makes s_server answer our X25519 key share with a HelloRetryRequest every time.
        try (OpenSslServer s = OpenSslServer.builder().credentials(pem).tls13().www().ciphersuites(suite)
                .groups(groups).start()) {
            CredHandle cred = ourClient(new SchannelCredentials());
            OurEndpoints.Page full = OurEndpoints.get(cred, "localhost", s.port());
            OurEndpoints.Page second = OurEndpoints.get(cred, "localhost", s.port());
            OurEndpoints.Page third = OurEndpoints.get(cred, "localhost", s.port());
            assertTrue(full.serverSaysNew(), full.text());
            assertFalse(full.resumed());
            assertTrue(second.serverSaysReused(), second.text());
            assertTrue(second.resumed());
            assertTrue(third.serverSaysReused(), third.text());
            assertTrue(third.resumed());
            assertTrue(third.text().contains(suite), third.text());
        }
    }

    @Test
    void ourClientMakesAFullHandshakeWithOpenSslForAnotherTargetOrCredentialOrAfterExpiry() throws Exception {
        try (OpenSslServer s = OpenSslServer.builder().credentials(pem).tls13().www().start()) {
            CredHandle cred = ourClient(new SchannelCredentials());
            OurEndpoints.get(cred, "localhost", s.port());
            OurEndpoints.Page otherTarget = OurEndpoints.get(cred, "127.0.0.1", s.port());
            assertTrue(otherTarget.serverSaysNew() && !otherTarget.resumed(), otherTarget.text());
            OurEndpoints.Page otherCred = OurEndpoints.get(ourClient(new SchannelCredentials()), "localhost", s.port());
            assertTrue(otherCred.serverSaysNew() && !otherCred.resumed(), otherCred.text());

            CredHandle shortLived = ourClient(new SchannelCredentials().setSessionLifespan(300));
            OurEndpoints.get(shortLived, "localhost", s.port());
            Thread.sleep(400);
            OurEndpoints.Page expired = OurEndpoints.get(shortLived, "localhost", s.port());
            assertTrue(expired.serverSaysNew() && !expired.resumed(), expired.text());
        }
    }

    private static OpenSslClient.Result sClient(int port, Path sessOut, Path sessIn, String suite, String groups)
            throws Exception {
        OpenSslClient c = OpenSslClient.connect(port).serverName("localhost").caFile(pem.ca()).tls13()
                .ciphersuites(suite).stdin("").closeStdinAfter(Duration.ofMillis(1500)).timeout(Duration.ofSeconds(15));
        if (groups != null && !groups.equals("DEFAULT")) {
            c.groups(groups);
        }
        if (sessOut != null) {
            c.sessOut(sessOut);
        }
        if (sessIn != null) {
            c.sessIn(sessIn);
        }
        return c.run();
    }

    @ParameterizedTest(name = "{0}, groups {1}")
    @CsvSource({"TLS_AES_128_GCM_SHA256, X25519", "TLS_AES_256_GCM_SHA384, X25519",
            "TLS_AES_128_GCM_SHA256, P-521:P-256", "TLS_AES_256_GCM_SHA384, P-521:P-256"})
    void openSslClientResumesAgainstOurServerTwiceAfterAFullHandshake(String suite, String groups) throws Exception {
        // "P-521:P-256": s_client's key share is for P-521, which our server does not take: a
        // HelloRetryRequest for P-256 on every connection.
        CredHandle ours = OurEndpoints.credential(SchannelConstants.SECPKG_CRED_INBOUND,
                new SchannelCredentials().addCertificate(SERVER.certContext()));
        Path s1 = dir.resolve("s1-" + suite + groups.replace(':', '_'));
        Path s2 = dir.resolve("s2-" + suite + groups.replace(':', '_'));
        Path s3 = dir.resolve("s3-" + suite + groups.replace(':', '_'));
        try (OurEndpoints.Server server = new OurEndpoints.Server(ours, 3)) {
            OpenSslClient.Result full = sClient(server.port(), s1, null, suite, groups);
            OpenSslClient.Result second = sClient(server.port(), s2, s1, suite, groups);
            OpenSslClient.Result third = sClient(server.port(), s3, s2, suite, groups);
            assertTrue(full.output().contains("New, TLSv1.3"), full.describe());
            assertTrue(second.output().contains("Reused, TLSv1.3"), second.describe());
            assertTrue(third.output().contains("Reused, TLSv1.3"), third.describe());
            assertTrue(third.output().contains(suite), third.describe());
            assertEquals(List.of(false, true, true), server.resumed());
        }
    }

    @Test
    void openSslClientWithATamperedTicketOrAnotherServerCredentialGetsAFullHandshake() throws Exception {
        SchannelCredentials c = new SchannelCredentials().addCertificate(SERVER.certContext());
        CredHandle ours = OurEndpoints.credential(SchannelConstants.SECPKG_CRED_INBOUND, c);
        CredHandle other = OurEndpoints.credential(SchannelConstants.SECPKG_CRED_INBOUND, c);
        Path sess = dir.resolve("tamper-sess");
        Path tampered = dir.resolve("tamper-sess-altered");
        try (OurEndpoints.Server server = new OurEndpoints.Server(ours, 2)) {
            OpenSslClient.Result full = sClient(server.port(), sess, null, "TLS_AES_128_GCM_SHA256", null);
            assertTrue(full.output().contains("New, TLSv1.3"), full.describe());
            assertTrue(Files.exists(sess), full.describe());
            Files.writeString(tampered, alterTicket(Files.readString(sess)));
            OpenSslClient.Result again = sClient(server.port(), null, tampered, "TLS_AES_128_GCM_SHA256", null);
            assertTrue(again.output().contains("New, TLSv1.3"), again.describe());
            assertEquals(List.of(false, false), server.resumed());
        }
        try (OurEndpoints.Server server = new OurEndpoints.Server(other, 1)) {
            OpenSslClient.Result r = sClient(server.port(), null, sess, "TLS_AES_128_GCM_SHA256", null);
            assertTrue(r.output().contains("New, TLSv1.3"), r.describe());
            assertEquals(List.of(false), server.resumed());
        }
    }

    /** Flips one byte in the middle of the ticket ([10] tlsext_tick) of an OpenSSL SSL_SESSION PEM. */
    static String alterTicket(String pemText) throws Exception {
        String b64 = pemText.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        ASN1Sequence seq = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(Base64.getDecoder().decode(b64)));
        ASN1EncodableVector v = new ASN1EncodableVector();
        boolean found = false;
        for (int i = 0; i < seq.size(); i++) {
            if (seq.getObjectAt(i) instanceof ASN1TaggedObject t && t.getTagNo() == 10) {
                byte[] ticket = ASN1OctetString.getInstance(t.getExplicitBaseObject()).getOctets().clone();
                ticket[ticket.length / 2] ^= 0x01;
                v.add(new DERTaggedObject(true, 10, new DEROctetString(ticket)));
                found = true;
            } else {
                v.add(seq.getObjectAt(i));
            }
        }
        assertTrue(found, "the session holds a ticket");
        String out = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(new DERSequence(v).getEncoded());
        return "-----BEGIN SSL SESSION PARAMETERS-----\n" + out + "\n-----END SSL SESSION PARAMETERS-----\n";
    }
}
