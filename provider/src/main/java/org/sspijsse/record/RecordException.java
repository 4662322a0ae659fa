package org.sspijsse.record;

/**
 * A record could not be protected or accepted. Carries the TLS AlertDescription number
 * (RFC 8446 §6.2) that the connection should send before it closes, e.g. {@link Alerts#BAD_RECORD_MAC}.
 */
public final class RecordException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int alertDescription;

    public RecordException(int alertDescription, String msg) {
        super(msg);
        this.alertDescription = alertDescription;
    }

    public RecordException(int alertDescription, String msg, Throwable cause) {
        super(msg, cause);
        this.alertDescription = alertDescription;
    }

    /** The AlertDescription number to send (RFC 8446 §6.2). */
    public int alertDescription() {
        return alertDescription;
    }

    @Override
    public String toString() {
        return super.toString() + " [alert " + Alerts.name(alertDescription) + "(" + alertDescription + ")]";
    }
}
