package io.riberry.platform.health;

import io.riberry.platform.http.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Whether this replica can serve, and if not, why. Ready: Streams has run (so the global catalog
 * store has been restored, which Streams does before it first runs) and runs or rebalances now,
 * every public schema is registered, and no stream thread keeps failing. Live: Streams has not stopped for good, so a
 * restart of the process would not help. While not ready, writes answer 503 with Retry-After,
 * never a 4xx a client would take as final (an unknown form while the catalog loads, say).
 */
public final class Readiness {

    /** Failures of stream threads within this window count; one alone may be a passing fault. */
    static final Duration FAILURE_WINDOW = Duration.ofMinutes(1);
    static final int FAILURES_TO_BE_UNREADY = 2;
    private static final Set<KafkaStreams.State> DEAD = Set.of(KafkaStreams.State.ERROR, KafkaStreams.State.PENDING_ERROR,
            KafkaStreams.State.NOT_RUNNING, KafkaStreams.State.PENDING_SHUTDOWN);

    private final KafkaStreams streams;
    private final Clock clock;
    private final Deque<Instant> threadFailures = new ArrayDeque<>();
    private volatile String lastThreadFailure;
    private volatile boolean catalogLoaded;
    private volatile String schemaProblem = "not registered yet";

    /** A report: ready or not, live or not, each check's state and the reasons it is not ready. */
    public record Report(boolean ready, boolean live, Map<String, String> checks, List<String> reasons) {
    }

    public Readiness(final KafkaStreams streams, final Clock clock) {
        this.streams = streams;
        this.clock = clock;
    }

    public void schemasRegistered() {
        schemaProblem = null;
    }

    public void schemasNotRegistered(final String problem) {
        schemaProblem = problem;
    }

    /** Called by the uncaught-exception handler each time a stream thread dies. */
    public synchronized void streamThreadFailed(final Throwable failure) {
        threadFailures.addLast(clock.instant());
        lastThreadFailure = failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    public Report report() {
        final KafkaStreams.State state = streams.state();
        if (state == KafkaStreams.State.RUNNING) {
            catalogLoaded = true;
        }
        final Map<String, String> checks = new LinkedHashMap<>();
        final List<String> reasons = new ArrayList<>();
        checks.put("streams", state.name());
        // A rebalance (a replica joining or leaving) is routine: once running, a replica stays ready
        // through it; reads of a key that is moving answer 503 on their own, writes go on.
        final boolean streamsServing = state == KafkaStreams.State.RUNNING || (catalogLoaded && state == KafkaStreams.State.REBALANCING);
        if (!streamsServing) {
            reasons.add("Kafka Streams is " + state);
        }
        checks.put("catalog", catalogLoaded ? "loaded" : "loading");
        if (!catalogLoaded) {
            reasons.add("the catalog is loading");
        }
        final String schemas = schemaProblem;
        checks.put("schemas", schemas == null ? "registered" : schemas);
        if (schemas != null) {
            reasons.add("public schemas are not registered: " + schemas);
        }
        final int recentFailures = recentThreadFailures();
        checks.put("streamThreads", recentFailures == 0 ? "ok" : recentFailures + " failed in the last minute: " + lastThreadFailure);
        if (recentFailures >= FAILURES_TO_BE_UNREADY) {
            reasons.add("stream threads failed " + recentFailures + " times in the last minute, last: " + lastThreadFailure);
        }
        return new Report(reasons.isEmpty(), !DEAD.contains(state), checks, reasons);
    }

    /** Throws 503 with the reasons unless ready. */
    public void requireReady() {
        final Report report = report();
        if (!report.ready()) {
            throw new ApiException(503, "unavailable", "this platform replica is not ready: " + String.join("; ", report.reasons()),
                    report.reasons());
        }
    }

    private synchronized int recentThreadFailures() {
        final Instant since = clock.instant().minus(FAILURE_WINDOW);
        while (!threadFailures.isEmpty() && threadFailures.peekFirst().isBefore(since)) {
            threadFailures.removeFirst();
        }
        return threadFailures.size();
    }
}
