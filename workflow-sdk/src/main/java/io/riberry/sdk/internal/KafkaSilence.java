package io.riberry.sdk.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How long Kafka has acknowledged nothing, and when that is worth a log line: the first when the
 * silence passes {@code reportAfter}, then one every {@code repeatEvery} while it lasts, and one
 * when acknowledgements come back. A lost broker is thus told once per interval, not, as the
 * Kafka clients do, once per connection attempt of every client. Thread-safe: acknowledgements
 * arrive on a client's I/O thread, checks on a timer.
 */
final class KafkaSilence {

    private final Duration reportAfter;
    private final Duration repeatEvery;
    private Instant lastAcknowledged;
    private Instant lastReported;

    KafkaSilence(final Instant start, final Duration reportAfter, final Duration repeatEvery) {
        this.lastAcknowledged = start;
        this.reportAfter = reportAfter;
        this.repeatEvery = repeatEvery;
    }

    /** Something was acknowledged at {@code now}: how long the silence had lasted, if it was reported. */
    synchronized Optional<Duration> acknowledged(final Instant now) {
        final Optional<Duration> ended = lastReported == null ? Optional.empty() : Optional.of(Duration.between(lastAcknowledged, now));
        if (now.isAfter(lastAcknowledged)) {
            lastAcknowledged = now;
        }
        lastReported = null;
        return ended;
    }

    /** The silence so far, if a line about it is due at {@code now}. */
    synchronized Optional<Duration> due(final Instant now) {
        final Duration silence = Duration.between(lastAcknowledged, now);
        if (silence.compareTo(reportAfter) < 0) {
            return Optional.empty();
        }
        if (lastReported != null && Duration.between(lastReported, now).compareTo(repeatEvery) < 0) {
            return Optional.empty();
        }
        lastReported = now;
        return Optional.of(silence);
    }
}
