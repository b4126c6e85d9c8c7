package io.riberry.platform.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.riberry.platform.processor.execution.ExecutionChanges;
import io.riberry.platform.testing.Events;
import io.riberry.platform.testing.PlatformDriver;
import io.riberry.schema.ExecutionCommand;
import io.riberry.schema.ExecutionCommandType;
import io.riberry.schema.ExecutionState;
import io.riberry.schema.ExecutionStatus;
import io.riberry.schema.internal.ArtifactManifest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cancel ends a live execution FAILURE with an artifact naming who and why; a finished one does not change. */
class CancelTopologyTest {

    private static final Instant START = Instant.parse("2026-06-01T10:00:00Z");

    @TempDir
    Path stateDir;

    private PlatformDriver platform;

    @BeforeEach
    void start() {
        platform = new PlatformDriver(stateDir, START);
    }

    @AfterEach
    void close() {
        platform.close();
    }

    @Test
    void shouldEndAnActiveExecutionFailureSayingWhoCancelledItAndWhy() {
        final String executionId = platform.activeJob("job-c", START);

        cancel(executionId, "ada", "no longer needed");

        final ExecutionState state = platform.execution(executionId);
        assertThat(state.getStatus()).isEqualTo(ExecutionStatus.FAILURE);
        assertThat(state.getError().getType()).isEqualTo(ExecutionChanges.CANCELLED);
        assertThat(state.getError().getMessage()).isEqualTo("Workflow cancelled by ada: no longer needed");
        assertThat(artifactsOf(executionId)).extracting(a -> a.getArtifact().getName()).containsExactly("Exception Cancelled");

        platform.events.pipeInput(executionId, Events.succeeded(executionId, 1, START.plusSeconds(5)));
        assertThat(platform.execution(executionId).getStatus()).isEqualTo(ExecutionStatus.FAILURE);
    }

    @Test
    void shouldLeaveAFinishedExecutionAsItWas() {
        final String executionId = platform.activeJob("job-d", START);
        platform.events.pipeInput(executionId, Events.succeeded(executionId, 1, START.plusSeconds(1)));

        cancel(executionId, "grace", null);

        assertThat(platform.execution(executionId).getStatus()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(platform.execution(executionId).getAnomalies()).extracting(a -> a.getReason())
                .containsExactly("execution is already SUCCESS");
        assertThat(artifactsOf(executionId)).isEmpty();
    }

    private void cancel(final String executionId, final String by, final String reason) {
        platform.commands.pipeInput(executionId, ExecutionCommand.newBuilder().setCommandId("c-" + executionId).setExecutionId(executionId)
                .setType(ExecutionCommandType.CANCEL).setRequestedBy(by).setReason(reason).setRequestedAt(START.plusSeconds(2)).build());
    }

    private List<ArtifactManifest> artifactsOf(final String executionId) {
        final List<ArtifactManifest> found = new ArrayList<>();
        try (KeyValueIterator<String, ArtifactManifest> all = platform.executionArtifactStore().all()) {
            all.forEachRemaining(entry -> {
                if (entry.value.getExecutionId().equals(executionId)) {
                    found.add(entry.value);
                }
            });
        }
        return found;
    }
}
