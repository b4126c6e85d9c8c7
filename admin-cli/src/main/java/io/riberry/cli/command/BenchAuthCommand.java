package io.riberry.cli.command;

import io.riberry.cli.ExitCodes;
import io.riberry.cli.LocalPorts;
import io.riberry.cli.dev.DevSystem;
import io.riberry.platform.client.ApiClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code riberry bench auth}: what authentication costs a read. Starts a complete system (no
 * worker) with authentication off, then one with it on, each on its own data, and hammers
 * {@code GET /executions/{id}} from a few threads: without credentials, then with the API token of
 * a viewer who sees the form through a catalog group (the common path: token lookup, hash, group
 * resolution, visibility check), then with the bootstrap admin token.
 */
@Command(name = "auth", mixinStandardHelpOptions = true,
        description = "Measure GET /executions/{id} with authentication off and on (req/s, p50, p99), each in a fresh system.")
public final class BenchAuthCommand extends RiberryCommand {

    @Option(names = "--seconds", description = "Measured seconds per case, after as long again to warm up (default 10).")
    int seconds = 10;

    @Option(names = "--threads", description = "Client threads, each with its own connection (default 8).")
    int threads = 8;

    @Option(names = "--rounds", description = "Measured rounds over every case, so the spread shows (default 2).")
    int rounds = 2;

    @Override
    public Integer call() throws Exception {
        if (seconds < 1 || threads < 1 || rounds < 1) {
            throw new io.riberry.cli.CliException("--seconds, --threads and --rounds must be at least 1");
        }
        final Path data = Files.createTempDirectory("riberry-bench-auth");
        // Both systems run side by side, every case is warmed before any is measured: the JIT has
        // seen every path, and the order of the cases does not favour the later ones.
        try (DevSystem open = start(data.resolve("off"), false); DevSystem guarded = start(data.resolve("on"), true)) {
            final String openExecution = anExecution(new ApiClient(open.apiUrl()));
            final ApiClient admin = new ApiClient(guarded.apiUrl(), guarded.adminToken());
            final String guardedExecution = anExecution(admin);
            // grace is in the demo catalog's demo-viewers group: she sees hello through it.
            final String viewerToken = ApiErrors.require(admin.post("/tokens", Map.of("subject", "grace"))).body().get("token").asText();
            final List<Case> cases = List.of(new Case("authentication off", open.apiUrl(), openExecution, null),
                    new Case("on, a viewer's API token", guarded.apiUrl(), guardedExecution, viewerToken),
                    new Case("on, the admin token", guarded.apiUrl(), guardedExecution, guarded.adminToken()));
            for (Case each : cases) {
                run(each, seconds);
            }
            printer().line(String.format("GET /executions/{id}, %d threads, %d s each after %d s of warm-up", threads, seconds, seconds));
            for (int round = 1; round <= rounds; round++) {
                printer().line("round " + round);
                for (Case each : cases) {
                    report(each.label(), run(each, seconds));
                }
            }
        } finally {
            deleteQuietly(data);
        }
        return ExitCodes.OK;
    }

    private static DevSystem start(final Path dataDir, final boolean authEnabled) {
        return DevSystem.startWithoutWorker(new DevSystem.Settings(LocalPorts.free(), LocalPorts.free(), LocalPorts.free(), dataDir,
                null, authEnabled));
    }

    /** A RECEIVED execution (no worker runs it): a point read like any other. */
    private static String anExecution(final ApiClient api) {
        final String executionId = ApiErrors.require(api.post("/jobs", Map.of("form", "hello", "name", "bench-auth-" + System.nanoTime(),
                "inputs", Map.of("name", "Ada")))).body().get("executionId").asText();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (api.get("/executions/" + executionId).status() != 200) {
            if (System.nanoTime() > deadline) {
                throw new io.riberry.cli.CliException("execution " + executionId + " was not stored within 30 s");
            }
            Thread.onSpinWait();
        }
        return executionId;
    }

    private record Result(long requests, double seconds, Histogram latency, long failures) {
    }

    /** One measured case: a system's API, an execution on it, and the token presented (null = none). */
    private record Case(String label, String apiUrl, String executionId, String token) {
    }

    private Result run(final Case target, final int durationSeconds) throws Exception {
        final URI uri = URI.create(target.apiUrl() + "/executions/" + target.executionId());
        final String token = target.token();
        final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(durationSeconds);
        final ExecutorService pool = Executors.newFixedThreadPool(threads);
        final List<Future<Result>> parts = new ArrayList<>();
        final long started = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            parts.add(pool.submit(() -> {
                final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                final HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
                if (token != null) {
                    builder.header("Authorization", "Bearer " + token);
                }
                final HttpRequest request = builder.build();
                final Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(10), 3);
                long requests = 0;
                long failures = 0;
                while (System.nanoTime() < end) {
                    final long sent = System.nanoTime();
                    final int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    latency.recordValue(Math.min(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - sent), TimeUnit.SECONDS.toMicros(10)));
                    requests++;
                    if (status != 200) {
                        failures++;
                    }
                }
                return new Result(requests, 0, latency, failures);
            }));
        }
        final Histogram all = new Histogram(TimeUnit.SECONDS.toMicros(10), 3);
        long requests = 0;
        long failures = 0;
        for (Future<Result> part : parts) {
            final Result result = part.get();
            all.add(result.latency());
            requests += result.requests();
            failures += result.failures();
        }
        pool.shutdown();
        return new Result(requests, (System.nanoTime() - started) / 1e9, all, failures);
    }

    private void report(final String label, final Result result) {
        printer().line(String.format("  %-28s %,8.0f req/s   p50 %6.2f ms   p99 %6.2f ms%s", label, result.requests() / result.seconds(),
                result.latency().getValueAtPercentile(50) / 1000.0, result.latency().getValueAtPercentile(99) / 1000.0,
                result.failures() == 0 ? "" : "   (" + result.failures() + " answers were not 200)"));
    }

    private static void deleteQuietly(final Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (java.io.IOException e) {
            // A temporary directory left behind is harmless.
        }
    }
}
