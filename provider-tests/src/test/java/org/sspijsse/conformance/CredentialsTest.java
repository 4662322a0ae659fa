package org.sspijsse.conformance;

import static org.junit.jupiter.api.Assertions.*;
import static org.sspijsse.conformance.Isc.*;
import static org.sspijsse.sspi.SchannelConstants.*;
import static org.sspijsse.sspi.SecStatus.*;

import org.junit.jupiter.api.Test;
import org.sspijsse.sspi.CertContext;
import org.sspijsse.sspi.CredHandle;
import org.sspijsse.sspi.SchannelCredentials;
import org.sspijsse.sspi.SecPkgAttr;
import org.sspijsse.sspi.SecPkgContext;
import org.sspijsse.sspi.Sspi;
import org.sspijsse.sspi.TimeStamp;
import org.sspijsse.testsupport.Issued;
import org.sspijsse.testsupport.KeyType;
import org.sspijsse.testsupport.SunJssePeer;

/** AcquireCredentialsHandle (SSPI-FACTS.md, "Credentials"). */
class CredentialsTest {

    private static int acquire(String pkg, int use, Object auth) {
        return Sspi.acquireCredentialsHandle(null, pkg, use, auth, new CredHandle(), null);
    }

    @Test
    void acquireCredentialsHandle_statusesOfSspiFacts() {
        Issued cert = server(KeyType.EC_P256);
        assertStatus(SEC_E_SECPKG_NOT_FOUND, acquire("Kerberos", SECPKG_CRED_OUTBOUND, null), "unknown package");
        assertStatus(SEC_E_OK, acquire(UNISP_NAME, SECPKG_CRED_OUTBOUND, null), "UNISP_NAME, anonymous client");
        assertStatus(SEC_E_NO_CREDENTIALS, acquire(SCHANNEL_NAME, SECPKG_CRED_INBOUND, new SchannelCredentials()),
                "INBOUND without a certificate");
        assertStatus(SEC_E_UNKNOWN_CREDENTIALS, acquire(SCHANNEL_NAME, SECPKG_CRED_OUTBOUND,
                new SchannelCredentials().setVersion(0)), "dwVersion 0");
        assertStatus(SEC_E_NO_CREDENTIALS, acquire(SCHANNEL_NAME, SECPKG_CRED_OUTBOUND,
                new SchannelCredentials().addCertificate(new CertContext(cert.chain(), null))), "certificate without key");
        assertStatus(SEC_E_ALGORITHM_MISMATCH, acquire(SCHANNEL_NAME, SECPKG_CRED_OUTBOUND,
                new SchannelCredentials().setVersion(SCHANNEL_CRED_VERSION).setEnabledProtocols(SP_PROT_TLS1_2_SERVER)),
                "server protocol bit on OUTBOUND");
        assertStatus(SEC_E_ALGORITHM_MISMATCH, acquire(SCHANNEL_NAME, SECPKG_CRED_INBOUND,
                new SchannelCredentials().addCertificate(cert.certContext()).setVersion(SCHANNEL_CRED_VERSION)
                        .setEnabledProtocols(SP_PROT_TLS1_2_CLIENT)), "client protocol bit on INBOUND");
        assertStatus(SEC_E_OK, acquire(SCHANNEL_NAME, SECPKG_CRED_INBOUND,
                new SchannelCredentials().addCertificate(cert.certContext())), "INBOUND with certificate and key");
        assertStatus(SEC_E_INVALID_HANDLE, Sspi.acquireCredentialsHandle(null, SCHANNEL_NAME, SECPKG_CRED_OUTBOUND,
                null, null, null), "no CredHandle");
    }

    @Test
    void acquireCredentialsHandle_ptsExpiryIsCertificateNotAfter() {
        Issued cert = pki().client(KeyType.EC_P256, "expiry");
        TimeStamp ts = new TimeStamp();
        assertStatus(SEC_E_OK, Sspi.acquireCredentialsHandle(null, SCHANNEL_NAME, SECPKG_CRED_OUTBOUND,
                new SchannelCredentials().addCertificate(cert.certContext()), new CredHandle(), ts));
        assertEquals(cert.certificate().getNotAfter().toInstant(), ts.value);
    }

    @Test
    void schannelCredV4_neverNegotiatesTls13() {
        CredHandle cred = Isc.acquire(trusting().setVersion(SCHANNEL_CRED_VERSION)
                .setEnabledProtocols(SP_PROT_TLS1_2_CLIENT | SP_PROT_TLS1_3_CLIENT));
        SunJssePeer peer = SunJssePeer.server(server(KeyType.EC_P256)).build();
        Client c = new Client(cred);
        handshake(c, peer);
        assertEquals("TLSv1.2", peer.protocol());
        SecPkgContext.ConnectionInfo ci = (SecPkgContext.ConnectionInfo) query(c.ctx,
                SecPkgAttr.SECPKG_ATTR_CONNECTION_INFO);
        assertEquals(SP_PROT_TLS1_2_CLIENT, ci.dwProtocol);
    }

    @Test
    void schCredentialsV5_negotiatesTls13ByDefault() {
        SunJssePeer peer = SunJssePeer.server(server(KeyType.EC_P256)).build();
        handshake(new Client(Isc.acquire(trusting())), peer);
        assertEquals("TLSv1.3", peer.protocol());
    }

    @Test
    void initializeSecurityContext_serverRefusesOurOnlyVersion_failsIllegalMessage() {
        // The server detects it and sends protocol_version: a received fatal alert is
        // SEC_E_ILLEGAL_MESSAGE (SSPI-FACTS.md "Errors and alerts"; AlertStatusMap explains why).
        SunJssePeer peer = sunServer(KeyType.EC_P256, "TLSv1.3").build();
        Result r = new Loop(new Client(Isc.acquire("TLSv1.2")), peer::receive, Delivery.WHOLE_FLIGHTS).start();
        assertStatus(SEC_E_ILLEGAL_MESSAGE, r.status);
        assertTrue(peer.failure().getMessage().contains("protocol"), peer.failure().getMessage());
    }
}
