package org.sspijsse.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Arrays;
import org.sspijsse.sspi.CredHandle;
import org.sspijsse.sspi.CtxtHandle;
import org.sspijsse.sspi.Holder;
import org.sspijsse.sspi.IntHolder;
import org.sspijsse.sspi.SecBuffer;
import org.sspijsse.sspi.SecBufferDesc;
import org.sspijsse.sspi.SecBufferType;
import org.sspijsse.sspi.SecPkgAttr;
import org.sspijsse.sspi.SecPkgContext;
import org.sspijsse.sspi.SecStatus;
import org.sspijsse.sspi.Sspi;

/**
 * A C-style Schannel client loop over a real socket to 127.0.0.1 (the way curl drives ISC): the test
 * fixture of the openssl interop tests. Bounded loops; socket reads time out.
 */
class SspiSocketClient implements AutoCloseable {
    static final int REQ = 0x811C;
    private static final int MAX_STEPS = 1000;

    final CredHandle cred;
    final String target;
    final CtxtHandle ctx = new CtxtHandle();
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private byte[] pending = new byte[0];
    int renegotiates;
    int lastStatus;
    /** pInput of the first ISC call (e.g. an APPLICATION_PROTOCOLS buffer), or null. */
    SecBufferDesc firstInput;

    SspiSocketClient(CredHandle cred, String target, int port) throws IOException {
        this.cred = cred;
        this.target = target;
        this.socket = new Socket(InetAddress.getByName("127.0.0.1"), port);
        socket.setSoTimeout(10_000);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    private int isc(SecBufferDesc input, SecBuffer token, boolean first) {
        return Sspi.initializeSecurityContext(cred, first ? null : ctx, target, REQ, input, ctx,
                new SecBufferDesc(token, new SecBuffer(SecBufferType.SECBUFFER_ALERT)), new IntHolder(), null);
    }

    /** Reads more bytes into {@link #pending}; false at EOF. */
    private boolean readMore() throws IOException {
        byte[] b = new byte[16 * 1024];
        int n = in.read(b);
        if (n < 0) {
            return false;
        }
        pending = concat(pending, Arrays.copyOf(b, n));
        return true;
    }

    /** Runs the handshake; returns its final status. */
    int handshake() throws IOException {
        SecBuffer token = new SecBuffer(SecBufferType.SECBUFFER_TOKEN);
        int st = isc(firstInput, token, true);
        assertEquals(SecStatus.SEC_I_CONTINUE_NEEDED, st);
        out.write(token.toByteArray());
        for (int i = 0; i < MAX_STEPS; i++) {
            if (pending.length == 0 && !readMore()) {
                fail("connection closed during the handshake");
            }
            SecBufferDesc input = new SecBufferDesc(new SecBuffer(SecBufferType.SECBUFFER_TOKEN, pending),
                    SecBuffer.empty());
            token = new SecBuffer(SecBufferType.SECBUFFER_TOKEN);
            st = isc(input, token, false);
            lastStatus = st;
            if (st == SecStatus.SEC_E_INCOMPLETE_MESSAGE) {
                if (!readMore()) {
                    fail("connection closed during the handshake");
                }
                continue;
            }
            if (SecStatus.failed(st)) {
                return st;
            }
            out.write(token.toByteArray());
            SecBuffer slot = input.get(1);
            pending = slot.getBaseType() == SecBufferType.SECBUFFER_EXTRA
                    ? Arrays.copyOfRange(pending, pending.length - slot.getCbBuffer(), pending.length) : new byte[0];
            if (st == SecStatus.SEC_E_OK) {
                return st;
            }
            assertEquals(SecStatus.describe(SecStatus.SEC_I_CONTINUE_NEEDED), SecStatus.describe(st));
        }
        fail("handshake did not end");
        return -1;
    }

    SecPkgContext.StreamSizes sizes() {
        Holder<Object> h = new Holder<>();
        assertEquals(0, Sspi.queryContextAttributes(ctx, SecPkgAttr.SECPKG_ATTR_STREAM_SIZES, h));
        return (SecPkgContext.StreamSizes) h.value;
    }

    Object query(int attr) {
        Holder<Object> h = new Holder<>();
        assertEquals(SecStatus.describe(SecStatus.SEC_E_OK),
                SecStatus.describe(Sspi.queryContextAttributes(ctx, attr, h)));
        return h.value;
    }

    void send(byte[] plain) throws IOException {
        SecPkgContext.StreamSizes sz = sizes();
        byte[] rec = new byte[sz.cbHeader + plain.length + sz.cbTrailer];
        System.arraycopy(plain, 0, rec, sz.cbHeader, plain.length);
        SecBuffer h = new SecBuffer(SecBufferType.SECBUFFER_STREAM_HEADER, rec, 0, sz.cbHeader);
        SecBuffer d = new SecBuffer(SecBufferType.SECBUFFER_DATA, rec, sz.cbHeader, plain.length);
        SecBuffer t = new SecBuffer(SecBufferType.SECBUFFER_STREAM_TRAILER, rec, sz.cbHeader + plain.length,
                sz.cbTrailer);
        int st = Sspi.encryptMessage(ctx, 0, new SecBufferDesc(h, d, t, SecBuffer.empty()), 0);
        assertEquals(SecStatus.describe(SecStatus.SEC_E_OK), SecStatus.describe(st), "EncryptMessage");
        out.write(rec, 0, h.getCbBuffer() + d.getCbBuffer() + t.getCbBuffer());
    }

    /**
     * Decrypts records until {@code until} is in the plaintext, the peer closes (close_notify or EOF),
     * or a RENEGOTIATE was handled and {@code stopAfterRenegotiate}. Post-handshake messages go to ISC and
     * its token (a KeyUpdate) is sent.
     */
    String receive(String until, boolean stopAfterRenegotiate) throws IOException {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        for (int i = 0; i < MAX_STEPS; i++) {
            if (until != null && plain.toString(java.nio.charset.StandardCharsets.ISO_8859_1).contains(until)) {
                break;
            }
            if (pending.length == 0 && !readMore()) {
                lastStatus = -1;
                break;
            }
            SecBufferDesc d = new SecBufferDesc(new SecBuffer(SecBufferType.SECBUFFER_DATA, pending.clone()),
                    SecBuffer.empty(), SecBuffer.empty(), SecBuffer.empty());
            int st = Sspi.decryptMessage(ctx, d, 0, null);
            lastStatus = st;
            if (st == SecStatus.SEC_E_INCOMPLETE_MESSAGE) {
                if (!readMore()) {
                    break;
                }
                continue;
            }
            if (st == SecStatus.SEC_I_CONTEXT_EXPIRED) {
                break;
            }
            if (st == SecStatus.SEC_I_RENEGOTIATE) {
                renegotiates++;
                byte[] msg = d.get(3).toByteArray();
                SecBufferDesc input = new SecBufferDesc(new SecBuffer(SecBufferType.SECBUFFER_TOKEN, msg),
                        SecBuffer.empty());
                SecBuffer token = new SecBuffer(SecBufferType.SECBUFFER_TOKEN);
                int r = isc(input, token, false);
                assertEquals(SecStatus.describe(SecStatus.SEC_E_OK), SecStatus.describe(r), "ISC after RENEGOTIATE");
                lastToken = token.toByteArray();
                out.write(lastToken);
                SecBuffer slot = input.get(1);
                pending = slot.getBaseType() == SecBufferType.SECBUFFER_EXTRA
                        ? Arrays.copyOfRange(msg, msg.length - slot.getCbBuffer(), msg.length) : new byte[0];
                if (stopAfterRenegotiate) {
                    break;
                }
                continue;
            }
            assertTrue(st == SecStatus.SEC_E_OK, "DecryptMessage: " + SecStatus.describe(st));
            plain.writeBytes(d.get(1).toByteArray());
            pending = d.get(3).getBaseType() == SecBufferType.SECBUFFER_EXTRA ? d.get(3).toByteArray() : new byte[0];
        }
        return plain.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    byte[] lastToken = new byte[0];

    /** ApplyControlToken(SCHANNEL_SHUTDOWN) + ISC: sends close_notify; returns the ISC status. */
    int shutdown() throws IOException {
        byte[] dword = {1, 0, 0, 0};
        assertEquals(0, Sspi.applyControlToken(ctx, new SecBufferDesc(new SecBuffer(SecBufferType.SECBUFFER_TOKEN,
                dword))));
        SecBuffer token = new SecBuffer(SecBufferType.SECBUFFER_TOKEN);
        int st = isc(null, token, false);
        out.write(token.toByteArray());
        lastToken = token.toByteArray();
        return st;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Override
    public void close() throws IOException {
        Sspi.deleteSecurityContext(ctx);
        socket.close();
    }
}
