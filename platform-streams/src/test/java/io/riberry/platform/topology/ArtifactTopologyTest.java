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

    private void chunk(final String artifactId, final int index, final String data) {
        platform.chunks.pipeInput(artifactId, new ArtifactChunk(artifactId, executionId, index,
                ByteBuffer.wrap(data.getBytes(StandardCharsets.UTF_8))));
    }

    private void created(final String artifactId, final long size, final int chunkCount) {
        platform.events.pipeInput(executionId, Events.event(executionId, 1, Catalogs.INSTANCE, START.plusSeconds(2),
                ArtifactCreated.newBuilder().setArtifactId(artifactId).setName(artifactId).setType(ArtifactType.OUTPUT)
                        .setFilename(artifactId + ".txt").setSize(size).setChunkCount(chunkCount).setData(Map.of()).build()));
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
