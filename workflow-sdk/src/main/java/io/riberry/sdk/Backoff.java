package io.riberry.sdk;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Waits between attempts of a part that failed: from 200 ms, doubling to 10 s, with jitter; reset
 * by a success. An interrupt cuts a wait short and is cleared: parts stop on their own flag, never
 * on an interrupt (a parameter handler re-setting one must not turn a loop into a hot spin or end it).
 */
final class Backoff {

    private static final long FIRST_MS = 200;
    private static final long MAX_MS = 10_000;

    private long nextMs = FIRST_MS;

    void pause() {
        final long wait = nextMs / 2 + ThreadLocalRandom.current().nextLong(nextMs / 2 + 1);
        nextMs = Math.min(MAX_MS, nextMs * 2);
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.interrupted();
        }
    }

    void reset() {
        nextMs = FIRST_MS;
    }

    Duration next() {
        return Duration.ofMillis(nextMs);
    }
}
