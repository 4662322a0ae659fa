package org.sspijsse.conformance;

import static org.junit.jupiter.api.Assertions.*;
import static org.sspijsse.conformance.Isc.*;
import static org.sspijsse.sspi.SecStatus.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sspijsse.sspi.CertContext;
import org.sspijsse.sspi.IscReq;
import org.sspijsse.sspi.IscRet;
import org.sspijsse.sspi.SchannelConstants;
import org.sspijsse.sspi.SchannelCredentials;
import org.sspijsse.sspi.SecBuffer;
import org.sspijsse.sspi.SecBufferDesc;
import org.sspijsse.sspi.SecBufferType;
import org.sspijsse.sspi.SecPkgAttr;
import org.sspijsse.sspi.Sspi;
import org.sspijsse.testsupport.Issued;
import org.sspijsse.testsupport.KeyType;
import org.sspijsse.testsupport.SunJssePeer;
import org.sspijsse.testsupport.TestPki.Variant;

/**
 * Server authentication (seed page: pszTargetName "Schannel uses this value to verify the server
 * certificate"; SEC_E_WRONG_PRINCIPAL; ISC_REQ_MANUAL_CRED_VALIDATION "Schannel must not authenticate
 * the server automatically"; SECBUFFER_ALERT "if an alert is generated, this buffer contains
 * information about that alert, and the function fails").
 */
class ServerAuthenticationTest {

    static Stream<Arguments> failures() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (String v : new String[] {"TLSv1.3", "TLSv1.2"}) {
            b.add(Arguments.of(v, Variant.GOOD, "wrong.example", SEC_E_WRONG_PRINCIPAL, 42, "bad_certificate"));
            b.add(Arguments.of(v, Variant.UNTRUSTED_CA, "localhost", SEC_E_UNTRUSTED_ROOT, 48, "unknown_ca"));
            b.add(Arguments.of(v, Variant.SELF_SIGNED, "localhost", SEC_E_UNTRUSTED_ROOT, 48, "unknown_ca"));
            b.add(Arguments.of(v, Variant.EXPIRED, "localhost", SEC_E_CERT_EXPIRED, 45, "certificate_expired"));
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} {1} target {2}")
    @MethodSource("failures")
    void initializeSecurityContext_rejectedServerCertificate_failsWithStatusAndAlertReachingServer(String version,
            Variant variant, String target, int status, int alert, String alertName) {
        Issued cert = pki().server(KeyType.EC_P256, variant);
        SunJssePeer peer = SunJssePeer.server(cert).protocols(version).build();
        Client c = new Client(acquire(version), target, CURL_REQ);
        Loop loop = new Loop(c, peer::receive, Delivery.WHOLE_FLIGHTS);
        Result r = loop.start();
        assertStatus(status, r.status);
        byte[] a = r.alertBytes();
        assertAlertRecord(a, version, alert);
        assertEquals(0, r.token.length, "the alert goes to the ALERT buffer");
        peer.receive(a);
        assertNotNull(peer.failure(), "SunJSSE saw the alert");
        assertTrue(peer.failure().getMessage().contains(alertName), peer.failure().getMessage());
        // Sticky: the next ISC gives the same status.
        assertStatus(status, c.call(new byte[] {0x16, 3, 3, 0, 1, 0}).status, "sticky failure");
    }

    /** TLS 1.2: a plaintext fatal alert; TLS 1.3: one protected record (type 23, 2 + 1 + 16 bytes). */
    static void assertAlertRecord(byte[] a, String version, int description) {
        List<byte[]> recs = records(a);
        assertFalse(recs.isEmpty(), "an alert record in the ALERT buffer");
        byte[] last = recs.get(recs.size() - 1);
        if (version.equals("TLSv1.2")) {
            assertArrayEquals(new byte[] {0x15, 3, 3, 0, 2, 2, (byte) description}, last);
        } else {
            assertEquals(0x17, last[0] & 0xFF);
            assertEquals(5 + 2 + 1 + 16, last.length);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void initializeSecurityContext_noServernameCheckFlag_acceptsOtherName(String version) {
        SunJssePeer peer = sunServer(KeyType.EC_P256, version).build();
        Client c = new Client(acquire(only(trusting().setFlags(SchannelConstants.SCH_CRED_NO_SERVERNAME_CHECK),
                version)), "wrong.example", CURL_REQ);
        handshake(c, peer);
        assertTrue(peer.isHandshakeDone());
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void initializeSecurityContext_defaultValidatorWithoutTrust_failsUntrustedRoot(String version) {
        // No validator given: PKIX over the JDK's cacerts, which does not know the test root.
        SunJssePeer peer = sunServer(KeyType.EC_P256, version).build();
        Client c = new Client(acquire(only(new SchannelCredentials(), version)));
        Result r = new Loop(c, peer::receive, Delivery.WHOLE_FLIGHTS).start();
        assertStatus(SEC_E_UNTRUSTED_ROOT, r.status);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void initializeSecurityContext_manualCredValidationRequest_completesAndExposesRemoteCertificate(String version) {
        Issued untrusted = pki().server(KeyType.EC_P256, Variant.UNTRUSTED_CA);
        SunJssePeer peer = SunJssePeer.server(untrusted).protocols(version).build();
        int req = CURL_REQ | IscReq.ISC_REQ_MANUAL_CRED_VALIDATION;
        Client c = new Client(acquire(version), "localhost", req);
        Result r = handshake(c, peer).steps.get(1);
        assertEquals(req, r.attr, "MANUAL_CRED_VALIDATION returned as requested");
        CertContext remote = (CertContext) query(c.ctx, SecPkgAttr.SECPKG_ATTR_REMOTE_CERT_CONTEXT);
        assertEquals(untrusted.certificate(), remote.getCertificate());
        assertNull(remote.getPrivateKey());
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void initializeSecurityContext_manualValidationThenRejectWithAlert_sendsBadCertificate(String version) {
        Issued untrusted = pki().server(KeyType.EC_P256, Variant.UNTRUSTED_CA);
        SunJssePeer peer = SunJssePeer.server(untrusted).protocols(version).build();
        Client c = new Client(acquire(only(trusting().setFlags(SchannelConstants.SCH_CRED_MANUAL_CRED_VALIDATION),
                version)));
        Loop loop = handshake(c, peer);
        CertContext remote = (CertContext) query(c.ctx, SecPkgAttr.SECPKG_ATTR_REMOTE_CERT_CONTEXT);
        assertEquals(untrusted.chain().length, remote.getChainLength());
        // The caller rejects it: SCHANNEL_ALERT fatal bad_certificate, then ISC makes the token.
        ByteBuffer t = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        t.putInt(SchannelConstants.SCHANNEL_ALERT).putInt(SchannelConstants.TLS1_ALERT_FATAL).putInt(42);
        assertStatus(SEC_E_OK, Sspi.applyControlToken(c.ctx,
                new SecBufferDesc(new SecBuffer(SecBufferType.SECBUFFER_TOKEN, t.array()))));
        Result r = c.call((SecBufferDesc) null);
        assertStatus(SEC_E_OK, r.status);
        assertTrue(r.token.length > 0);
        peer.receive(r.token);
        assertNotNull(peer.failure(), "SunJSSE saw the alert");
        assertTrue(peer.failure().getMessage().contains("bad_certificate"), peer.failure().getMessage());
        assertNotNull(loop);
    }
}
