package org.sspijsse.cli;

import static org.sspijsse.sspi.SecStatus.SEC_E_OK;
import static org.sspijsse.sspi.SecStatus.SEC_I_CONTINUE_NEEDED;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.sspijsse.sspi.AscReq;
import org.sspijsse.sspi.AscRet;
import org.sspijsse.sspi.CredHandle;
import org.sspijsse.sspi.SecApplicationProtocols;
import org.sspijsse.sspi.SecBuffer;
import org.sspijsse.sspi.SecBufferDesc;
import org.sspijsse.sspi.SecBufferType;
import org.sspijsse.sspi.Sspi;

/**
 * One server connection written the way a C server drives Schannel: AcceptSecurityContext with
 * phContext NULL until a call returned {@code SEC_I_CONTINUE_NEEDED} (a first
 * {@code SEC_E_INCOMPLETE_MESSAGE} makes no context), the {@code SECBUFFER_APPLICATION_PROTOCOLS}
 * buffer next to the ClientHello on those first calls, then ASC with {@code [TOKEN, EMPTY]} until
 * {@code SEC_E_OK}. The credential handle is the server's, shared by its connections: this object
 * never frees it.
 */
final class ServerLoop extends SspiConnection {
    /** Stream mode, package-allocated outputs, and the integrity bits every TLS context has. */
    static final int ASC_FLAGS = AscReq.ASC_REQ_SEQUENCE_DETECT | AscReq.ASC_REQ_REPLAY_DETECT
            | AscReq.ASC_REQ_CONFIDENTIALITY | AscReq.ASC_REQ_STREAM | AscReq.ASC_REQ_ALLOCATE_MEMORY;

    /** Records DecryptMessage may take before the request head must be whole. */
    private static final int MAX_REQUEST_RECORDS = 256;

    private final int contextReq;
    private final List<String> alpn;
    private boolean haveContext;
    private byte[] clientHello;

    /**
     * @param alpn the server's ALPN preference list; empty to pass no APPLICATION_PROTOCOLS buffer
     * @param requireClientCertificate adds {@code ASC_REQ_MUTUAL_AUTH}
     */
    ServerLoop(String packageName, SspiTrace trace, CredHandle serverCredential, List<String> alpn,
            boolean requireClientCertificate) {
        super(packageName, trace, serverCredential, false);
        this.alpn = List.copyOf(alpn);
        this.contextReq = ASC_FLAGS | (requireClientCertificate ? AscReq.ASC_REQ_MUTUAL_AUTH : 0);
    }

    /** The handshake: read the ClientHello, then ASC until {@code SEC_E_OK}. */
    void handshake() throws IOException, SspiCallException {
        continueHandshake(false);
        int expected = AscRet.ASC_RET_SEQUENCE_DETECT | AscRet.ASC_RET_REPLAY_DETECT
                | AscRet.ASC_RET_CONFIDENTIALITY | AscRet.ASC_RET_STREAM | AscRet.ASC_RET_ALLOCATED_MEMORY
                | ((contextReq & AscReq.ASC_REQ_MUTUAL_AUTH) != 0 ? AscRet.ASC_RET_MUTUAL_AUTH : 0);
        trace.note(String.format("context attributes 0x%X%s", contextAttr.value,
                (contextAttr.value & expected) == expected ? "" : String.format(" (lacks 0x%X)",
                        expected & ~contextAttr.value)));
    }

    /**
     * The bytes the first successful ASC consumed (the ClientHello's records), for the caller to
     * look into (the SNI name, as Windows servers do with SslGetServerIdentity); empty before.
     */
    byte[] clientHello() {
        return clientHello == null ? new byte[0] : clientHello.clone();
    }

    /**
     * Reads and decrypts until a whole HTTP request head ({@code CRLF CRLF}) is there, at most
     * {@code limit} bytes; null when the client closed (or sent close_notify) before.
     */
    byte[] readRequestHead(int limit) throws IOException, SspiCallException {
        byte[] head = new byte[limit];
        int len = 0;
        // Each round takes one record; empty records count too, so a peer cannot keep this going.
        for (int records = 0; records < MAX_REQUEST_RECORDS; records++) {
            byte[] chunk = receive();
            if (chunk == null) {
                return null;
            }
            if (len + chunk.length > limit) {
                throw new IOException("request head longer than " + limit + " bytes");
            }
            System.arraycopy(chunk, 0, head, len, chunk.length);
            len += chunk.length;
            int end = HttpMessages.endOfHead(head, len);
            if (end >= 0) {
                return Arrays.copyOf(head, end);
            }
        }
        throw new IOException("no whole request head in " + MAX_REQUEST_RECORDS + " records");
    }

    @Override
    String handshakeFunction() {
        return "AcceptSecurityContext";
    }

    /** {@code [TOKEN, EMPTY]}, plus the ALPN list while no call has made a context yet. */
    @Override
    SecBufferDesc handshakeInput() {
        SecBufferDesc in = tokenAndEmpty();
        if (haveContext || alpn.isEmpty()) {
            return in;
        }
        return new SecBufferDesc(in.get(0), in.get(1),
                SecApplicationProtocols.alpnBuffer(alpn.toArray(new String[0])));
    }

    @Override
    int callHandshake(SecBufferDesc input, SecBufferDesc output) {
        byte[] before = haveContext ? null : Arrays.copyOf(recv, recvLen);
        int status = Sspi.acceptSecurityContext(cred, haveContext ? ctx : null, input, contextReq, ctx, output,
                contextAttr, expiry);
        if (!haveContext && (status == SEC_I_CONTINUE_NEEDED || status == SEC_E_OK)) {
            haveContext = true;
            SecBuffer slot = input == null || input.getCount() < 2 ? null : input.get(1);
            int extra = slot != null && slot.getBaseType() == SecBufferType.SECBUFFER_EXTRA
                    ? slot.getCbBuffer() : 0;
            clientHello = Arrays.copyOf(before, Math.max(0, before.length - extra));
        }
        return status;
    }
}
