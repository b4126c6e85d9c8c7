package io.riberry.platform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.riberry.kafka.KafkaConnection;
import io.riberry.platform.PlatformService;
import io.riberry.platform.catalog.CatalogPublisher;
import io.riberry.platform.config.PlatformConfig;
import io.riberry.platform.dev.EmbeddedKafkaBroker;
import io.riberry.platform.security.KafkaAclRecipes;
import io.riberry.platform.testing.Catalogs;
import io.riberry.platform.testing.Eventually;
import io.riberry.platform.testing.SelfSignedTls;
import io.riberry.registry.SchemaRegistryClients;
import io.riberry.schema.CatalogEntry;
import io.riberry.schema.ExecutionState;
import io.riberry.schema.ExecutionStatus;
import io.riberry.schema.JobSubmitted;
import io.riberry.sdk.RiberryWorker;
import io.riberry.sdk.WorkerStartException;
import io.riberry.serde.AvroSerdes;
import io.riberry.topics.RiberryTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Riberry on a cluster as a careful operator runs it: clients reach it only over SASL_SSL with
 * SCRAM-SHA-512 (TLS from a CA made for the test), the standard authorizer refuses whatever no ACL
 * allows, and each principal holds only the ACLs of {@link KafkaAclRecipes}. The platform, a worker
 * and a submitter get their settings the way deployments give them ({@code kafka.*} keys), a job
 * runs to SUCCESS, and each principal is refused what belongs to another.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaSecurityIT {

    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final RiberryTopics TOPICS = RiberryTopics.withDefaultPrefix();
    private static final String APPLICATION_ID = "riberry-platform";
    private static final String INSTANCE = Catalogs.INSTANCE;
    private static final String OTHER_INSTANCE = Catalogs.BACKUP_INSTANCE;
    private static final String ADMIN = "admin";
    private static final String PLATFORM = "riberry-platform";
    private static final String WORKER = "worker-" + INSTANCE;
    private static final String SUBMITTER = "submitter";

    private final Map<String, String> passwords = new HashMap<>();
    private final List<String> greeted = new CopyOnWriteArrayList<>();
    private SelfSignedTls tls;
    private EmbeddedKafkaBroker broker;
    private PlatformService platform;
    private String adminToken;
    private RiberryWorker worker;

    @BeforeAll
    void startSecuredCluster(@TempDir final Path dir) throws Exception {
        tls = SelfSignedTls.generate(dir);
        final EmbeddedKafkaBroker.Builder builder = EmbeddedKafkaBroker.builder(dir.resolve("kafka"))
                .scramOverTls(tls.brokerKeystore())
                .standardAuthorizer("User:" + ADMIN);
        for (String user : List.of(ADMIN, PLATFORM, WORKER, SUBMITTER)) {
            passwords.put(user, user + "-" + UUID.randomUUID());
            builder.scramUser(user, passwords.get(user));
        }
        broker = builder.start();

        final List<AclBinding> acls = new ArrayList<>();
        acls.addAll(KafkaAclRecipes.platform("User:" + PLATFORM, TOPICS, APPLICATION_ID));
        acls.addAll(KafkaAclRecipes.worker("User:" + WORKER, TOPICS, INSTANCE));
        acls.addAll(KafkaAclRecipes.submitter("User:" + SUBMITTER, TOPICS));
        try (Admin admin = Admin.create(connectionOf(ADMIN).clientConfig(Map.of()))) {
            admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
            // Another instance's dispatch topic, so what the worker is refused there is not a missing topic.
            admin.createTopics(List.of(new NewTopic(TOPICS.dispatch(OTHER_INSTANCE), 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }

        final Map<String, String> settings = new HashMap<>(kafkaKeys(PLATFORM, passwords.get(PLATFORM)));
        settings.put(PlatformConfig.BOOTSTRAP_SERVERS, broker.scramBootstrapServers());
        settings.put(PlatformConfig.APPLICATION_ID, APPLICATION_ID);
        settings.put(PlatformConfig.HTTP_PORT, "0");
        settings.put(PlatformConfig.REGISTRY_EMBEDDED, "true");
        settings.put(PlatformConfig.REGISTRY_PORT, "0");
        settings.put(PlatformConfig.STATE_DIR, dir.resolve("state").toString());
        settings.put(PlatformConfig.STREAM_THREADS, "1");
        settings.put(PlatformConfig.STANDBY_REPLICAS, "0");
        // HTTP authentication on too: the registry's writes take a token, as every client here presents.
        settings.put(PlatformConfig.AUTH_ADMIN_TOKEN_FILE, dir.resolve("admin.token").toString());
        platform = PlatformService.start(PlatformConfig.load(null, settings));
        adminToken = java.nio.file.Files.readString(dir.resolve("admin.token")).trim();
        platform.awaitReady(WAIT);

        // Importing the catalog is the operator's act (riberry catalog import), so the admin does it.
        CatalogPublisher.publish(connectionOf(ADMIN), SchemaRegistryClients.forUrl(platform.registryUrl(), registryToken()), TOPICS.catalog(),
                Catalogs.demoWithBackup());
    }

    private Map<String, Object> registryToken() {
        return Map.of("bearer.auth.credentials.source", "STATIC_TOKEN", "bearer.auth.token", adminToken);
    }

    @AfterAll
    void stop() {
        if (worker != null) {
            worker.close(Duration.ofSeconds(5));
        }
        if (platform != null) {
            platform.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldRunAJobWhenEachPrincipalHoldsOnlyTheAclsOfItsRecipe() throws Exception {
        worker = workerBuilder(WORKER, passwords.get(WORKER))
                .entryPoint("hello", context -> greeted.add(context.input("name", String.class)))
                .build().start();

        final String jobId = UUID.randomUUID().toString();
        try (KafkaProducer<String, JobSubmitted> submitter = new KafkaProducer<>(connectionOf(SUBMITTER).clientConfig(Map.of()),
                new StringSerializer(), AvroSerdes.serde(JobSubmitted.class, platform.registryUrl(), registryToken()).serializer())) {
            submitter.send(new ProducerRecord<>(TOPICS.jobInputs(), jobId, JobSubmitted.newBuilder().setJobId(jobId).setForm("hello")
                    .setName("secured-" + jobId).setInputs(Map.of("name", "Ada")).setSubmittedAt(Instant.now()).build()))
                    .get(30, TimeUnit.SECONDS);
        }

        assertThat(awaitFinished(jobId).getStatus()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(greeted).containsExactly("Ada");
    }

    @Test
    void shouldRefuseTheWorkerWritingTheCatalogOrAnotherInstancesDispatches() {
        try (KafkaProducer<String, byte[]> producer = rawProducer(WORKER)) {
            assertRefusedToWrite(producer, TOPICS.catalog());
            assertRefusedToWrite(producer, TOPICS.dispatch(OTHER_INSTANCE));
        }
    }

    @Test
    void shouldRefuseTheWorkerReadingAnotherInstancesDispatches() {
        assertRefusedToRead(WORKER, TOPICS.dispatch(OTHER_INSTANCE));
    }

    @Test
    void shouldRefuseTheSubmitterReadingExecutionsOrWritingTheCatalog() {
        assertRefusedToRead(SUBMITTER, TOPICS.executions());
        try (KafkaProducer<String, byte[]> producer = rawProducer(SUBMITTER)) {
            assertRefusedToWrite(producer, TOPICS.catalog());
        }
    }

    @Test
    void shouldRefuseAClientWithAWrongPassword() {
        try (Admin admin = Admin.create(connectionOf(WORKER, "wrong-password").clientConfig(Map.of(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000)))) {
            assertThatThrownBy(() -> admin.describeCluster().clusterId().get(15, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void shouldRefuseToStartAWorkerWithAWrongPasswordSayingWhy() {
        final RiberryWorker.Builder refused = workerBuilder(WORKER, "wrong-password").startTimeout(Duration.ofSeconds(15))
                .entryPoint("hello", context -> { });

        assertThatThrownBy(() -> refused.build().start())
                .isInstanceOf(WorkerStartException.class)
                .hasMessageContaining("refused this worker")
                .hasMessageContaining("kafka.* security settings");
    }

    /** A worker configured as a deployment would: a properties file's keys, {@code kafka.*} included. */
    private RiberryWorker.Builder workerBuilder(final String user, final String password) {
        final Properties properties = new Properties();
        properties.putAll(kafkaKeys(user, password));
        properties.setProperty("bootstrap.servers", broker.scramBootstrapServers());
        properties.setProperty("schema.registry.url", platform.registryUrl());
        properties.setProperty("schema.registry.bearer.auth.token", adminToken);
        properties.setProperty("application", Catalogs.APPLICATION);
        properties.setProperty("instance", INSTANCE);
        return RiberryWorker.builder().fromProperties(properties).concurrency(2);
    }

    private ExecutionState awaitFinished(final String jobId) {
        try (KafkaConsumer<String, ExecutionState> executions = new KafkaConsumer<>(connectionOf(ADMIN).clientConfig(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")),
                new StringDeserializer(), AvroSerdes.serde(ExecutionState.class, platform.registryUrl()).deserializer())) {
            final List<TopicPartition> partitions = executions.partitionsFor(TOPICS.executions()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            executions.assign(partitions);
            executions.seekToBeginning(partitions);
            return Eventually.awaitValue(WAIT, "the execution of job " + jobId + " to finish", () -> {
                for (ConsumerRecord<String, ExecutionState> record : executions.poll(Duration.ofMillis(200))) {
                    final ExecutionState state = record.value();
                    if (state != null && jobId.equals(state.getJobId())
                            && (state.getStatus() == ExecutionStatus.SUCCESS || state.getStatus() == ExecutionStatus.FAILURE)) {
                        return state;
                    }
                }
                return null;
            });
        }
    }

    private KafkaProducer<String, byte[]> rawProducer(final String user) {
        return new KafkaProducer<>(connectionOf(user).clientConfig(Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000)),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static void assertRefusedToWrite(final KafkaProducer<String, byte[]> producer, final String topic) {
        assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "key", new byte[] {0})).get(30, TimeUnit.SECONDS))
                .as("writing %s", topic)
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
    }

    private void assertRefusedToRead(final String user, final String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(connectionOf(user).clientConfig(Map.of()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(15)))
                    .as("%s reading %s", user, topic)
                    .isInstanceOf(TopicAuthorizationException.class);
        }
    }

    private KafkaConnection connectionOf(final String user) {
        return connectionOf(user, passwords.get(user));
    }

    private KafkaConnection connectionOf(final String user, final String password) {
        return KafkaConnection.to(broker.scramBootstrapServers(), KafkaConnection.settingsIn(kafkaKeys(user, password)));
    }

    /** The keys a deployment sets for a SASL_SSL cluster with SCRAM: the same in a platform, worker or CLI properties file. */
    private Map<String, String> kafkaKeys(final String user, final String password) {
        return Map.of(
                "kafka.security.protocol", "SASL_SSL",
                "kafka.sasl.mechanism", "SCRAM-SHA-512",
                "kafka.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                        + "\" password=\"" + password + "\";",
                "kafka.ssl.truststore.type", "PKCS12",
                "kafka.ssl.truststore.location", tls.truststore().toString(),
                "kafka.ssl.truststore.password", tls.truststorePassword());
    }
}
