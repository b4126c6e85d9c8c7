package io.riberry.platform.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.platform.http.ApiException;
import io.riberry.platform.http.ApiRequest;
import io.riberry.platform.http.ApiResponse;
import io.riberry.platform.http.Router;
import io.riberry.registry.RegisteredSchema;
import io.riberry.registry.SchemaRegistryException;
import io.riberry.registry.SchemaRegistryState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/** The Confluent Schema Registry REST API, as much of it as Avro serdes and common tools use. */
public final class RegistryRoutes {

    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String COMPATIBILITY = "BACKWARD";

    private final SchemaLog log;

    public RegistryRoutes(final SchemaLog log) {
        this.log = log;
    }

    public Router router() {
        return new Router()
                .open("GET", "/subjects", r -> ok(state().subjects()))
                .open("GET", "/subjects/{subject}/versions", r -> ok(versions(r.pathParam("subject")).stream().map(RegisteredSchema::version).toList()))
                .open("GET", "/subjects/{subject}/versions/{version}", r -> ok(describe(version(r.pathParam("subject"), r.pathParam("version")))))
                .add("POST", "/subjects/{subject}/versions", this::register)
                .open("POST", "/subjects/{subject}", this::lookup)
                .open("GET", "/schemas/ids/{id}", this::schemaById)
                .open("POST", "/compatibility/subjects/{subject}/versions/{version}", this::compatibility)
                .open("GET", "/config", r -> ok(Map.of("compatibilityLevel", COMPATIBILITY)))
                .open("GET", "/config/{subject}", r -> ok(Map.of("compatibilityLevel", COMPATIBILITY)));
    }

    /** Confluent's error body: {@code {error_code, message}}. */
    public static Object errorBody(final ApiException e) {
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("error_code", e.status() == 404 ? 40401 : e.status() == 422 ? 42201 : e.status());
        body.put("message", e.getMessage());
        return body;
    }

    private ApiResponse register(final ApiRequest request) {
        final Schema schema = schemaOf(request);
        try {
            return ok(Map.of("id", log.register(request.pathParam("subject"), schema).id()));
        } catch (SchemaRegistryException e) {
            throw new ApiException(e.status() == 0 ? 500 : e.status(), "registry", e.getMessage());
        }
    }

    private ApiResponse lookup(final ApiRequest request) {
        final Schema schema = schemaOf(request);
        log.catchUp();
        return ok(describe(state().lookup(request.pathParam("subject"), schema)
                .orElseThrow(() -> ApiException.notFound("Schema not found under subject " + request.pathParam("subject")))));
    }

    private ApiResponse schemaById(final ApiRequest request) {
        final int id;
        try {
            id = Integer.parseInt(request.pathParam("id"));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("schema id must be a number");
        }
        Schema schema = state().schemaById(id).orElse(null);
        if (schema == null) {
            log.catchUp();
            schema = state().schemaById(id).orElseThrow(() -> ApiException.notFound("Schema " + id + " not found"));
        }
        return ok(Map.of("schema", schema.toString()));
    }

    private ApiResponse compatibility(final ApiRequest request) {
        final Schema schema = schemaOf(request);
        log.catchUp();
        final List<String> problems = state().incompatibilities(request.pathParam("subject"), schema);
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("is_compatible", problems.isEmpty());
        if (!problems.isEmpty()) {
            body.put("messages", problems);
        }
        return ok(body);
    }

    private List<RegisteredSchema> versions(final String subject) {
        final List<RegisteredSchema> versions = state().versions(subject);
        if (versions.isEmpty()) {
            throw ApiException.notFound("Subject " + subject + " not found");
        }
        return versions;
    }

    private RegisteredSchema version(final String subject, final String version) {
        final List<RegisteredSchema> versions = versions(subject);
        if ("latest".equals(version)) {
            return versions.get(versions.size() - 1);
        }
        try {
            final int wanted = Integer.parseInt(version);
            return versions.stream().filter(v -> v.version() == wanted).findFirst()
                    .orElseThrow(() -> ApiException.notFound("Version " + version + " of " + subject + " not found"));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("version must be a number or latest");
        }
    }

    private static Map<String, Object> describe(final RegisteredSchema registered) {
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject", registered.subject());
        body.put("version", registered.version());
        body.put("id", registered.id());
        body.put("schema", registered.schema().toString());
        return body;
    }

    private static Schema schemaOf(final ApiRequest request) {
        final JsonNode body = request.jsonBody();
        final String type = body.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(type)) {
            throw new ApiException(422, "invalid_schema", "only AVRO schemas are supported, not " + type);
        }
        if (!body.hasNonNull("schema")) {
            throw new ApiException(422, "invalid_schema", "the body must carry a schema");
        }
        try {
            return new Schema.Parser().parse(body.get("schema").asText());
        } catch (SchemaParseException e) {
            throw new ApiException(422, "invalid_schema", "Invalid schema: " + e.getMessage());
        }
    }

    private SchemaRegistryState state() {
        return log.state();
    }

    private static ApiResponse ok(final Object body) {
        return ApiResponse.json(200, body, CONTENT_TYPE);
    }
}
