package org.sspijsse.jsse;

import javax.net.ssl.SSLException;
import org.sspijsse.sspi.SecStatus;

/**
 * The SSPI status behind a JSSE exception: found in the cause chain of every
 * {@code SSLException} the engine throws for a failed SSPI call, so an application can tell
 * {@code SEC_E_UNTRUSTED_ROOT} from {@code SEC_E_WRONG_PRINCIPAL} without parsing messages.
 */
public final class SspiStatusException extends SSLException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final int alert;

    SspiStatusException(int status, int alert) {
        super(SecStatus.describe(status) + (alert >= 0 ? ", alert " + StatusExceptions.alertName(alert) : ""));
        this.status = status;
        this.alert = alert;
    }

    /** The {@code SEC_E_*} status the SSPI call returned. */
    public int getStatus() {
        return status;
    }

    /** The TLS alert description that went to the peer when it could be read (a plaintext alert), else -1. */
    public int getAlert() {
        return alert;
    }
}
