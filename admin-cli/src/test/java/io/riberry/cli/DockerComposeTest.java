package io.riberry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.riberry.kafka.KafkaConnection;
import io.riberry.platform.config.PlatformConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/**
 * docker/compose.yaml, checked without Docker (none runs here): every RIBERRY_* variable is one
 * the service's command reads, every Riberry service is built from docker/Dockerfile, the platform
 * replicas form one system and are only relied on once /health/ready says so.
 */
class DockerComposeTest {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final Path COMPOSE = REPOSITORY.resolve("docker").resolve("compose.yaml");
    private static final Path DOCKERFILE = REPOSITORY.resolve("docker").resolve("Dockerfile");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void shouldSetOnlyVariablesTheServicesRead() throws IOException {
        assertThat(unreadVariables(read(COMPOSE))).isEmpty();
    }

    @Test
    void shouldFindVariablesNoServiceReads() throws IOException {
        final JsonNode compose = YAML.readTree("""
                services:
                  kafka:
                    image: apache/kafka:4.4.0
                    environment: {RIBERRY_HTTP_PORT: 8080}
                  platform-1:
                    build: {context: .., dockerfile: docker/Dockerfile}
                    command: [platform]
                    environment:
                      RIBERRY_HTTP_PROT: 8080
                      RIBERRY_BOOTSTRAP_SERVER: kafka:9092
                      RIBERRY_KAFKA_SECURTY_PROTOCOL: SSL
                      RIBERRY_KAFKA_SASL_MECHANISM: PLAIN
                      RIBERRY_STATE_DIR: /var/lib/riberry/streams
                  worker:
                    build: {context: .., dockerfile: docker/Dockerfile}
                    command: [worker, demo-local]
                    environment: [RIBERRY_BOOTSTRAP_SERVERS=kafka:9092, RIBERRY_REGISTRY=http://platform-1:8081]
                """);

        assertThat(unreadVariables(compose)).containsExactly(
                "kafka: RIBERRY_HTTP_PORT (not a Riberry service)",
                "platform-1: RIBERRY_BOOTSTRAP_SERVER (not a PlatformConfig key)",
                "platform-1: RIBERRY_HTTP_PROT (not a PlatformConfig key)",
                "platform-1: RIBERRY_KAFKA_SECURTY_PROTOCOL (securty.protocol is no Kafka client setting)",
                "worker: RIBERRY_BOOTSTRAP_SERVERS (the CLI reads only [RIBERRY_API, RIBERRY_BOOTSTRAP_SERVER, RIBERRY_REGISTRY])");
    }

    @Test
    void shouldBuildEveryRiberryServiceFromTheDockerfile() throws IOException {
        final JsonNode services = read(COMPOSE).path("services");
        assertThat(DOCKERFILE).exists();
        for (Map.Entry<String, JsonNode> service : fields(services).entrySet()) {
            if (service.getKey().equals("kafka")) {
                assertThat(service.getValue().path("image").asText()).startsWith("apache/kafka:");
                continue;
            }
            final JsonNode build = service.getValue().path("build");
            final Path context = COMPOSE.getParent().resolve(build.path("context").asText()).normalize();
            assertThat(context).as("%s build context", service.getKey()).isEqualTo(REPOSITORY);
            assertThat(context.resolve(build.path("dockerfile").asText()).normalize()).as("%s dockerfile", service.getKey())
                    .isEqualTo(DOCKERFILE);
            assertThat(service.getValue().path("image").asText()).as("%s image", service.getKey()).isEqualTo("riberry:local");
        }
    }

