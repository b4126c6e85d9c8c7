package io.riberry.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A worker's schema registry credentials: where they are read from, and that they are sent and never shown. */
class RegistryCredentialsSettingsTest {

    private static final String TOKEN = "w0rker-t0ken-value";
    private static final EntryPoint NOTHING = context -> { };

    @Test
    void shouldReadABearerTokenFromProperties() {
        final Properties properties = new Properties();
        properties.setProperty("schema.registry.bearer.auth.token", " " + TOKEN + " ");

        assertThat(complete().fromProperties(properties).registryCredentials())
                .containsExactlyInAnyOrderEntriesOf(Map.of("bearer.auth.credentials.source", "STATIC_TOKEN", "bearer.auth.token", TOKEN));
    }

    @Test
    void shouldReadUserInfoFromTheEnvironment() {
        final RiberryWorker.Builder builder = complete()
                .fromEnvironment(Map.of("RIBERRY_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "riberry:" + TOKEN));

        assertThat(builder.registryCredentials())
                .containsExactlyInAnyOrderEntriesOf(Map.of("basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "riberry:" + TOKEN));
    }

    @Test
    void shouldLetTheCredentialsGivenLastWin() {
        final RiberryWorker.Builder builder = complete().schemaRegistryUserInfo("riberry:old")
                .fromEnvironment(Map.of("RIBERRY_SCHEMA_REGISTRY_BEARER_AUTH_TOKEN", TOKEN));

        assertThat(builder.registryCredentials()).containsEntry("bearer.auth.token", TOKEN).doesNotContainKey("basic.auth.user.info");
    }

    @Test
    void shouldRefuseBothKindsInOneSourceWithoutShowingThem() {
        final Properties properties = new Properties();
        properties.setProperty("schema.registry.bearer.auth.token", TOKEN);
        properties.setProperty("schema.registry.basic.auth.user.info", "riberry:" + TOKEN);

        assertThatThrownBy(() -> complete().fromProperties(properties))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema.registry.bearer.auth.token")
                .hasMessageContaining("schema.registry.basic.auth.user.info")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void shouldRefuseUserInfoWithoutAColonWithoutRepeatingIt() {
        assertThatThrownBy(() -> complete().fromEnvironment(Map.of("RIBERRY_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", TOKEN)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user:password")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void shouldLeaveTheCredentialsOutOfTheSettingsShown() {
        final RiberryWorker.Builder builder = complete().schemaRegistryBearerToken(TOKEN)
                .schemaRegistryUrl("http://riberry:" + TOKEN + "@registry:8081");

        assertThat(builder.toProperties().toString()).doesNotContain(TOKEN.substring(0, 5)).doesNotContain("bearer");
        assertThat(builder.registryUrlToShow()).isEqualTo("http://registry:8081");
    }

    @Test
    void shouldPresentTheTokenWhenItRegistersItsSchemasAtStart() throws Exception {
        final List<String> authorizations = new CopyOnWriteArrayList<>();
        final CountDownLatch registered = new CountDownLatch(1);
        final HttpServer recorder = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        recorder.createContext("/", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            registered.countDown();
            exchange.getRequestBody().readAllBytes();
            final byte[] answer = "{\"id\":1}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        recorder.start();
        // Kafka is absent: the start fails, but only after the registry check, which runs beside Kafka's, has registered.
        final RiberryWorker worker = complete().bootstrapServers("127.0.0.1:1")
                .schemaRegistryUrl("http://127.0.0.1:" + recorder.getAddress().getPort())
                .schemaRegistryBearerToken(TOKEN)
                .startTimeout(Duration.ofSeconds(2))
                .build();
        try {
            assertThatThrownBy(worker::start).isInstanceOf(WorkerStartException.class).hasMessageNotContaining(TOKEN);
            // The registry check runs on a thread of its own, which a loaded machine may not have run before Kafka's timed out.
            assertThat(registered.await(10, TimeUnit.SECONDS)).as("the worker registered its schemas").isTrue();
            assertThat(authorizations).isNotEmpty().containsOnly("Bearer " + TOKEN);
        } finally {
            worker.close(Duration.ofSeconds(1));
            recorder.stop(0);
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
