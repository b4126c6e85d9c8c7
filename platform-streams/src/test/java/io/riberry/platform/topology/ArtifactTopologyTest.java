package io.riberry.platform.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.riberry.platform.processor.ArtifactStatuses;
import io.riberry.platform.store.ArtifactKeys;
import io.riberry.platform.testing.Catalogs;
import io.riberry.platform.testing.Events;
import io.riberry.platform.testing.PlatformDriver;
import io.riberry.schema.ArtifactChunk;
import io.riberry.schema.ArtifactCreated;
import io.riberry.schema.ArtifactType;
import io.riberry.schema.internal.ArtifactStatus;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Artifacts: chunks reassembled in order, duplicates kept once, gaps shown as incomplete, nothing after the end. */
class ArtifactTopologyTest {

    private static final Instant START = Instant.parse("2026-04-01T08:00:00Z");

    @TempDir
    Path stateDir;

    private PlatformDriver platform;
    private String executionId;

    @BeforeEach
    void startActiveExecution() {
        platform = new PlatformDriver(stateDir, START);
        executionId = platform.activeJob("job-a", START);
    }

    @AfterEach
    void close() {
        platform.close();
    }

    @Test
    void shouldReassembleChunksInOrderWhateverOrderTheyArriveInAndKeepADuplicateOnce() {
        chunk("a1", 2, "gamma");
        chunk("a1", 0, "alpha-");
        chunk("a1", 1, "beta-");
        chunk("a1", 1, "beta-");
        created("a1", "alpha-beta-gamma".length(), 3);

        final ArtifactStatus status = platform.artifactStore().get("a1");
        assertThat(status.getReceivedChunks()).isEqualTo(3);
        assertThat(status.getReceivedBytes()).isEqualTo(16);
        assertThat(ArtifactStatuses.isComplete(status)).isTrue();
        assertThat(content("a1")).isEqualTo("alpha-beta-gamma");
        assertThat(platform.executionArtifactStore().get(ArtifactKeys.ofExecution(executionId, "a1")).getArtifact().getFilename())
                .isEqualTo("a1.txt");
    }

    @Test
    void shouldShowAnArtifactWithAMissingChunkAsIncomplete() {
        created("a2", 10, 3);
        chunk("a2", 0, "abc");
        chunk("a2", 2, "ghij");

        final ArtifactStatus status = platform.artifactStore().get("a2");
        assertThat(status.getReceivedChunks()).isEqualTo(2);
        assertThat(ArtifactStatuses.isComplete(status)).isFalse();

        chunk("a2", 1, "def");
        assertThat(ArtifactStatuses.isComplete(platform.artifactStore().get("a2"))).isTrue();
        assertThat(content("a2")).isEqualTo("abcdefghij");
    }

    @Test
    void shouldNotCallChunksWithoutTheirMetadataComplete() {
        chunk("a3", 0, "lonely");

        assertThat(ArtifactStatuses.isComplete(platform.artifactStore().get("a3"))).isFalse();
    }

    @Test
    void shouldRejectAnArtifactReportedAfterTheExecutionEnded() {
        platform.events.pipeInput(executionId, Events.succeeded(executionId, 1, START.plusSeconds(1)));

        created("late", 1, 1);

        assertThat(platform.executionArtifactStore().get(ArtifactKeys.ofExecution(executionId, "late"))).isNull();
        assertThat(platform.artifactStore().get("late")).isNull();
        assertThat(platform.execution(executionId).getAnomalies()).extracting(a -> a.getReason())
                .containsExactly("execution is already SUCCESS");
    }

    @Test
    void shouldKeepAPathFilenameFromANonSdkProducerAsItsBaseNameAndQuoteTheOriginalInAnAnomaly() {
        chunk("a4", 0, "secret");
        created("a4", "Escape", "../../escape.txt", 6, 1);

        final ArtifactCreated kept = platform.executionArtifactStore().get(ArtifactKeys.ofExecution(executionId, "a4")).getArtifact();
        assertThat(kept.getFilename()).isEqualTo("escape.txt");
        assertThat(kept.getName()).isEqualTo("Escape");
        assertThat(platform.artifactStore().get("a4").getManifest().getArtifact().getFilename()).isEqualTo("escape.txt");
        assertThat(content("a4")).isEqualTo("secret");
        assertThat(platform.execution(executionId).getAnomalies()).extracting(a -> a.getReason()).containsExactly(
                "artifact a4: filename \"../../escape.txt\" contains a path separator; a file name is one path segment; kept as \"escape.txt\"");
        assertThat(platform.execution(executionId).getAnomalyCount()).isEqualTo(1);
    }

