package io.riberry.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** kafka.* settings reach every client; the client's own settings win; secrets stay out of logs. */
class KafkaConnectionTest {

    @Test
    void shouldMapRiberryKafkaEnvironmentVariablesToPrefixedKeys() {
        final Map<String, String> keys = KafkaConnection.prefixedKeysFromEnvironment(Map.of(
                "RIBERRY_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "RIBERRY_KAFKA_SASL_JAAS_CONFIG", "jaas",
                "RIBERRY_HTTP_PORT", "8080",
                "RIBERRY_KAFKA_", "ignored"));

        assertThat(keys).containsExactlyInAnyOrderEntriesOf(Map.of(
                "kafka.security.protocol", "SASL_SSL", "kafka.sasl.jaas.config", "jaas"));
    }

    @Test
    void shouldPassPrefixedSettingsToEveryClientUnderItsOwnSettings() {
        final Properties file = new Properties();
        file.setProperty("kafka.security.protocol", "SASL_SSL");
        file.setProperty("kafka.acks", "1");
        file.setProperty("http.port", "8080");
        final KafkaConnection kafka = KafkaConnection.to("broker:9093", KafkaConnection.settingsIn(file));

        final Map<String, Object> producer = kafka.clientConfig(Map.of("acks", "all"));

        assertThat(producer).containsEntry("bootstrap.servers", "broker:9093").containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("acks", "all").doesNotContainKey("http.port");
    }

    @Test
    void shouldNameSettingsButNeverTheirValuesWhenPrinted() {
        final KafkaConnection kafka = KafkaConnection.to("broker:9093", Map.of("sasl.jaas.config", "password=\"hunter2\""));

        assertThat(kafka.toString()).contains("broker:9093").contains("sasl.jaas.config").doesNotContain("hunter2");
    }

    @Test
    void shouldRefuseBootstrapServersAsAPassThroughSetting() {
        assertThatThrownBy(() -> KafkaConnection.to("a:1", Map.of("bootstrap.servers", "b:2")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kafka.bootstrap.servers");
    }
}
