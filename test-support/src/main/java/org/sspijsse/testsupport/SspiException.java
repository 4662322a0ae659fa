package org.sspijsse.testsupport;

import org.sspijsse.sspi.SecStatus;

/** An SSPI call a helper made returned a status the helper cannot go on with. */
public final class SspiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String function;
    private final int status;

    public SspiException(String function, int status, String detail) {
        super(function + " returned " + SecStatus.describe(status) + (detail == null ? "" : ": " + detail));
        this.function = function;
        this.status = status;
    }

    /** The SSPI function, e.g. {@code "EncryptMessage"}. */
    public String function() {
        return function;
    }

    /** The status it returned. */
    public int status() {
        return status;
    }
}
