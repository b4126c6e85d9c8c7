package io.riberry.platform.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A platform's settings from its file, with kafka.* passed through to its clients. */
class PlatformConfigTest {

    @TempDir
    Path dir;

    @Test
    void shouldReadTheExampleFileAndPassKafkaSettingsThrough() throws Exception {
        final Path file = dir.resolve("platform.properties");
        Files.writeString(file, Files.readString(Path.of("..", "config", "platform.properties"))
                + "\nkafka.security.protocol=SASL_SSL\nkafka.ssl.truststore.location=/etc/riberry/truststore.jks\n");

        final PlatformConfig config = PlatformConfig.load(file, Map.of(PlatformConfig.HTTP_PORT, "9090"));

        assertThat(config.httpPort()).isEqualTo(9090);
        assertThat(config.standbyReplicas()).isEqualTo(1);
        assertThat(config.kafka().bootstrapServers()).isEqualTo(config.bootstrapServers());
        assertThat(config.kafka().settings()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("ssl.truststore.location", "/etc/riberry/truststore.jks")
                .hasSize(2);
    }

    @Test
    void shouldNameEachKeysEnvironmentVariable() {
        assertThat(PlatformConfig.environmentName(PlatformConfig.BOOTSTRAP_SERVERS)).isEqualTo("RIBERRY_BOOTSTRAP_SERVERS");
        assertThat(PlatformConfig.environmentName(PlatformConfig.REGISTRY_EMBEDDED)).isEqualTo("RIBERRY_REGISTRY_EMBEDDED");
        assertThat(PlatformConfig.environmentName(PlatformConfig.STANDBY_REPLICAS)).isEqualTo("RIBERRY_NUM_STANDBY_REPLICAS");
    }
}
