package org.sspijsse.schannel;

import static org.sspijsse.sspi.SchannelConstants.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.sspijsse.sspi.SecBuffer;
import org.sspijsse.sspi.SecBufferDesc;
import org.sspijsse.sspi.SecBufferType;
import org.sspijsse.sspi.SecStatus;

/**
 * ApplyControlToken: it only records the request; the next ISC (client) or ASC (server) call makes
 * the token (SSPI-FACTS.md, "ApplyControlToken"; Microsoft's "Shutting Down an Schannel
 * Connection"). Validation is Windows': no descriptor -> SEC_E_INTERNAL_ERROR; not exactly one TOKEN
 * buffer -> SEC_E_INVALID_TOKEN; fewer than 4 bytes -> SEC_E_UNSUPPORTED_FUNCTION; bytes after the
 * DWORD are ignored; repeating the call is allowed.
 */
final class ControlRequest {
    private boolean shutdown;
    private boolean keyUpdate;
    private int alertLevel = -1;
    private int alertNumber;

    boolean isPending() {
        return shutdown || keyUpdate || alertLevel >= 0;
    }

    int apply(SchannelContext ctx, SecBufferDesc input) {
        if (input == null) {
            return SecStatus.SEC_E_INTERNAL_ERROR;
        }
        if (ctx.state == SchannelContext.Lifecycle.DELETED) {
            return SecStatus.SEC_E_INVALID_HANDLE;
        }
        SecBuffer b = input.getCount() == 1 ? input.get(0) : null;
        if (b == null || b.getBaseType() != SecBufferType.SECBUFFER_TOKEN) {
            return SecStatus.SEC_E_INVALID_TOKEN;
        }
        if (b.getCbBuffer() < 4 || b.getBuffer() == null) {
            return SecStatus.SEC_E_UNSUPPORTED_FUNCTION;
        }
        ByteBuffer le = b.getBuffer().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int off = b.getOffset();
        int type = le.getInt(off);
        switch (type) {
            case SCHANNEL_SHUTDOWN:
                shutdown = true;
                return SecStatus.SEC_E_OK;
            case SCHANNEL_ALERT: {
                // SCHANNEL_ALERT_TOKEN { dwTokenType, dwAlertType, dwAlertNumber }.
                if (b.getCbBuffer() < 12) {
                    return SecStatus.SEC_E_INVALID_TOKEN;
                }
                int level = le.getInt(off + 4);
                int number = le.getInt(off + 8);
                if ((level != TLS1_ALERT_WARNING && level != TLS1_ALERT_FATAL) || number < 0 || number > 255) {
                    return SecStatus.SEC_E_INVALID_PARAMETER;
                }
                alertLevel = level == TLS1_ALERT_WARNING ? AlertLevel.warning : AlertLevel.fatal;
                alertNumber = number;
                return SecStatus.SEC_E_OK;
            }
            case SCHANNEL_SESSION: {
                // SCHANNEL_SESSION_TOKEN { dwTokenType, dwFlags }.
                if (b.getCbBuffer() < 8) {
                    return SecStatus.SEC_E_INVALID_TOKEN;
                }
                int flags = le.getInt(off + 4);
                if ((flags & SSL_SESSION_DISABLE_RECONNECTS) != 0 && ctx instanceof ClientContext) {
                    ((ClientContext) ctx).dropSession();
                }
                return SecStatus.SEC_E_OK;
            }
            case SCHANNEL_RENEGOTIATE: {
                // A Windows client cannot ask for it (SSPI-FACTS.md), and TLS 1.2 renegotiation is
                // refused on both sides. On an established TLS 1.3 server connection the nearest
                // thing, fresh keys, is what this gives: the next ASC returns our
                // KeyUpdate(update_requested), so the client rekeys too (RFC 8446 §4.6.3): the SSPI
                // way to rekey before the usage limits of RFC 8446 §5.5.
                StreamMessages stream = ctx.stream;
                if (ctx.client || stream == null || !stream.isTls13()) {
                    return SecStatus.SEC_E_UNSUPPORTED_FUNCTION;
                }
                keyUpdate = true;
                return SecStatus.SEC_E_OK;
            }
            default:
                return SecStatus.SEC_E_UNSUPPORTED_FUNCTION;
        }
    }

    /**
     * The token for the pending request: an alert record (SCHANNEL_ALERT) and/or close_notify
     * (SCHANNEL_SHUTDOWN), protected by the record layer once the handshake is done, through BC
     * before that. Clears the request; after a shutdown the context is CLOSED for writing.
     */
    byte[] produce(SchannelContext ctx) {
        java.io.ByteArrayOutputStream token = new java.io.ByteArrayOutputStream();
        StreamMessages stream = ctx.stream;
        if (keyUpdate && stream != null && !shutdown && alertLevel < 0) {
            byte[] k = stream.keyUpdateRecord(true);
            token.write(k, 0, k.length);
        }
        keyUpdate = false;
        if (alertLevel >= 0) {
            byte[] a = stream != null ? stream.alertRecord(alertLevel, alertNumber) : plainAlert(alertLevel, alertNumber);
            token.write(a, 0, a.length);
            if (alertLevel == AlertLevel.fatal) {
                shutdown = true;
            }
        }
        if (shutdown) {
            byte[] c;
            if (stream != null) {
                c = stream.alertRecord(AlertLevel.warning, AlertDescription.close_notify);
            } else {
                try {
                    if (ctx.protocol() != null) {
                        ctx.protocol().close();
                    }
                } catch (java.io.IOException e) {
                    // BC could not write its close_notify: the fallback below sends a plain one.
                    SchannelContext.LOG.log(System.Logger.Level.DEBUG, "close during the handshake", e);
                }
                ctx.drainOutput();
                c = ctx.output.toByteArray();
                ctx.output.reset();
                if (c.length == 0) {
                    // BC has no record version yet (a server before a ClientHello): a plaintext alert.
                    c = plainAlert(AlertLevel.warning, AlertDescription.close_notify);
                }
            }
            token.write(c, 0, c.length);
            ctx.state = SchannelContext.Lifecycle.CLOSED;
        }
        shutdown = false;
        alertLevel = -1;
        return token.toByteArray();
    }

    /** An unprotected alert record, as Schannel sends before keys exist: {@code 15 03 01 00 02 level desc}. */
    static byte[] plainAlert(int level, int description) {
        return new byte[] {0x15, 0x03, 0x01, 0x00, 0x02, (byte) level, (byte) description};
    }
}
