package io.riberry.platform.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.riberry.platform.processor.ArtifactStatuses;
import io.riberry.platform.processor.InstanceMonitor;
import io.riberry.platform.testing.Catalogs;
import io.riberry.platform.testing.Events;
import io.riberry.platform.testing.PlatformDriver;
import io.riberry.schema.ExecutionState;
import io.riberry.schema.ExecutionStatus;
import io.riberry.schema.Heartbeat;
import io.riberry.schema.InstanceState;
import io.riberry.schema.InstanceStatus;
import io.riberry.schema.internal.ArtifactManifest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Instance liveness with the wall clock advanced: ONLINE on a heartbeat, OFFLINE after the timeout with no record arriving, back ONLINE. */
class InstanceMonitorTopologyTest {

    private static final Instant START = Instant.parse("2026-05-01T12:00:00Z");

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
    void shouldGoOfflineAfterTheTimeoutWithoutAnyRecordAndComeBackOnline() {
        heartbeat(START);
        assertThat(statuses()).containsExactly(InstanceStatus.ONLINE);

        platform.advanceWallClock(Duration.ofSeconds(5));
        heartbeat(START.plusSeconds(5));
        platform.advanceWallClock(Duration.ofSeconds(9));
        assertThat(statuses()).as("a heartbeat within the timeout keeps it online").isEmpty();

        platform.advanceWallClock(Duration.ofSeconds(3));
        final List<InstanceState> offline = platform.instances.readValuesToList();
        assertThat(offline).extracting(InstanceState::getStatus).containsExactly(InstanceStatus.OFFLINE);
        assertThat(offline.get(0).getLastHeartbeatAt()).isEqualTo(START.plusSeconds(5));

        heartbeat(START.plusSeconds(20));
        assertThat(statuses()).containsExactly(InstanceStatus.ONLINE);
        assertThat(platform.instanceStore().get(Catalogs.INSTANCE).getStatus()).isEqualTo(InstanceStatus.ONLINE);
    }

    @Test
    void shouldNotBringAnInstanceOnlineWithAStaleHeartbeat() {
        platform.advanceWallClock(Duration.ofMinutes(1));

        heartbeat(START);

        assertThat(statuses()).isEmpty();
        assertThat(platform.instanceStore().get(Catalogs.INSTANCE).getStatus()).isEqualTo(InstanceStatus.CREATED);
    }

    @Test
    void shouldFailAnOfflineInstancesActiveExecutionWithAnErrorArtifactAndRefuseItsLateReports() {
        heartbeat(START);
        final String executionId = platform.activeJob("job-offline", START.plusSeconds(1));
        platform.instances.readValuesToList();

        platform.advanceWallClock(Duration.ofSeconds(12));

        final ExecutionState failed = platform.execution(executionId);
        assertThat(failed.getStatus()).isEqualTo(ExecutionStatus.FAILURE);
        assertThat(failed.getError().getType()).isEqualTo(InstanceMonitor.INSTANCE_OFFLINE);
        assertThat(failed.getError().getMessage()).startsWith("instance demo-local went offline: no heartbeat since");
        final ArtifactManifest artifact = artifactOf(executionId);
        assertThat(artifact.getArtifact().getName()).isEqualTo("Exception InstanceOffline");
        assertThat(artifact.getArtifact().getCategory()).isEqualTo("Fatal");
        assertThat(ArtifactStatuses.isComplete(platform.artifactStore().get(artifact.getArtifactId()))).isTrue();

        platform.events.pipeInput(executionId, Events.succeeded(executionId, 1, START.plusSeconds(13)));

        assertThat(platform.execution(executionId).getStatus()).isEqualTo(ExecutionStatus.FAILURE);
        assertThat(platform.execution(executionId).getAnomalies()).extracting(a -> a.getReason())
                .containsExactly("execution is already FAILURE");
    }

    private ArtifactManifest artifactOf(final String executionId) {
        try (KeyValueIterator<String, ArtifactManifest> all = platform.executionArtifactStore().all()) {
            while (all.hasNext()) {
                final ArtifactManifest manifest = all.next().value;
                if (manifest.getExecutionId().equals(executionId)) {
                    return manifest;
                }
            }
        }
        throw new AssertionError("no artifact of " + executionId);
    }

    private void heartbeat(final Instant sentAt) {
        platform.heartbeats.pipeInput(Catalogs.INSTANCE, new Heartbeat(Catalogs.INSTANCE, Catalogs.APPLICATION, "p-1", sentAt, List.of("hello")));
    }

    private List<InstanceStatus> statuses() {
        return platform.instances.readValuesToList().stream().map(InstanceState::getStatus).toList();
    }
}
