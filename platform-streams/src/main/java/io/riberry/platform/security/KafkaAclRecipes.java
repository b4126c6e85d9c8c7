package io.riberry.platform.security;

import io.riberry.platform.registry.SchemaLog;
import io.riberry.topics.RiberryTopics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The least a principal needs on a cluster with ACLs, for each of Riberry's three roles: the
 * platform, a worker of one instance, and a submitter of jobs. The integration tests grant exactly
 * these, and {@code docs/security.md} shows them as {@code kafka-acls.sh} commands rendered by
 * {@link #kafkaAclsCommands}, checked by a test, so the doc and what is proven cannot drift.
 */
public final class KafkaAclRecipes {

    /**
     * The consumer group of an instance's worker processes: {@code riberry.worker.<instance>}, named
     * by the SDK's dispatch loop whatever the topic prefix is.
     */
    public static final String WORKER_GROUP_PREFIX = "riberry.worker.";
    private static final String ANY_HOST = "*";

    private KafkaAclRecipes() {
    }

    /**
     * The platform (Kafka Streams with exactly-once, its producers, the embedded registry):
     * everything under the topic prefix, its own internal topics, group and transactional ids under
     * the application id, and the registry's {@code _schemas} topic.
     */
    public static List<AclBinding> platform(final String principal, final RiberryTopics topics, final String applicationId) {
        final List<AclBinding> bindings = new ArrayList<>();
        // Creates every Riberry topic at start, reads and writes all of them (dispatch topics included).
        allow(bindings, principal, topic(topics.prefix(), PatternType.PREFIXED),
                AclOperation.CREATE, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS, AclOperation.READ, AclOperation.WRITE);
        // Streams' changelog and repartition topics are named <application.id>-...; it checks their
        // configs when it starts and deletes repartition records once they are processed.
        allow(bindings, principal, topic(applicationId, PatternType.PREFIXED),
                AclOperation.CREATE, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS, AclOperation.READ, AclOperation.WRITE,
                AclOperation.DELETE);
        allow(bindings, principal, new ResourcePattern(ResourceType.GROUP, applicationId, PatternType.LITERAL),
                AclOperation.READ, AclOperation.DESCRIBE);
        // exactly_once_v2: one transactional producer per stream thread, its id <application.id>-<process>-<thread>.
        allow(bindings, principal, new ResourcePattern(ResourceType.TRANSACTIONAL_ID, applicationId, PatternType.PREFIXED),
                AclOperation.WRITE, AclOperation.DESCRIBE);
        // The embedded schema registry's log; not needed when schema.registry.url names another registry.
        allow(bindings, principal, topic(SchemaLog.TOPIC, PatternType.LITERAL),
                AclOperation.CREATE, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS, AclOperation.READ, AclOperation.WRITE);
        return List.copyOf(bindings);
    }

    /**
     * A worker process of {@code instance} (the SDK): writes what it reports, reads only its own
     * dispatches through its instance's group, and what it must know (commands, parameters, the
     * catalog it checks at start). Its producer is idempotent, which Kafka allows to a principal
     * with WRITE on any topic; no cluster ACL is needed.
     */
    public static List<AclBinding> worker(final String principal, final RiberryTopics topics, final String instance) {
        final List<AclBinding> bindings = new ArrayList<>();
        for (String reported : List.of(topics.events(), topics.heartbeats(), topics.artifactChunks())) {
            allow(bindings, principal, topic(reported, PatternType.LITERAL), AclOperation.WRITE, AclOperation.DESCRIBE);
        }
        // CREATE too: a worker creates its dispatch topic when nobody did yet (riberry topics create, catalog import).
        allow(bindings, principal, topic(topics.dispatch(instance), PatternType.LITERAL),
                AclOperation.READ, AclOperation.DESCRIBE, AclOperation.CREATE);
        for (String followed : List.of(topics.commands(), topics.parameters(), topics.catalog())) {
            allow(bindings, principal, topic(followed, PatternType.LITERAL), AclOperation.READ, AclOperation.DESCRIBE);
        }
        allow(bindings, principal, new ResourcePattern(ResourceType.GROUP, WORKER_GROUP_PREFIX + instance, PatternType.LITERAL),
                AclOperation.READ, AclOperation.DESCRIBE);
        return List.copyOf(bindings);
    }

    /** A producer of jobs (any application submitting to {@code job-inputs}): that one topic, nothing else. */
    public static List<AclBinding> submitter(final String principal, final RiberryTopics topics) {
        final List<AclBinding> bindings = new ArrayList<>();
        allow(bindings, principal, topic(topics.jobInputs(), PatternType.LITERAL), AclOperation.WRITE, AclOperation.DESCRIBE);
        return List.copyOf(bindings);
    }

    /**
     * {@code bindings} as {@code kafka-acls.sh --add} commands, one per principal and resource with
     * all its operations, each reading the connection options from {@code $ADMIN}.
     */
    public static String kafkaAclsCommands(final List<AclBinding> bindings) {
        final Map<String, List<AclOperation>> byResource = new LinkedHashMap<>();
        final Map<String, AclBinding> firstOf = new LinkedHashMap<>();
        for (AclBinding binding : bindings) {
            if (binding.entry().permissionType() != AclPermissionType.ALLOW || !ANY_HOST.equals(binding.entry().host())) {
                throw new IllegalArgumentException("Only ALLOW from any host is rendered: " + binding);
            }
            final String key = binding.entry().principal() + " " + binding.pattern();
            byResource.computeIfAbsent(key, k -> new ArrayList<>()).add(binding.entry().operation());
            firstOf.putIfAbsent(key, binding);
        }
        final StringBuilder commands = new StringBuilder();
        byResource.forEach((key, operations) -> {
            final AclBinding first = firstOf.get(key);
            commands.append("kafka-acls.sh $ADMIN --add --allow-principal ").append(first.entry().principal()).append(" \\\n ");
            operations.forEach(operation -> commands.append(" --operation ").append(operationName(operation)));
            commands.append(' ').append(resourceOptions(first.pattern())).append('\n');
        });
        return commands.toString();
    }

    private static String resourceOptions(final ResourcePattern pattern) {
        final String resource = switch (pattern.resourceType()) {
            case TOPIC -> "--topic " + pattern.name();
            case GROUP -> "--group " + pattern.name();
            case TRANSACTIONAL_ID -> "--transactional-id " + pattern.name();
            case CLUSTER -> "--cluster";
            default -> throw new IllegalArgumentException("No kafka-acls.sh option for " + pattern);
        };
        return pattern.patternType() == PatternType.PREFIXED ? resource + " --resource-pattern-type prefixed" : resource;
    }

    /** kafka-acls.sh spells operations in camel case: DESCRIBE_CONFIGS is DescribeConfigs. */
    private static String operationName(final AclOperation operation) {
        final StringBuilder name = new StringBuilder();
        for (String word : operation.name().split("_")) {
            name.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return name.toString();
    }

    private static ResourcePattern topic(final String name, final PatternType patternType) {
        return new ResourcePattern(ResourceType.TOPIC, name, patternType);
    }

    private static void allow(final List<AclBinding> bindings, final String principal, final ResourcePattern pattern,
                              final AclOperation... operations) {
        for (AclOperation operation : operations) {
            bindings.add(new AclBinding(pattern, new AccessControlEntry(principal, ANY_HOST, operation, AclPermissionType.ALLOW)));
        }
    }
}
