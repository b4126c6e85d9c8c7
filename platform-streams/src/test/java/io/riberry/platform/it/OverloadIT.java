package io.riberry.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.platform.client.ApiClient;
import io.riberry.platform.processor.InstanceProcessor;
import io.riberry.platform.testing.Catalogs;
import io.riberry.platform.testing.CommittedRecords;
import io.riberry.platform.testing.Eventually;
import io.riberry.platform.testing.Executions;
import io.riberry.platform.testing.PlatformFixture;
import io.riberry.platform.testing.SharedKafka;
import io.riberry.platform.testing.StreamThreadPause;
import io.riberry.platform.testing.WorkerProcess;
import io.riberry.schema.InstanceState;
import io.riberry.schema.InstanceStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Overload never kills healthy work: the platform's stream threads are held in their poll (as a
 * long GC pause or a starved CPU would hold them) for several offline timeouts while its workers
 * keep heartbeating and more jobs pile up. No execution of a live worker fails and no instance
 * is ever published OFFLINE; a worker that is then killed is still found out within twice the
 * timeout.
 */
@ExtendWith(SharedKafka.class)
class OverloadIT {

    private static final Duration OFFLINE_AFTER = Duration.ofMillis(PlatformFixture.OFFLINE_AFTER_MS);
    private static final int IN_FLIGHT = 8;
    private static final int PILED_UP = 40;

    @TempDir
    Path stateDir;

    @AfterEach
    void resumeWhateverHappened() {
        StreamThreadPause.resume();
    }

    @Test
    void shouldFailNoExecutionOfALiveWorkerWhileThePlatformIsPausedAndStillFindOutAKilledOne() {
        try (PlatformFixture fixture = PlatformFixture.start(stateDir, Catalogs.demoWithBackup(), StreamThreadPause.SETTING);
             WorkerProcess doomed = WorkerProcess.startHanging(fixture, Catalogs.BACKUP_INSTANCE, "backup-hello")) {
            final ApiClient api = fixture.api();
            final CountDownLatch finish = new CountDownLatch(1);
            fixture.startWorker(fixture.workerOf(Catalogs.INSTANCE).heartbeatInterval(Duration.ofMillis(250))
                    .entryPoint("hello", ctx -> finish.await(60, TimeUnit.SECONDS)));
            final String onTheDoomed = submit(api, "backup-hello", "on-the-doomed-process");
            final List<String> executions = new ArrayList<>();
            for (int i = 0; i < IN_FLIGHT; i++) {
                executions.add(submit(api, "hello", "in-flight-" + i));
            }
            Eventually.await(Duration.ofSeconds(30), "every execution to be in flight, four of them ACTIVE", () -> {
                final JsonNode instance = api.get("/instances/" + Catalogs.INSTANCE).body();
                return instance.path("activeCount").asInt() == 4 && instance.path("readyCount").asInt() == IN_FLIGHT - 4;
            });
            Eventually.await(Duration.ofSeconds(30), "the backup's execution to be ACTIVE",
                    () -> "ACTIVE".equals(api.get("/executions/" + onTheDoomed).body().path("status").asText()));

            StreamThreadPause.pause();
            // The platform has read nothing of the heartbeats of the last three timeouts, while the worker sent one every 250 ms.
            Eventually.await(Duration.ofSeconds(30), "the platform to fall three timeouts behind the heartbeats",
                    () -> heartbeatsUnread(api).compareTo(OFFLINE_AFTER.multipliedBy(3)) > 0);
            assertThat(StreamThreadPause.held()).as("stream threads held in their poll").isPositive();
            for (int i = 0; i < PILED_UP; i++) {
                executions.add(submit(api, "hello", "piled-up-" + i));
            }
            StreamThreadPause.resume();
            // The entry points go on until the platform has caught up, so any judgement of silence made on the way
            // would fail what they run before they could report.
            Eventually.await(Duration.ofSeconds(30), "the platform to catch up with the heartbeats",
                    () -> heartbeatsUnread(api).compareTo(OFFLINE_AFTER) < 0);
            finish.countDown();

            for (String executionId : executions) {
                Executions.awaitSuccess(api, executionId);
            }
            assertThat(api.get("/executions/" + onTheDoomed).body().path("status").asText()).as("its worker is alive, if stuck")
                    .isEqualTo("ACTIVE");

            doomed.kill();
            final long killed = System.nanoTime();
            final JsonNode failed = Executions.awaitFinished(api, onTheDoomed);
            final Duration took = Duration.ofNanos(System.nanoTime() - killed);

            assertThat(failed.at("/error/type").asText()).isEqualTo(InstanceProcessor.INSTANCE_OFFLINE);
            assertThat(took).as("a worker that really stops is found out within twice the timeout")
                    .isLessThanOrEqualTo(OFFLINE_AFTER.multipliedBy(2));
            assertThat(statusesPublished(fixture, Catalogs.INSTANCE)).as("the live worker's instance")
                    .contains(InstanceStatus.ONLINE).doesNotContain(InstanceStatus.OFFLINE);
            assertThat(statusesPublished(fixture, Catalogs.BACKUP_INSTANCE)).as("the killed worker's instance")
                    .containsSubsequence(InstanceStatus.ONLINE, InstanceStatus.OFFLINE);
        }
    }

    /** How far the latest heartbeat the platform has read lags behind now. */
    private static Duration heartbeatsUnread(final ApiClient api) {
        final Instant lastRead = Instant.parse(api.get("/instances/" + Catalogs.INSTANCE).body().get("lastHeartbeatAt").asText());
        return Duration.between(lastRead, Instant.now());
    }

    private static String submit(final ApiClient api, final String form, final String name) {
        final Map<String, Object> job = "hello".equals(form)
                ? Map.of("form", form, "name", name, "inputs", Map.of("name", "Ada"))
                : Map.of("form", form, "name", name);
        return api.post("/jobs", job).body().get("executionId").asText();
    }

    /** Every status the platform published for {@code instance} on the instances topic, in order. */
    private static List<InstanceStatus> statusesPublished(final PlatformFixture fixture, final String instance) {
        try (KafkaConsumer<String, InstanceState> consumer = CommittedRecords.consumer(fixture.topics().instances(), InstanceState.class)) {
            final List<InstanceStatus> statuses = new ArrayList<>();
            Eventually.await(Duration.ofSeconds(30), "the instances topic to be read to its end", () -> {
                for (ConsumerRecord<String, InstanceState> record : consumer.poll(Duration.ofMillis(200))) {
                    if (instance.equals(record.key())) {
                        statuses.add(record.value().getStatus());
                    }
                }
                return !consumer.assignment().isEmpty() && consumer.endOffsets(consumer.assignment()).entrySet().stream()
                        .allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
            });
            return statuses;
        }
    }
}
