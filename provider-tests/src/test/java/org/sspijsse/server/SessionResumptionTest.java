package org.sspijsse.server;

import static org.junit.jupiter.api.Assertions.*;
import static org.sspijsse.server.Fixtures.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.sspijsse.sspi.CredHandle;
import org.sspijsse.sspi.CtxtHandle;
import org.sspijsse.sspi.PkixCertificateValidator;
import org.sspijsse.sspi.SchannelConstants;
import org.sspijsse.sspi.SchannelCredentials;
import org.sspijsse.sspi.SecPkgAttr;
import org.sspijsse.sspi.SecPkgContext;
import org.sspijsse.sspi.SecStatus;
import org.sspijsse.testsupport.KeyType;
import org.sspijsse.testsupport.SspiClientLoop;
import org.sspijsse.testsupport.SspiStreams;

/**
 * Issue 3, item 5: the server session cache (TLS 1.2, by session id). The server's lifespan is
 * fixed (ten hours, SchannelConstants.DEFAULT_SESSION_LIFESPAN_MS) and cannot be shortened from the
 * API, so expiry is shown on the client's bound (dwSessionLifespan) and the server side by
 * SCH_CRED_DISABLE_RECONNECTS and by the cache being per credential handle.
 */
class SessionResumptionTest {

    private static SecPkgContext.SessionInfo session(CtxtHandle ctx) {
        return query(ctx, SecPkgAttr.SECPKG_ATTR_SESSION_INFO);
    }

    private static CredHandle serverCred(int flags) {
        return inbound(new SchannelCredentials().addCertificate(server(KeyType.EC_P256).certContext()).setFlags(flags)
                .setValidator(PkixCertificateValidator.trusting(PKI.root())));
    }

    @Test
    void ourClientResumesAgainstOurServerAndBothReportTheReconnect() {
        CredHandle sc = serverCred(0);
        CredHandle cc = outbound(false);
        AscPeer first = AscPeer.of(sc);
        SspiClientLoop.Result r1 = handshake(cc, first);
        assertTrue(r1.isOk(), r1::describe);
        assertFalse(session(first.context()).isReconnect());
        byte[] id = session(first.context()).getSessionId();
        assertEquals(32, id.length);

        AscPeer second = AscPeer.of(sc);
        List<byte[]> held = new ArrayList<>();
        // Abbreviated handshake: the client's CCS + Finished, then at once an application data record.
        SspiClientLoop.Result r2 = SspiClientLoop.builder(cc).targetName(HOST).run(b -> {
            if (second.steps().isEmpty() || b.length == 0) {
                return second.receive(b);
            }
            held.add(b);
            return new byte[0];
        });
        assertTrue(r2.isOk(), r2::describe);
        assertEquals(SecStatus.SEC_E_OK, r2.status());
        byte[] hello = "resumed".getBytes(StandardCharsets.US_ASCII);
        byte[] app = SspiStreams.encrypt(r2.context(), hello);
        byte[] out = second.receive(AscPeer.concat(held.get(0), app));
        assertEquals(0, out.length, "the server sent its CCS + Finished first; nothing is left to send");
        assertEquals(SecStatus.SEC_E_OK, second.status(), second::describe);
        assertEquals(app.length, second.lastStep().extra());
        SspiStreams.Decryptor dec = SspiStreams.decryptor(second.context());
        assertEquals(SecStatus.SEC_E_OK, dec.feed(second.leftover()));
        assertArrayEquals(hello, dec.takePlaintext());

        assertTrue(session(second.context()).isReconnect(), "server: SSL_SESSION_RECONNECT");
        assertTrue(session(r2.context()).isReconnect(), "client: SSL_SESSION_RECONNECT");
        assertArrayEquals(id, session(second.context()).getSessionId());
        org.sspijsse.sspi.CertContext local = query(second.context(), SecPkgAttr.SECPKG_ATTR_LOCAL_CERT_CONTEXT);
        assertEquals(server(KeyType.EC_P256).certificate(), local.getCertificate(),
                "a resumed server context still reports its certificate");
        AscPeer.Step flight = second.steps().stream().filter(s -> s.status() == SecStatus.SEC_I_CONTINUE_NEEDED)
                .findFirst().orElseThrow();
        assertTrue(flight.first());
    }

