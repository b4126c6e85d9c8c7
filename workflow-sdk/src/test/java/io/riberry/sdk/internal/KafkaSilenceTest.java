package io.riberry.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KafkaSilenceTest {

    private static final Instant START = Instant.parse("2026-11-29T10:00:00Z");
    private static final Duration REPORT_AFTER = Duration.ofSeconds(5);
    private static final Duration REPEAT_EVERY = Duration.ofSeconds(30);

    private final KafkaSilence silence = new KafkaSilence(START, REPORT_AFTER, REPEAT_EVERY);

    @Test
    void shouldSayNothingWhileAcknowledgementsKeepComing() {
        for (int second = 1; second <= 120; second++) {
            silence.acknowledged(at(second));
            assertThat(silence.due(at(second).plusMillis(900))).isEmpty();
        }
    }

    @Test
    void shouldReportALostBrokerOncePerIntervalNotOncePerCheck() {
        final List<Duration> reported = new ArrayList<>();
        // Checked every second for two minutes, as the heartbeat timer does, with nothing acknowledged.
        for (int second = 1; second <= 120; second++) {
            silence.due(at(second)).ifPresent(reported::add);
        }

        assertThat(reported).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(35), Duration.ofSeconds(65), Duration.ofSeconds(95));
    }

    @Test
    void shouldSayOnceThatAcknowledgementsAreBackWithHowLongTheSilenceLasted() {
        silence.acknowledged(at(1));
        assertThat(silence.due(at(7))).contains(Duration.ofSeconds(6));

        assertThat(silence.acknowledged(at(12))).contains(Duration.ofSeconds(11));
        assertThat(silence.acknowledged(at(13))).isEmpty();
        assertThat(silence.due(at(14))).isEmpty();
    }

    @Test
    void shouldNotSayBackWhenTheSilenceWasNeverReported() {
        assertThat(silence.due(at(4))).isEmpty();

        assertThat(silence.acknowledged(at(4))).isEmpty();
    }

    @Test
    void shouldReportAfreshAfterASecondOutage() {
        silence.due(at(6));
        silence.acknowledged(at(10));

        assertThat(silence.due(at(14))).isEmpty();
        assertThat(silence.due(at(15))).contains(Duration.ofSeconds(5));
    }

    @Test
    void shouldKeepTheLatestAcknowledgementWhenCallbacksArriveOutOfOrder() {
        silence.acknowledged(at(10));
        silence.acknowledged(at(8));

        assertThat(silence.due(at(14))).isEmpty();
        assertThat(silence.due(at(15))).contains(Duration.ofSeconds(5));
    }

    private static Instant at(final int second) {
        return START.plusSeconds(second);
    }
}
