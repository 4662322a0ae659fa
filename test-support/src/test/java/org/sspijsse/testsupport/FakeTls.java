package org.sspijsse.testsupport;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.sspijsse.sspi.Holder;
import org.sspijsse.sspi.IntHolder;
import org.sspijsse.sspi.IscReq;
import org.sspijsse.sspi.SecApplicationProtocols;
import org.sspijsse.sspi.SecBuffer;
import org.sspijsse.sspi.SecBufferDesc;
import org.sspijsse.sspi.SecBufferType;
import org.sspijsse.sspi.SecPkgAttr;
import org.sspijsse.sspi.SecPkgContext;
import org.sspijsse.sspi.SecStatus;
import org.sspijsse.sspi.SecurityPackage;
import org.sspijsse.sspi.TimeStamp;

/**
 * A fake security package ("FakeTls") that follows the Schannel client contract of SSPI-FACTS.md
 * without any cryptography, so the driver's own logic can be tested: it frames its input into
 * records, consumes whole records of the scripted server flight, answers with the scripted client
 * flight, returns INCOMPLETE + exact MISSING, CONTINUE + EXTRA, OK + EXTRA, and an ALERT on a
 * record whose body starts with {@link #BAD}. "Encryption" XORs with 0x5A and adds a 16-byte trailer.
 */
