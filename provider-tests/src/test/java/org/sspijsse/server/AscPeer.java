package org.sspijsse.server;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sspijsse.sspi.AscReq;
import org.sspijsse.sspi.AscRet;
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
import org.sspijsse.testsupport.SspiClientLoop.Delivery;
import org.sspijsse.testsupport.TlsRecords;

/**
 * Our AcceptSecurityContext as an in-memory, byte-in byte-out peer ({@code asc::receive} is a
 * {@code Function<byte[], byte[]>}), driven the way a Schannel server loop drives it
 * (SSPI-FACTS.md, "The server loop differs..."): phContext NULL until a call returned
 * SEC_I_CONTINUE_NEEDED; {@code [TOKEN, EMPTY]} input (plus APPLICATION_PROTOCOLS on first calls);
 * MISSING -> wait for more; EXTRA -> call again with the tail; SEC_E_OK -> the tail belongs to
 * DecryptMessage ({@link #leftover()}); a failure -> the ALERT buffer's bytes are sent.
 *
 * <p>Every call is checked as it happens (an {@link AssertionError} escapes {@code receive}):
 * MISSING equals the count the framing gives; a first call that returns SEC_E_INCOMPLETE_MESSAGE
 * leaves phNewContext invalid; a successful call reports the ASC_RET bits Windows always reports
 * (0x1001C), ALLOCATED_MEMORY exactly when requested, and a ptsExpiry.
 */
final class AscPeer {
    /** REPLAY_DETECT | SEQUENCE_DETECT | CONFIDENTIALITY | STREAM, on the ASC side: 0x1001C. */
    static final int ALWAYS = AscRet.ASC_RET_REPLAY_DETECT | AscRet.ASC_RET_SEQUENCE_DETECT
            | AscRet.ASC_RET_CONFIDENTIALITY | AscRet.ASC_RET_STREAM;
    static final int DEFAULT_REQ = AscReq.ASC_REQ_REPLAY_DETECT | AscReq.ASC_REQ_SEQUENCE_DETECT
            | AscReq.ASC_REQ_CONFIDENTIALITY | AscReq.ASC_REQ_STREAM;
    private static final int MAX_CALLS = 20_000;

    /** One ASC call; {@code missing} / {@code extra} are -1 when index 1 did not become that type. */
    record Step(int status, boolean first, int inputLength, byte[] token, byte[] alert, int missing, int extra,
            int attr, boolean contextValidAfter, Instant expiry) {
        @Override
        public String toString() {
            return SecStatus.name(status) + (first ? " (first)" : "") + " in=" + inputLength + " out=" + token.length
                    + (alert.length > 0 ? " alert=" + alert.length : "") + (missing >= 0 ? " MISSING=" + missing : "")
                    + (extra >= 0 ? " EXTRA=" + extra : "") + String.format(" attr=0x%X", attr);
        }
    }

    private final CredHandle cred;
    private final Delivery delivery;
    private final int req;
    private final boolean allocate;
    private final String[] alpn;
    private final CtxtHandle ctx = new CtxtHandle();
    private final List<Step> steps = new ArrayList<>();
    private byte[] pending = new byte[0];
    private byte[] input = new byte[0];
    private final ByteArrayOutputStream leftover = new ByteArrayOutputStream();
    private boolean started;
    private boolean needRead = true;
    private int status = SecStatus.SEC_I_CONTINUE_NEEDED;
    private byte[] lastAlert = new byte[0];

    AscPeer(CredHandle cred, Delivery delivery, int req, boolean allocate, String... alpn) {
        this.cred = cred;
        this.delivery = delivery;
        this.req = allocate ? req | AscReq.ASC_REQ_ALLOCATE_MEMORY : req & ~AscReq.ASC_REQ_ALLOCATE_MEMORY;
        this.allocate = allocate;
        this.alpn = alpn == null || alpn.length == 0 ? null : alpn;
    }

    static AscPeer of(CredHandle cred) {
        return new AscPeer(cred, Delivery.WHOLE_FLIGHTS, DEFAULT_REQ, true);
    }

