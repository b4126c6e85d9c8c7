package io.riberry.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.platform.auth.Authentication;
import io.riberry.platform.client.ApiClient;
import io.riberry.platform.config.PlatformConfig;
import io.riberry.platform.dev.EmbeddedKafkaBroker;
import io.riberry.platform.registry.SchemaRegistryServer;
import io.riberry.platform.testing.Catalogs;
import io.riberry.platform.testing.Eventually;
import io.riberry.platform.testing.Executions;
import io.riberry.platform.testing.PlatformFixture;
import io.riberry.platform.testing.TcpGate;
import io.riberry.sdk.EntryPoint;
import io.riberry.sdk.RiberryWorker;
import io.riberry.sdk.StreamScope;
import io.riberry.sdk.TaskOptions;
import io.riberry.sdk.WorkerHealth;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker heals by itself: through a registry that is down for a while and a broker restart, it
 * says which part is down, then resumes, and cancels and parameter changes still reach it. On a
 * broker and registry of its own, so that cutting them off harms no other test.
 */
class WorkerResilienceIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path brokerDir;
    @TempDir
    Path stateDir;

    private EmbeddedKafkaBroker broker;
    private SchemaRegistryServer registry;
    private TcpGate registryGate;
    private PlatformFixture fixture;
    private final List<String> greetings = new CopyOnWriteArrayList<>();
    private final AtomicInteger longStepsRun = new AtomicInteger();

    @BeforeEach
    void startSystem() {
        broker = EmbeddedKafkaBroker.start(brokerDir, 0);
        registry = SchemaRegistryServer.start(broker.bootstrapServers(), "127.0.0.1", 0, Authentication.disabled());
        registryGate = TcpGate.to(registry.port(), true);
        // Offline only after a minute: the instance must stay ONLINE through the outages, so what fails is the worker's own doing.
        fixture = PlatformFixture.startOn(broker.bootstrapServers(), registry.url(), stateDir, Catalogs.demo(),
                Map.of(PlatformConfig.INSTANCE_OFFLINE_AFTER_MS, "60000"));
    }

    @AfterEach
    void stopSystem() {
        if (fixture != null) {
            fixture.close();
        }
        registryGate.close();
        registry.close();
        broker.close();
    }

    /** hello: greets at once; with name "long", runs interruptible one-second steps until cancelled. */
    private RiberryWorker startWorker() {
        final EntryPoint hello = ctx -> {
            if (!"long".equals(ctx.input("name", String.class))) {
                ctx.progress("hello " + ctx.input("name", String.class), 100);
                return;
            }
            try (StreamScope steps = ctx.stream("steps")) {
                for (int i = 0; i < 120; i++) {
                    steps.step("step-" + i, TaskOptions.<Integer>defaults().withInterruptOnCancel(), () -> {
                        Thread.sleep(1000);
                        return longStepsRun.incrementAndGet();
                    });
                }
            }
        };
        return fixture.startWorker(fixture.workerOf(Catalogs.INSTANCE).schemaRegistryUrl(registryGate.url())
                .onParameter("greeting", greetings::add).entryPoint("hello", hello));
    }

    @Test
    void shouldResumeAfterTheRegistryWasDownForAWhile() throws Exception {
        final RiberryWorker worker = startWorker();
        final ApiClient api = fixture.api();

        registryGate.cut();
        // Records whose schemas the worker has not fetched yet wait for the registry; nothing is lost or skipped.
        fixture.publishCatalog(Map.ofEntries(Catalogs.allDay("morning", "greeting", "bonjour")));
        final String during = submit(api, "during-outage", "ada");
        Eventually.await(WAIT, "the worker to say the registry is down", () -> !worker.health().parts().get(WorkerHealth.REGISTRY).up());
        assertThat(worker.health().parts().get(WorkerHealth.REGISTRY).detail()).contains("could not fetch a schema");
        // The dispatch waits in Kafka, undecoded, neither run nor skipped. (The parameters' schema was
        // fetched during start, so the new greeting may arrive even now.)
        Eventually.holds(Duration.ofSeconds(3), "the dispatch to wait READY",
                () -> "READY".equals(api.get("/executions/" + during).body().path("status").asText()));
        registryGate.open();

        assertThat(Executions.awaitSuccess(api, during).path("progressMessage").asText()).isEqualTo("hello ada");
        Eventually.await(WAIT, "the parameter change to arrive", () -> greetings.contains("bonjour"));
        Eventually.await(WAIT, "every part up again", () -> worker.health().isUp());

        assertCancelsAndParametersStillArrive(api, "after-registry");
    }

    @Test
    void shouldResumeAfterABrokerRestart() throws Exception {
        final RiberryWorker worker = startWorker();
        final ApiClient api = fixture.api();
        assertThat(Executions.awaitSuccess(api, submit(api, "before-restart", "ada")).path("progressMessage").asText())
                .isEqualTo("hello ada");
        Eventually.await(WAIT, "every part up", () -> worker.health().isUp());

        final int port = broker.port();
        broker.close();
        Eventually.await(WAIT, "the worker to say Kafka is out of reach", () -> {
            final Map<String, WorkerHealth.Part> parts = worker.health().parts();
            return !parts.get(WorkerHealth.EVENTS).up() && !parts.get(WorkerHealth.DISPATCH).up() && !parts.get(WorkerHealth.COMMANDS).up();
        });
        assertThat(worker.health().isUp()).isFalse();
        broker = EmbeddedKafkaBroker.start(brokerDir, port);

        Eventually.await(WAIT, "every part up again", () -> worker.health().isUp());
        assertThat(Executions.awaitSuccess(api, submit(api, "after-restart", "grace")).path("progressMessage").asText())
                .isEqualTo("hello grace");
        assertCancelsAndParametersStillArrive(api, "after-broker");
    }

    private void assertCancelsAndParametersStillArrive(final ApiClient api, final String label) {
        final String longRun = submit(api, label + "-long", "long");
        Eventually.await(WAIT, "the long execution to run steps", () -> longStepsRun.get() >= 2);
        assertThat(api.post("/executions/" + longRun + "/cancel", Map.of("requestedBy", "ada", "reason", label)).status()).isEqualTo(202);
        final JsonNode cancelled = Executions.awaitFinished(api, longRun);
        assertThat(cancelled.path("status").asText()).isEqualTo("FAILURE");
        final int stepsAtCancel = longStepsRun.get();
        // At most the step running at the cancel ends; none starts after it.
        Eventually.holds(Duration.ofMillis(2_500), "no further step to run", () -> longStepsRun.get() <= stepsAtCancel + 1);

        fixture.publishCatalog(Map.ofEntries(Catalogs.allDay("morning", "greeting", "hello-" + label)));
        Eventually.await(WAIT, "the parameter change to arrive", () -> greetings.contains("hello-" + label));
    }

    private static String submit(final ApiClient api, final String name, final String person) {
        return api.post("/jobs", Map.of("form", "hello", "name", name, "inputs", Map.of("name", person))).body().get("executionId").asText();
    }
}