    @Test
    void sunJsseEnginesFromOneContextResume() {
        CredHandle sc = serverCred(0);
        SSLContext ctx = SunClients.context(null);
        byte[][] ids = new byte[2][];
        for (int i = 0; i < 2; i++) {
            EnginePeer sun = SunClients.engine(ctx, HOST, "TLSv1.2", null);
            AscPeer asc = AscPeer.of(sc);
            pump(sun::receive, asc);
            assertEquals(SecStatus.SEC_E_OK, asc.status(), asc::describe);
            assertEquals(i == 1, session(asc.context()).isReconnect(), "handshake " + i);
            ids[i] = sun.engine().getSession().getId();
        }
        assertArrayEquals(ids[0], ids[1]);
    }

    @Test
    void aServerCredentialWithDisableReconnectsNeverResumes() {
        CredHandle sc = serverCred(SchannelConstants.SCH_CRED_DISABLE_RECONNECTS);
        CredHandle cc = outbound(false);
        for (int i = 0; i < 3; i++) {
            AscPeer asc = AscPeer.of(sc);
            SspiClientLoop.Result r = handshake(cc, asc);
            assertTrue(r.isOk(), r::describe);
            assertFalse(session(asc.context()).isReconnect(), "handshake " + i);
            assertFalse(session(r.context()).isReconnect(), "handshake " + i);
            assertEquals(0, session(asc.context()).cbSessionId, "no session id is issued");
        }
        SSLContext ctx = SunClients.context(null);
        for (int i = 0; i < 2; i++) {
            EnginePeer sun = SunClients.engine(ctx, HOST, "TLSv1.2", null);
            AscPeer asc = AscPeer.of(sc);
            pump(sun::receive, asc);
            assertEquals(SecStatus.SEC_E_OK, asc.status(), asc::describe);
            assertFalse(session(asc.context()).isReconnect());
        }
    }

    @Test
    void sessionsBelongToTheServerCredentialHandle() {
        CredHandle cc = outbound(false);
        assertTrue(handshake(cc, AscPeer.of(serverCred(0))).isOk());
        AscPeer other = AscPeer.of(serverCred(0));
        SspiClientLoop.Result r = handshake(cc, other);
        assertTrue(r.isOk(), r::describe);
        assertFalse(session(other.context()).isReconnect(), "another server credential has another cache");
        assertFalse(session(r.context()).isReconnect());
    }

    @Test
    void aSessionPastTheClientsLifespanIsNotOffered() throws InterruptedException {
        CredHandle sc = serverCred(0);
        CredHandle cc = outbound(clientCredentials().setDisabledProtocols(SchannelConstants.SP_PROT_TLS1_3)
                .setSessionLifespan(20));
        assertTrue(handshake(cc, AscPeer.of(sc)).isOk());
        Thread.sleep(60);
        AscPeer asc = AscPeer.of(sc);
        SspiClientLoop.Result r = handshake(cc, asc);
        assertTrue(r.isOk(), r::describe);
        assertFalse(session(asc.context()).isReconnect());
        // And within the lifespan it is.
        CredHandle cc2 = outbound(clientCredentials().setDisabledProtocols(SchannelConstants.SP_PROT_TLS1_3)
                .setSessionLifespan(60_000));
        assertTrue(handshake(cc2, AscPeer.of(sc)).isOk());
        AscPeer asc2 = AscPeer.of(sc);
        assertTrue(handshake(cc2, asc2).isOk());
        assertTrue(session(asc2.context()).isReconnect());
    }
}
