package io.riberry.platform.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.riberry.platform.http.ApiException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readiness says why a replica cannot serve; a Streams application that never started is not ready but alive. */
class ReadinessTest {

    @TempDir
    Path stateDir;

    private KafkaStreams streams;
    private MovableClock clock;
    private Readiness readiness;

    @BeforeEach
    void create() {
        final Topology topology = new Topology();
        topology.addSource("in", Serdes.String().deserializer(), Serdes.String().deserializer(), "readiness-test-in");
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "readiness-test");
        // Never started: nothing connects to this address.
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        streams = new KafkaStreams(topology, props);
        clock = new MovableClock(Instant.parse("2026-11-29T10:00:00Z"));
        readiness = new Readiness(streams, clock);
    }

    @AfterEach
    void close() {
        streams.close(Duration.ofSeconds(5));
    }

    @Test
    void shouldNotBeReadyButLiveBeforeStreamsRunsAndTheSchemasAreRegistered() {
        final Readiness.Report report = readiness.report();

        assertThat(report.ready()).isFalse();
        assertThat(report.live()).isTrue();
        assertThat(report.reasons()).containsExactly("Kafka Streams is CREATED", "the catalog is loading",
                "public schemas are not registered: not registered yet");
        assertThat(report.checks()).containsEntry("catalog", "loading").containsEntry("streamThreads", "ok");
    }

    @Test
    void shouldRefuseWritesWith503AndEveryReasonWhileNotReady() {
        readiness.schemasRegistered();

        assertThatThrownBy(readiness::requireReady).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.details()).containsExactly("Kafka Streams is CREATED", "the catalog is loading");
        });
    }

    @Test
    void shouldSayAStreamThreadKeepsFailingAndForgetItAfterAMinute() {
        readiness.streamThreadFailed(new IllegalStateException("poison"));
        assertThat(readiness.report().reasons()).noneMatch(reason -> reason.contains("stream threads failed"));

        clock.advance(Duration.ofSeconds(10));
        readiness.streamThreadFailed(new IllegalStateException("poison again"));
        assertThat(readiness.report().reasons())
                .contains("stream threads failed 2 times in the last minute, last: IllegalStateException: poison again");

        clock.advance(Readiness.FAILURE_WINDOW.plusSeconds(1));
        assertThat(readiness.report().checks()).containsEntry("streamThreads", "ok");
    }

    @Test
    void shouldNotBeLiveOnceStreamsHasStopped() {
        streams.close(Duration.ofSeconds(5));

        assertThat(readiness.report().live()).isFalse();
    }

    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(final Instant now) {
            this.now = now;
        }

        void advance(final Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(final java.time.ZoneId zone) {
            return this;
        }
    }
}
