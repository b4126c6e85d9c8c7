package io.riberry.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.riberry.platform.client.ApiClient;
import io.riberry.platform.live.LiveChanges;
import io.riberry.platform.testing.Catalogs;
import io.riberry.platform.testing.Eventually;
import io.riberry.platform.testing.LiveEvents;
import io.riberry.platform.testing.PlatformFixture;
import io.riberry.platform.testing.SharedKafka;
import io.riberry.sdk.EntryPoint;
import io.riberry.sdk.StreamScope;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's live feeds (server-sent events) on a real platform: what each page hears, and who may listen. */
@ExtendWith(SharedKafka.class)
class LiveUpdatesIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path stateDir;
    private static PlatformFixture fixture;
    private static ApiClient api;
    private static String root;
    private static final CountDownLatch PROCEED = new CountDownLatch(1);

    @BeforeAll
    static void start() {
        fixture = PlatformFixture.start(stateDir, Catalogs.demo());
        // "hello" waits for the test only when asked to, so the test can open the execution's page first.
        final EntryPoint hello = ctx -> {
            if (ctx.input("name").orElse("").equals("wait")) {
                PROCEED.await(60, TimeUnit.SECONDS);
                try (StreamScope steps = ctx.stream("steps", 3)) {
                    for (int i = 0; i < 3; i++) {
                        steps.step("step-" + i, () -> 1);
                    }
                }
                ctx.progress("all steps done", 100);
            }
        };
        fixture.startWorker(Map.of("hello", hello));
        api = fixture.api();
        root = fixture.platform().apiUrl().replace("/api/v1", "");
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void shouldTellAListingEveryChangeOfTheExecutionsMatchingItsFiltersAndNothingElse() {
        try (LiveEvents everything = LiveEvents.open(root + "/live/executions", fixture.adminToken());
             LiveEvents failOnly = LiveEvents.open(root + "/live/executions?form=fail", fixture.adminToken())) {
            assertThat(everything.contentType()).startsWith("text/event-stream");
            everything.await(TIMEOUT, "ready", event -> event.name().equals("ready"));
            failOnly.await(TIMEOUT, "ready", event -> event.name().equals("ready"));

            final String hello = submit("hello", "live-hello", "x");
            everything.await(TIMEOUT, "hello's SUCCESS", event -> event.name().equals("execution")
                    && event.data().path("executionId").asText().equals(hello) && event.data().path("status").asText().equals("SUCCESS"));
            // A quick job's states may reach the listing as one batch (its latest state only), always in order.
            assertThat(everything.all()).filteredOn(event -> event.data().path("executionId").asText().equals(hello))
                    .extracting(event -> event.data().path("version").asInt()).isSorted().doesNotHaveDuplicates();

            // No live process serves "fail": the platform ends it FAILURE at once, and the filtered listing hears both changes.
            final String failing = submit("fail", "live-fail", null);
            failOnly.await(TIMEOUT, "the fail execution's FAILURE", event -> event.name().equals("execution")
                    && event.data().path("executionId").asText().equals(failing) && event.data().path("status").asText().equals("FAILURE"));
            assertThat(failOnly.all()).filteredOn(event -> event.data().path("executionId").asText().equals(failing))
                    .extracting(event -> event.data().path("status").asText()).isSubsetOf("RECEIVED", "FAILURE").endsWith("FAILURE");
            assertThat(failOnly.all()).as("a listing filtered on form fail hears nothing of hello")
                    .noneMatch(event -> event.data().path("executionId").asText().equals(hello));
        }
    }

    @Test
    void shouldTellAStatusFilteredListingThatAnExecutionLeftItsStatus() {
        try (LiveEvents active = LiveEvents.open(root + "/live/executions?status=ACTIVE&form=hello", fixture.adminToken())) {
            active.await(TIMEOUT, "ready", event -> event.name().equals("ready"));
            final String hello = submit("hello", "live-leaving", "x");
            // The page shows ACTIVE rows: it must hear the SUCCESS that takes this one off, or it would show it ACTIVE for ever.
            active.await(TIMEOUT, "the SUCCESS that leaves the ACTIVE listing", event -> event.name().equals("execution")
                    && event.data().path("executionId").asText().equals(hello) && event.data().path("status").asText().equals("SUCCESS"));
        }
    }

    @Test
    void shouldBoundTheStreamsOfOneCallerAndEndThemWhenItsTokenIsRevoked() {
        final ApiClient.Answer created = api.post("/tokens", Map.of("subject", "tab-hoarder", "groups", List.of()));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        final String token = created.body().path("token").asText();
        final List<LiveEvents> streams = new ArrayList<>();
        try {
            for (int i = 0; i < LiveChanges.MAX_STREAMS_PER_CALLER; i++) {
                streams.add(LiveEvents.open(root + "/live/instances", token));
            }
            streams.forEach(stream -> stream.await(TIMEOUT, "ready", event -> event.name().equals("ready")));
            assertThat(LiveEvents.statusOf(root + "/live/instances", token)).as("one stream too many for one caller").isEqualTo(503);
            assertThat(LiveEvents.statusOf(root + "/live/instances", fixture.adminToken())).as("others still get theirs").isEqualTo(200);

            assertThat(api.delete("/tokens/" + created.body().path("tokenId").asText()).status()).isEqualTo(200);
            // Checked again at the next keep-alive: a revoked token hears nothing more.
            streams.forEach(stream -> stream.awaitEnd(TIMEOUT));
        } finally {
            streams.forEach(LiveEvents::close);
        }
    }

    @Test
    void shouldTellAnExecutionsPageOfItsActivityAndItsEnd() {
        final String executionId = submit("hello", "live-page", "wait");
        Eventually.await(TIMEOUT, "the execution ACTIVE", () -> api.get("/executions/" + executionId).body().path("status").asText()
                .equals("ACTIVE"));
        try (LiveEvents page = LiveEvents.open(root + "/live/executions/" + executionId, fixture.adminToken())) {
            page.await(TIMEOUT, "ready", event -> event.name().equals("ready"));
            PROCEED.countDown();
            page.await(TIMEOUT, "activity", event -> event.name().equals("activity")
                    && event.data().path("executionId").asText().equals(executionId));
            page.await(TIMEOUT, "SUCCESS", event -> event.name().equals("execution") && event.data().path("status").asText().equals("SUCCESS"));
            assertThat(api.get("/executions/" + executionId + "/streams").body().path("items").get(0).path("status").asText())
                    .isEqualTo("SUCCESS");
        }
    }

    @Test
    void shouldRefuseStreamsToStrangersAndOfExecutionsThatDoNotExist() {
        assertThat(LiveEvents.statusOf(root + "/live/executions", null)).isEqualTo(401);
        assertThat(LiveEvents.statusOf(root + "/live/instances", "rbt_0000000000000000_" + "A".repeat(43))).isEqualTo(401);
        assertThat(LiveEvents.statusOf(root + "/live/executions/no-such-execution", fixture.adminToken())).isEqualTo(404);
        assertThat(LiveEvents.statusOf(root + "/live/executions?status=SIDEWAYS", fixture.adminToken())).isEqualTo(400);
    }

    @Test
    void shouldTellInstancesPagesThatInstancesChanged() {
        try (LiveEvents instances = LiveEvents.open(root + "/live/instances", fixture.adminToken())) {
            instances.await(TIMEOUT, "ready", event -> event.name().equals("ready"));
            submit("hello", "live-instances", "x");
            // The execution's READY and ACTIVE change the instance's counts.
            instances.await(TIMEOUT, "changed", event -> event.name().equals("changed")
                    && event.data().path("instances").toString().contains("demo-local"));
        }
    }

    private static String submit(final String form, final String name, final String input) {
        final ApiClient.Answer accepted = api.post("/jobs", Map.of("form", form, "name", name + "-" + System.nanoTime(),
                "inputs", input == null ? Map.of() : Map.of("name", input)));
        assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
        return accepted.body().path("executionId").asText();
    }
}
