package org.sspijsse.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.sspijsse.sspi.CredHandle;
import org.sspijsse.sspi.CtxtHandle;
import org.sspijsse.sspi.IntHolder;
import org.sspijsse.sspi.IscReq;
import org.sspijsse.sspi.SecApplicationProtocols;
import org.sspijsse.sspi.SecBuffer;
import org.sspijsse.sspi.SecBufferDesc;
import org.sspijsse.sspi.SecBufferType;
import org.sspijsse.sspi.SecStatus;
import org.sspijsse.sspi.Sspi;
import org.sspijsse.sspi.TimeStamp;

/**
 * Drives a client handshake through {@link Sspi#initializeSecurityContext} the way Schannel
 * callers do (SSPI-FACTS.md, "The handshake loop (client)"), delivering the peer's bytes in one of
 * three {@link Delivery} chunkings and recording every call as a {@link Step}:
 * <ol>
 * <li>first call with no context (input: none, or {@code [APPLICATION_PROTOCOLS]}); send the token;</li>
 * <li>then {@code [TOKEN = input, EMPTY]}: {@code SEC_E_INCOMPLETE_MESSAGE} (index 1 became
 * MISSING) -> deliver more and call again with all of it; {@code SEC_I_CONTINUE_NEEDED} -> send the
 * token; with EXTRA at index 1 keep its last cbBuffer bytes and call again without reading;
 * {@code SEC_E_OK} -> send a non-empty token, EXTRA and undelivered bytes are the {@link Result#leftover()}
 * for DecryptMessage; an error -> send the ALERT output if any and stop.</li>
 * </ol>
 * Bounded: at most {@link Builder#maxCalls} ISC calls (default 200, 20,000 for one byte at a time)
 * and {@link Builder#timeLimit} (default 10 s); past either it throws {@link AssertionError} with
 * the steps so far.
 */
public final class SspiClientLoop {
    /** How the peer's bytes are cut before they reach ISC. */
    public enum Delivery {
        /** Everything received so far at once (a whole flight from an in-memory peer). */
        WHOLE_FLIGHTS,
        /** Exactly one whole TLS record per delivery. */
        ONE_RECORD_AT_A_TIME,
        /** One byte per delivery. */
        ONE_BYTE_AT_A_TIME
    }

    /**
     * One ISC call. {@code missing} / {@code extra}: cbBuffer of index 1 when it came back as
     * SECBUFFER_MISSING / SECBUFFER_EXTRA, else -1. {@code expectedMissing}: on
     * SEC_E_INCOMPLETE_MESSAGE, the exact count the driver computed from the input's framing
     * (5 - n for a partial header, else the rest of the record), else -1. {@code delivered}: peer
     * bytes appended to the input just before this call. {@code output}: the token produced.
     */
    public record Step(int call, int status, int inputLength, int delivered, byte[] output, int alertLength,
            int missing, int extra, int expectedMissing, int contextAttr, int contextReq) {
        public int outputLength() {
            return output.length;
        }

        /** True when a MISSING count came back and equals the count the framing gives. */
        public boolean missingIsExact() {
            return missing >= 0 && missing == expectedMissing;
        }

        @Override
        public String toString() {
            return "#" + call + " " + SecStatus.name(status) + " in=" + inputLength + " (+" + delivered + ") out="
                    + output.length + (alertLength > 0 ? " alert=" + alertLength : "")
                    + (missing >= 0 ? " MISSING=" + missing + " (expected " + expectedMissing + ")" : "")
                    + (extra >= 0 ? " EXTRA=" + extra : "") + String.format(" attr=0x%X", contextAttr);
        }
    }

    /**
     * The outcome: the last status, the context handle, every call, and {@code leftover}: the EXTRA
     * bytes of the final SEC_E_OK call, then peer bytes received but not yet delivered, then what
     * had already arrived when the loop ended (e.g. an in-memory peer's answer to our last token:
     * TLS 1.3 tickets), in stream order: what DecryptMessage gets next. {@code endOfInput}: the loop stopped because
     * the peer had nothing more to send while ISC wanted more.
     */
    public record Result(int status, CtxtHandle context, List<Step> steps, byte[] leftover, int contextAttr,
            boolean endOfInput) {
        public boolean isOk() {
            return status == SecStatus.SEC_E_OK;
        }

        /** The steps that returned SEC_E_INCOMPLETE_MESSAGE. */
        public List<Step> incompleteSteps() {
            return steps.stream().filter(s -> s.status() == SecStatus.SEC_E_INCOMPLETE_MESSAGE).toList();
        }

        /** Status, steps and leftover size, one step a line: for assertion messages. */
        public String describe() {
            StringBuilder b = new StringBuilder(SecStatus.describe(status)).append(", ").append(steps.size())
                    .append(" calls, leftover ").append(leftover.length).append(endOfInput ? ", end of input" : "");
            int shown = 0;
            for (Step s : steps) {
                if (shown++ == 60 && steps.size() > 80) {
                    b.append("\n  ... ").append(steps.size() - 80).append(" more");
                    continue;
                }
                if (shown <= 60 || shown > steps.size() - 20) {
                    b.append("\n  ").append(s);
                }
            }
            return b.toString();
        }
    }