    /** Takes what the client sent, runs ASC as far as it goes, returns what the server sends. */
    byte[] receive(byte[] fromClient) {
        if (done()) {
            leftover.writeBytes(fromClient);
            return new byte[0];
        }
        pending = concat(pending, fromClient);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (!done()) {
            if (steps.size() > MAX_CALLS) {
                throw new AssertionError("ASC: no end after " + MAX_CALLS + " calls " + tail());
            }
            if (needRead) {
                byte[] chunk = nextChunk();
                if (chunk == null) {
                    break;
                }
                input = concat(input, chunk);
            }
            Step s = call(input);
            out.writeBytes(s.token);
            out.writeBytes(s.alert);
            if (s.status == SecStatus.SEC_E_INCOMPLETE_MESSAGE) {
                needRead = true;
            } else if (s.status == SecStatus.SEC_I_CONTINUE_NEEDED) {
                started = true;
                input = s.extra > 0 ? Arrays.copyOfRange(input, input.length - s.extra, input.length) : new byte[0];
                needRead = s.extra <= 0;
            } else if (s.status == SecStatus.SEC_E_OK) {
                if (s.extra > 0) {
                    leftover.writeBytes(Arrays.copyOfRange(input, input.length - s.extra, input.length));
                }
                leftover.writeBytes(pending);
                pending = new byte[0];
                input = new byte[0];
            }
        }
        return out.toByteArray();
    }

    private byte[] nextChunk() {
        if (pending.length == 0) {
            return null;
        }
        int n;
        switch (delivery) {
            case ONE_BYTE_AT_A_TIME:
                n = 1;
                break;
            case ONE_RECORD_AT_A_TIME: {
                byte[] all = concat(input, pending);
                int end = TlsRecords.nextBoundary(all, all.length, input.length);
                if (end < 0) {
                    return null;
                }
                n = end - input.length;
                break;
            }
            default:
                n = pending.length;
        }
        byte[] chunk = Arrays.copyOf(pending, n);
        pending = Arrays.copyOfRange(pending, n, pending.length);
        return chunk;
    }

    private Step call(byte[] bytes) {
        boolean first = !started;
        List<SecBuffer> in = new ArrayList<>();
        in.add(new SecBuffer(SecBufferType.SECBUFFER_TOKEN, bytes.clone()));
        in.add(SecBuffer.empty());
        if (first && alpn != null) {
            in.add(SecApplicationProtocols.alpnBuffer(alpn));
        }
        SecBuffer token = allocate ? new SecBuffer(SecBufferType.SECBUFFER_TOKEN)
                : new SecBuffer(SecBufferType.SECBUFFER_TOKEN, new byte[64 * 1024]);
        SecBuffer alert = allocate ? new SecBuffer(SecBufferType.SECBUFFER_ALERT)
                : new SecBuffer(SecBufferType.SECBUFFER_ALERT, new byte[1024]);
        IntHolder attr = new IntHolder();
        TimeStamp expiry = new TimeStamp();
        SecBufferDesc input = new SecBufferDesc(in.toArray(new SecBuffer[0]));
        status = Sspi.acceptSecurityContext(cred, first ? null : ctx, input, req, ctx,
                new SecBufferDesc(token, alert), attr, expiry);
        byte[] tok = token.getBuffer() == null || status == SecStatus.SEC_E_INCOMPLETE_MESSAGE ? new byte[0]
                : token.toByteArray();
        byte[] al = alert.getBuffer() == null || SecStatus.succeeded(status) ? new byte[0] : alert.toByteArray();
        if (allocate && tok.length > 0 && !token.isPackageAllocated()) {
            throw new AssertionError("ASC_REQ_ALLOCATE_MEMORY: the token is not package-allocated " + tail());
        }
        if (token.isPackageAllocated() && Sspi.freeContextBuffer(token) != SecStatus.SEC_E_OK) {
            throw new AssertionError("FreeContextBuffer(token) failed");
        }
        if (alert.isPackageAllocated()) {
            Sspi.freeContextBuffer(alert);
        }
        SecBuffer slot = input.get(1);
        int missing = slot.getBaseType() == SecBufferType.SECBUFFER_MISSING ? slot.getCbBuffer() : -1;
        int extra = slot.getBaseType() == SecBufferType.SECBUFFER_EXTRA ? slot.getCbBuffer() : -1;
        Step s = new Step(status, first, bytes.length, tok, al, missing, extra, attr.value, ctx.isValid(),
                expiry.value);
        steps.add(s);
        lastAlert = al;
        check(s, bytes);
        return s;
    }

