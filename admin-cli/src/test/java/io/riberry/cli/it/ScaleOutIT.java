package io.riberry.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.cli.scale.PlatformReplica;
import io.riberry.platform.catalog.CatalogPublisher;
import io.riberry.platform.client.ApiClient;
import io.riberry.platform.dev.TopicAdmin;
import io.riberry.platform.testing.Catalogs;
import io.riberry.platform.testing.Eventually;
import io.riberry.platform.testing.SharedKafka;
import io.riberry.registry.SchemaRegistryClients;
import io.riberry.sdk.Artifact;
import io.riberry.sdk.RiberryWorker;
import io.riberry.topics.RiberryTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code riberry platform} replicas, each a JVM of its own, on one broker: jobs through any
 * replica, every query answered the same by every replica, a replica killed (SIGKILL) and
 * restarted, a fourth joining; no job is lost or run twice.
 */
@ExtendWith(SharedKafka.class)
class ScaleOutIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Test
    void shouldShareTheWorkSurviveAKillAndTakeANewReplica(@TempDir final Path stateDir) {
        final String id = UUID.randomUUID().toString().substring(0, 8);
        final RiberryTopics topics = new RiberryTopics("scale-" + id + ".");
        TopicAdmin.ensureTopics(SharedKafka.bootstrapServers(), topics, List.of(Catalogs.INSTANCE), 4, (short) 1);
        CatalogPublisher.publish(SharedKafka.bootstrapServers(), SchemaRegistryClients.forUrl(SharedKafka.registryUrl()),
                topics.catalog(), Catalogs.demo());
        final Map<String, String> settings = Map.of(
                "RIBERRY_BOOTSTRAP_SERVERS", SharedKafka.bootstrapServers(),
                "RIBERRY_APPLICATION_ID", "riberry-scale-" + id,
                "RIBERRY_TOPIC_PREFIX", topics.prefix(),
                "RIBERRY_REGISTRY_EMBEDDED", "false",
                "RIBERRY_SCHEMA_REGISTRY_URL", SharedKafka.registryUrl(),
                "RIBERRY_NUM_STREAM_THREADS", "2");
        final List<PlatformReplica> replicas = new ArrayList<>();
        try (RiberryWorker worker = RiberryWorker.builder().application(Catalogs.APPLICATION).instance(Catalogs.INSTANCE)
                .bootstrapServers(SharedKafka.bootstrapServers()).schemaRegistryUrl(SharedKafka.registryUrl()).topicPrefix(topics.prefix())
                .entryPoint("hello", ctx -> ctx.artifact(Artifact.output("Greeting", "greeting.txt"),
                        ("Hello " + ctx.input("name").orElse("?")).getBytes(StandardCharsets.UTF_8))).build().start()) {
            for (int i = 1; i <= 3; i++) {
                replicas.add(PlatformReplica.of("replica-" + i, settings, stateDir, System.out).start());
            }
            replicas.forEach(replica -> replica.awaitReady(TIMEOUT));

            final List<String> jobIds = submit(replicas, 30, "before");
            final Set<String> executionIds = awaitSuccessEverywhere(jobIds, replicas);
            assertListedOnceEverywhere(replicas, executionIds);
            assertSameInstancesAndArtifactsEverywhere(replicas, executionIds);

            final PlatformReplica killed = replicas.get(1);
            killed.kill();
            final List<PlatformReplica> survivors = List.of(replicas.get(0), replicas.get(2));
            final long killedAt = System.nanoTime();
            for (String executionId : executionIds) {
                for (PlatformReplica survivor : survivors) {
                    Eventually.await(TIMEOUT, executionId + " answered by " + survivor.name() + " after the kill",
                            () -> survivor.api().get("/executions/" + executionId).status() == 200);
                }
            }
            System.out.printf("Every execution answered by the survivors %d ms after the kill%n", (System.nanoTime() - killedAt) / 1_000_000);
            final List<String> duringOutage = submit(survivors, 10, "outage");
            executionIds.addAll(awaitSuccessEverywhere(duringOutage, survivors));

            killed.start().awaitReady(TIMEOUT);
            final PlatformReplica joined = PlatformReplica.of("replica-4", settings, stateDir, System.out).start();
            replicas.add(joined);
            joined.awaitReady(TIMEOUT);

            final List<PlatformReplica> everyone = List.of(replicas.get(0), killed, replicas.get(2), joined);
            final List<String> allJobs = new ArrayList<>(jobIds);
            allJobs.addAll(duringOutage);
            allJobs.addAll(submit(everyone, 8, "after"));
            final Set<String> allExecutions = awaitSuccessEverywhere(allJobs, everyone);
            assertThat(allExecutions).hasSize(48).containsAll(executionIds);
            assertListedOnceEverywhere(everyone, allExecutions);
            assertSameInstancesAndArtifactsEverywhere(everyone, allExecutions);
        } finally {
            replicas.forEach(PlatformReplica::close);
        }
    }

    /** Submits {@code count} hello jobs round-robin through {@code through}; answers their job ids. */
    private static List<String> submit(final List<PlatformReplica> through, final int count, final String label) {
        final List<String> jobIds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            final ApiClient api = through.get(i % through.size()).api();
            final Map<String, Object> job = Map.of("form", "hello", "name", label + "-" + i + "-" + UUID.randomUUID(),
                    "inputs", Map.of("name", "n" + i));
            final JsonNode accepted = Eventually.awaitValue(TIMEOUT, "a replica to accept a job", () -> {
                final ApiClient.Answer answer = api.post("/jobs", job);
                return answer.status() == 202 ? answer.body() : null;
            });
            jobIds.add(accepted.get("jobId").asText());
        }
        return jobIds;
    }

    /** Waits until every replica shows each job with exactly one execution, SUCCESS; answers the execution ids. */
    private static Set<String> awaitSuccessEverywhere(final List<String> jobIds, final List<PlatformReplica> replicas) {
        final Set<String> executionIds = new HashSet<>();
        for (String jobId : jobIds) {
            for (PlatformReplica replica : replicas) {
                final JsonNode job = Eventually.awaitValue(TIMEOUT, "job " + jobId + " SUCCESS through " + replica.name(), () -> {
                    final ApiClient.Answer answer = replica.api().get("/jobs/" + jobId);
                    final boolean done = answer.status() == 200 && answer.body().path("executions").size() == 1
                            && "SUCCESS".equals(answer.body().at("/executions/0/status").asText());
                    return done ? answer.body() : null;
                });
                assertThat(job.get("status").asText()).isEqualTo("ACCEPTED");
                executionIds.add(job.at("/executions/0/executionId").asText());
            }
        }
        assertThat(executionIds).hasSize(jobIds.size());
        return executionIds;
    }

    /** Every replica shows the same instances, and serves every execution's artifact with the same bytes. */
    private static void assertSameInstancesAndArtifactsEverywhere(final List<PlatformReplica> replicas, final Set<String> executionIds) {
        final JsonNode instances = replicas.get(0).api().get("/instances").body();
        assertThat(instances.at("/items/0/status").asText()).isEqualTo("ONLINE");
        for (PlatformReplica replica : replicas) {
            final JsonNode seen = replica.api().get("/instances").body();
            assertThat(seen.at("/items/0/instance")).isEqualTo(instances.at("/items/0/instance"));
            assertThat(seen.at("/items/0/status")).isEqualTo(instances.at("/items/0/status"));
        }
        for (String executionId : executionIds) {
            final JsonNode artifacts = Eventually.awaitValue(TIMEOUT, "the artifact of " + executionId, () -> {
                final JsonNode items = replicas.get(0).api().get("/executions/" + executionId + "/artifacts").body().path("items");
                return items.size() == 1 && items.get(0).path("complete").asBoolean() ? items : null;
            });
            final String artifactId = artifacts.get(0).get("artifactId").asText();
            for (PlatformReplica replica : replicas) {
                final String content = new String(replica.api().getText("/artifacts/" + artifactId + "/content"), StandardCharsets.UTF_8);
                assertThat(content).as("artifact of %s through %s", executionId, replica.name()).startsWith("Hello n");
            }
        }
    }

    /** Every replica lists exactly these executions, each once, through pages of 7. */
    private static void assertListedOnceEverywhere(final List<PlatformReplica> replicas, final Set<String> executionIds) {
        for (PlatformReplica replica : replicas) {
            final List<String> listed = new ArrayList<>();
            String cursor = null;
            do {
                final JsonNode page = replica.api().get("/executions?form=hello&limit=7" + (cursor == null ? "" : "&cursor=" + cursor)).body();
                page.get("items").forEach(item -> listed.add(item.get("executionId").asText()));
                cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
            } while (cursor != null);
            assertThat(listed).as("listed by " + replica.name()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(executionIds);
        }
    }
}