    /** The flags curl asks for (without ALLOCATE_MEMORY, which {@link Builder#allocateMemory} adds). */
    public static final int DEFAULT_REQ = IscReq.ISC_REQ_SEQUENCE_DETECT | IscReq.ISC_REQ_REPLAY_DETECT
            | IscReq.ISC_REQ_CONFIDENTIALITY | IscReq.ISC_REQ_STREAM;

    private static final int ALERT_CAPACITY = 1024;
    private static final int MAX_CALLER_TOKEN = 1 << 20;

    private final Builder cfg;
    private final List<Step> steps = new ArrayList<>();
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private int req;
    private int callerTokenCapacity;
    private long deadline;
    private Transport transport;
    private boolean endOfInput;

    private final int maxCalls;

    private SspiClientLoop(Builder cfg) {
        this.cfg = cfg;
        this.maxCalls = cfg.maxCalls != null ? cfg.maxCalls
                : cfg.delivery == Delivery.ONE_BYTE_AT_A_TIME ? 20_000 : 200;
    }

    /** A loop over credentials {@code cred} (from AcquireCredentialsHandle, OUTBOUND). */
    public static Builder builder(CredHandle cred) {
        return new Builder(cred);
    }

    // ------------------------------------------------------------------ the loop

    private Result run(Transport t) {
        this.transport = t;
        this.deadline = System.nanoTime() + cfg.timeLimit.toNanos();
        this.req = cfg.allocateMemory ? cfg.contextReq | IscReq.ISC_REQ_ALLOCATE_MEMORY
                : cfg.contextReq & ~IscReq.ISC_REQ_ALLOCATE_MEMORY;
        this.callerTokenCapacity = cfg.callerTokenCapacity;
        CtxtHandle ctx = cfg.existingContext != null ? cfg.existingContext : new CtxtHandle();
        IntHolder attr = new IntHolder();

        int status = call(cfg.existingContext, ctx, true, new byte[0], 0, attr);
        if (status != SecStatus.SEC_I_CONTINUE_NEEDED && status != SecStatus.SEC_I_COMPLETE_AND_CONTINUE) {
            return result(status, ctx, new byte[0], attr);
        }
        byte[] input = new byte[0];
        boolean needRead = true;
        boolean suppliedCredsAdded = false;
        while (true) {
            int delivered = 0;
            if (needRead) {
                byte[] chunk = nextChunk(input);
                if (chunk == null) {
                    endOfInput = true;
                    return result(status, ctx, new byte[0], attr);
                }
                delivered = chunk.length;
                input = concat(input, chunk);
            }
            status = call(ctx, ctx, false, input, delivered, attr);
            int extra = Math.max(0, steps.get(steps.size() - 1).extra());
            if (extra > input.length) {
                throw new AssertionError("EXTRA " + extra + " exceeds the input of " + input.length + describeSteps());
            }
            switch (status) {
                case SecStatus.SEC_E_INCOMPLETE_MESSAGE:
                    needRead = true;
                    break;
                case SecStatus.SEC_I_CONTINUE_NEEDED:
                case SecStatus.SEC_I_COMPLETE_AND_CONTINUE:
                    if (extra > 0) {
                        input = Arrays.copyOfRange(input, input.length - extra, input.length);
                        needRead = false;
                    } else {
                        input = new byte[0];
                        needRead = true;
                    }
                    break;
                case SecStatus.SEC_I_INCOMPLETE_CREDENTIALS:
                    if (!cfg.retryWithSuppliedCreds || suppliedCredsAdded) {
                        return result(status, ctx, new byte[0], attr);
                    }
                    // curl's way: the same input again, going on without a certificate.
                    req |= IscReq.ISC_REQ_USE_SUPPLIED_CREDS;
                    suppliedCredsAdded = true;
                    needRead = false;
                    break;
                case SecStatus.SEC_E_OK:
                case SecStatus.SEC_I_COMPLETE_NEEDED:
                    byte[] tail = extra > 0 ? Arrays.copyOfRange(input, input.length - extra, input.length) : new byte[0];
                    return result(status, ctx, tail, attr);
                default:
                    return result(status, ctx, new byte[0], attr);
            }
        }
    }

