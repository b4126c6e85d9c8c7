package io.riberry.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PartHealthTest {

    private static final Instant START = Instant.parse("2026-01-05T09:00:00Z");

    private final MovableClock clock = new MovableClock(START);
    private final PartHealth health = new PartHealth(WorkerHealth.DISPATCH, "Kafka at kafka:9092", clock);

    @Test
    void shouldStartUpSinceItWasMade() {
        assertThat(health.isUp()).isTrue();
        assertThat(health.snapshot()).isEqualTo(new WorkerHealth.Part(true, START, ""));
    }

    @Test
    void shouldGoDownWithTheReasonAndTheTimeItWentDown() {
        clock.advance(Duration.ofSeconds(5));

        health.down("no connection to any Kafka broker for 5 s");

        assertThat(health.isUp()).isFalse();
        assertThat(health.snapshot())
                .isEqualTo(new WorkerHealth.Part(false, START.plusSeconds(5), "no connection to any Kafka broker for 5 s"));
    }

    @Test
    void shouldKeepWhenItWentDownButTheLatestReasonWhileItStaysDown() {
        clock.advance(Duration.ofSeconds(5));
        health.down("first failure");
        clock.advance(Duration.ofSeconds(40));

        health.down("second failure");

        assertThat(health.snapshot()).isEqualTo(new WorkerHealth.Part(false, START.plusSeconds(5), "second failure"));
    }

    @Test
    void shouldComeBackUpSinceItRecoveredWithNoReason() {
        clock.advance(Duration.ofSeconds(5));
        health.down("broker gone");
        clock.advance(Duration.ofSeconds(20));

        health.up();

        assertThat(health.isUp()).isTrue();
        assertThat(health.snapshot()).isEqualTo(new WorkerHealth.Part(true, START.plusSeconds(25), ""));
    }

    @Test
    void shouldNotMoveTheUpSinceWhenToldUpAgain() {
        clock.advance(Duration.ofSeconds(5));
        health.up();

        assertThat(health.snapshot().since()).isEqualTo(START);
    }

    @Test
    void shouldGoDownAgainAfterRecovering() {
        health.down("first outage");
        clock.advance(Duration.ofSeconds(10));
        health.up();
        clock.advance(Duration.ofSeconds(10));

        health.down("second outage");

        assertThat(health.snapshot()).isEqualTo(new WorkerHealth.Part(false, START.plusSeconds(20), "second outage"));
    }

    @Test
    void shouldCallAWorkerUpOnlyWhenItRunsAndEveryPartIsUp() {
        final WorkerHealth.Part up = new WorkerHealth.Part(true, START, "");
        final WorkerHealth.Part down = new WorkerHealth.Part(false, START, "gone");

        assertThat(new WorkerHealth(WorkerHealth.State.RUNNING, Map.of("a", up, "b", up)).isUp()).isTrue();
        assertThat(new WorkerHealth(WorkerHealth.State.RUNNING, Map.of("a", up, "b", down)).isUp()).isFalse();
        assertThat(new WorkerHealth(WorkerHealth.State.STOPPING, Map.of("a", up)).isUp()).isFalse();
    }

    /** A clock the test moves by hand. */
    private static final class MovableClock extends Clock {

        private Instant now;

        MovableClock(final Instant start) {
            this.now = start;
        }

        void advance(final Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(final ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
