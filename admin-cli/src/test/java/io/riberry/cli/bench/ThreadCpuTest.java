package io.riberry.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    @Test
    void shouldNameTheThreadsThatUsedTheMostCpuBetweenTwoReadingsMostFirst() {
        final Map<Long, ThreadCpu> before = Map.of(
                1L, new ThreadCpu("riberry-dispatch-demo-bench", Duration.ofMillis(500)),
                2L, new ThreadCpu("riberry-heartbeat", Duration.ofMillis(100)),
                3L, new ThreadCpu("main", Duration.ofMillis(900)));
        final Map<Long, ThreadCpu> after = Map.of(
                1L, new ThreadCpu("riberry-dispatch-demo-bench", Duration.ofMillis(900)),
                2L, new ThreadCpu("riberry-heartbeat", Duration.ofMillis(150)),
                3L, new ThreadCpu("main", Duration.ofMillis(905)),
                4L, new ThreadCpu("riberry-task-1", Duration.ofMillis(200)));

        assertThat(ThreadCpu.busiest(before, after, 2)).isEqualTo("riberry-dispatch-demo-bench 0.40 s, riberry-task-1 0.20 s");
        assertThat(ThreadCpu.busiest(before, after, 5))
                .as("a thread under 10 ms is left out").isEqualTo("riberry-dispatch-demo-bench 0.40 s, riberry-task-1 0.20 s, riberry-heartbeat 0.05 s");
        assertThat(ThreadCpu.busiest(after, after, 5)).isEqualTo("(none over 10 ms)");
    }

    @Test
    void shouldReadEveryOsThreadOfThisProcessOrNothingWhereThereIsNoProc() {
        final Map<Long, ThreadCpu> threads = ThreadCpu.ofOsThreads(ProcessHandle.current().pid());
        ProcStatus.of(ProcessHandle.current().pid()).ifPresent(self -> {
            assertThat(threads).isNotEmpty();
            assertThat(threads.values()).anySatisfy(thread -> assertThat(thread.cpu()).isPositive());
        });
        assertThat(ThreadCpu.ofOsThreads(Long.MAX_VALUE)).isEmpty();
    }
}
