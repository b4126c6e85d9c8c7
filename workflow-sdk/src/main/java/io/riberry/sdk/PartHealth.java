package io.riberry.sdk;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health of one part of a worker, and its log lines: one when it goes down, one every
 * {@code repeatEvery} while it stays down, one when it is back; never one per failed attempt.
 */
final class PartHealth {

    private static final Logger LOG = LoggerFactory.getLogger(PartHealth.class);
    static final Duration REPEAT_EVERY = Duration.ofSeconds(30);

    private final String part;
    private final String reaching;
    private final Clock clock;
    private boolean up = true;
    private Instant since;
    private String detail = "";
    private Instant lastLogged;

    /**
     * @param part     the part's name in {@link WorkerHealth}
     * @param reaching what it reaches, for the log lines ("Kafka at host:9092")
     */
    PartHealth(final String part, final String reaching, final Clock clock) {
        this.part = part;
        this.reaching = reaching;
        this.clock = clock;
        this.since = clock.instant();
    }

    synchronized void up() {
        if (!up) {
            up = true;
            final Duration lasted = Duration.between(since, clock.instant());
            since = clock.instant();
            detail = "";
            lastLogged = null;
            LOG.info("Worker part {} works again ({}), after {} s down", part, reaching, lasted.toSeconds());
        }
    }

    synchronized void down(final String why) {
        final Instant now = clock.instant();
        if (up) {
            up = false;
            since = now;
        }
        detail = why;
        if (lastLogged == null) {
            lastLogged = now;
            LOG.warn("Worker part {} is down ({}): {}. It retries by itself; told again every {} s while it lasts",
                    part, reaching, why, REPEAT_EVERY.toSeconds());
        } else if (Duration.between(lastLogged, now).compareTo(REPEAT_EVERY) >= 0) {
            lastLogged = now;
            LOG.warn("Worker part {} is still down after {} s ({}): {}", part, Duration.between(since, now).toSeconds(), reaching, why);
        }
    }

    synchronized boolean isUp() {
        return up;
    }

    synchronized WorkerHealth.Part snapshot() {
        return new WorkerHealth.Part(up, since, detail);
    }
}
