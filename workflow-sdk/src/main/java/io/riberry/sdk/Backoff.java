package io.riberry.sdk;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Waits between attempts of a part that failed: from 200 ms, doubling to 10 s, with jitter; reset by a success. */
final class Backoff {

    private static final long FIRST_MS = 200;
    private static final long MAX_MS = 10_000;

    private long nextMs = FIRST_MS;

    /** Waits the next backoff; false when interrupted. */
    boolean pause() {
        final long wait = nextMs / 2 + ThreadLocalRandom.current().nextLong(nextMs / 2 + 1);
        nextMs = Math.min(MAX_MS, nextMs * 2);
        try {
            Thread.sleep(wait);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void reset() {
        nextMs = FIRST_MS;
    }

    Duration next() {
        return Duration.ofMillis(nextMs);
    }
}
