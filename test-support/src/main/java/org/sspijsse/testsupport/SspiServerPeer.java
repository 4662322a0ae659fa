package org.sspijsse.testsupport;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.sspijsse.sspi.AscReq;
import org.sspijsse.sspi.CredHandle;
import org.sspijsse.sspi.CtxtHandle;
import org.sspijsse.sspi.IntHolder;
import org.sspijsse.sspi.SecApplicationProtocols;
import org.sspijsse.sspi.SecBuffer;
import org.sspijsse.sspi.SecBufferDesc;
import org.sspijsse.sspi.SecBufferType;
import org.sspijsse.sspi.SecStatus;
import org.sspijsse.sspi.Sspi;
import org.sspijsse.sspi.TimeStamp;

/**
 * Our AcceptSecurityContext as an in-memory peer, in the shape of {@link SunJssePeer#receive}: feed
 * it the client's bytes, get back what the server sends. It runs the server loop of SSPI-FACTS.md
 * (phContext NULL until SEC_I_CONTINUE_NEEDED; MISSING: wait for more; EXTRA: call again with the
 * tail; the ALERT buffer's content is sent on failure), then stops at SEC_E_OK, keeping what
 * followed for DecryptMessage ({@link #leftover()}).
 */
public final class SspiServerPeer {
    /** ASC_REQ flags a Schannel server typically asks for. */
    public static final int DEFAULT_REQ = AscReq.ASC_REQ_SEQUENCE_DETECT | AscReq.ASC_REQ_REPLAY_DETECT
            | AscReq.ASC_REQ_CONFIDENTIALITY | AscReq.ASC_REQ_STREAM | AscReq.ASC_REQ_ALLOCATE_MEMORY;

    private final CredHandle credential;
    private final int contextReq;
    private final String[] alpn;
    private final CtxtHandle context = new CtxtHandle();
    private boolean haveContext;
    private byte[] pending = new byte[0];
    private int status = SecStatus.SEC_I_CONTINUE_NEEDED;
    private int calls;

    public SspiServerPeer(CredHandle credential) {
        this(credential, DEFAULT_REQ);
    }

    public SspiServerPeer(CredHandle credential, int contextReq, String... alpn) {
        this.credential = credential;
        this.contextReq = contextReq;
        this.alpn = alpn;
    }

    /** Feeds the client's bytes; returns every token the server sends in answer (possibly none). */
    public synchronized byte[] receive(byte[] fromClient) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        pending = concat(pending, fromClient);
        while (pending.length > 0 && (status == SecStatus.SEC_I_CONTINUE_NEEDED
                || status == SecStatus.SEC_E_INCOMPLETE_MESSAGE)) {
            if (++calls > 10_000) {
                throw new AssertionError("AcceptSecurityContext did not finish");
            }
            SecBuffer token = new SecBuffer(SecBufferType.SECBUFFER_TOKEN, pending.clone());
            SecBuffer slot = SecBuffer.empty();
            SecBufferDesc in = haveContext || alpn.length == 0 ? new SecBufferDesc(token, slot)
                    : new SecBufferDesc(token, slot, SecApplicationProtocols.alpnBuffer(alpn));
            SecBuffer outToken = new SecBuffer(SecBufferType.SECBUFFER_TOKEN);
            SecBuffer alert = new SecBuffer(SecBufferType.SECBUFFER_ALERT);
            status = Sspi.acceptSecurityContext(credential, haveContext ? context : null, in, contextReq, context,
                    new SecBufferDesc(outToken, alert), new IntHolder(), new TimeStamp());
            if (status == SecStatus.SEC_E_INCOMPLETE_MESSAGE) {
                break;
            }
            if (SecStatus.failed(status)) {
                out.writeBytes(alert.getBuffer() == null ? new byte[0] : alert.toByteArray());
                break;
            }
            haveContext = true;
            out.writeBytes(outToken.getBuffer() == null ? new byte[0] : outToken.toByteArray());
            if (outToken.isPackageAllocated()) {
                Sspi.freeContextBuffer(outToken);
            }
            pending = slot.getBaseType() == SecBufferType.SECBUFFER_EXTRA
                    ? Arrays.copyOfRange(pending, pending.length - slot.getCbBuffer(), pending.length) : new byte[0];
        }
        return out.toByteArray();
    }

    /** The status of the last ASC call. */
    public synchronized int status() {
        return status;
    }

    public synchronized boolean isHandshakeDone() {
        return status == SecStatus.SEC_E_OK;
    }

    /** The server context (valid once a call returned SEC_I_CONTINUE_NEEDED). */
    public CtxtHandle context() {
        return context;
    }

    /** Bytes after the handshake (they belong to DecryptMessage). */
    public synchronized byte[] leftover() {
        return status == SecStatus.SEC_E_OK ? pending.clone() : new byte[0];
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
