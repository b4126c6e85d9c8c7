package io.riberry.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.cli.CliException;
import io.riberry.cli.ExitCodes;
import io.riberry.cli.GlobalOptions;
import io.riberry.platform.client.ApiClient;
import io.riberry.sdk.Artifact;
import io.riberry.sdk.RiberryWorker;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code riberry bench artifact}: a worker in this process writes one generated artifact of
 * {@code --size} bytes through the SDK, then the bench downloads it through the API. Prints MB/s
 * each way and the peak heap of this process (the worker) and of the platform (from /metrics).
 */
@Command(name = "artifact", mixinStandardHelpOptions = true, description = "Measure writing and downloading one large artifact.")
public final class BenchArtifactCommand extends RiberryCommand {

    static final String FORM = "bench-artifact";
    static final String INSTANCE = "bench-artifacts";
    private static final double MB = 1024 * 1024;

    @Option(names = "--size", description = "Artifact size in MiB (default 1024).")
    long sizeMiB = 1024;

    @Option(names = "--timeout", description = "Give up after this long, e.g. 30s or 1h (default 10m).")
    Duration timeout = Duration.ofMinutes(10);

    private final AtomicLong uploadStarted = new AtomicLong();
    private final AtomicLong uploadEnded = new AtomicLong();

    @Override
    public Integer call() throws Exception {
        final GlobalOptions options = global();
        requireReachableKafka();
        final ApiClient api = options.apiClient();
        final long size = sizeMiB * 1024 * 1024;
        final HeapPeaks heap = new HeapPeaks(api);
        final RiberryWorker.Builder builder = RiberryWorker.builder();
        options.kafka().settings().forEach(builder::kafkaSetting);
        options.tokenFor(options.registry()).ifPresent(builder::schemaRegistryBearerToken);
        try (RiberryWorker worker = builder.application("bench").instance(INSTANCE)
                .bootstrapServers(options.bootstrapServer()).schemaRegistryUrl(options.registry()).concurrency(1)
                .entryPoint(FORM, ctx -> {
                    uploadStarted.set(System.nanoTime());
                    ctx.artifact(Artifact.output("Generated", "generated.bin"), new PatternBytes(size));
                    uploadEnded.set(System.nanoTime());
                }).build().start()) {
            heap.start();
            final String executionId = ApiErrors.require(api.post("/jobs", Map.of("form", FORM, "name", "bench-artifact-" + System.nanoTime())))
                    .body().get("executionId").asText();
            final JsonNode artifact = awaitComplete(api, executionId);
            final long stored = System.nanoTime();

            final long downloadStart = System.nanoTime();
            final MessageDigest digest = MessageDigest.getInstance("SHA-256");
            final HttpResponse<InputStream> response = api.getStream("/artifacts/" + artifact.get("artifactId").asText() + "/content");
            final long received;
            try (InputStream in = new DigestInputStream(response.body(), digest)) {
                received = in.transferTo(OutputStream.nullOutputStream());
            }
            final long downloaded = System.nanoTime();
            heap.stop();
            if (received != size || !HexFormat.of().formatHex(digest.digest()).equals(artifact.get("sha256").asText())) {
                throw new CliException("downloaded " + received + " bytes whose SHA-256 does not match what the worker wrote");
            }
            printer().line(String.format("artifact             %d MiB, %d chunks, SHA-256 verified after download", sizeMiB,
                    artifact.get("chunkCount").asInt()));
            printer().line(String.format("write                %.0f MB/s (worker, until every chunk is acknowledged)",
                    size / MB / ((uploadEnded.get() - uploadStarted.get()) / 1e9)));
            printer().line(String.format("write until stored   %.0f MB/s (worker start until the platform reports it complete)",
                    size / MB / ((stored - uploadStarted.get()) / 1e9)));
            printer().line(String.format("download             %.0f MB/s (HTTP, streamed from the chunk store)", size / MB / ((downloaded - downloadStart) / 1e9)));
            printer().line(String.format("peak heap            worker %.0f MiB, platform %.0f MiB (sampled every 100 ms)",
                    heap.localPeak() / MB, heap.platformPeak() / MB));
        }
        return ExitCodes.OK;
    }

    private JsonNode awaitComplete(final ApiClient api, final String executionId) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            final ApiClient.Answer answer = api.get("/executions/" + executionId + "/artifacts");
            if (answer.status() == 200 && answer.body().path("items").size() == 1
                    && answer.body().path("items").get(0).path("complete").asBoolean()) {
                return answer.body().path("items").get(0);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        throw new CliException("the artifact was not complete within " + timeout);
    }

    /** Peak heap use of this JVM and of the platform, sampled in the background. */
    private static final class HeapPeaks {
        private final ApiClient api;
        private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        private final AtomicLong local = new AtomicLong();
        private final AtomicLong platform = new AtomicLong();

        HeapPeaks(final ApiClient api) {
            this.api = api;
        }

        void start() {
            sampler.scheduleAtFixedRate(this::sample, 0, 100, TimeUnit.MILLISECONDS);
        }

        void stop() {
            sampler.shutdownNow();
        }

        long localPeak() {
            return local.get();
        }

        long platformPeak() {
            return platform.get();
        }

        private void sample() {
            local.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
            final String metrics = new String(api.getText("/metrics"), java.nio.charset.StandardCharsets.UTF_8);
            // Micrometer's JVM binder reports heap use per memory pool: the heap is their sum.
            final long heapUsed = (long) metrics.lines()
                    .filter(l -> l.startsWith("jvm_memory_used_bytes{") && l.contains("area=\"heap\""))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
            platform.accumulateAndGet(heapUsed, Math::max);
        }
    }

    /** {@code size} bytes of a repeating pattern, generated as they are read. */
    static final class PatternBytes extends InputStream {
        private long position;
        private final long size;

        PatternBytes(final long size) {
            this.size = size;
        }

        @Override
        public int read() {
            return position < size ? (int) (position++ * 31 >>> 3) & 0xff : -1;
        }

        @Override
        public int read(final byte[] target, final int offset, final int length) {
            if (position >= size) {
                return -1;
            }
            final int count = (int) Math.min(length, size - position);
            for (int i = 0; i < count; i++) {
                target[offset + i] = (byte) ((position + i) * 31 >>> 3);
            }
            position += count;
            return count;
        }
    }
}
