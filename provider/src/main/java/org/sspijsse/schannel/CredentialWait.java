package org.sspijsse.schannel;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.sspijsse.sspi.CertContext;

/**
 * SEC_I_INCOMPLETE_CREDENTIALS over BC, which cannot pause a handshake inside
 * {@code getClientCredentials} (BC-NOTES.md, "Client certificates"): the handshake records of such a
 * context are offered on a worker thread; when the server asks for a certificate the credentials
 * cannot supply, the callback parks that thread and ISC returns SEC_I_INCOMPLETE_CREDENTIALS; the
 * next ISC call hands over the caller's decision (a new credential's certificate, or none) and the
 * same record's processing goes on. DeleteSecurityContext releases a parked thread.
 */
final class CredentialWait {
    /** A parked handshake gives up after this long without a new ISC call (no thread is kept forever). */
    static final long PARK_LIMIT_MS = TimeUnit.MINUTES.toMillis(5);
    /** Processing one record never takes this long; past it the step is an internal error. */
    static final long STEP_LIMIT_MS = TimeUnit.MINUTES.toMillis(2);

    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sspi-handshake");
        t.setDaemon(true);
        return t;
    });

    /** One record's processing, as BC's {@code offerInput} does it. */
    @FunctionalInterface
    interface Step {
        void run() throws IOException;
    }

    private final Object monitor = new Object();
    private boolean running;
    private boolean parked;
    private boolean decided;
    private boolean cancelled;
    private CertContext decision;
    private IOException ioFailure;
    private RuntimeException runtimeFailure;

    /** Runs {@code step} on a worker; returns when it finished (rethrowing its failure) or parked. */
    void run(Step step) throws IOException {
        synchronized (monitor) {
            running = true;
            ioFailure = null;
            runtimeFailure = null;
        }
        WORKERS.execute(() -> {
            IOException io = null;
            RuntimeException rt = null;
            try {
                step.run();
            } catch (IOException e) {
                io = e;
            } catch (RuntimeException e) {
                rt = e;
            }
            synchronized (monitor) {
                ioFailure = io;
                runtimeFailure = rt;
                running = false;
                monitor.notifyAll();
            }
        });
        awaitFinishedOrParked();
    }

    /** True while the worker waits for the caller's decision. */
    boolean isParked() {
        synchronized (monitor) {
            return parked;
        }
    }

    /** Hands the decision (null: no certificate) to the parked worker and waits as {@link #run} does. */
    void resume(CertContext certificate) throws IOException {
        synchronized (monitor) {
            decision = certificate;
            decided = true;
            parked = false;
            monitor.notifyAll();
        }
        awaitFinishedOrParked();
    }

    /** On the worker, inside the BC callback: waits for {@link #resume}. */
    CertContext park() throws IOException {
        synchronized (monitor) {
            parked = true;
            decided = false;
            monitor.notifyAll();
            long deadline = System.currentTimeMillis() + PARK_LIMIT_MS;
            while (!decided && !cancelled) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    break;
                }
                waitOn(left);
            }
            parked = false;
            if (!decided) {
                // Deleted, or abandoned: end the handshake (RFC 8446 §6.1: user_canceled, then close).
                throw new TlsFatalAlert(AlertDescription.user_canceled, "no credentials decision");
            }
            decided = false;
            return decision;
        }
    }

    /** Releases a parked worker (DeleteSecurityContext). */
    void cancel() {
        synchronized (monitor) {
            cancelled = true;
            monitor.notifyAll();
        }
    }

    private void awaitFinishedOrParked() throws IOException {
        synchronized (monitor) {
            long deadline = System.currentTimeMillis() + STEP_LIMIT_MS;
            while (running && !parked) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    throw new TlsFatalAlert(AlertDescription.internal_error, "handshake step did not finish");
                }
                if (!waitOn(left)) {
                    throw new java.io.InterruptedIOException("interrupted while the handshake step ran");
                }
            }
            if (parked) {
                return;
            }
            if (ioFailure != null) {
                throw ioFailure;
            }
            if (runtimeFailure != null) {
                throw runtimeFailure;
            }
        }
    }

    /** False when interrupted (the interrupt is kept, and a parked worker gives up). */
    private boolean waitOn(long millis) {
        try {
            monitor.wait(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancelled = true;
            return false;
        }
    }
}
