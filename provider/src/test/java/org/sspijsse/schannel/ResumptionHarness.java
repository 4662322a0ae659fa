package org.sspijsse.schannel;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.function.UnaryOperator;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.sspijsse.sspi.CertContext;
import org.sspijsse.sspi.Holder;
import org.sspijsse.sspi.IntHolder;
import org.sspijsse.sspi.PkixCertificateValidator;
import org.sspijsse.sspi.SchannelConstants;
import org.sspijsse.sspi.SchannelCredentials;
import org.sspijsse.sspi.SecBuffer;
import org.sspijsse.sspi.SecBufferDesc;
import org.sspijsse.sspi.SecBufferType;
import org.sspijsse.sspi.SecPkgAttr;
import org.sspijsse.sspi.SecPkgContext;
import org.sspijsse.sspi.SecStatus;
import org.sspijsse.sspi.SecurityPackage;

/**
 * White-box fixture for the resumption tests: one CA, a server certificate for "localhost" and a
 * client certificate; ISC and ASC driven in memory through {@link SchannelPackage}, then the final
 * ASC token (the NewSessionTicket) through DecryptMessage and ISC as a caller would.
 */
final class ResumptionHarness {
    static final int ISC_REQ = 0x811C;
    static final int ASC_REQ = 0x10118;

    final SchannelPackage pkg = new SchannelPackage();
    final CertificateMaker.Issued ca = CertificateMaker.cn("Resumption CA").ca().build();
    final CertificateMaker.Issued server = CertificateMaker.cn("localhost").issuedBy(ca).dns("localhost", "other.localhost")
            .eku(KeyPurposeId.id_kp_serverAuth).build();
    final CertificateMaker.Issued client = CertificateMaker.cn("client").issuedBy(ca).eku(KeyPurposeId.id_kp_clientAuth)
            .build();

    /** The outcome of one connection. */
    record Connection(int clientStatus, int serverStatus, ClientContext client, ServerContext server, int ticketBytes) {
        boolean clientResumed() {
            return sessionInfo(client).dwFlags == SchannelConstants.SSL_SESSION_RECONNECT;
        }

        boolean serverResumed() {
            return sessionInfo(server).dwFlags == SchannelConstants.SSL_SESSION_RECONNECT;
        }
    }

    SchannelCredential clientCredential(UnaryOperator<SchannelCredentials> options) {
        SchannelCredentials c = options.apply(new SchannelCredentials()
                .setValidator(PkixCertificateValidator.trusting(ca.cert())));
        return acquire(SchannelConstants.SECPKG_CRED_OUTBOUND, c);
    }

    SchannelCredential serverCredential(UnaryOperator<SchannelCredentials> options) {
        SchannelCredentials c = options.apply(new SchannelCredentials()
                .addCertificate(new CertContext(new X509Certificate[] {server.cert(), ca.cert()}, server.key()))
                .setValidator(PkixCertificateValidator.trusting(ca.cert())));
        return acquire(SchannelConstants.SECPKG_CRED_INBOUND, c);
    }

    CertContext clientCertificate() {
        return new CertContext(new X509Certificate[] {client.cert(), ca.cert()}, client.key());
    }

    private static SchannelCredential acquire(int use, SchannelCredentials c) {
        SchannelCredential[] out = new SchannelCredential[1];
        assertEquals(SecStatus.SEC_E_OK, SchannelCredential.acquire(use, c, out));
        return out[0];
    }

    Connection connect(SchannelCredential cc, String target, SchannelCredential sc) {
        return connect(cc, target, sc, ASC_REQ, UnaryOperator.identity());
    }

    /**
     * A whole connection; {@code toServer} may rewrite each client flight in flight. Checks a
     * round trip of application data both ways when both sides report SEC_E_OK.
     */
    Connection connect(SchannelCredential cc, String target, SchannelCredential sc, int ascReq,
            UnaryOperator<byte[]> toServer) {
        Holder<SecurityPackage.Context> ch = new Holder<>();
        SecBuffer tok = new SecBuffer(SecBufferType.SECBUFFER_TOKEN);
        int cst = pkg.initializeSecurityContext(cc, null, target, ISC_REQ, null, ch, new SecBufferDesc(tok),
                new IntHolder(), null);
        assertEquals(SecStatus.SEC_I_CONTINUE_NEEDED, cst);
        ClientContext c = (ClientContext) ch.value;
        ServerContext s = null;
        byte[] flight = toServer.apply(tok.toByteArray());
        int sst = SecStatus.SEC_I_CONTINUE_NEEDED;
        byte[] ticket = new byte[0];
        for (int i = 0; i < 10 && flight.length > 0; i++) {
            Holder<SecurityPackage.Context> sh = new Holder<>();
            SecBuffer out = new SecBuffer(SecBufferType.SECBUFFER_TOKEN);
            sst = pkg.acceptSecurityContext(sc, s, new SecBufferDesc(new SecBuffer(SecBufferType.SECBUFFER_TOKEN, flight),
                    SecBuffer.empty()), ascReq, sh, new SecBufferDesc(out, new SecBuffer(SecBufferType.SECBUFFER_ALERT)),
                    new IntHolder(), null);
            if (sh.value != null) {
                s = (ServerContext) sh.value;
            }
            byte[] toClient = out.getBuffer() == null ? new byte[0] : out.toByteArray();
            flight = new byte[0];
            if (sst == SecStatus.SEC_E_OK) {
                ticket = toClient;
                break;
            }
            if (sst != SecStatus.SEC_I_CONTINUE_NEEDED || toClient.length == 0) {
                break;
            }
            SecBuffer o2 = new SecBuffer(SecBufferType.SECBUFFER_TOKEN);
            cst = pkg.initializeSecurityContext(cc, c, target, ISC_REQ, new SecBufferDesc(
                    new SecBuffer(SecBufferType.SECBUFFER_TOKEN, toClient), SecBuffer.empty()), ch,
                    new SecBufferDesc(o2, new SecBuffer(SecBufferType.SECBUFFER_ALERT)), new IntHolder(), null);
            if (cst != SecStatus.SEC_E_OK && cst != SecStatus.SEC_I_CONTINUE_NEEDED) {
                break;
            }
            flight = toServer.apply(o2.getBuffer() == null ? new byte[0] : o2.toByteArray());
        }
        if (cst == SecStatus.SEC_E_OK && sst == SecStatus.SEC_E_OK) {
            receiveTickets(c, ticket);
            assertEquals("ping", roundTrip(c, s, "ping"));
            assertEquals("pong", roundTrip(s, c, "pong"));
        }
        return new Connection(cst, sst, c, s, ticket.length);
    }