    /**
     * One ISC call with fresh output buffers; sends the token (and on failure the alert); repeats
     * with a bigger caller buffer on SEC_E_INSUFFICIENT_MEMORY. Returns the status.
     */
    private int call(CtxtHandle phContext, CtxtHandle phNew, boolean first, byte[] inputBytes, int delivered,
            IntHolder attr) {
        while (true) {
            checkBounds();
            SecBufferDesc input;
            if (first) {
                input = cfg.alpn == null ? null
                        : new SecBufferDesc(SecApplicationProtocols.alpnBuffer(cfg.alpn.toArray(new String[0])));
            } else {
                // A fresh copy each call: the package may rewrite the buffers (and decrypt in place).
                input = new SecBufferDesc(new SecBuffer(SecBufferType.SECBUFFER_TOKEN, inputBytes.clone()),
                        SecBuffer.empty());
            }
            SecBuffer token;
            SecBuffer alert;
            if (cfg.allocateMemory) {
                token = new SecBuffer(SecBufferType.SECBUFFER_TOKEN);
                alert = new SecBuffer(SecBufferType.SECBUFFER_ALERT);
            } else {
                token = new SecBuffer(SecBufferType.SECBUFFER_TOKEN, new byte[callerTokenCapacity]);
                alert = new SecBuffer(SecBufferType.SECBUFFER_ALERT, new byte[ALERT_CAPACITY]);
            }
            SecBufferDesc output = cfg.alertBuffer ? new SecBufferDesc(token, alert) : new SecBufferDesc(token);
            int status = Sspi.initializeSecurityContext(cfg.cred, phContext, cfg.targetName, req, input, phNew,
                    output, attr, new TimeStamp());
            byte[] out = token.getBuffer() == null ? new byte[0] : token.toByteArray();
            byte[] alertBytes = !cfg.alertBuffer || alert.getBuffer() == null || SecStatus.succeeded(status)
                    ? new byte[0] : alert.toByteArray();
            free(token);
            free(alert);
            SecBuffer slot = input == null || input.getCount() < 2 ? null : input.get(1);
            int missing = slot != null && slot.getBaseType() == SecBufferType.SECBUFFER_MISSING ? slot.getCbBuffer() : -1;
            int extra = slot != null && slot.getBaseType() == SecBufferType.SECBUFFER_EXTRA ? slot.getCbBuffer() : -1;
            int expected = status == SecStatus.SEC_E_INCOMPLETE_MESSAGE
                    ? TlsRecords.missing(inputBytes, inputBytes.length) : -1;
            steps.add(new Step(steps.size(), status, inputBytes.length, delivered, out, alertBytes.length, missing,
                    extra, expected, attr.value, req));
            if (status == SecStatus.SEC_E_INSUFFICIENT_MEMORY && !cfg.allocateMemory
                    && callerTokenCapacity < MAX_CALLER_TOKEN) {
                callerTokenCapacity *= 2;
                delivered = 0;
                continue;
            }
            if (out.length > 0 && status != SecStatus.SEC_E_INCOMPLETE_MESSAGE) {
                send(out);
            }
            if (alertBytes.length > 0) {
                send(alertBytes);
            }
            return status;
        }
    }

    private static void free(SecBuffer b) {
        if (b.isPackageAllocated()) {
            Sspi.freeContextBuffer(b);
        }
    }

    /** The next chunk of peer bytes for ISC per the delivery mode, or null when none will come. */
    private byte[] nextChunk(byte[] input) {
        switch (cfg.delivery) {
            case ONE_BYTE_AT_A_TIME: {
                if (!fill(1)) {
                    return null;
                }
                return take(1);
            }
            case ONE_RECORD_AT_A_TIME: {
                // Deliver up to the end of the record that the input is in (or the next whole one).
                while (true) {
                    byte[] all = concat(input, pending.toByteArray());
                    int end = TlsRecords.nextBoundary(all, all.length, input.length);
                    if (end > input.length) {
                        return take(end - input.length);
                    }
                    if (!fill(pending.size() + 1)) {
                        return pending.size() > 0 ? take(pending.size()) : null;
                    }
                }
            }
            default: {
                if (!fill(1)) {
                    return null;
                }
                return take(pending.size());
            }
        }
    }

    /** Reads from the transport until {@code pending} holds {@code n} bytes; false at end of input. */
    private boolean fill(int n) {
        while (pending.size() < n) {
            checkBounds();
            byte[] got;
            try {
                long left = Math.max(1, deadline - System.nanoTime());
                got = transport.receive(Duration.ofNanos(Math.min(left, Duration.ofMillis(500).toNanos())));
            } catch (IOException e) {
                throw new UncheckedIOException("reading from the peer failed after " + steps.size() + " ISC calls", e);
            }
            if (got == null) {
                return false;
            }
            pending.writeBytes(got);
        }
        return true;
    }

