package io.riberry.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A client of the Confluent Schema Registry REST API, caching every answer it may cache. It sends its
 * {@link RegistryCredentials} as the {@code Authorization} header of every request.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final RegistryCredentials credentials;
    private final HttpClient http;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, Integer> idsBySubjectAndSchema = new ConcurrentHashMap<>();

    public RestSchemaRegistryClient(final String baseUrl) {
        this(baseUrl, RegistryCredentials.from(baseUrl, Map.of()));
    }

    public RestSchemaRegistryClient(final String baseUrl, final RegistryCredentials credentials) {
        // A user:password@ in the URL is a credential (Confluent's source URL): never in a request line or a message.
        final String url = RegistryCredentials.withoutUserInfo(baseUrl);
        this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.credentials = credentials;
        this.http = HttpClient.newBuilder()
            // HTTP/1.1: the JDK client otherwise offers an h2c upgrade on every request, which the JDK server (and many registries) decline.
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public int register(final String subject, final Schema schema) {
        return idsBySubjectAndSchema.computeIfAbsent(subject + '\0' + schema.toString(), k -> {
            final JsonNode answer = send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
            final int id = answer.get("id").asInt();
            schemasById.putIfAbsent(id, schema);
            return id;
        });
    }

    @Override
    public Schema schemaById(final int id) {
        return schemasById.computeIfAbsent(id, k -> {
            final JsonNode answer = send("GET", "/schemas/ids/" + id, null);
            return new Schema.Parser().parse(answer.get("schema").asText());
        });
    }

    @Override
    public boolean isCompatible(final String subject, final Schema schema) {
        final JsonNode answer = send("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest", schemaBody(schema));
        return answer.path("is_compatible").asBoolean(false);
    }

    private JsonNode send(final String method, final String path, final String body) {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(10))
                .header("Accept", CONTENT_TYPE);
        credentials.authorizationHeader().ifPresent(value -> request.header("Authorization", value));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", CONTENT_TYPE).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        try {
            final HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            final JsonNode json = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
            if (response.statusCode() == 401 || response.statusCode() == 403) {
                throw new SchemaRegistryException(response.statusCode(), refusal(response.statusCode(), json.path("message").asText("")));
            }
            if (response.statusCode() >= 300) {
                throw new SchemaRegistryException(response.statusCode(),
                        "Schema registry " + method + " " + path + " answered " + response.statusCode() + ": " + json.path("message").asText(response.body()));
            }
            return json;
        } catch (IOException e) {
            throw new SchemaRegistryException("Schema registry at " + baseUrl + " could not be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("Interrupted while calling the schema registry", e);
        }
    }

    private String refusal(final int status, final String message) {
        final String detail = message.isBlank() ? "" : ": " + message;
        if (credentials.isPresent()) {
            return "the schema registry at " + baseUrl + " refused our credentials (" + status + ")" + detail;
        }
        return "the schema registry at " + baseUrl + " refused a request without credentials (" + status + ")" + detail
                + "; configure " + RegistryCredentials.BEARER_TOKEN + " or " + RegistryCredentials.BASIC_USER_INFO;
    }

    private static String schemaBody(final Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString()).toString();
    }

    private static String encode(final String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8);
    }
}
