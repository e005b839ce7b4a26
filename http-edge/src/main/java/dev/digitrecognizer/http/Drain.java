package dev.digitrecognizer.http;

import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * The requests a service has in flight, so that it can stop on SIGTERM without cutting one: once
 * {@link #close() closed}, new requests are refused (each transport says 503 or UNAVAILABLE in its
 * own words) while those already admitted run to their answer, and {@link #awaitIdle} waits for
 * the last of them. A service that only stopped its server would reset every answer still being
 * computed, which is what each rolling update and each scale-in would do to its clients.
 */
public final class Drain {
    private static final Logger LOG = Logger.getLogger(Drain.class);
    private int inFlight;
    private boolean closed;

    /** Admits a request, or refuses it (false) once the drain has begun. */
    public synchronized boolean enter() {
        if (closed) {
            return false;
        }
        inFlight++;
        return true;
    }

    /** The answer to an admitted request has been written, or its client has gone. */
    public synchronized void exit() {
        inFlight--;
        if (inFlight == 0) {
            notifyAll();
        }
    }

    /**
     * Stops the service's traffic: it keeps serving for {@code delay}, so that what callers sent
     * before they learnt of the stop (a request still in the gateway on its way here, a proxy
     * that has not yet dropped this instance) is served too; then refuses every new request and
     * waits up to {@code timeout} for those in flight.
     */
    public void stop(Duration delay, Duration timeout) throws InterruptedException {
        Thread.sleep(delay.toMillis());
        int atClose;
        synchronized (this) {
            closed = true;
            atClose = inFlight;
        }
        int left = awaitIdle(timeout);
        if (left == 0) {
            LOG.infof("drained: the %d requests in flight were answered; new ones were refused", atClose);
        } else {
            LOG.warnf("drain timed out after %s with %d of %d requests still in flight", timeout, left, atClose);
        }
    }

    /**
     * Waits until no admitted request is left, or the timeout passes.
     *
     * @return the requests still in flight: 0 when the drain finished in time
     */
    private synchronized int awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return inFlight;
    }
}
