package io.riberry.platform.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.riberry.platform.testing.Catalogs;
import io.riberry.platform.testing.PlatformDriver;
import io.riberry.schema.Heartbeat;
import io.riberry.schema.InstanceState;
import io.riberry.schema.InstanceStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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

    private void heartbeat(final Instant sentAt) {
        platform.heartbeats.pipeInput(Catalogs.INSTANCE, new Heartbeat(Catalogs.INSTANCE, Catalogs.APPLICATION, "p-1", sentAt, List.of("hello")));
    }

    private List<InstanceStatus> statuses() {
        return platform.instances.readValuesToList().stream().map(InstanceState::getStatus).toList();
    }
}