    private void check(Step s, byte[] bytes) {
        if (s.status == SecStatus.SEC_E_INCOMPLETE_MESSAGE) {
            int expected = TlsRecords.missing(bytes, bytes.length);
            if (s.missing != expected) {
                throw new AssertionError("MISSING " + s.missing + ", framing says " + expected + " " + tail());
            }
            if (s.first && ctx.isValid()) {
                throw new AssertionError("a first ASC call returned SEC_E_INCOMPLETE_MESSAGE but handed out a context");
            }
            if (s.token.length > 0) {
                throw new AssertionError("SEC_E_INCOMPLETE_MESSAGE with a token " + tail());
            }
        } else if (s.status == SecStatus.SEC_I_CONTINUE_NEEDED || s.status == SecStatus.SEC_E_OK) {
            if ((s.attr & ALWAYS) != ALWAYS) {
                throw new AssertionError(String.format("ASC_RET 0x%X lacks 0x1001C %s", s.attr, tail()));
            }
            boolean allocated = (s.attr & AscRet.ASC_RET_ALLOCATED_MEMORY) != 0;
            if (allocated != allocate) {
                throw new AssertionError(String.format("ASC_RET 0x%X: ALLOCATED_MEMORY should be %s", s.attr, allocate));
            }
            if (!ctx.isValid()) {
                throw new AssertionError(SecStatus.name(s.status) + " without a context handle");
            }
            if (s.expiry == null) {
                throw new AssertionError(SecStatus.name(s.status) + " without ptsExpiry");
            }
            if (s.extra > bytes.length) {
                throw new AssertionError("EXTRA " + s.extra + " > input " + bytes.length);
            }
        } else if (s.first && SecStatus.failed(s.status) && ctx.isValid()) {
            throw new AssertionError("a failed first ASC call handed out a context: " + s);
        }
    }

    boolean done() {
        return status == SecStatus.SEC_E_OK || (SecStatus.failed(status) && status != SecStatus.SEC_E_INCOMPLETE_MESSAGE);
    }

    int status() {
        return status;
    }

    CtxtHandle context() {
        return ctx;
    }

    List<Step> steps() {
        return List.copyOf(steps);
    }

    Step lastStep() {
        return steps.get(steps.size() - 1);
    }

    /** The ALERT bytes of the last call (a failure), possibly empty. */
    byte[] alert() {
        return lastAlert.clone();
    }

    /** Bytes received after SEC_E_OK (EXTRA of the final call first): what DecryptMessage gets. */
    byte[] leftover() {
        byte[] b = leftover.toByteArray();
        leftover.reset();
        return b;
    }

    /** Client bytes not yet given to ASC (a partial record). */
    int undelivered() {
        return pending.length + (needRead ? input.length : 0);
    }

    String describe() {
        return SecStatus.describe(status) + ", " + steps.size() + " ASC calls" + tail();
    }

    private String tail() {
        StringBuilder b = new StringBuilder();
        int from = Math.max(0, steps.size() - 12);
        for (int i = from; i < steps.size(); i++) {
            b.append("\n  #").append(i).append(' ').append(steps.get(i));
        }
        return b.toString();
    }

    /** How many whole TLS records {@code bytes} holds (framed by their 5-byte headers). */
    static int recordCount(byte[] bytes) {
        int n = 0;
        for (int at = 0; at + 5 <= bytes.length; at += 5 + (((bytes[at + 3] & 0xFF) << 8) | (bytes[at + 4] & 0xFF))) {
            n++;
        }
        return n;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
