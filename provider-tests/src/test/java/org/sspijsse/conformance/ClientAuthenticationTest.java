package org.sspijsse.conformance;

import static org.junit.jupiter.api.Assertions.*;
import static org.sspijsse.conformance.Isc.*;
import static org.sspijsse.sspi.SecStatus.*;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sspijsse.sspi.IscReq;
import org.sspijsse.sspi.SecBuffer;
import org.sspijsse.sspi.SecBufferDesc;
import org.sspijsse.sspi.SecBufferType;
import org.sspijsse.sspi.SecPkgContext;
import org.sspijsse.sspi.SecPkgAttr;
import org.sspijsse.sspi.Sspi;
import org.sspijsse.testsupport.Issued;
import org.sspijsse.testsupport.KeyType;
import org.sspijsse.testsupport.SunJssePeer;

/**
 * Client authentication (seed page, Remarks: "If the function returns SEC_I_INCOMPLETE_CREDENTIALS
 * ... To obtain a list of the CAs trusted by the server, call the QueryContextAttributes (Schannel)
 * function and specify the SECPKG_ATTR_ISSUER_LIST_EX attribute ... the application creates a new
 * credential ... and then calling InitializeSecurityContext (Schannel) again, specifying the new
 * credential in the phCredential parameter"; ISC_REQ_USE_SUPPLIED_CREDS "Schannel must not attempt to
 * supply credentials for the client automatically"). curl's and .NET's retries (SSPI-FACTS.md).
 */
class ClientAuthenticationTest {

    static Issued clientCert() {
        return pki().client(KeyType.EC_P256, "sspi client");
    }

    static SunJssePeer server(String version, boolean need) {
        SunJssePeer.Builder b = sunServer(KeyType.EC_P256, version).trust(pki().root());
        return (need ? b.needClientAuth() : b.wantClientAuth()).build();
    }

    /** Runs to SEC_I_INCOMPLETE_CREDENTIALS and checks the issuer list. */
    static Loop toIncompleteCredentials(Client c, SunJssePeer peer) {
        Loop loop = new Loop(c, peer::receive, Delivery.WHOLE_FLIGHTS);
        Result r = loop.start();
        assertStatus(SEC_I_INCOMPLETE_CREDENTIALS, r.status);
        SecPkgContext.IssuerListInfoEx issuers = (SecPkgContext.IssuerListInfoEx) query(c.ctx,
                SecPkgAttr.SECPKG_ATTR_ISSUER_LIST_EX);
        assertTrue(Arrays.asList(issuers.getIssuers()).contains(pki().root().getSubjectX500Principal()),
                "ISSUER_LIST_EX lists the server's CA: " + issuers);
        return loop;
    }

