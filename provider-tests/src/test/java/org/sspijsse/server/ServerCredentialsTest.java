package org.sspijsse.server;

import static org.junit.jupiter.api.Assertions.*;
import static org.sspijsse.server.Fixtures.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sspijsse.sspi.CertContext;
import org.sspijsse.sspi.CredHandle;
import org.sspijsse.sspi.SchannelConstants;
import org.sspijsse.sspi.SchannelCredentials;
import org.sspijsse.sspi.SecStatus;
import org.sspijsse.sspi.Sspi;
import org.sspijsse.sspi.TimeStamp;
import org.sspijsse.testsupport.Issued;
import org.sspijsse.testsupport.KeyType;

/** Issue 3, item 1: AcquireCredentialsHandle(SECPKG_CRED_INBOUND) and what it refuses. */
class ServerCredentialsTest {

    private static int acquireInbound(SchannelCredentials c, CredHandle h, TimeStamp expiry) {
        return Sspi.acquireCredentialsHandle(null, SchannelConstants.SCHANNEL_NAME, SchannelConstants.SECPKG_CRED_INBOUND,
                c, h, expiry);
    }

    @Test
    void anInboundCredentialWithoutACertificateIsSecENoCredentials() {
        CredHandle h = new CredHandle();
        assertEquals(SecStatus.SEC_E_NO_CREDENTIALS, acquireInbound(new SchannelCredentials(), h, new TimeStamp()));
        assertFalse(h.isValid());
        assertEquals(SecStatus.SEC_E_NO_CREDENTIALS, acquireInbound(null, h, new TimeStamp()),
                "no SCHANNEL_CRED at all: no certificate either");
    }

    @Test
    void aCertificateWithoutItsPrivateKeyIsSecENoCredentials() {
        CredHandle h = new CredHandle();
        Issued cert = server(KeyType.EC_P256);
        SchannelCredentials c = new SchannelCredentials().addCertificate(new CertContext(cert.chain(), null));
        assertEquals(SecStatus.SEC_E_NO_CREDENTIALS, acquireInbound(c, h, new TimeStamp()));
        assertFalse(h.isValid());
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void everyKeyTypeMakesAnInboundCredentialThatExpiresWithItsCertificate(KeyType type) {
        Issued cert = server(type);
        CredHandle h = new CredHandle();
        TimeStamp expiry = new TimeStamp();
        assertEquals(SecStatus.SEC_E_OK, acquireInbound(new SchannelCredentials().addCertificate(cert.certContext()), h, expiry));
        assertTrue(h.isValid());
        assertEquals(cert.certificate().getNotAfter().toInstant(), expiry.value);
        assertEquals(SecStatus.SEC_E_OK, Sspi.freeCredentialsHandle(h));
    }

    @Test
    void severalCertificatesMakeOneCredential() {
        SchannelCredentials c = new SchannelCredentials();
        for (KeyType t : KeyType.values()) {
            c.addCertificate(server(t).certContext());
        }
        CredHandle h = new CredHandle();
        assertEquals(SecStatus.SEC_E_OK, acquireInbound(c, h, new TimeStamp()));
        assertEquals(SecStatus.SEC_E_OK, Sspi.freeCredentialsHandle(h));
    }

    @Test
    void anOutboundOnlyCredentialCannotAccept() {
        CredHandle client = outbound(true);
        AscPeer asc = AscPeer.of(client);
        byte[] hello = org.sspijsse.testsupport.SspiClientLoop.builder(outbound(true)).run(b -> new byte[0])
                .steps().get(0).output();
        asc.receive(hello);
        assertEquals(SecStatus.SEC_E_NO_CREDENTIALS, asc.status(), asc::describe);
        assertFalse(asc.context().isValid());
    }
}
