package org.sspijsse.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.sspijsse.sspi.CredHandle;
import org.sspijsse.sspi.CtxtHandle;
import org.sspijsse.sspi.IntHolder;
import org.sspijsse.sspi.SchannelConstants;
import org.sspijsse.sspi.SchannelCredentials;
import org.sspijsse.sspi.SecBuffer;
import org.sspijsse.sspi.SecBufferDesc;
import org.sspijsse.sspi.SecBufferType;
import org.sspijsse.sspi.Sspi;
import org.sspijsse.sspi.TimeStamp;

class ClientHelloNamesTest {

    @Test
    void aClientHelloForAHostName_givesThatName() {
        assertEquals("example.test", ClientHelloNames.serverName(clientHello("example.test")));
    }

    @Test
    void aClientHelloForAnIpAddress_carriesNoServerName_andGivesNull() {
        assertNull(ClientHelloNames.serverName(clientHello("127.0.0.1")));
    }

    @Test
    void truncatedOrForeignBytes_giveNullWithoutThrowing() {
        byte[] hello = clientHello("example.test");
        for (int n = 0; n < hello.length; n += 13) {
            ClientHelloNames.serverName(Arrays.copyOf(hello, n));
        }
        assertNull(ClientHelloNames.serverName(Arrays.copyOf(hello, 60)));
        assertNull(ClientHelloNames.serverName("GET / HTTP/1.1\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        byte[] lying = hello.clone();
        lying[3] = (byte) 0xFF;   // a record length past the end
        ClientHelloNames.serverName(lying);
    }

    /** The first token of our own client for {@code target}: a ClientHello record. */
    private static byte[] clientHello(String target) {
        CredHandle cred = new CredHandle();
        CtxtHandle ctx = new CtxtHandle();
        assertEquals(0, Sspi.acquireCredentialsHandle(null, SchannelConstants.SCHANNEL_NAME,
                SchannelConstants.SECPKG_CRED_OUTBOUND, new SchannelCredentials(), cred, new TimeStamp()));
        try {
            SecBuffer token = new SecBuffer(SecBufferType.SECBUFFER_TOKEN);
            Sspi.initializeSecurityContext(cred, null, target, ClientLoop.ISC_FLAGS, null, ctx,
                    new SecBufferDesc(token), new IntHolder(), new TimeStamp());
            byte[] bytes = token.toByteArray();
            Sspi.freeContextBuffer(token);
            return bytes;
        } finally {
            Sspi.deleteSecurityContext(ctx);
            Sspi.freeCredentialsHandle(cred);
        }
    }
}
