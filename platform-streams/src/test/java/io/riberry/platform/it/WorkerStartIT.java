package io.riberry.platform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.riberry.platform.client.ApiClient;
import io.riberry.platform.testing.Catalogs;
import io.riberry.platform.testing.Eventually;
import io.riberry.platform.testing.Executions;
import io.riberry.platform.testing.PlatformFixture;
import io.riberry.platform.testing.SharedKafka;
import io.riberry.platform.testing.TcpGate;
import io.riberry.sdk.CatalogCheck;
import io.riberry.sdk.RiberryWorker;
import io.riberry.sdk.WorkerHealth;
import io.riberry.sdk.WorkerStartException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker's start fails fast and says why: Kafka or the registry out of reach (naming the address
 * and the setting, within the start timeout), or a catalog that does not know its application,
 * instance or forms (every mismatch at once, and nothing created). A registry that is down only
 * for the first seconds delays the start instead of breaking the worker.
 */
@ExtendWith(SharedKafka.class)
class WorkerStartIT {

    @TempDir
    Path stateDir;

    @Test
    void shouldFailWithinTheStartTimeoutNamingTheKafkaAddressAndSetting() {
        try (TcpGate nothing = TcpGate.to(1, false)) {
            final String address = "127.0.0.1:" + nothing.port();
            final long startedAt = System.nanoTime();
            assertThatThrownBy(() -> RiberryWorker.builder().application(Catalogs.APPLICATION).instance(Catalogs.INSTANCE)
                    .bootstrapServers(address).schemaRegistryUrl(SharedKafka.registryUrl()).startTimeout(Duration.ofSeconds(3))
                    .entryPoint("hello", ctx -> { }).build().start())
                    .isInstanceOf(WorkerStartException.class)
                    .hasMessageContaining("Kafka at " + address + " (bootstrap.servers) did not answer within 3 s");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt)).isLessThan(8_000);
        }
    }

    @Test
    void shouldFailWithinTheStartTimeoutNamingTheRegistryAddressAndSetting() {
        // No platform needed: the registry is checked before the catalog.
        try (TcpGate registry = TcpGate.to(URI.create(SharedKafka.registryUrl()).getPort(), false)) {
            assertThatThrownBy(() -> RiberryWorker.builder().application(Catalogs.APPLICATION).instance(Catalogs.INSTANCE)
                    .bootstrapServers(SharedKafka.bootstrapServers()).schemaRegistryUrl(registry.url())
                    .startTimeout(Duration.ofSeconds(3)).entryPoint("hello", ctx -> { }).build().start())
                    .isInstanceOf(WorkerStartException.class)
                    .hasMessageContaining("Schema registry at " + registry.url() + " (schema.registry.url) did not answer within 3 s");
        }
    }

    @Test
    void shouldStartOnceTheRegistryAnswersAndThenRunJobs() throws Exception {
        try (PlatformFixture fixture = PlatformFixture.start(stateDir, Catalogs.demo());
             TcpGate registry = TcpGate.to(URI.create(SharedKafka.registryUrl()).getPort(), false)) {
            final RiberryWorker.Builder worker = fixture.workerOf(Catalogs.INSTANCE).schemaRegistryUrl(registry.url())
                    .entryPoint("hello", ctx -> ctx.progress("hello " + ctx.input("name", String.class), 100));
            final CompletableFuture<RiberryWorker> started = CompletableFuture.supplyAsync(() -> fixture.startWorker(worker));
            Eventually.holds(Duration.ofSeconds(3), "start to wait for the registry", () -> !started.isDone());
            registry.open();

            final RiberryWorker running = started.get(30, TimeUnit.SECONDS);
            assertThat(running.health().state()).isEqualTo(WorkerHealth.State.RUNNING);
            final ApiClient api = fixture.api();
            final String executionId = api.post("/jobs", Map.of("form", "hello", "name", "late-registry", "inputs", Map.of("name", "ada")))
                    .body().get("executionId").asText();
            assertThat(Executions.awaitSuccess(api, executionId).path("progressMessage").asText()).isEqualTo("hello ada");
        }
    }

    @Test
    void shouldRefuseAWorkerTheCatalogDoesNotKnowAndCreateNothing() throws Exception {
        try (PlatformFixture fixture = PlatformFixture.start(stateDir, Catalogs.demoWithBackup())) {
            assertThatThrownBy(() -> fixture.workerOf("nosuch-1").entryPoint("hello", ctx -> { }).build().start())
                    .isInstanceOf(WorkerStartException.class)
                    .hasMessageContaining("instance nosuch-1 is not in the catalog (instances of demo: demo-backup, demo-local)")
                    .hasMessageContaining("form hello belongs to instance demo-local, not nosuch-1");
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS)).doesNotContain(fixture.topics().dispatch("nosuch-1"));
            }

            assertThatThrownBy(() -> fixture.workerOf(Catalogs.INSTANCE).application("billing")
                    .entryPoint("hello", ctx -> { }).entryPoint("helo", ctx -> { }).entryPoint("backup-hello", ctx -> { }).build().start())
                    .isInstanceOf(WorkerStartException.class)
                    .hasMessageContaining("application billing is not in the catalog (applications: demo)")
                    .hasMessageContaining("instance demo-local belongs to application demo, not billing")
                    .hasMessageContaining("form helo is not in the catalog (forms of instance demo-local: fail, hello)")
                    .hasMessageContaining("form backup-hello belongs to instance demo-backup, not demo-local");
        }
    }

    @Test
    void shouldStartDespiteAMismatchWhenToldToWarn() {
        try (PlatformFixture fixture = PlatformFixture.start(stateDir, Catalogs.demo())) {
            final RiberryWorker worker = fixture.startWorker(fixture.workerOf(Catalogs.INSTANCE).catalogCheck(CatalogCheck.WARN)
                    .entryPoint("hello", ctx -> { }).entryPoint("not-yet-imported", ctx -> { }));
            assertThat(worker.health().state()).isEqualTo(WorkerHealth.State.RUNNING);
            assertThat(worker.health().parts().keySet()).isEqualTo(Set.of(WorkerHealth.DISPATCH, WorkerHealth.COMMANDS,
                    WorkerHealth.EVENTS, WorkerHealth.REGISTRY));
        }
    }
}