    /** After SEC_I_INCOMPLETE_CREDENTIALS: the loop's input minus what that call consumed. */
    static void dropConsumed(Loop loop) {
        Result stop = loop.steps.get(loop.steps.size() - 1);
        int consumed = loop.lastInput.length - stop.extra();
        loop.inbox = Arrays.copyOfRange(loop.inbox, consumed, loop.inbox.length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void initializeSecurityContext_newCredentialWithEmptyInput_sendsCertificate_dotNetStyle(String version)
            throws Exception {
        for (boolean need : new boolean[] {true, false}) {
            SunJssePeer peer = server(version, need);
            Client c = new Client(acquire(version));
            Loop loop = toIncompleteCredentials(c, peer);
            dropConsumed(loop);
            c.cred = acquire(only(trusting().addCertificate(clientCert().certContext()), version));
            loop.lastInput = new byte[0];
            Result r = c.call(new SecBufferDesc(new SecBuffer(SecBufferType.SECBUFFER_TOKEN, new byte[0]),
                    SecBuffer.empty()));
            assertTrue(r.status == SEC_I_CONTINUE_NEEDED || r.status == SEC_E_OK, r.toString());
            assertTrue(r.token.length > 0, "the certificate flight");
            loop.steps.add(r);
            loop.inbox = concat(loop.inbox, peer.receive(r.token));
            if (r.status != SEC_E_OK) {
                assertStatus(SEC_E_OK, loop.run().status);
            }
            assertTrue(peer.isHandshakeDone(), "need=" + need + " " + peer.failure());
            assertEquals(new X500Principal(clientCert().certificate().getSubjectX500Principal().getName()),
                    peer.engine().getSession().getPeerPrincipal());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void initializeSecurityContext_sameInputWithUseSuppliedCreds_goesOnWithoutCertificate_curlStyle(String version) {
        for (boolean need : new boolean[] {false, true}) {
            SunJssePeer peer = server(version, need);
            Client c = new Client(acquire(version));
            Loop loop = toIncompleteCredentials(c, peer);
            c.req |= IscReq.ISC_REQ_USE_SUPPLIED_CREDS;
            // The same input again: the records consumed before are recognised and skipped.
            Result r = c.call(loop.lastInput);
            loop.steps.add(r);
            assertTrue(r.status == SEC_I_CONTINUE_NEEDED || r.status == SEC_E_OK, r.toString());
            loop.consumed(r);
            Result end = r.status == SEC_E_OK ? r : loop.run();
            if (!need) {
                assertStatus(SEC_E_OK, end.status);
                assertTrue(peer.isHandshakeDone());
                assertThrows(SSLPeerUnverifiedException.class, () -> peer.engine().getSession().getPeerPrincipal());
            } else {
                // The server refuses with an alert: TLS 1.3 after our Finished (seen by DecryptMessage),
                // TLS 1.2 in its reply to our flight.
                assertNotNull(peer.failure(), "SunJSSE requires a certificate");
                if (end.status == SEC_E_OK) {
                    int st = Sspi.decryptMessage(c.ctx, decryptDesc(loop.inbox), 0, null);
                    assertStatus(SEC_E_ILLEGAL_MESSAGE, st, "the server's fatal alert");
                } else {
                    assertStatus(SEC_E_ILLEGAL_MESSAGE, end.status, "the server's fatal alert");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void initializeSecurityContext_useSuppliedCredsFromStart_neverReturnsIncompleteCredentials(String version) {
        SunJssePeer peer = server(version, false);
        Client c = new Client(acquire(version), "localhost", CURL_REQ | IscReq.ISC_REQ_USE_SUPPLIED_CREDS);
        Loop loop = handshake(c, peer, Delivery.ONE_RECORD);
        for (Result r : loop.steps) {
            assertNotEquals(SEC_I_INCOMPLETE_CREDENTIALS, r.status);
        }
        assertTrue(peer.isHandshakeDone());
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void initializeSecurityContext_credentialWithSelector_answersInsideHandshake(String version) throws Exception {
        SunJssePeer peer = server(version, true);
        AtomicInteger calls = new AtomicInteger();
        Client c = new Client(acquire(only(trusting().setClientCertificateSelector((types, issuers) -> {
            calls.incrementAndGet();
            assertTrue(Arrays.asList(issuers).contains(pki().root().getSubjectX500Principal()));
            return clientCert().certContext();
        }), version)));
        Loop loop = handshake(c, peer, Delivery.ONE_RECORD);
        assertEquals(1, calls.get());
        assertTrue(peer.isHandshakeDone());
        assertNotNull(peer.engine().getSession().getPeerPrincipal());
        assertNotNull(loop);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void initializeSecurityContext_certificateInCredentialFromStart_isSentWithoutIncompleteCredentials(
            String version) throws Exception {
        SunJssePeer peer = server(version, true);
        Client c = new Client(acquire(only(trusting().addCertificate(clientCert().certContext()), version)));
        handshake(c, peer);
        assertTrue(peer.isHandshakeDone());
        assertNotNull(peer.engine().getSession().getPeerPrincipal());
    }

    /**
     * SEC_I_INCOMPLETE_CREDENTIALS parks no thread: the handshake waits as data in the context (the
     * server's Finished held back), and DeleteSecurityContext simply ends it.
     */
    @Test
    void waitingForCredentials_parksNoThread_andDeleteSecurityContextEndsIt() throws Exception {
        int before = Thread.activeCount();
        SunJssePeer peer = server("TLSv1.3", true);
        Client c = new Client(acquire("TLSv1.3"));
        String caller = Thread.currentThread().getName();
        toIncompleteCredentials(c, peer);
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            for (StackTraceElement el : t.getStackTrace()) {
                assertFalse(el.getClassName().startsWith("org.sspijsse.schannel") && !t.getName().equals(caller),
                        () -> "a thread inside the package while waiting for credentials: " + t.getName());
            }
        }
        assertTrue(Thread.activeCount() <= before + 1, "no thread started for the wait");
        assertStatus(SEC_E_OK, Sspi.deleteSecurityContext(c.ctx));
        assertStatus(SEC_E_INVALID_HANDLE, c.call(new byte[5]).status);
    }
}
