package io.riberry.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.cli.CliRun;
import io.riberry.cli.ExitCodes;
import io.riberry.platform.client.ApiClient;
import io.riberry.platform.testing.Catalogs;
import io.riberry.platform.testing.Eventually;
import io.riberry.platform.testing.Events;
import io.riberry.platform.testing.Executions;
import io.riberry.platform.testing.PlatformFixture;
import io.riberry.platform.testing.SharedKafka;
import io.riberry.platform.testing.TcpGate;
import io.riberry.schema.ArtifactChunk;
import io.riberry.schema.ArtifactCreated;
import io.riberry.schema.ArtifactType;
import io.riberry.schema.WorkflowEvent;
import io.riberry.sdk.Artifact;
import io.riberry.sdk.EntryPoint;
import io.riberry.serde.AvroSerdes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code riberry artifacts download} against a real platform, with file names chosen by a hostile
 * worker: one that writes {@code riberry.events} itself rather than through the SDK, which would refuse them.
 */
@ExtendWith(SharedKafka.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArtifactDownloadIT {

    private static final String ESCAPING_FILENAME = "../../escape.txt";
    private static final String SECRET = "secret";
    private static final String UNICODE_FILENAME = "r\u00e9sum\u00e9 \uD83D\uDE00.csv";
    /** Large enough that a download through the gate is still running when the test cuts it. */
    private static final long BIG = 128L * 1024 * 1024;

    private PlatformFixture fixture;
    private KafkaProducer<String, byte[]> rawProducer;
    private ApiClient api;
    private String executionId;
    private String escapingArtifactId;
    private String unicodeArtifactId;
    private String bigArtifactId;

    @BeforeAll
    void start(@TempDir final Path stateDir) {
        fixture = PlatformFixture.start(stateDir, Catalogs.demo());
        rawProducer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
        final EntryPoint hostile = ctx -> {
            if ("big".equals(ctx.input("name").orElse(""))) {
                ctx.artifact(Artifact.output("Big", "big.bin"), new PatternBytes(BIG));
                return;
            }
            sendRaw(ctx.executionId(), ctx.attempt(), "escaping-" + ctx.executionId(), ESCAPING_FILENAME, SECRET);
            ctx.artifact(Artifact.output("Unicode", UNICODE_FILENAME), "a,b\n".getBytes(StandardCharsets.UTF_8));
        };
        fixture.startWorker(Map.of("hello", hostile));
        api = fixture.api();
        executionId = api.post("/jobs", Map.of("form", "hello", "name", "hostile-names", "inputs", Map.of("name", "x")))
                .body().get("executionId").asText();
        Executions.awaitSuccess(api, executionId);
        final JsonNode artifacts = Eventually.awaitValue(Duration.ofSeconds(60), "2 complete artifacts", () -> {
            final JsonNode items = api.get("/executions/" + executionId + "/artifacts").body().get("items");
            return items.size() == 2 && items.get(0).get("complete").asBoolean() && items.get(1).get("complete").asBoolean() ? items : null;
        });
        final String bigExecutionId = api.post("/jobs", Map.of("form", "hello", "name", "big-download", "inputs", Map.of("name", "big")))
                .body().get("executionId").asText();
        Executions.awaitSuccess(api, bigExecutionId);
        bigArtifactId = Eventually.awaitValue(Duration.ofSeconds(120), "the big artifact complete", () -> {
            final JsonNode items = api.get("/executions/" + bigExecutionId + "/artifacts").body().get("items");
            return items.size() == 1 && items.get(0).get("complete").asBoolean() ? items.get(0).get("artifactId").asText() : null;
        });
        for (JsonNode artifact : artifacts) {
            if (artifact.get("name").asText().equals("Unicode")) {
                unicodeArtifactId = artifact.get("artifactId").asText();
            } else {
                escapingArtifactId = artifact.get("artifactId").asText();
            }
        }
    }

    @AfterAll
    void stop() {
        rawProducer.close();
        fixture.close();
    }

    @Test
    void shouldKeepTheWorkerChosenPathAsItsBaseNameAndQuoteTheOriginalInAnAnomaly() {
        final JsonNode artifact = api.get("/artifacts/" + escapingArtifactId).body();
        final JsonNode execution = api.get("/executions/" + executionId).body();

        assertThat(artifact.get("filename").asText()).isEqualTo("escape.txt");
        assertThat(execution.path("anomalies").findValuesAsText("reason")).containsExactly("artifact " + escapingArtifactId
                + ": filename \"../../escape.txt\" contains a path separator; a file name is one path segment; kept as \"escape.txt\"");
    }

    @Test
    void shouldSaveADownloadUnderItsBaseNameInTheWorkingDirectoryAndNowhereElse(@TempDir final Path root) throws Exception {
        final Path work = Files.createDirectories(root.resolve("a").resolve("b"));

        final CliRun run = download(work, escapingArtifactId);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out().strip()).isEqualTo("Wrote 6 bytes to escape.txt");
        assertThat(Files.readString(work.resolve("escape.txt"))).isEqualTo(SECRET);
        assertThat(filesUnder(root)).containsExactly(root.relativize(work.resolve("escape.txt")).toString());
    }

    @Test
    void shouldSaveANonAsciiNameAsItIsAndOfferItAsAnAsciiHeader(@TempDir final Path work) throws Exception {
        final CliRun run = download(work, unicodeArtifactId);
        final HttpResponse<Void> content = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                api.authorized(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/artifacts/" + unicodeArtifactId + "/content"))).build(),
                HttpResponse.BodyHandlers.discarding());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(Files.readString(work.resolve(UNICODE_FILENAME))).isEqualTo("a,b\n");
        assertThat(content.headers().firstValue("Content-Disposition"))
                .contains("attachment; filename=\"r_sum_ _.csv\"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%F0%9F%98%80.csv");
    }

    @Test
    void shouldRefuseToReplaceAnExistingFileUnlessForced(@TempDir final Path work) throws Exception {
        final Path existing = Files.writeString(work.resolve("escape.txt"), "mine");

        final CliRun refused = download(work, escapingArtifactId);
        final CliRun refusedNamed = download(work, escapingArtifactId, "-o", "escape.txt");

        assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(refused.err().lines()).containsExactly("riberry: escape.txt exists; add --force to replace it");
        assertThat(refusedNamed.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(refusedNamed.err().lines()).containsExactly("riberry: escape.txt exists; add --force to replace it");
        assertThat(Files.readString(existing)).isEqualTo("mine");

        final CliRun forced = download(work, escapingArtifactId, "--force");

        assertThat(forced.exitCode()).as(forced.err()).isEqualTo(ExitCodes.OK);
        assertThat(Files.readString(existing)).isEqualTo(SECRET);
        assertThat(filesUnder(work)).containsExactly("escape.txt");
    }

    @Test
    void shouldWriteARelativeOutputFileInTheWorkingDirectory(@TempDir final Path work) throws Exception {
        final CliRun run = download(work, escapingArtifactId, "-o", "copy.txt");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(Files.readString(work.resolve("copy.txt"))).isEqualTo(SECRET);
    }

    @Test
    void shouldLeaveNoFileWhenTheArtifactCannotBeDownloaded(@TempDir final Path work) throws Exception {
        final CliRun run = download(work, "no-such-artifact");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err().lines()).containsExactly("riberry: no artifact no-such-artifact (HTTP 404)");
        assertThat(filesUnder(work)).isEmpty();
    }

    @Test
    void shouldLeaveNoFileWhenTheConnectionDropsMidDownload(@TempDir final Path work) throws Exception {
        final URI apiUri = URI.create(api.baseUrl());
        try (TcpGate gate = TcpGate.to(apiUri.getPort(), true)) {
            final CompletableFuture<CliRun> running = CompletableFuture.supplyAsync(() -> CliRun.in(work, "artifacts", "download", bigArtifactId,
                    "--api", gate.url() + apiUri.getPath(), "--token", fixture.adminToken()));
            Eventually.await(Duration.ofSeconds(60), "the download to begin writing", () -> !filesUnder(work).isEmpty());

            gate.cut();
            final CliRun dropped = running.get(60, TimeUnit.SECONDS);

            assertThat(dropped.exitCode()).as(dropped.out()).isEqualTo(ExitCodes.FAILURE);
            assertThat(dropped.err().lines()).singleElement().satisfies(line -> assertThat(line)
                    .startsWith("riberry: download of " + bigArtifactId + " broke off after ").endsWith("; big.bin was not written"));
            assertThat(filesUnder(work)).isEmpty();
        }
    }

    private CliRun download(final Path workingDirectory, final String artifactId, final String... options) {
        final String[] args = Stream.concat(Stream.of("artifacts", "download", artifactId, "--api", api.baseUrl(),
                "--token", fixture.adminToken()), Stream.of(options))
                .toArray(String[]::new);
        return CliRun.in(workingDirectory, args);
    }

    /** Every regular file below {@code dir}, hidden ones (a left-over partial download) included, relative to it. */
    private static List<String> filesUnder(final Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(file -> dir.relativize(file).toString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code size} bytes of a repeating pattern, never all in memory. */
    private static final class PatternBytes extends InputStream {
        private long remaining;

        PatternBytes(final long size) {
            this.remaining = size;
        }

        @Override
        public int read() {
            return remaining-- > 0 ? (int) (remaining % 251) : -1;
        }

        @Override
        public int read(final byte[] target, final int offset, final int length) {
            if (remaining <= 0) {
                return -1;
            }
            final int count = (int) Math.min(length, remaining);
            for (int i = 0; i < count; i++) {
                target[offset + i] = (byte) ((remaining - i) % 251);
            }
            remaining -= count;
            return count;
        }
    }

    /** What a producer other than the SDK may write: an artifact whose file name is a path, and its one chunk. */
    private void sendRaw(final String forExecution, final int attempt, final String artifactId, final String filename, final String content) {
        final byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        final String registry = SharedKafka.registryUrl();
        final ArtifactChunk chunk = new ArtifactChunk(artifactId, forExecution, 0, ByteBuffer.wrap(bytes));
        final WorkflowEvent event = Events.event(forExecution, attempt, Catalogs.INSTANCE, Instant.now(),
                ArtifactCreated.newBuilder().setArtifactId(artifactId).setName("Escaping").setType(ArtifactType.OUTPUT)
                        .setFilename(filename).setSize(bytes.length).setChunkCount(1).setData(Map.of()).build());
        try {
            rawProducer.send(new ProducerRecord<>(fixture.topics().artifactChunks(), artifactId,
                    AvroSerdes.serde(ArtifactChunk.class, registry).serializer().serialize(fixture.topics().artifactChunks(), chunk))).get();
            rawProducer.send(new ProducerRecord<>(fixture.topics().events(), forExecution,
                    AvroSerdes.serde(WorkflowEvent.class, registry).serializer().serialize(fixture.topics().events(), event))).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not send the hostile artifact", e);
        }
    }
}
