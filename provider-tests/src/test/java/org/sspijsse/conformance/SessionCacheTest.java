package org.sspijsse.conformance;

import static org.junit.jupiter.api.Assertions.*;
import static org.sspijsse.conformance.Isc.*;
import static org.sspijsse.sspi.SecStatus.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.sspijsse.sspi.CredHandle;
import org.sspijsse.sspi.SchannelConstants;
import org.sspijsse.sspi.SecBuffer;
import org.sspijsse.sspi.SecBufferDesc;
import org.sspijsse.sspi.SecBufferType;
import org.sspijsse.sspi.SecPkgAttr;
import org.sspijsse.sspi.SecPkgContext;
import org.sspijsse.sspi.Sspi;
import org.sspijsse.testsupport.KeyType;
import org.sspijsse.testsupport.SunJssePeer;

/**
 * The session cache (seed page, pszTargetName: "The cached session is used only if ... The target
 * name is the same. The cache entry has not expired. The application process ... is the same. The
 * logon session is the same. The credential handle is the same."). TLS 1.2 session ids; one process
 * is one logon session here (see the README).
 */
class SessionCacheTest {
    private final SunJssePeer first = sunServer(KeyType.EC_P256, "TLSv1.2").build();
    private final SSLContext serverContext = first.sslContext();

    private SunJssePeer nextServer() {
        return sunServer(KeyType.EC_P256, "TLSv1.2").sslContext(serverContext).build();
    }

    private static SecPkgContext.SessionInfo sessionInfo(Client c) {
        return (SecPkgContext.SessionInfo) query(c.ctx, SecPkgAttr.SECPKG_ATTR_SESSION_INFO);
    }

    private Client connect(CredHandle cred, String target, SunJssePeer peer) {
        Client c = new Client(cred, target, CURL_REQ);
        handshake(c, peer);
        return c;
    }

    @Test
    void initializeSecurityContext_sameTargetAndCredential_resumesSession() {
        CredHandle cred = acquire("TLSv1.2");
        Client c1 = connect(cred, "localhost", first);
        assertFalse(sessionInfo(c1).isReconnect());
        SunJssePeer second = nextServer();
        Client c2 = connect(cred, "localhost", second);
        SecPkgContext.SessionInfo info = sessionInfo(c2);
        assertEquals(SchannelConstants.SSL_SESSION_RECONNECT, info.dwFlags);
        assertArrayEquals(first.engine().getSession().getId(), second.engine().getSession().getId(),
                "SunJSSE resumed the same session");
        assertArrayEquals(second.engine().getSession().getId(), info.getSessionId());
    }

    @Test
    void initializeSecurityContext_otherTargetName_makesFullHandshake() {
        CredHandle cred = acquire(only(trusting().setFlags(SchannelConstants.SCH_CRED_NO_SERVERNAME_CHECK),
                "TLSv1.2"));
        connect(cred, "localhost", first);
        SunJssePeer second = nextServer();
        Client c2 = connect(cred, "127.0.0.1", second);
        assertEquals(0, sessionInfo(c2).dwFlags);
        assertFalse(java.util.Arrays.equals(first.engine().getSession().getId(), second.engine().getSession().getId()));
    }

    @Test
    void initializeSecurityContext_otherCredentialHandle_makesFullHandshake() {
        connect(acquire("TLSv1.2"), "localhost", first);
        Client c2 = connect(acquire("TLSv1.2"), "localhost", nextServer());
        assertEquals(0, sessionInfo(c2).dwFlags);
    }

    @Test
    void initializeSecurityContext_negativeSessionLifespan_neverResumes() {
        CredHandle cred = acquire(only(trusting().setSessionLifespan(-1), "TLSv1.2"));
        connect(cred, "localhost", first);
        Client c2 = connect(cred, "localhost", nextServer());
        assertEquals(0, sessionInfo(c2).dwFlags);
    }

    @Test
    void initializeSecurityContext_expiredEntry_isNotResumed() throws Exception {
        CredHandle cred = acquire(only(trusting().setSessionLifespan(1), "TLSv1.2"));
        connect(cred, "localhost", first);
        Thread.sleep(20);
        Client c2 = connect(cred, "localhost", nextServer());
        assertEquals(0, sessionInfo(c2).dwFlags, "dwSessionLifespan 1 ms has passed");
    }

    @Test
    void applyControlToken_disableReconnects_dropsTheCachedSession() {
        CredHandle cred = acquire("TLSv1.2");
        Client c1 = connect(cred, "localhost", first);
        ByteBuffer t = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        t.putInt(SchannelConstants.SCHANNEL_SESSION).putInt(SchannelConstants.SSL_SESSION_DISABLE_RECONNECTS);
        assertStatus(SEC_E_OK, Sspi.applyControlToken(c1.ctx,
                new SecBufferDesc(new SecBuffer(SecBufferType.SECBUFFER_TOKEN, t.array()))));
        Client c2 = connect(cred, "localhost", nextServer());
        assertEquals(0, sessionInfo(c2).dwFlags);
    }
}
