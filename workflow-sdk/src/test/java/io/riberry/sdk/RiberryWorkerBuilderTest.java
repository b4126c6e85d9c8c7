package io.riberry.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RiberryWorkerBuilderTest {

    private static final EntryPoint NOTHING = context -> { };

    @Test
    void shouldNameEveryMissingRequiredSettingAtOnce() {
        assertThatThrownBy(() -> RiberryWorker.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("application")
                .hasMessageContaining("instance")
                .hasMessageContaining("bootstrap.servers")
                .hasMessageContaining("schema.registry.url")
                .hasMessageContaining("at least one entry point");
    }

    @Test
    void shouldDefaultToNoAddress() {
        final RiberryWorker.Builder builder = RiberryWorker.builder().application("app").instance("app-1").entryPoint("form", NOTHING);

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bootstrap.servers")
                .hasMessageContaining("RIBERRY_BOOTSTRAP_SERVERS")
                .hasMessageContaining("schema.registry.url")
                .hasMessageNotContaining("application (")
                .hasMessageNotContaining("entry point");
        assertThatThrownBy(builder::kafkaConnection)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bootstrap.servers");
    }

    @Test
    void shouldCountABlankSettingAsMissing() {
        assertThatThrownBy(() -> complete().bootstrapServers("  ").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bootstrap.servers");
    }

    @Test
    void shouldBuildAWorkerNotYetStarted() {
        final RiberryWorker worker = complete().concurrency(3).build();

        assertThat(worker.instance()).isEqualTo("app-1");
        assertThat(worker.concurrency()).isEqualTo(3);
        assertThat(worker.health().state()).isEqualTo(WorkerHealth.State.NEW);
        assertThat(worker.health().isUp()).isFalse();
        assertThat(worker.parameter("greeting")).isEmpty();
    }

    @Test
    void shouldReadEveryKeyOfAPropertiesFile() {
        final Properties properties = new Properties();
        properties.setProperty("application", "billing");
        properties.setProperty("instance", "billing-eu");
        properties.setProperty("bootstrap.servers", "kafka-1:9092,kafka-2:9092");
        properties.setProperty("schema.registry.url", "http://registry:8081");
        properties.setProperty("concurrency", " 6 ");
        properties.setProperty("dispatch.partitions", "8");
        properties.setProperty("heartbeat.interval.ms", "500");
        properties.setProperty("session.timeout.ms", "12000");
        properties.setProperty("start.timeout.ms", "5000");
        properties.setProperty("shutdown.timeout.ms", "5000");
        properties.setProperty("catalog.check", "warn");
        properties.setProperty("topic.prefix", "acme.");
        properties.setProperty("process.id", "billing-1");
        properties.setProperty("kafka.security.protocol", "SASL_SSL");
        properties.setProperty("kafka.sasl.mechanism", "PLAIN");

        final RiberryWorker.Builder builder = RiberryWorker.builder().fromProperties(properties).entryPoint("invoice", NOTHING);
        final RiberryWorker worker = builder.build();

        assertThat(worker.instance()).isEqualTo("billing-eu");
        assertThat(worker.concurrency()).isEqualTo(6);
        assertThat(builder.kafkaConnection().bootstrapServers()).isEqualTo("kafka-1:9092,kafka-2:9092");
        assertThat(builder.kafkaConnection().settings())
                .containsExactlyInAnyOrderEntriesOf(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN"));
    }

    @Test
    void shouldReadAPropertiesFile(@TempDir final Path directory) throws Exception {
        final Path file = directory.resolve("worker.properties");
        Files.writeString(file, "application=billing\ninstance=billing-eu\nbootstrap.servers=kafka:9092\n"
                + "schema.registry.url=http://registry:8081\nconcurrency=2\n");

        final RiberryWorker worker = RiberryWorker.builder().fromProperties(file).entryPoint("invoice", NOTHING).build();

        assertThat(worker.instance()).isEqualTo("billing-eu");
        assertThat(worker.concurrency()).isEqualTo(2);
    }

    @Test
    void shouldNameAPropertiesFileThatCannotBeRead(@TempDir final Path directory) {
        final Path missing = directory.resolve("missing.properties");

        assertThatThrownBy(() -> RiberryWorker.builder().fromProperties(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void shouldRefuseAnUnknownKeyNamingIt() {
        final Properties properties = new Properties();
        properties.setProperty("instance", "billing-eu");
        properties.setProperty("concurency", "4");

        assertThatThrownBy(() -> RiberryWorker.builder().fromProperties(properties))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown worker setting [concurency]")
                .hasMessageContaining("concurrency");
    }

    @Test
    void shouldRefuseANumberThatIsNotWholeNamingTheKeyAndValue() {
        final Properties properties = new Properties();
        properties.setProperty("start.timeout.ms", "2s");

        assertThatThrownBy(() -> RiberryWorker.builder().fromProperties(properties))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("start.timeout.ms")
                .hasMessageContaining("\"2s\"");
    }

    @Test
    void shouldRefuseAValueOutOfRange() {
        final Properties properties = new Properties();
        properties.setProperty("concurrency", "0");

        assertThatThrownBy(() -> RiberryWorker.builder().fromProperties(properties))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("concurrency must be at least 1");
    }

    @Test
    void shouldAcceptOnlyRefuseOrWarnAsCatalogCheck() {
        final Properties warn = new Properties();
        warn.setProperty("catalog.check", "WARN");
        final Properties refuse = new Properties();
        refuse.setProperty("catalog.check", "refuse");
        final Properties other = new Properties();
        other.setProperty("catalog.check", "ignore");

        assertThat(RiberryWorker.builder().fromProperties(warn)).isNotNull();
        assertThat(RiberryWorker.builder().fromProperties(refuse)).isNotNull();
        assertThatThrownBy(() -> RiberryWorker.builder().fromProperties(other))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("catalog.check")
                .hasMessageContaining("refuse or warn")
                .hasMessageContaining("\"ignore\"");
    }

    @Test
    void shouldRefuseBootstrapServersGivenAsAKafkaClientSetting() {
        final Properties properties = new Properties();
        properties.setProperty("kafka.bootstrap.servers", "kafka:9092");

        assertThatThrownBy(() -> RiberryWorker.builder().fromProperties(properties).bootstrapServers("kafka:9092").kafkaConnection())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kafka.bootstrap.servers");
    }

    @Test
    void shouldMapTheEnvironmentsRiberryVariablesAndIgnoreTheClisOwn() {
        final Map<String, String> environment = Map.of(
                "RIBERRY_APPLICATION", "billing",
                "RIBERRY_INSTANCE", "billing-eu",
                "RIBERRY_BOOTSTRAP_SERVERS", "kafka:9092",
                "RIBERRY_SCHEMA_REGISTRY_URL", "http://registry:8081",
                "RIBERRY_CONCURRENCY", "5",
                "RIBERRY_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "RIBERRY_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "RIBERRY_API", "http://localhost:8080",
                "PATH", "/usr/bin");

        final RiberryWorker.Builder builder = RiberryWorker.builder().fromEnvironment(environment).entryPoint("invoice", NOTHING);
        final RiberryWorker worker = builder.build();

        assertThat(worker.instance()).isEqualTo("billing-eu");
        assertThat(worker.concurrency()).isEqualTo(5);
        assertThat(builder.kafkaConnection().bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(builder.kafkaConnection().settings())
                .containsExactlyInAnyOrderEntriesOf(Map.of("sasl.mechanism", "SCRAM-SHA-512", "security.protocol", "SASL_SSL"));
    }

    @Test
    void shouldLetTheSourceCalledLastWin() {
        final Properties file = new Properties();
        file.setProperty("instance", "from-file");
        file.setProperty("concurrency", "2");

        final RiberryWorker worker = complete().fromProperties(file)
                .fromEnvironment(Map.of("RIBERRY_INSTANCE", "from-environment"))
                .build();

        assertThat(worker.instance()).isEqualTo("from-environment");
        assertThat(worker.concurrency()).isEqualTo(2);
    }

    @Test
    void shouldFailToStartWithinTheTimeoutNamingKafkasAddressAndSetting() {
        final RiberryWorker worker = RiberryWorker.builder()
                .application("app").instance("app-1").entryPoint("form", NOTHING)
                .bootstrapServers("127.0.0.1:1")
                .schemaRegistryUrl("http://127.0.0.1:1")
                .startTimeout(Duration.ofSeconds(2))
                .meterRegistry(new SimpleMeterRegistry())
                .build();
        try {
            final long startedAt = System.nanoTime();
            assertThatThrownBy(worker::start)
                    .isInstanceOf(WorkerStartException.class)
                    .hasMessageContaining("127.0.0.1:1")
                    .hasMessageContaining("bootstrap.servers")
                    .hasMessageContaining("start.timeout.ms");
            final long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);

            // The 2 s of the timeout, closing the admin client (at most 1 s) and a loaded machine's slack.
            assertThat(tookMs).isBetween(1_500L, 5_000L);
            assertThat(worker.health().state()).isEqualTo(WorkerHealth.State.NEW);
        } finally {
            worker.close(Duration.ofSeconds(1));
        }
    }

    private static RiberryWorker.Builder complete() {
        return RiberryWorker.builder()
                .application("app")
                .instance("app-1")
                .bootstrapServers("kafka:9092")
                .schemaRegistryUrl("http://registry:8081")
                .meterRegistry(new SimpleMeterRegistry())
                .entryPoint("form", NOTHING);
    }
}