    /** DecryptMessage on the client: each NewSessionTicket comes back as SEC_I_RENEGOTIATE, then ISC takes it. */
    void receiveTickets(ClientContext c, byte[] records) {
        byte[] rest = records;
        while (rest.length > 0) {
            SecBufferDesc d = new SecBufferDesc(new SecBuffer(SecBufferType.SECBUFFER_DATA, rest), SecBuffer.empty(),
                    SecBuffer.empty(), SecBuffer.empty());
            int st = c.decryptMessage(d, 0, null);
            if (st == SecStatus.SEC_I_RENEGOTIATE) {
                SecBuffer extra = d.get(3);
                byte[] token = extra.toByteArray();
                SecBufferDesc in = new SecBufferDesc(new SecBuffer(SecBufferType.SECBUFFER_TOKEN, token), SecBuffer.empty());
                int ist = c.next(null, ISC_REQ, in, new SecBufferDesc(new SecBuffer(SecBufferType.SECBUFFER_TOKEN)),
                        new IntHolder(), null);
                assertEquals(SecStatus.SEC_E_OK, ist);
                SecBuffer slot = in.get(1);
                int left = slot.getBaseType() == SecBufferType.SECBUFFER_EXTRA ? slot.getCbBuffer() : 0;
                rest = java.util.Arrays.copyOfRange(token, token.length - left, token.length);
            } else {
                assertEquals(SecStatus.SEC_E_OK, st, "DecryptMessage of the ticket records");
                SecBuffer extra = d.get(3);
                rest = extra.getBaseType() == SecBufferType.SECBUFFER_EXTRA ? extra.toByteArray() : new byte[0];
            }
        }
    }

    static String roundTrip(SchannelContext from, SchannelContext to, String text) {
        Holder<Object> h = new Holder<>();
        assertEquals(SecStatus.SEC_E_OK, from.queryContextAttributes(SecPkgAttr.SECPKG_ATTR_STREAM_SIZES, h));
        SecPkgContext.StreamSizes sz = (SecPkgContext.StreamSizes) h.value;
        byte[] msg = text.getBytes(StandardCharsets.US_ASCII);
        byte[] rec = new byte[sz.cbHeader + msg.length + sz.cbTrailer];
        System.arraycopy(msg, 0, rec, sz.cbHeader, msg.length);
        ByteBuffer bb = ByteBuffer.wrap(rec);
        SecBuffer hd = new SecBuffer(SecBufferType.SECBUFFER_STREAM_HEADER, bb, 0, sz.cbHeader);
        SecBuffer data = new SecBuffer(SecBufferType.SECBUFFER_DATA, bb, sz.cbHeader, msg.length);
        SecBuffer tr = new SecBuffer(SecBufferType.SECBUFFER_STREAM_TRAILER, bb, sz.cbHeader + msg.length, sz.cbTrailer);
        assertEquals(SecStatus.SEC_E_OK, from.encryptMessage(0, new SecBufferDesc(hd, data, tr, SecBuffer.empty()), 0));
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(hd.toByteArray());
        wire.writeBytes(data.toByteArray());
        wire.writeBytes(tr.toByteArray());
        SecBufferDesc d = new SecBufferDesc(new SecBuffer(SecBufferType.SECBUFFER_DATA, wire.toByteArray()),
                SecBuffer.empty(), SecBuffer.empty(), SecBuffer.empty());
        assertEquals(SecStatus.SEC_E_OK, to.decryptMessage(d, 0, null));
        return new String(d.get(1).toByteArray(), StandardCharsets.US_ASCII);
    }

    static SecPkgContext.SessionInfo sessionInfo(SchannelContext ctx) {
        Holder<Object> h = new Holder<>();
        assertEquals(SecStatus.SEC_E_OK, ctx.queryContextAttributes(SecPkgAttr.SECPKG_ATTR_SESSION_INFO, h));
        return (SecPkgContext.SessionInfo) h.value;
    }

    static X509Certificate[] remoteChain(SchannelContext ctx) {
        Holder<Object> h = new Holder<>();
        int st = ctx.queryContextAttributes(SecPkgAttr.SECPKG_ATTR_REMOTE_CERT_CONTEXT, h);
        return st == SecStatus.SEC_E_OK ? ((CertContext) h.value).getChain() : null;
    }
}
