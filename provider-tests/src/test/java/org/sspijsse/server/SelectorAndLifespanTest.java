package org.sspijsse.server;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sspijsse.sspi.*;
import org.sspijsse.testsupport.*;

/**
 * A server credential whose certificate is chosen per connection by a ServerCertificateSelector
 * (the hook an X509KeyManager is adapted to), and the server side of dwSessionLifespan.
 */
class SelectorAndLifespanTest {
    private static final TestPki PKI = TestPki.create();

    private static CredHandle acquire(int use, SchannelCredentials c) {
        CredHandle h = new CredHandle();
        assertEquals(SecStatus.SEC_E_OK, Sspi.acquireCredentialsHandle(null, "Schannel", use, c, h, null));
        return h;
    }

    private static CredHandle client(int disabled) {
        return acquire(SchannelConstants.SECPKG_CRED_OUTBOUND, new SchannelCredentials().setDisabledProtocols(disabled)
                .setValidator(PkixCertificateValidator.trusting(PKI.root())));
    }

    private record Seen(String serverName, List<String> keyTypes) {
    }

    @ParameterizedTest(name = "TLS 1.{0}")
    @ValueSource(ints = {2, 3})
    void selector_choosesTheCertificateForTheClientsServerName(int minor) {
        Issued a = PKI.server(KeyType.EC_P256, "a.example");
        Issued b = PKI.server(KeyType.EC_P256, "b.example");
        List<Seen> seen = new ArrayList<>();
        CredHandle server = acquire(SchannelConstants.SECPKG_CRED_INBOUND, new SchannelCredentials()
                .setServerCertificateSelector((name, types, issuers) -> {
                    seen.add(new Seen(name, Arrays.asList(types)));
                    return "b.example".equals(name) ? b.certContext() : a.certContext();
                }));
        SspiServerPeer asc = new SspiServerPeer(server);
        SspiClientLoop.Result r = SspiClientLoop.builder(client(minor == 2 ? SchannelConstants.SP_PROT_TLS1_3
                : SchannelConstants.SP_PROT_TLS1_2)).targetName("b.example").run(asc::receive);
        assertTrue(r.isOk(), r::describe);
        assertEquals(SecStatus.SEC_E_OK, asc.status());
        assertFalse(seen.isEmpty());
        assertEquals("b.example", seen.get(0).serverName());
        assertTrue(seen.get(0).keyTypes().contains("EC"), seen.toString());
        Holder<Object> h = new Holder<>();
        assertEquals(SecStatus.SEC_E_OK, Sspi.queryContextAttributes(r.context(), SecPkgAttr.SECPKG_ATTR_REMOTE_CERT_CONTEXT, h));
        assertEquals(b.certificate(), ((CertContext) h.value).getCertificate());
    }

    @Test
    void selector_forAnRsaOnlyTls12Client_isAskedForRsaKeys() {
        Issued rsa = PKI.server(KeyType.RSA_2048, "localhost");
        List<Seen> seen = new ArrayList<>();
        CredHandle server = acquire(SchannelConstants.SECPKG_CRED_INBOUND, new SchannelCredentials()
                .setServerCertificateSelector((name, types, issuers) -> {
                    seen.add(new Seen(name, Arrays.asList(types)));
                    return Arrays.asList(types).contains("RSA") ? rsa.certContext() : null;
                }));
        CredHandle client = acquire(SchannelConstants.SECPKG_CRED_OUTBOUND, new SchannelCredentials()
                .setCipherSuites(List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"))
                .setValidator(PkixCertificateValidator.trusting(PKI.root())));
        SspiServerPeer asc = new SspiServerPeer(server);
        SspiClientLoop.Result r = SspiClientLoop.builder(client).targetName("localhost").run(asc::receive);
        assertTrue(r.isOk(), r::describe);
        assertEquals(List.of("RSA", "RSASSA-PSS"), seen.get(0).keyTypes());
        assertEquals(1, seen.size(), "asked once per handshake and key-type set");
    }

    @Test
    void selector_returningNothing_failsTheHandshakeWithHandshakeFailure() {
        CredHandle server = acquire(SchannelConstants.SECPKG_CRED_INBOUND,
                new SchannelCredentials().setServerCertificateSelector((name, types, issuers) -> null));
        SspiServerPeer asc = new SspiServerPeer(server);
        SspiClientLoop.Result r = SspiClientLoop.builder(client(0)).targetName("localhost").run(asc::receive);
        assertTrue(SecStatus.failed(r.status()), r::describe);
        assertEquals(SecStatus.SEC_E_ALGORITHM_MISMATCH, asc.status(), "handshake_failure raised by the server");
    }

    @Test
    void inboundCredential_withNeitherCertificateNorSelector_hasNoCredentials() {
        CredHandle h = new CredHandle();
        assertEquals(SecStatus.SEC_E_NO_CREDENTIALS, Sspi.acquireCredentialsHandle(null, "Schannel",
                SchannelConstants.SECPKG_CRED_INBOUND, new SchannelCredentials(), h, null));
    }

    private static boolean resumedTls12(CredHandle server, CredHandle client) {
        SspiServerPeer asc = new SspiServerPeer(server);
        SspiClientLoop.Result r = SspiClientLoop.builder(client).targetName("localhost").run(asc::receive);
        assertTrue(r.isOk(), r::describe);
        Holder<Object> h = new Holder<>();
        assertEquals(SecStatus.SEC_E_OK, Sspi.queryContextAttributes(asc.context(), SecPkgAttr.SECPKG_ATTR_SESSION_INFO, h));
        return ((SecPkgContext.SessionInfo) h.value).isReconnect();
    }

    @Test
    void serverSessionLifespan_aSessionIsResumedBeforeItAndNotAfter() throws Exception {
        CredHandle server = acquire(SchannelConstants.SECPKG_CRED_INBOUND, new SchannelCredentials()
                .addCertificate(PKI.server(KeyType.EC_P256, "localhost").certContext()).setSessionLifespan(1500));
        CredHandle client = client(SchannelConstants.SP_PROT_TLS1_3);
        assertFalse(resumedTls12(server, client));
        assertTrue(resumedTls12(server, client), "within the server's lifespan");
        Thread.sleep(1700);
        assertFalse(resumedTls12(server, client), "the server's cache entry expired");
    }

    @Test
    void serverSessionLifespan_negative_neverResumes() {
        CredHandle server = acquire(SchannelConstants.SECPKG_CRED_INBOUND, new SchannelCredentials()
                .addCertificate(PKI.server(KeyType.EC_P256, "localhost").certContext()).setSessionLifespan(-1));
        CredHandle client = client(SchannelConstants.SP_PROT_TLS1_3);
        assertFalse(resumedTls12(server, client));
        assertFalse(resumedTls12(server, client));
    }
}