    @Test
    void shouldRunTwoReplicasOfOnePlatformThatCanReachEachOther() throws IOException {
        final JsonNode services = read(COMPOSE).path("services");
        final Map<String, Map<String, String>> platforms = platformEnvironments(services);

        assertThat(platforms).hasSizeGreaterThanOrEqualTo(2);
        assertThat(distinct(platforms, PlatformConfig.APPLICATION_ID)).as("one application id").hasSize(1);
        assertThat(distinct(platforms, PlatformConfig.GROUP_INSTANCE_ID)).as("a group instance id each").hasSize(platforms.size());
        platforms.forEach((name, environment) -> {
            // Replicas forward queries to each other at the advertised host: the service's own name.
            assertThat(environment.get(PlatformConfig.environmentName(PlatformConfig.ADVERTISED_HOST))).as(name).isEqualTo(name);
            assertThat(environment.get(PlatformConfig.environmentName(PlatformConfig.HTTP_HOST))).as(name).isEqualTo("0.0.0.0");
            assertThat(environment.get(PlatformConfig.environmentName(PlatformConfig.BOOTSTRAP_SERVERS)))
                    .as(name).isIn(advertisedKafkaAddresses(services));
        });
        final Set<String> stateVolumes = platforms.keySet().stream()
                .map(name -> services.path(name).path("volumes").get(0).asText().split(":")[0]).collect(Collectors.toSet());
        assertThat(stateVolumes).as("a state volume each").hasSize(platforms.size());
    }

    @Test
    void shouldRelyOnAReplicaOnlyOnceItIsReady() throws IOException {
        final JsonNode services = read(COMPOSE).path("services");
        final Map<String, Map<String, String>> platforms = platformEnvironments(services);
        platforms.forEach((name, environment) -> {
            final String check = String.join(" ", texts(services.path(name).path("healthcheck").path("test")));
            final String port = environment.get(PlatformConfig.environmentName(PlatformConfig.HTTP_PORT));
            assertThat(check).as(name).contains("/dev/tcp/127.0.0.1/" + port).contains("GET /api/v1/health/ready ").contains(" 200 ");
        });
        fields(services).forEach((name, service) -> fields(service.path("depends_on")).forEach((dependency, condition) -> {
            if (platforms.containsKey(dependency)) {
                assertThat(condition.path("condition").asText()).as("%s waits for %s", name, dependency).isEqualTo("service_healthy");
            }
        }));
    }

    @Test
    void shouldPointTheCommandsAtKafkaAndAtAReplicaServingTheRegistry() throws IOException {
        final JsonNode services = read(COMPOSE).path("services");
        final Map<String, Map<String, String>> platforms = platformEnvironments(services);
        final Set<String> registries = new HashSet<>();
        platforms.forEach((name, environment) -> {
            if (Boolean.parseBoolean(environment.get(PlatformConfig.environmentName(PlatformConfig.REGISTRY_EMBEDDED)))) {
                registries.add("http://" + name + ":" + environment.get(PlatformConfig.environmentName(PlatformConfig.REGISTRY_PORT)));
            }
        });
        final List<String> commands = new ArrayList<>();
        fields(services).forEach((name, service) -> {
            if (isRiberry(service) && !platforms.containsKey(name)) {
                commands.add(name);
                final Map<String, String> environment = environment(service);
                assertThat(environment.get(GlobalOptions.BOOTSTRAP_SERVER_ENV)).as(name).isIn(advertisedKafkaAddresses(services));
                assertThat(environment.get(GlobalOptions.REGISTRY_ENV)).as(name).isIn(registries);
            }
        });
        assertThat(commands).contains("catalog", "worker");
    }