    private byte[] take(int n) {
        byte[] all = pending.toByteArray();
        pending.reset();
        pending.write(all, n, all.length - n);
        return Arrays.copyOf(all, n);
    }

    private void send(byte[] bytes) {
        try {
            transport.send(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("sending " + bytes.length + " bytes to the peer failed", e);
        }
    }

    private void checkBounds() {
        if (steps.size() >= maxCalls) {
            throw new AssertionError("the ISC loop made " + steps.size() + " calls without finishing"
                    + describeSteps());
        }
        if (System.nanoTime() - deadline > 0) {
            throw new AssertionError("the ISC loop did not finish within " + cfg.timeLimit + describeSteps());
        }
    }

    private String describeSteps() {
        return "\n" + new Result(0, null, steps, new byte[0], 0, false).describe();
    }

    private Result result(int status, CtxtHandle ctx, byte[] extraTail, IntHolder attr) {
        byte[] arrived;
        try {
            arrived = transport.available();
        } catch (IOException e) {
            arrived = new byte[0];
        }
        byte[] leftover = concat(concat(extraTail, pending.toByteArray()), arrived);
        pending.reset();
        return new Result(status, ctx, List.copyOf(steps), leftover, attr.value, endOfInput);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** Parameters of one handshake; {@link #run} may be called once per builder state. */
    public static final class Builder {
        private final CredHandle cred;
        private String targetName = "localhost";
        private int contextReq = DEFAULT_REQ;
        private List<String> alpn;
        private boolean allocateMemory = true;
        private boolean alertBuffer = true;
        private int callerTokenCapacity = 32 * 1024;
        private Delivery delivery = Delivery.WHOLE_FLIGHTS;
        private Integer maxCalls;
        private Duration timeLimit = Duration.ofSeconds(10);
        private boolean retryWithSuppliedCreds;
        private CtxtHandle existingContext;

        private Builder(CredHandle cred) {
            this.cred = cred;
        }

        /** {@code pszTargetName} (default {@code localhost}); null for none. */
        public Builder targetName(String name) {
            this.targetName = name;
            return this;
        }

        /** {@code fContextReq} (default {@link #DEFAULT_REQ}); ALLOCATE_MEMORY follows {@link #allocateMemory}. */
        public Builder contextReq(int flags) {
            this.contextReq = flags;
            return this;
        }

        /** An ALPN list, sent as SECBUFFER_APPLICATION_PROTOCOLS on the first call. */
        public Builder alpn(String... protocols) {
            this.alpn = List.of(protocols);
            return this;
        }

        /** ISC_REQ_ALLOCATE_MEMORY (default true); false: caller buffers ({@link #callerTokenCapacity}). */
        public Builder allocateMemory(boolean allocate) {
            this.allocateMemory = allocate;
            return this;
        }

        /** Capacity of the caller's TOKEN buffer when not allocating (default 32 KiB; doubled on SEC_E_INSUFFICIENT_MEMORY). */
        public Builder callerTokenCapacity(int bytes) {
            this.callerTokenCapacity = bytes;
            return this;
        }

        /** Whether the output holds an ALERT buffer next to the TOKEN (default true). */
        public Builder alertBuffer(boolean withAlert) {
            this.alertBuffer = withAlert;
            return this;
        }

        public Builder delivery(Delivery delivery) {
            this.delivery = delivery;
            return this;
        }

        /** Bound on ISC calls (default 200; 20,000 for one byte at a time). */
        public Builder maxCalls(int max) {
            this.maxCalls = max;
            return this;
        }

        /** Bound on the whole loop (default 10 s). */
        public Builder timeLimit(Duration limit) {
            this.timeLimit = limit;
            return this;
        }

        /** On SEC_I_INCOMPLETE_CREDENTIALS, call again with the same input and ISC_REQ_USE_SUPPLIED_CREDS (curl). */
        public Builder retryWithSuppliedCreds() {
            this.retryWithSuppliedCreds = true;
            return this;
        }

        /** Start on an existing context (e.g. a TLS 1.2 renegotiation) instead of a new one. */
        public Builder existingContext(CtxtHandle ctx) {
            this.existingContext = ctx;
            return this;
        }

        /** Runs the loop against an in-memory peer, e.g. {@code SunJssePeer::receive}. */
        public Result run(Function<byte[], byte[]> peer) {
            return run(Transport.of(peer));
        }

        /** Runs the loop over a transport (e.g. a {@link SocketTransport} to openssl s_server). */
        public Result run(Transport transport) {
            return new SspiClientLoop(this).run(transport);
        }
    }
}
