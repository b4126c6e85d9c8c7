package io.riberry.platform.processor.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.riberry.schema.ProgressCounts;
import io.riberry.schema.TaskStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProgressFoldTest {

    private static final Instant T = Instant.parse("2026-02-01T10:00:00Z");

    @Test
    void shouldLetOnlyANewerEventWinWithTiesGoingToTheLaterState() {
        assertThat(ProgressFold.wins(null, null, TaskStatus.SUCCESS, T)).isTrue();
        assertThat(ProgressFold.wins(TaskStatus.ACTIVE, T, TaskStatus.SUCCESS, T.plusMillis(1))).isTrue();
        assertThat(ProgressFold.wins(TaskStatus.SUCCESS, T, TaskStatus.ACTIVE, T.minusMillis(1))).isFalse();
        assertThat(ProgressFold.wins(TaskStatus.ACTIVE, T, TaskStatus.SUCCESS, T)).isTrue();
        assertThat(ProgressFold.wins(TaskStatus.SUCCESS, T, TaskStatus.ACTIVE, T)).isFalse();
        assertThat(ProgressFold.wins(TaskStatus.SUCCESS, T, TaskStatus.SUCCESS, T)).isFalse();
    }

    @Test
    void shouldMoveExactlyOneStepBetweenCounts() {
        ProgressCounts counts = new ProgressCounts();
        counts = ProgressFold.move(counts, null, TaskStatus.QUEUED);
        counts = ProgressFold.move(counts, null, TaskStatus.QUEUED);
        counts = ProgressFold.move(counts, TaskStatus.QUEUED, TaskStatus.ACTIVE);
        counts = ProgressFold.move(counts, TaskStatus.ACTIVE, TaskStatus.FAILURE);

        assertThat(counts.getQueued()).isEqualTo(1);
        assertThat(counts.getActive()).isZero();
        assertThat(counts.getFailed()).isEqualTo(1);
        assertThat(counts.getSucceeded()).isZero();
    }

    @Test
    void shouldEstimateFromTheObservedRateOnlyAgainstADeclaredTotal() {
        final ProgressCounts counts = ProgressCounts.newBuilder().setSucceeded(3).setFailed(1).setActive(2).setQueued(6).build();

        ProgressFold.withEstimates(counts, 12L, T, T.plusSeconds(8));

        assertThat(counts.getPercentComplete()).isEqualTo(33.3);
        assertThat(counts.getEtaMillis()).isEqualTo(16_000L);
        assertThat(counts.getStepsPerSecond()).isEqualTo(0.5);
    }

    @Test
    void shouldGiveARateButNoPercentOrEtaWithoutADeclaredTotal() {
        final ProgressCounts counts = ProgressCounts.newBuilder().setSucceeded(13).setActive(1).build();

        ProgressFold.withEstimates(counts, null, T, T.plusSeconds(13));

        assertThat(counts.getPercentComplete()).isNull();
        assertThat(counts.getEtaMillis()).isNull();
        assertThat(counts.getStepsPerSecond()).isEqualTo(1.0);
    }

    @Test
    void shouldCountMoreStepsThanDeclaredAsTheTotal() {
        final ProgressCounts counts = ProgressFold.withEstimates(ProgressCounts.newBuilder().setSucceeded(3).setActive(1).build(), 2L, T,
                T.plusSeconds(3));

        assertThat(counts.getPercentComplete()).isEqualTo(75.0);
        assertThat(counts.getEtaMillis()).isEqualTo(1_000L);
    }

    @Test
    void shouldHaveNoEtaBeforeAnythingFinishedAndZeroWhenAllDid() {
        final ProgressCounts starting = ProgressFold.withEstimates(ProgressCounts.newBuilder().setActive(2).build(), 2L, T, T.plusSeconds(1));
        final ProgressCounts done = ProgressFold.withEstimates(ProgressCounts.newBuilder().setSucceeded(2).build(), 2L, T, T.plusSeconds(1));

        assertThat(starting.getEtaMillis()).isNull();
        assertThat(starting.getPercentComplete()).isZero();
        assertThat(starting.getStepsPerSecond()).isNull();
        assertThat(done.getEtaMillis()).isZero();
        assertThat(done.getPercentComplete()).isEqualTo(100.0);
    }

    @Test
    void shouldCountAFallenBackFailureOnce() {
        ProgressCounts counts = ProgressFold.move(new ProgressCounts(), null, TaskStatus.ACTIVE);
        counts = ProgressFold.move(counts, TaskStatus.ACTIVE, TaskStatus.FAILURE, true);

        assertThat(counts.getFailed()).isEqualTo(1);
        assertThat(counts.getFallenBack()).isEqualTo(1);
    }
}