    @Test
    void shouldCleanControlCharactersFromAFilenameAndNameAndShowThemEscapedInTheAnomaly() {
        created("a5", "Scores\r\n\u001b[2J", "scores\r\n\u0000.csv", 0, 0);

        final ArtifactCreated kept = platform.executionArtifactStore().get(ArtifactKeys.ofExecution(executionId, "a5")).getArtifact();
        assertThat(kept.getFilename()).isEqualTo("scores.csv");
        assertThat(kept.getName()).isEqualTo("Scores[2J");
        assertThat(platform.execution(executionId).getAnomalies()).singleElement().satisfies(anomaly -> assertThat(anomaly.getReason())
                .isEqualTo("artifact a5: filename \"scores\\u000D\\u000A\\u0000.csv\" contains the character U+000D at index 6"
                        + " (control characters, bidirectional overrides and unpaired surrogates are refused); kept as \"scores.csv\"; "
                        + "name \"Scores\\u000D\\u000A\\u001B[2J\" contains the character U+000D at index 6"
                        + " (control characters, bidirectional overrides and unpaired surrogates are refused); kept as \"Scores[2J\"")
                .doesNotContain("\r", "\n", "\u0000", "\u001b"));
    }

    @Test
    void shouldFallBackToTheArtifactIdWhenNothingIsLeftOfTheFilename() {
        created("a6", "", "..", 0, 0);

        final ArtifactCreated kept = platform.executionArtifactStore().get(ArtifactKeys.ofExecution(executionId, "a6")).getArtifact();
        assertThat(kept.getFilename()).isEqualTo("artifact-a6");
        assertThat(kept.getName()).isEqualTo("artifact-a6");
        assertThat(platform.execution(executionId).getAnomalyCount()).isEqualTo(1);
    }

    @Test
    void shouldKeepAnAcceptableFilenameAsSentWithoutAnAnomaly() {
        created("a7", "R\u00e9sum\u00e9", "r\u00e9sum\u00e9 \uD83D\uDE00.pdf", 0, 0);

        final ArtifactCreated kept = platform.executionArtifactStore().get(ArtifactKeys.ofExecution(executionId, "a7")).getArtifact();
        assertThat(kept.getFilename()).isEqualTo("r\u00e9sum\u00e9 \uD83D\uDE00.pdf");
        assertThat(platform.execution(executionId).getAnomalies()).isEmpty();
    }

    private void chunk(final String artifactId, final int index, final String data) {
        platform.chunks.pipeInput(artifactId, new ArtifactChunk(artifactId, executionId, index,
                ByteBuffer.wrap(data.getBytes(StandardCharsets.UTF_8))));
    }

    private void created(final String artifactId, final long size, final int chunkCount) {
        created(artifactId, artifactId, artifactId + ".txt", size, chunkCount);
    }

    /** An artifact event as any producer of riberry.events may send it, not only the SDK. */
    private void created(final String artifactId, final String name, final String filename, final long size, final int chunkCount) {
        platform.events.pipeInput(executionId, Events.event(executionId, 1, Catalogs.INSTANCE, START.plusSeconds(2),
                ArtifactCreated.newBuilder().setArtifactId(artifactId).setName(name).setType(ArtifactType.OUTPUT)
                        .setFilename(filename).setSize(size).setChunkCount(chunkCount).setData(Map.of()).build()));
    }

    private String content(final String artifactId) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (KeyValueIterator<String, byte[]> it = platform.chunkStore().range(ArtifactKeys.chunk(artifactId, 0), ArtifactKeys.lastChunk(artifactId))) {
            while (it.hasNext()) {
                final KeyValue<String, byte[]> next = it.next();
                out.writeBytes(next.value);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
