package org.sspijsse.conformance;

import static org.junit.jupiter.api.Assertions.*;
import static org.sspijsse.conformance.Isc.*;
import static org.sspijsse.sspi.SecStatus.*;

import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.StandardConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sspijsse.sspi.CredHandle;
import org.sspijsse.sspi.CtxtHandle;
import org.sspijsse.sspi.IntHolder;
import org.sspijsse.sspi.IscReq;
import org.sspijsse.sspi.SchannelConstants;
import org.sspijsse.sspi.SchannelCredentials;
import org.sspijsse.sspi.SecApplicationProtocols;
import org.sspijsse.sspi.SecBuffer;
import org.sspijsse.sspi.SecBufferDesc;
import org.sspijsse.sspi.SecBufferType;
import org.sspijsse.sspi.Sspi;
import org.sspijsse.testsupport.KeyType;
import org.sspijsse.testsupport.SunJssePeer;

/**
 * The first InitializeSecurityContext call (seed page: phCredential "requires at least OUTBOUND
 * credentials on the first call"; phContext NULL; pInput NULL; phNewContext "receives the new context
 * handle"; pszTargetName identifies the server, sent as SNI; ISC_REQ_DELEGATE / PROMPT_FOR_CREDS).
 */
class FirstCallTest {

    static SecBufferDesc[] firstInputs() {
        return new SecBufferDesc[] {
            null,
            new SecBufferDesc(SecBuffer.empty()),
            new SecBufferDesc(new SecBuffer(SecBufferType.SECBUFFER_TOKEN, new byte[0]), SecBuffer.empty()),
            new SecBufferDesc(SecApplicationProtocols.alpnBuffer("http/1.1")),
        };
    }

    @Test
    void initializeSecurityContext_firstCallWithEachAllowedInput_returnsContinueWithClientHelloAndNewContext() {
        CredHandle cred = acquire(trusting());
        for (SecBufferDesc in : firstInputs()) {
            Client c = new Client(cred);
            Result r = c.first(in);
            String what = "pInput " + in;
            assertStatus(SEC_I_CONTINUE_NEEDED, r.status, what);
            assertTrue(r.token.length > 9, what);
            assertEquals(0x16, r.token[0] & 0xFF, "handshake record, " + what);
            assertEquals(1, r.token[5], "client_hello, " + what);
            assertTrue(c.ctx.isValid(), "phNewContext received the context, " + what);
            assertEquals(ALWAYS | IscReq.ISC_REQ_ALLOCATE_MEMORY, r.attr, "pfContextAttr, " + what);
            assertEquals(SEC_E_OK, Sspi.deleteSecurityContext(c.ctx));
        }
    }

    @Test
    void initializeSecurityContext_firstCallWithoutOutputDescriptor_returnsInvalidToken() {
        CtxtHandle ctx = new CtxtHandle();
        int st = Sspi.initializeSecurityContext(acquire(trusting()), null, "localhost", CURL_REQ, null, ctx, null,
                new IntHolder(), null);
        assertStatus(SEC_E_INVALID_TOKEN, st);
        assertFalse(ctx.isValid());
    }

    @Test
    void initializeSecurityContext_firstCallWithoutCredential_returnsNoCredentials() {
        CtxtHandle ctx = new CtxtHandle();
        int st = Sspi.initializeSecurityContext(null, null, "localhost", CURL_REQ, null, ctx,
                new SecBufferDesc(new SecBuffer(SecBufferType.SECBUFFER_TOKEN)), new IntHolder(), null);
        assertStatus(SEC_E_NO_CREDENTIALS, st);
        assertFalse(ctx.isValid());
    }

    @Test
    void initializeSecurityContext_inboundOnlyCredential_returnsNoCredentials() {
        CredHandle inbound = new CredHandle();
        assertStatus(SEC_E_OK, Sspi.acquireCredentialsHandle(null, "Schannel", SchannelConstants.SECPKG_CRED_INBOUND,
                new SchannelCredentials().addCertificate(server(KeyType.EC_P256).certContext()), inbound, null));
        Result r = new Client(inbound).first();
        assertStatus(SEC_E_NO_CREDENTIALS, r.status);
    }

    @ParameterizedTest
    @ValueSource(ints = {IscReq.ISC_REQ_DELEGATE, IscReq.ISC_REQ_PROMPT_FOR_CREDS})
    void initializeSecurityContext_delegateOrPromptForCreds_returnsUnsupportedFunction(int flag) {
        Client c = new Client(acquire(trusting()), "localhost", CURL_REQ | flag);
        assertStatus(SEC_E_UNSUPPORTED_FUNCTION, c.first().status);
        assertFalse(c.ctx.isValid());
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void initializeSecurityContext_targetName_isSentAsSni(String version) {
        List<String> seen = new ArrayList<>();
        SunJssePeer peer = sunServer(KeyType.EC_P256, version).sniMatcher(recorder(seen)).build();
        Client c = new Client(acquire(version));
        handshake(c, peer);
        assertEquals(List.of("localhost"), seen, "the SNI names the SunJSSE server was asked for");
        List<SNIServerName> names = ((ExtendedSSLSession) peer.engine().getSession()).getRequestedServerNames();
        assertEquals(List.of(new SNIHostName("localhost")), names);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void initializeSecurityContext_ipLiteralTarget_sendsNoSni(String target) {
        List<String> seen = new ArrayList<>();
        SunJssePeer peer = SunJssePeer.server(pki().server(KeyType.EC_P256, "localhost", "127.0.0.1", "::1"))
                .sniMatcher(recorder(seen)).build();
        Client c = new Client(acquire(trusting()), target, CURL_REQ);
        handshake(c, peer);
        assertEquals(List.of(), seen);
        assertTrue(((ExtendedSSLSession) peer.engine().getSession()).getRequestedServerNames().isEmpty());
    }

    private static SNIMatcher recorder(List<String> seen) {
        return new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
            @Override
            public boolean matches(SNIServerName name) {
                seen.add(((SNIHostName) name).getAsciiName());
                return true;
            }
        };
    }
}
