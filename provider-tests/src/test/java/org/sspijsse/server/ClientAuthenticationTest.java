package org.sspijsse.server;

import static org.junit.jupiter.api.Assertions.*;
import static org.sspijsse.server.Fixtures.*;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sspijsse.sspi.AscReq;
import org.sspijsse.sspi.AscRet;
import org.sspijsse.sspi.CertContext;
import org.sspijsse.sspi.CredHandle;
import org.sspijsse.sspi.IscReq;
import org.sspijsse.sspi.SecPkgAttr;
import org.sspijsse.sspi.SecPkgContext;
import org.sspijsse.sspi.SecStatus;
import org.sspijsse.testsupport.Issued;
import org.sspijsse.testsupport.KeyType;
import org.sspijsse.testsupport.SspiClientLoop;
import org.sspijsse.testsupport.SspiClientLoop.Delivery;
import org.sspijsse.testsupport.SspiStreams;
import org.sspijsse.testsupport.TestPki;

/**
 * Issue 3, item 3: ASC_REQ_MUTUAL_AUTH asks for a client certificate naming the validator's
 * accepted issuers; a missing certificate, an untrusted one, and the optional mode
 * (ASC_REQ_ALLOW_NULL_SESSION); SECPKG_ATTR_REMOTE_CERT_CONTEXT and ASC_RET_MUTUAL_AUTH.
 * TLS 1.3 alerts after the ServerHello are protected: their description is read by a SunJSSE client.
 */
class ClientAuthenticationTest {
    static final int REQUIRE = AscPeer.DEFAULT_REQ | AscReq.ASC_REQ_MUTUAL_AUTH;
    static final int OPTIONAL = REQUIRE | AscReq.ASC_REQ_ALLOW_NULL_SESSION;

    private static AscPeer server(int req) {
        return new AscPeer(inbound(Fixtures.server(KeyType.EC_P256)), Delivery.WHOLE_FLIGHTS, req, true);
    }

    private static CredHandle clientWith(Issued cert, boolean tls13) {
        return outbound(clientCredentials().addCertificate(cert.certContext())
                .setDisabledProtocols(tls13 ? 0 : org.sspijsse.sspi.SchannelConstants.SP_PROT_TLS1_3));
    }

    private static String protocol(boolean tls13) {
        return tls13 ? "TLSv1.3" : "TLSv1.2";
    }

    /** SunJSSE key manager that records the issuers of the CertificateRequest and offers {@code cert}. */
    static final class RecordingKeyManager extends X509ExtendedKeyManager {
        final Issued cert;
        volatile Principal[] issuers;
        volatile boolean asked;

        RecordingKeyManager(Issued cert) {
            this.cert = cert;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            this.asked = true;
            this.issuers = issuers;
            return cert == null ? null : "key";
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return chooseEngineClientAlias(keyType, issuers, null);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return cert == null ? null : cert.chain();
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return cert == null ? null : cert.key();
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return cert == null ? null : new String[] {"key"};
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }

