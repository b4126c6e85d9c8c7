package io.riberry.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.riberry.schema.Heartbeat;
import io.riberry.serde.AvroSerializer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the registry client puts on the wire. The server here only records the {@code Authorization}
 * header of each request and answers with a fixed status and body: whether the platform's registry
 * accepts the header is the platform's end-to-end test, not this one.
 */
class RegistryCredentialsTest {

    private static final String TOKEN = "s3cr3t-token-value";

    private final List<Optional<String>> authorizations = new CopyOnWriteArrayList<>();
    private HttpServer recorder;
    private volatile int status = 200;
    private volatile String body = "{\"id\":7}";

    @BeforeEach
    void startRecorder() throws IOException {
        recorder = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        recorder.createContext("/", exchange -> {
            authorizations.add(Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")));
            exchange.getRequestBody().readAllBytes();
            final byte[] answer = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        recorder.start();
    }

    @AfterEach
    void stopRecorder() {
        recorder.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + recorder.getAddress().getPort();
    }

    @Test
    void shouldSendUserInfoAsBasicCredentials() {
        final SchemaRegistryClient client = SchemaRegistryClients.forUrl(url(), Map.of(
                RegistryCredentials.BASIC_SOURCE, "USER_INFO", RegistryCredentials.BASIC_USER_INFO, "riberry:" + TOKEN));

        assertThat(client.register("hb-value", Heartbeat.getClassSchema())).isEqualTo(7);

        assertThat(authorizations).containsExactly(Optional.of("Basic " + base64("riberry:" + TOKEN)));
    }

    @Test
    void shouldAcceptTheUserInfoUnderTheSchemaRegistryPrefix() {
        SchemaRegistryClients.forUrl(url(), Map.of("schema.registry.basic.auth.user.info", "any:" + TOKEN))
                .register("hb-value", Heartbeat.getClassSchema());

        assertThat(authorizations).containsExactly(Optional.of("Basic " + base64("any:" + TOKEN)));
    }

    @Test
    void shouldSendAStaticTokenAsBearer() {
        SchemaRegistryClients.forUrl(url(), Map.of(RegistryCredentials.BEARER_SOURCE, "STATIC_TOKEN", RegistryCredentials.BEARER_TOKEN, TOKEN))
                .register("hb-value", Heartbeat.getClassSchema());

        assertThat(authorizations).containsExactly(Optional.of("Bearer " + TOKEN));
    }

    @Test
    void shouldTakeBasicCredentialsFromTheUrlAndLeaveThemOutOfTheRequest() {
        final String withUserInfo = url().replace("http://", "http://riberry:" + TOKEN + "@");

        SchemaRegistryClients.forUrl(withUserInfo).register("hb-value", Heartbeat.getClassSchema());

        assertThat(authorizations).containsExactly(Optional.of("Basic " + base64("riberry:" + TOKEN)));
        assertThat(RegistryCredentials.withoutUserInfo(withUserInfo)).isEqualTo(url());
    }

    @Test
    void shouldSendNothingWithoutCredentials() {
        SchemaRegistryClients.forUrl(url(), Map.of()).register("hb-value", Heartbeat.getClassSchema());

        assertThat(authorizations).containsExactly(Optional.empty());
    }

    @Test
    void shouldKeepOneClientPerUrlAndCredentials() {
        final Map<String, String> bearer = Map.of(RegistryCredentials.BEARER_TOKEN, TOKEN);

        assertThat(SchemaRegistryClients.forUrl(url(), bearer)).isSameAs(SchemaRegistryClients.forUrl(url(), Map.of(
                RegistryCredentials.BEARER_TOKEN, TOKEN, "unrelated.setting", "x")));
        assertThat(SchemaRegistryClients.forUrl(url(), bearer)).isNotSameAs(SchemaRegistryClients.forUrl(url()));
    }

    @Test
    void shouldPresentTheCredentialsOfTheSerializersConfiguration() {
        final AvroSerializer<Heartbeat> serializer = new AvroSerializer<>(Heartbeat.getClassSchema(), null);
        serializer.configure(Map.of("schema.registry.url", url(),
                "schema.registry.bearer.auth.token", TOKEN), false);

        final byte[] bytes = serializer.serialize("hb",
                new Heartbeat("app-1", "app", "p", Instant.EPOCH, List.of(), false, "host-1", 7L, Instant.EPOCH));

        assertThat(bytes).startsWith(0, 0, 0, 0, 7);
        assertThat(authorizations).containsExactly(Optional.of("Bearer " + TOKEN));
    }

    @Test
    void shouldSayTheRegistryRefusedOurCredentialsWithoutShowingThem() {
        status = 401;
        body = "{\"error_code\":401,\"message\":\"Unauthorized: the token is unknown\"}";
        final SchemaRegistryClient client = SchemaRegistryClients.forUrl(url(), Map.of(RegistryCredentials.BEARER_TOKEN, TOKEN));

        assertThatThrownBy(() -> client.register("hb-value", Heartbeat.getClassSchema()))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.status()).isEqualTo(401))
                .hasMessage("the schema registry at " + url() + " refused our credentials (401): Unauthorized: the token is unknown")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void shouldNameTheSettingsWhenTheRegistryWantsCredentialsNoneWereGivenFor() {
        status = 401;
        body = "{\"error_code\":401,\"message\":\"Unauthorized\"}";

        assertThatThrownBy(() -> SchemaRegistryClients.forUrl(url()).register("hb-value", Heartbeat.getClassSchema()))
                .hasMessageContaining("refused a request without credentials (401)")
                .hasMessageContaining("bearer.auth.token")
                .hasMessageContaining("basic.auth.user.info");
    }

    @Test
    void shouldRefuseBasicAndBearerTogetherWithoutShowingEither() {
        assertThatThrownBy(() -> RegistryCredentials.from(url(), Map.of(RegistryCredentials.BASIC_USER_INFO, "u:" + TOKEN,
                RegistryCredentials.BEARER_TOKEN, TOKEN)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not both")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void shouldRefuseAnUnknownSourceAndAMissingValue() {
        assertThatThrownBy(() -> RegistryCredentials.from(url(), Map.of(RegistryCredentials.BASIC_SOURCE, "SASL_INHERIT")))
                .hasMessage("basic.auth.credentials.source must be USER_INFO or URL, not SASL_INHERIT");
        assertThatThrownBy(() -> RegistryCredentials.from(url(), Map.of(RegistryCredentials.BEARER_SOURCE, "STATIC_TOKEN")))
                .hasMessage("bearer.auth.credentials.source=STATIC_TOKEN needs bearer.auth.token");
        assertThatThrownBy(() -> RegistryCredentials.basic(TOKEN))
                .hasMessage("basic.auth.user.info must be user:password");
    }

    @Test
    void shouldNeverShowTheSecretInToString() {
        assertThat(RegistryCredentials.bearer(TOKEN).toString()).isEqualTo("a Bearer token");
        assertThat(RegistryCredentials.basic("riberry:" + TOKEN).toString()).isEqualTo("Basic credentials of user riberry");
        assertThat(RegistryCredentials.NONE.toString()).isEqualTo("no credentials");
    }

    private static String base64(final String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