final class FakeTls implements SecurityPackage {
    static final String NAME = "FakeTls";
    static final byte BAD = (byte) 0xEE;
    static final byte[] ALERT = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x0A};
    static final byte[] CLOSE_NOTIFY = {0x15, 0x03, 0x03, 0x00, 0x02, 0x01, 0x00};
    static final int TRAILER = 16;
    static final int ATTR = 0x801C;

    /**
     * The handshake: client flight i is answered by server flight i. The client is done after
     * consuming {@code clientNeeds} server flights; it sends client flight {@code clientNeeds} (if
     * any) with SEC_E_OK.
     */
    record Script(List<int[]> clientFlights, List<int[]> serverFlights, int clientNeeds) {
        static Script tls13() {
            return new Script(List.of(new int[] {230}, new int[] {1, 58}),
                    List.of(new int[] {122, 1, 40, 1800, 286, 58}, new int[] {250, 250}), 1);
        }

        static Script tls12() {
            return new Script(List.of(new int[] {200}, new int[] {70, 1, 40}),
                    List.of(new int[] {90, 1500, 300, 4}, new int[] {1, 40}), 2);
        }

        byte[] client(int flight) {
            return records(flight, clientFlights.get(flight), 0x10);
        }

        byte[] server(int flight) {
            return flight < serverFlights.size() ? records(flight, serverFlights.get(flight), 0x80) : new byte[0];
        }

        static byte[] records(int flight, int[] sizes, int base) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int r = 0; r < sizes.length; r++) {
                out.writeBytes(record(0x16, sizes[r], (byte) (base + flight * 8 + r)));
            }
            return out.toByteArray();
        }
    }

    static byte[] record(int type, int length, byte fill) {
        byte[] rec = new byte[5 + length];
        rec[0] = (byte) type;
        rec[1] = 3;
        rec[2] = 3;
        rec[3] = (byte) (length >> 8);
        rec[4] = (byte) length;
        Arrays.fill(rec, 5, rec.length, fill);
        return rec;
    }

    /** The scripted server: answers client flight i with server flight i (plus an optional extra). */
    static class Server implements Function<byte[], byte[]> {
        final Script script;
        final List<byte[]> received = new ArrayList<>();
        byte[] appendToFirstFlight = new byte[0];

        Server(Script script) {
            this.script = script;
        }

        @Override
        public byte[] apply(byte[] in) {
            if (in.length == 0) {
                return new byte[0];
            }
            received.add(in);
            int i = received.size() - 1;
            byte[] flight = script.server(i);
            return i == 0 ? TlsRecordsTest.concat(flight, appendToFirstFlight) : flight;
        }
    }

    final Script script;
    volatile List<byte[]> lastAlpn;
    int maxMessage = 16384;

    FakeTls(Script script) {
        this.script = script;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public int acquireCredentialsHandle(String principal, int credentialUse, Object authData,
            Holder<Credential> credential, TimeStamp expiry) {
        credential.value = () -> { };
        return SecStatus.SEC_E_OK;
    }

    @Override
    public int acceptSecurityContext(Credential credential, Context context, SecBufferDesc input, int contextReq,
            Holder<Context> newContext, SecBufferDesc output, IntHolder contextAttr, TimeStamp expiry) {
        return SecStatus.SEC_E_UNSUPPORTED_FUNCTION;
    }

    @Override
    public int initializeSecurityContext(Credential credential, Context context, String targetName, int req,
            SecBufferDesc input, Holder<Context> newContext, SecBufferDesc output, IntHolder attr, TimeStamp expiry) {
        if (output == null || output.find(SecBufferType.SECBUFFER_TOKEN) == null) {
            return SecStatus.SEC_E_INVALID_TOKEN;
        }
        if (context == null) {
            SecBuffer alpn = input == null ? null : input.find(SecBufferType.SECBUFFER_APPLICATION_PROTOCOLS);
            lastAlpn = alpn == null ? null : SecApplicationProtocols.parseAlpn(alpn);
            Ctx c = new Ctx();
            int st = emit(output, req, attr, script.client(0));
            if (st == SecStatus.SEC_E_OK) {
                newContext.value = c;
                return SecStatus.SEC_I_CONTINUE_NEEDED;
            }
            return st;
        }
        Ctx c = (Ctx) context;
        newContext.value = c;
        if (c.shutdownPending) {
            int st = emit(output, req, attr, CLOSE_NOTIFY);
            return st == SecStatus.SEC_E_OK ? SecStatus.SEC_E_OK : st;
        }
        SecBuffer token = input == null ? null : input.get(0);
        if (token == null || token.getBaseType() != SecBufferType.SECBUFFER_TOKEN) {
            return SecStatus.SEC_E_INVALID_TOKEN;
        }
        SecBuffer slot = input.getCount() > 1 ? input.get(1) : null;
        byte[] in = token.toByteArray();
        if (c.done) {
            // A post-handshake message: consumed, no answer.
            c.postHandshakeMessages++;
            return emit(output, req, attr, new byte[0]);
        }
        int[] expect = script.serverFlights().get(c.flight);
        int record = c.record;
        int pos = 0;
        while (true) {
            int have = in.length - pos;
            int missing = have < 5 ? 5 - have : 5 + TlsRecords.length(in, pos) - have;
            if (missing > 0) {
                if (pos == 0) {
                    if (slot != null) {
                        slot.set(SecBufferType.SECBUFFER_MISSING, null, 0, 0);
                        slot.setCbBuffer(missing);
                    }
                    return SecStatus.SEC_E_INCOMPLETE_MESSAGE;
                }
                int st = emit(output, req, attr, new byte[0]);
                if (st != SecStatus.SEC_E_OK) {
                    return st;
                }
                c.record = record;
                setExtra(slot, have);
                return SecStatus.SEC_I_CONTINUE_NEEDED;
            }
            int len = TlsRecords.length(in, pos);
            if (len > 0 && in[pos + 5] == BAD || len != expect[record]) {
                c.failed = true;
                writeAlert(output, req);
                return SecStatus.SEC_E_ILLEGAL_MESSAGE;
            }
            pos += 5 + len;
            record++;
            if (record == expect.length) {
                boolean finished = c.flight + 1 == script.clientNeeds();
                int next = c.flight + 1;
                byte[] out = next < script.clientFlights().size() ? script.client(next) : new byte[0];
                int st = emit(output, req, attr, out);
                if (st != SecStatus.SEC_E_OK) {
                    return st; // nothing consumed: the same call with a bigger buffer repeats it
                }
                c.flight = next;
                c.record = 0;
                c.done = finished;
                setExtra(slot, in.length - pos);
                return finished ? SecStatus.SEC_E_OK : SecStatus.SEC_I_CONTINUE_NEEDED;
            }
            if (pos == in.length) {
                int st = emit(output, req, attr, new byte[0]);
                if (st != SecStatus.SEC_E_OK) {
                    return st;
                }
                c.record = record;
                return SecStatus.SEC_I_CONTINUE_NEEDED;
            }
        }
    }

    private static void setExtra(SecBuffer slot, int n) {
        if (slot != null && n > 0) {
            slot.set(SecBufferType.SECBUFFER_EXTRA, null, 0, 0);
            slot.setCbBuffer(n);
        }
    }

    /** Writes the token per the output rules; SEC_E_OK or SEC_E_INSUFFICIENT_MEMORY. */
    private static int emit(SecBufferDesc output, int req, IntHolder attr, byte[] bytes) {
        SecBuffer token = output.find(SecBufferType.SECBUFFER_TOKEN);
        boolean allocate = (req & IscReq.ISC_REQ_ALLOCATE_MEMORY) != 0;
        if (!allocate && token.getBuffer() != null && token.getCbBuffer() < Math.max(1, bytes.length)) {
            return SecStatus.SEC_E_INSUFFICIENT_MEMORY;
        }
        if (allocate || token.getBuffer() == null) {
            token.set(ByteBuffer.wrap(bytes.clone()), 0, bytes.length);
            token.markPackageAllocated();
        } else {
            token.getBuffer().put(token.getOffset(), bytes);
            token.setCbBuffer(bytes.length);
        }
        SecBuffer alert = output.find(SecBufferType.SECBUFFER_ALERT);
        if (alert != null && !alert.isPackageAllocated() && alert.getBuffer() != null) {
            alert.setCbBuffer(0);
        }
        if (attr != null) {
            attr.value = ATTR | (allocate ? IscReq.ISC_REQ_ALLOCATE_MEMORY : 0);
        }
        return SecStatus.SEC_E_OK;
    }

    private static void writeAlert(SecBufferDesc output, int req) {
        output.find(SecBufferType.SECBUFFER_TOKEN).setCbBuffer(0);
        SecBuffer alert = output.find(SecBufferType.SECBUFFER_ALERT);
        if (alert == null) {
            return;
        }
        if ((req & IscReq.ISC_REQ_ALLOCATE_MEMORY) != 0 || alert.getBuffer() == null) {
            alert.set(ByteBuffer.wrap(ALERT.clone()), 0, ALERT.length);
            alert.markPackageAllocated();
        } else {
            alert.getBuffer().put(alert.getOffset(), ALERT);
            alert.setCbBuffer(ALERT.length);
        }
    }

    /** Seals {@code data} the fake way: header, data XOR 0x5A, 16 bytes of 0xAA. */
    static byte[] seal(byte[] data) {
        byte[] rec = new byte[5 + data.length + TRAILER];
        rec[0] = 0x17;
        rec[1] = 3;
        rec[2] = 3;
        rec[3] = (byte) ((data.length + TRAILER) >> 8);
        rec[4] = (byte) (data.length + TRAILER);
        for (int i = 0; i < data.length; i++) {
            rec[5 + i] = (byte) (data[i] ^ 0x5A);
        }
        Arrays.fill(rec, 5 + data.length, rec.length, (byte) 0xAA);
        return rec;
    }

    final class Ctx implements Context {
        int flight;
        int record;
        boolean done;
        boolean failed;
        boolean shutdownPending;
        int postHandshakeMessages;

        @Override
        public int encryptMessage(int qop, SecBufferDesc m, int seq) {
            if (!done || m.getCount() < 4 || m.get(0).getBaseType() != SecBufferType.SECBUFFER_STREAM_HEADER
                    || m.get(1).getBaseType() != SecBufferType.SECBUFFER_DATA
                    || m.get(2).getBaseType() != SecBufferType.SECBUFFER_STREAM_TRAILER) {
                return SecStatus.SEC_E_INVALID_TOKEN;
            }
            SecBuffer data = m.get(1);
            if (data.getCbBuffer() > maxMessage) {
                return SecStatus.SEC_E_INVALID_PARAMETER;
            }
            byte[] rec = seal(data.toByteArray());
            m.get(0).getBuffer().put(m.get(0).getOffset(), rec, 0, 5);
            data.getBuffer().put(data.getOffset(), rec, 5, data.getCbBuffer());
            m.get(2).getBuffer().put(m.get(2).getOffset(), rec, 5 + data.getCbBuffer(), TRAILER);
            return SecStatus.SEC_E_OK;
        }

        @Override
        public int decryptMessage(SecBufferDesc m, int seq, IntHolder qop) {
            if (m.getCount() < 4 || m.get(0).getBaseType() != SecBufferType.SECBUFFER_DATA) {
                return SecStatus.SEC_E_INVALID_TOKEN;
            }
            SecBuffer b0 = m.get(0);
            ByteBuffer buf = b0.getBuffer();
            int off = b0.getOffset();
            byte[] in = b0.toByteArray();
            int have = in.length;
            int missing = have < 5 ? 5 - have : 5 + TlsRecords.length(in, 0) - have;
            if (missing > 0) {
                b0.set(SecBufferType.SECBUFFER_MISSING, null, 0, 0);
                b0.setCbBuffer(missing);
                return SecStatus.SEC_E_INCOMPLETE_MESSAGE;
            }
            int len = TlsRecords.length(in, 0);
            int end = 5 + len;
            int type = in[0];
            if (type == 0x16) {
                // A post-handshake message: EXTRA holds it as a handshake record.
                m.get(0).set(SecBufferType.SECBUFFER_STREAM_HEADER, buf, off, 5);
                m.get(1).set(SecBufferType.SECBUFFER_DATA, buf, off + 5, 0);
                m.get(2).set(SecBufferType.SECBUFFER_STREAM_TRAILER, buf, off + 5, len);
                m.get(3).set(SecBufferType.SECBUFFER_EXTRA, ByteBuffer.wrap(Arrays.copyOf(in, end)), 0, end);
                return SecStatus.SEC_I_RENEGOTIATE;
            }
            if (type == 0x15) {
                m.get(0).set(SecBufferType.SECBUFFER_STREAM_HEADER, buf, off, 5);
                return SecStatus.SEC_I_CONTEXT_EXPIRED;
            }
            int plain = len - TRAILER;
            for (int i = 0; i < plain; i++) {
                buf.put(off + 5 + i, (byte) (in[5 + i] ^ 0x5A));
            }
            m.get(0).set(SecBufferType.SECBUFFER_STREAM_HEADER, buf, off, 5);
            m.get(1).set(SecBufferType.SECBUFFER_DATA, buf, off + 5, plain);
            m.get(2).set(SecBufferType.SECBUFFER_STREAM_TRAILER, buf, off + 5 + plain, TRAILER);
            if (have > end) {
                m.get(3).set(SecBufferType.SECBUFFER_EXTRA, buf, off + end, have - end);
            }
            return SecStatus.SEC_E_OK;
        }

        @Override
        public int queryContextAttributes(int attribute, Holder<Object> out) {
            if (attribute != SecPkgAttr.SECPKG_ATTR_STREAM_SIZES) {
                return SecStatus.SEC_E_UNSUPPORTED_FUNCTION;
            }
            out.value = new SecPkgContext.StreamSizes(5, TRAILER, maxMessage, 4, 16);
            return SecStatus.SEC_E_OK;
        }

        @Override
        public int applyControlToken(SecBufferDesc input) {
            SecBuffer b = input.get(0);
            if (b.getCbBuffer() < 4) {
                return SecStatus.SEC_E_UNSUPPORTED_FUNCTION;
            }
            int token = b.getBuffer().duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(b.getOffset());
            shutdownPending = token == 1;
            return SecStatus.SEC_E_OK;
        }

        @Override
        public void delete() {
        }
    }
}
