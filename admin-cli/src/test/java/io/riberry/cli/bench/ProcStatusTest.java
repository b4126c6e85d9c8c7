package io.riberry.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcStatusTest {

    @Test
    void shouldReadThreadsAndResidentSizesFromAProcStatusFile() {
        final String status = """
                Name:\tjava
                VmPeak:\t 6012345 kB
                VmHWM:\t  204800 kB
                VmRSS:\t  180224 kB
                Threads:\t39
                """;

        final ProcStatus parsed = ProcStatus.parse(status);

        assertThat(parsed.threads()).isEqualTo(39);
        assertThat(parsed.rssBytes()).isEqualTo(180_224L * 1024);
        assertThat(parsed.peakRssBytes()).isEqualTo(204_800L * 1024);
    }

    @Test
    void shouldReadThisProcessOrNothingWhereThereIsNoProc() {
        ProcStatus.of(ProcessHandle.current().pid()).ifPresent(self -> {
            assertThat(self.threads()).isPositive();
            assertThat(self.rssBytes()).isPositive().isLessThanOrEqualTo(self.peakRssBytes());
        });
        assertThat(ProcStatus.of(Long.MAX_VALUE)).isEmpty();
    }
}
