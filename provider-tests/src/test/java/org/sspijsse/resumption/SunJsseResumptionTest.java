package org.sspijsse.resumption;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sspijsse.sspi.CredHandle;
import org.sspijsse.sspi.CtxtHandle;
import org.sspijsse.sspi.PkixCertificateValidator;
import org.sspijsse.sspi.SchannelConstants;
import org.sspijsse.sspi.SchannelCredentials;
import org.sspijsse.testsupport.Issued;
import org.sspijsse.testsupport.KeyType;
import org.sspijsse.testsupport.TestPki;

/** TLS 1.3 resumption against SunJSSE engines in memory, both directions (RFC 8446 §2.2). */
class SunJsseResumptionTest {
    private static final TestPki PKI = TestPki.create();
    private static final Issued SERVER = PKI.server(KeyType.EC_P256, "localhost", "127.0.0.1");

    private static CredHandle ourClient(SchannelCredentials c) {
        return OurSide.credential(SchannelConstants.SECPKG_CRED_OUTBOUND,
                c.setValidator(PkixCertificateValidator.trusting(PKI.root())));
    }

    private static CtxtHandle connect(CredHandle cred, String target, SSLContext sunServer) {
        EnginePeer server = EnginePeer.server(sunServer);
        CtxtHandle ctx = OurSide.clientConnect(cred, target, server::receive, server::receive);
        assertNull(server.failure);
        assertEquals("ping", new String(server.takeApplicationData(), StandardCharsets.US_ASCII));
        return ctx;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384"})
    void ourClientResumesAgainstASunJsseServerTwiceAfterAFullHandshake(String suite) throws Exception {
        SSLContext sun = EnginePeer.context(SERVER, PKI.root());
        CredHandle cred = ourClient(new SchannelCredentials().setCipherSuites(List.of(suite)));
        CtxtHandle full = connect(cred, "localhost", sun);
        CtxtHandle second = connect(cred, "localhost", sun);
        CtxtHandle third = connect(cred, "localhost", sun);
        assertFalse(OurSide.resumed(full));
        assertTrue(OurSide.resumed(second), "resumed with the ticket of the full handshake");
        assertTrue(OurSide.resumed(third), "resumed with the ticket of the resumed connection");
        assertEquals(suite, OurSide.cipherSuite(third));
        assertArrayEquals(OurSide.remoteChain(full), OurSide.remoteChain(third), "the original server chain");
    }

    @Test
    void ourClientMakesAFullHandshakeForAnotherTargetNameOrAnotherCredentialHandle() throws Exception {
        SSLContext sun = EnginePeer.context(SERVER, PKI.root());
        CredHandle cred = ourClient(new SchannelCredentials());
        connect(cred, "localhost", sun);
        assertFalse(OurSide.resumed(connect(cred, "127.0.0.1", sun)), "another target name");
        assertFalse(OurSide.resumed(connect(ourClient(new SchannelCredentials()), "localhost", sun)),
                "another credential handle");
        assertTrue(OurSide.resumed(connect(cred, "localhost", sun)), "the ticket is still there for its own key");
    }

    @Test
    void ourClientMakesAFullHandshakeOnceTheSessionLifespanHasPassed() throws Exception {
        SSLContext sun = EnginePeer.context(SERVER, PKI.root());
        CredHandle cred = ourClient(new SchannelCredentials().setSessionLifespan(300));
        connect(cred, "localhost", sun);
        Thread.sleep(400);
        assertFalse(OurSide.resumed(connect(cred, "localhost", sun)));
    }

    @Test
    void aNegativeSessionLifespanTurnsClientResumptionOff() throws Exception {
        SSLContext sun = EnginePeer.context(SERVER, PKI.root());
        CredHandle cred = ourClient(new SchannelCredentials().setSessionLifespan(-1));
        connect(cred, "localhost", sun);
        assertFalse(OurSide.resumed(connect(cred, "localhost", sun)));
    }

    private static CtxtHandle accept(CredHandle ours, SSLContext sunClient) throws Exception {
        EnginePeer client = EnginePeer.client(sunClient, "localhost");
        byte[] hello = client.receive(new byte[0]);
        CtxtHandle ctx = OurSide.serverAccept(ours, OurSide.ASC_REQ, hello, client::receive);
        assertNull(client.failure);
        byte[] ping = client.send("ping".getBytes(StandardCharsets.US_ASCII));
        org.sspijsse.testsupport.SspiStreams.Decryptor d = org.sspijsse.testsupport.SspiStreams.decryptor(ctx);
        d.feed(ping);
        assertEquals("ping", new String(d.takePlaintext(), StandardCharsets.US_ASCII));
        return ctx;
    }

    @Test
    void aSunJsseClientResumesAgainstOurServerTwiceAfterAFullHandshake() throws Exception {
        CredHandle ours = OurSide.credential(SchannelConstants.SECPKG_CRED_INBOUND,
                new SchannelCredentials().addCertificate(SERVER.certContext()));
        SSLContext sun = EnginePeer.context(null, PKI.root());
        assertFalse(OurSide.resumed(accept(ours, sun)));
        assertTrue(OurSide.resumed(accept(ours, sun)));
        assertTrue(OurSide.resumed(accept(ours, sun)));
    }

    @Test
    void ourServerWithReconnectsDisabledIssuesNoTicketAndResumesNothing() throws Exception {
        CredHandle ours = OurSide.credential(SchannelConstants.SECPKG_CRED_INBOUND, new SchannelCredentials()
                .addCertificate(SERVER.certContext()).setFlags(SchannelConstants.SCH_CRED_DISABLE_RECONNECTS));
        SSLContext sun = EnginePeer.context(null, PKI.root());
        assertFalse(OurSide.resumed(accept(ours, sun)));
        assertFalse(OurSide.resumed(accept(ours, sun)));
    }

    @Test
    void aSunJsseClientWhoseTicketCameFromAnotherServerCredentialMakesAFullHandshake() throws Exception {
        SchannelCredentials c = new SchannelCredentials().addCertificate(SERVER.certContext());
        CredHandle first = OurSide.credential(SchannelConstants.SECPKG_CRED_INBOUND, c);
        CredHandle other = OurSide.credential(SchannelConstants.SECPKG_CRED_INBOUND, c);
        SSLContext sun = EnginePeer.context(null, PKI.root());
        accept(first, sun);
        assertFalse(OurSide.resumed(accept(other, sun)), "another credential's ticket key cannot open it");
    }
}