    @ParameterizedTest(name = "TLS 1.{0}")
    @ValueSource(ints = {2, 3})
    void ourClientSeesTheAcceptedIssuersAndAMissingCertificateFailsTheServer(int minor) {
        boolean tls13 = minor == 3;
        AscPeer asc = server(REQUIRE);
        SspiClientLoop.Result stop = SspiClientLoop.builder(outbound(tls13)).targetName(HOST).run(asc::receive);
        assertEquals(SecStatus.SEC_I_INCOMPLETE_CREDENTIALS, stop.status(), stop::describe);
        SecPkgContext.IssuerListInfoEx list = query(stop.context(), SecPkgAttr.SECPKG_ATTR_ISSUER_LIST_EX);
        assertArrayEquals(new X500Principal[] {PKI.root().getSubjectX500Principal()}, list.getIssuers(),
                "the CA names are those of the validator's getAcceptedIssuers()");

        AscPeer asc2 = server(REQUIRE);
        SspiClientLoop.Result r = SspiClientLoop.builder(outbound(tls13)).targetName(HOST).retryWithSuppliedCreds()
                .run(asc2::receive);
        assertEquals(SecStatus.SEC_E_NO_CREDENTIALS, asc2.status(), asc2::describe);
        assertEquals(0, asc2.lastStep().token().length);
        if (tls13) {
            assertTrue(protectedAlert(asc2.alert()), "a protected alert record in the ALERT buffer");
            // The client finished first (TLS 1.3); it meets the alert in DecryptMessage.
            assertTrue(r.isOk(), r::describe);
            assertEquals(SecStatus.SEC_E_ILLEGAL_MESSAGE, SspiStreams.decryptor(r.context()).feed(r.leftover()));
        } else {
            assertEquals(40, plainAlert(asc2.alert()), "handshake_failure (RFC 5246 §7.4.6)");
            assertEquals(SecStatus.SEC_E_ILLEGAL_MESSAGE, r.status(), r::describe);
        }
    }

    @ParameterizedTest(name = "TLS 1.{0}")
    @ValueSource(ints = {2, 3})
    void sunJsseSeesTheIssuersAndItsCertificateIsTheServersRemoteCertContext(int minor) {
        Issued alice = clientCert();
        RecordingKeyManager km = new RecordingKeyManager(alice);
        EnginePeer sun = SunClients.engine(SunClients.context(km), HOST, protocol(minor == 3), null);
        AscPeer asc = server(REQUIRE);
        pump(sun::receive, asc);
        assertEquals(SecStatus.SEC_E_OK, asc.status(), () -> asc.describe() + " " + sun.failure());
        assertTrue(Arrays.asList(km.issuers).contains(PKI.root().getSubjectX500Principal()),
                () -> "issuers seen by the key manager: " + Arrays.toString(km.issuers));
        CertContext remote = query(asc.context(), SecPkgAttr.SECPKG_ATTR_REMOTE_CERT_CONTEXT);
        assertArrayEquals(alice.chain(), remote.getChain());
        assertNull(remote.getPrivateKey());
        assertEquals(AscRet.ASC_RET_MUTUAL_AUTH, asc.lastStep().attr() & AscRet.ASC_RET_MUTUAL_AUTH);
    }

    @ParameterizedTest(name = "TLS 1.{0}")
    @ValueSource(ints = {2, 3})
    void ourClientsCertificateGivesMutualAuthOnlyAtSecEOk(int minor) {
        Issued alice = clientCert();
        AscPeer asc = server(REQUIRE);
        SspiClientLoop.Result r = handshake(clientWith(alice, minor == 3), asc);
        assertTrue(r.isOk(), r::describe);
        assertEquals(SecStatus.SEC_E_OK, asc.status(), asc::describe);
        assertEquals(AscPeer.ALWAYS | AscRet.ASC_RET_ALLOCATED_MEMORY | AscRet.ASC_RET_MUTUAL_AUTH, asc.lastStep().attr());
        assertTrue(asc.steps().stream().filter(s -> s.status() == SecStatus.SEC_I_CONTINUE_NEEDED)
                .noneMatch(s -> (s.attr() & AscRet.ASC_RET_MUTUAL_AUTH) != 0));
        CertContext remote = query(asc.context(), SecPkgAttr.SECPKG_ATTR_REMOTE_CERT_CONTEXT);
        assertArrayEquals(alice.chain(), remote.getChain());
    }

