package org.sspijsse.cli;

import org.sspijsse.sspi.SecStatus;

/** An SSPI call returned a status the client cannot go on from. */
final class SspiCallException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String function;
    private final int status;

    SspiCallException(String function, int status) {
        this(function, status, null);
    }

    SspiCallException(String function, int status, String hint) {
        super(function + " failed: " + SecStatus.describe(status) + (hint == null ? "" : " (" + hint + ")"));
        this.function = function;
        this.status = status;
    }

    String function() {
        return function;
    }

    int status() {
        return status;
    }
}
