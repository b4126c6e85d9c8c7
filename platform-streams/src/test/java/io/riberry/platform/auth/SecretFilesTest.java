package io.riberry.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFilesTest {

    @Test
    void shouldGiveEveryRacingReaderTheSameWrittenSecret(@TempDir final Path directory) throws Exception {
        final int rounds = 50;
        final int racers = 8;
        final ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            for (int round = 0; round < rounds; round++) {
                final Path file = directory.resolve("round-" + round + "/admin.token");
                final CountDownLatch go = new CountDownLatch(1);
                final List<Future<String>> reads = new ArrayList<>();
                for (int i = 0; i < racers; i++) {
                    reads.add(pool.submit(() -> {
                        go.await();
                        return SecretFiles.readOrCreate(file, "rba_");
                    }));
                }
                go.countDown();
                final Set<String> seen = new HashSet<>();
                for (Future<String> read : reads) {
                    seen.add(read.get());
                }
                assertThat(seen).as("round %d", round).hasSize(1);
                assertThat(seen.iterator().next()).startsWith("rba_").hasSize("rba_".length() + 43);
                try (var left = Files.list(file.getParent())) {
                    assertThat(left).as("no temporary file left behind").containsExactly(file);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldCreateTheFileReadableByItsOwnerOnly(@TempDir final Path directory) throws Exception {
        final Path file = directory.resolve("secret");
        final String secret = SecretFiles.readOrCreate(file, "");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(SecretFiles.readOrCreate(file, "")).isEqualTo(secret);
    }
}