    @ParameterizedTest(name = "TLS 1.{0}")
    @ValueSource(ints = {2, 3})
    void aRequiredCertificateThatIsMissingIsCertificateRequiredOrHandshakeFailureOnTheWire(int minor) {
        boolean tls13 = minor == 3;
        RecordingKeyManager km = new RecordingKeyManager(null);
        EnginePeer sun = SunClients.engine(SunClients.context(km), HOST, protocol(tls13), null);
        AscPeer asc = server(REQUIRE);
        pump(sun::receive, asc);
        assertTrue(km.asked);
        assertEquals(SecStatus.SEC_E_NO_CREDENTIALS, asc.status(), asc::describe);
        assertFalse(asc.context().isValid() && asc.lastStep().token().length > 0);
        sun.receive(new byte[0]);
        assertNotNull(sun.failure(), "SunJSSE received the alert");
        String expected = tls13 ? "certificate_required" : "handshake_failure";
        assertTrue(sun.failure().getMessage().contains(expected), sun.failure()::toString);
        if (!tls13) {
            assertEquals(40, plainAlert(asc.alert()));
        }
    }

    @ParameterizedTest(name = "TLS 1.{0}")
    @ValueSource(ints = {2, 3})
    void anUntrustedClientCertificateIsSecEUntrustedRootWithUnknownCa(int minor) {
        boolean tls13 = minor == 3;
        Issued mallory = PKI.client(KeyType.EC_P256, TestPki.Variant.UNTRUSTED_CA, "mallory");
        AscPeer asc = server(REQUIRE);
        // Schannel offers a certificate from a CA outside the request only with ISC_REQ_USE_SUPPLIED_CREDS.
        SspiClientLoop.Result r = SspiClientLoop.builder(clientWith(mallory, tls13)).targetName(HOST)
                .contextReq(SspiClientLoop.DEFAULT_REQ | IscReq.ISC_REQ_USE_SUPPLIED_CREDS).run(asc::receive);
        assertEquals(SecStatus.SEC_E_UNTRUSTED_ROOT, asc.status(), asc::describe);
        if (tls13) {
            assertTrue(protectedAlert(asc.alert()));
            EnginePeer sun = SunClients.engine(SunClients.context(new RecordingKeyManager(mallory)), HOST, "TLSv1.3", null);
            AscPeer asc2 = server(REQUIRE);
            pump(sun::receive, asc2);
            assertEquals(SecStatus.SEC_E_UNTRUSTED_ROOT, asc2.status(), asc2::describe);
            sun.receive(new byte[0]);
            assertNotNull(sun.failure());
            assertTrue(sun.failure().getMessage().contains("unknown_ca"), sun.failure()::toString);
        } else {
            assertEquals(48, plainAlert(asc.alert()), "unknown_ca");
            assertEquals(SecStatus.SEC_E_ILLEGAL_MESSAGE, r.status(), r::describe);
        }
    }

    @ParameterizedTest(name = "TLS 1.{0}")
    @ValueSource(ints = {2, 3})
    void withAllowNullSessionTheCertificateIsOptional(int minor) {
        boolean tls13 = minor == 3;
        AscPeer none = server(OPTIONAL);
        SspiClientLoop.Result r = SspiClientLoop.builder(outbound(tls13)).targetName(HOST).retryWithSuppliedCreds()
                .run(none::receive);
        assertTrue(r.isOk(), r::describe);
        assertEquals(SecStatus.SEC_E_OK, none.status(), none::describe);
        assertEquals(0, none.lastStep().attr() & AscRet.ASC_RET_MUTUAL_AUTH);
        assertEquals(SecStatus.SEC_E_NO_CREDENTIALS, queryStatus(none.context(), SecPkgAttr.SECPKG_ATTR_REMOTE_CERT_CONTEXT),
                "no client certificate: no remote certificate context");

        AscPeer some = server(OPTIONAL);
        SspiClientLoop.Result r2 = handshake(clientWith(clientCert(), tls13), some);
        assertTrue(r2.isOk(), r2::describe);
        assertEquals(AscRet.ASC_RET_MUTUAL_AUTH, some.lastStep().attr() & AscRet.ASC_RET_MUTUAL_AUTH);
        CertContext remote = query(some.context(), SecPkgAttr.SECPKG_ATTR_REMOTE_CERT_CONTEXT);
        assertEquals(clientCert().certificate(), remote.getCertificate());
    }
}
