package org.sspijsse.conformance;

import static org.junit.jupiter.api.Assertions.*;
import static org.sspijsse.conformance.Isc.*;
import static org.sspijsse.sspi.SecStatus.*;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sspijsse.sspi.IscReq;
import org.sspijsse.sspi.IscRet;
import org.sspijsse.testsupport.Issued;
import org.sspijsse.testsupport.KeyType;
import org.sspijsse.testsupport.SunJssePeer;

/**
 * fContextReq and pfContextAttr (seed page: "The pfContextAttributes parameter is valid on any
 * successful return"; SSPI-FACTS.md: 0x801C always, plus USED_SUPPLIED_CREDS, ALLOCATED_MEMORY,
 * MANUAL_CRED_VALIDATION and EXTENDED_ERROR where requested; curl's 0x811C comes back exactly) and
 * ptsExpiry (the server certificate's notAfter at SEC_E_OK).
 */
class ContextRequirementsTest {

    static Stream<Arguments> requests() {
        return Stream.of(
                Arguments.of(0, ALWAYS),
                Arguments.of(CURL_REQ, 0x811C),
                Arguments.of(CURL_REQ | IscReq.ISC_REQ_USE_SUPPLIED_CREDS, 0x819C),
                Arguments.of(IscReq.ISC_REQ_ALLOCATE_MEMORY, ALWAYS | IscRet.ISC_RET_ALLOCATED_MEMORY),
                Arguments.of(IscReq.ISC_REQ_USE_SUPPLIED_CREDS, ALWAYS | IscRet.ISC_RET_USED_SUPPLIED_CREDS),
                Arguments.of(IscReq.ISC_REQ_MANUAL_CRED_VALIDATION, ALWAYS | IscRet.ISC_RET_MANUAL_CRED_VALIDATION),
                Arguments.of(IscReq.ISC_REQ_EXTENDED_ERROR, ALWAYS | IscRet.ISC_RET_EXTENDED_ERROR),
                // INTEGRITY is accepted and changes nothing (Schannel streams have no separate signing).
                Arguments.of(IscReq.ISC_REQ_INTEGRITY, ALWAYS));
    }

    @ParameterizedTest(name = "req 0x{0}")
    @MethodSource("requests")
    void initializeSecurityContext_everySuccessfulReturn_reportsAlwaysFlagsPlusRequestedOnes(int req, int expected) {
        for (String version : new String[] {"TLSv1.3", "TLSv1.2"}) {
            SunJssePeer peer = sunServer(KeyType.EC_P256, version).build();
            Client c = new Client(acquire(version), "localhost", req);
            Loop loop = handshake(c, peer, Delivery.ONE_RECORD);
            for (Result r : loop.steps) {
                assertEquals(Integer.toHexString(expected), Integer.toHexString(r.attr),
                        version + " pfContextAttr at " + r);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void initializeSecurityContext_atSecEOk_ptsExpiryIsServerCertificateNotAfter(String version) {
        for (KeyType k : new KeyType[] {KeyType.EC_P256, KeyType.RSA_2048}) {
            Issued cert = server(k);
            Client c = new Client(acquire(version));
            Loop loop = handshake(c, SunJssePeer.server(cert).protocols(version).build());
            Result last = loop.steps.get(loop.steps.size() - 1);
            assertEquals(cert.certificate().getNotAfter().toInstant(), last.expiry);
        }
    }

    @Test
    void initializeSecurityContext_mutualAuthRequestWithoutClientCertificate_isNotReturned() {
        // "This does not necessarily mean that mutual authentication is performed": without a
        // client certificate, ISC_RET_MUTUAL_AUTH is not reported.
        Client c = new Client(acquire("TLSv1.3"), "localhost", CURL_REQ | IscReq.ISC_REQ_MUTUAL_AUTH);
        Loop loop = handshake(c, sunServer(KeyType.EC_P256, "TLSv1.3").build());
        assertEquals(0, loop.steps.get(loop.steps.size() - 1).attr & IscRet.ISC_RET_MUTUAL_AUTH);
    }
}