    /** Each RIBERRY_* variable nobody reads, as "service: VARIABLE (why)", sorted. */
    private static List<String> unreadVariables(final JsonNode compose) {
        final Set<String> platformVariables = PlatformConfig.DEFINITION.names().stream()
                .map(PlatformConfig::environmentName).collect(Collectors.toSet());
        final Set<String> cliVariables = new TreeSet<>(List.of(GlobalOptions.BOOTSTRAP_SERVER_ENV, GlobalOptions.API_ENV,
                GlobalOptions.REGISTRY_ENV));
        final Set<String> clientSettings = new HashSet<>(ProducerConfig.configNames());
        clientSettings.addAll(ConsumerConfig.configNames());
        clientSettings.addAll(AdminClientConfig.configNames());
        final List<String> unread = new ArrayList<>();
        fields(compose.path("services")).forEach((name, service) -> environment(service).keySet().stream()
                .filter(variable -> variable.startsWith("RIBERRY_")).forEach(variable -> {
                    if (!isRiberry(service)) {
                        unread.add(name + ": " + variable + " (not a Riberry service)");
                    } else if (!isPlatform(service)) {
                        if (!cliVariables.contains(variable)) {
                            unread.add(name + ": " + variable + " (the CLI reads only " + cliVariables + ")");
                        }
                    } else if (variable.startsWith("RIBERRY_KAFKA_")) {
                        final String key = KafkaConnection.prefixedKeysFromEnvironment(Map.of(variable, "")).keySet().iterator().next();
                        final String setting = key.substring(KafkaConnection.PREFIX.length());
                        if (!clientSettings.contains(setting)) {
                            unread.add(name + ": " + variable + " (" + setting + " is no Kafka client setting)");
                        }
                    } else if (!platformVariables.contains(variable)) {
                        unread.add(name + ": " + variable + " (not a PlatformConfig key)");
                    }
                }));
        unread.sort(null);
        return unread;
    }

    private static Map<String, Map<String, String>> platformEnvironments(final JsonNode services) {
        final Map<String, Map<String, String>> platforms = new LinkedHashMap<>();
        fields(services).forEach((name, service) -> {
            if (isRiberry(service) && isPlatform(service)) {
                platforms.put(name, environment(service));
            }
        });
        return platforms;
    }

    /** The addresses the kafka service advertises, as host:port. */
    private static Set<String> advertisedKafkaAddresses(final JsonNode services) {
        final String listeners = environment(services.path("kafka")).getOrDefault("KAFKA_ADVERTISED_LISTENERS", "");
        final Set<String> addresses = new HashSet<>();
        for (String listener : listeners.split(",")) {
            addresses.add(listener.substring(listener.indexOf("://") + 3));
        }
        return addresses;
    }

    private static Set<String> distinct(final Map<String, Map<String, String>> environments, final String key) {
        return environments.values().stream().map(environment -> environment.get(PlatformConfig.environmentName(key)))
                .collect(Collectors.toSet());
    }

    private static boolean isRiberry(final JsonNode service) {
        return service.has("build") || service.path("image").asText().startsWith("riberry:");
    }

    private static boolean isPlatform(final JsonNode service) {
        final List<String> command = texts(service.path("command"));
        return !command.isEmpty() && command.get(0).equals("platform");
    }

    /** A service's environment, from either compose form: a map, or a list of NAME=value. */
    private static Map<String, String> environment(final JsonNode service) {
        final JsonNode environment = service.path("environment");
        final Map<String, String> variables = new LinkedHashMap<>();
        if (environment.isArray()) {
            for (String entry : texts(environment)) {
                final int equals = entry.indexOf('=');
                variables.put(equals < 0 ? entry : entry.substring(0, equals), equals < 0 ? "" : entry.substring(equals + 1));
            }
        } else {
            fields(environment).forEach((name, value) -> variables.put(name, value.asText()));
        }
        return variables;
    }

    private static List<String> texts(final JsonNode node) {
        if (node.isTextual()) {
            return List.of(node.asText().split(" "));
        }
        final List<String> texts = new ArrayList<>();
        node.forEach(element -> texts.add(element.asText()));
        return texts;
    }

    private static Map<String, JsonNode> fields(final JsonNode node) {
        final Map<String, JsonNode> fields = new LinkedHashMap<>();
        node.properties().forEach(field -> fields.put(field.getKey(), field.getValue()));
        return fields;
    }

    private static JsonNode read(final Path file) throws IOException {
        return YAML.readTree(Files.readString(file));
    }
}
