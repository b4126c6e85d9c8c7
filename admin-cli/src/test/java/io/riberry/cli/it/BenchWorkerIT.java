package io.riberry.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.riberry.cli.CliRun;
import io.riberry.cli.ExitCodes;
import io.riberry.platform.testing.Catalogs;
import io.riberry.platform.testing.PlatformFixture;
import io.riberry.platform.testing.SharedKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code riberry bench worker} against a platform on the test broker: it imports its instance and
 * form, spawns one worker JVM, keeps it busy and reads it over /proc and JMX.
 */
@ExtendWith(SharedKafka.class)
class BenchWorkerIT {

    private static final List<String> SUMMARY_ROWS = List.of("spawn to running (ms)", "inside start() (ms)", "idle threads (/proc)",
            "idle Java threads", "idle RSS (MiB)", "idle CPU over the idle wait (s)", "idle CPU, its last half (s)", "busy run (s)", "busy peak threads (/proc)",
            "busy peak RSS (MiB)", "VmHWM after busy (MiB)", "busy CPU (s)");

    @Test
    void shouldMeasureOneWorkerJvmIdleAndBusyAndPrintEveryFigure(@TempDir final Path dir) throws IOException {
        final Path log = dir.resolve("workers.log");
        final CliRun run;
        try (PlatformFixture platform = PlatformFixture.start(dir.resolve("state"), Catalogs.demo())) {
            run = CliRun.of("bench", "worker", "--rounds", "1", "--idle", "PT2S", "--jobs", "5",
                    "--bootstrap-server", SharedKafka.bootstrapServers(), "--registry", SharedKafka.registryUrl(),
                    "--api", platform.api().baseUrl(), "--token", platform.adminToken(), "--topic-prefix", platform.topics().prefix(),
                    "--log", log.toString());
        }
        final String workerOutput = Files.exists(log) ? Files.readString(log) : "(no worker log)";

        assertThat(run.exitCode()).as("%s%n%s", run.err(), workerOutput).isEqualTo(ExitCodes.OK);
        assertThat(workerOutput).contains("Worker of demo-bench running");
        final String out = run.out();
        assertThat(out).containsPattern("start +\\d+ ms from spawn to \"running\"; \\d+ ms inside start\\(\\)")
                .containsPattern("idle, 2 s after start +threads \\d+ \\(/proc: every OS thread; \\d+ of them Java\\), RSS \\d+ MiB")
                .containsPattern("busy +5 bench-report jobs: 5 SUCCESS, 0 FAILURE in [\\d.]+ s; peak threads \\d+, peak RSS \\d+ MiB");
        final Matcher clients = Pattern.compile("Kafka clients at idle +(\\d+) producers, (\\d+) consumers, (\\d+) admin clients").matcher(out);
        assertThat(clients.find()).as(out).isTrue();
        assertThat(Integer.parseInt(clients.group(1))).as("producers: events, heartbeats, artifacts go somewhere").isPositive();
        assertThat(Integer.parseInt(clients.group(2))).as("consumers: dispatches come from somewhere").isPositive();
        assertThat(out).containsPattern("Java threads at idle +riberry-\\* [1-9]\\d*, kafka-\\* \\d+, other \\d+, JVM \\d+, JMX agent \\(the probe\\) [1-9]")
                .contains("riberry-dispatch-demo-bench")
                .containsPattern("most CPU over last half of idle, Java threads: .+ \\d+\\.\\d\\d s")
                .containsPattern("most CPU over the busy run, OS threads \\(/proc, names cut at 15\\): .+ \\d+\\.\\d\\d s");
        for (String row : SUMMARY_ROWS) {
            assertThat(out).as(row).containsPattern(Pattern.quote(row) + " +[\\d.]+\\n");
        }
        assertThat(out).containsPattern("idle producers/consumers/admins +\\d+/\\d+/\\d+\\n");
    }
}
