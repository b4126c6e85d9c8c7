package io.riberry.topics;

import io.riberry.registry.SchemaRegistryClient;
import io.riberry.schema.ApiToken;
import io.riberry.schema.ArtifactChunk;
import io.riberry.schema.CatalogEntry;
import io.riberry.schema.DeadLetter;
import io.riberry.schema.ExecutionCommand;
import io.riberry.schema.ExecutionState;
import io.riberry.schema.Heartbeat;
import io.riberry.schema.InstanceParameters;
import io.riberry.schema.InstanceState;
import io.riberry.schema.JobSubmitted;
import io.riberry.schema.Notification;
import io.riberry.schema.WorkflowEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * The value schema of every public topic. Serializers register a subject only when they first
 * write to its topic, so a third-party producer that looks a subject up before the platform ever
 * wrote there would find nothing: the platform registers them all when it starts.
 * (Dispatch topics are per instance and registered by their first dispatch.)
 */
public final class PublicSchemas {

    private PublicSchemas() {
    }

    /** Topic to the schema of its values. */
    public static Map<String, Schema> byTopic(final RiberryTopics topics) {
        final Map<String, Schema> schemas = new LinkedHashMap<>();
        schemas.put(topics.catalog(), CatalogEntry.getClassSchema());
        schemas.put(topics.jobInputs(), JobSubmitted.getClassSchema());
        schemas.put(topics.commands(), ExecutionCommand.getClassSchema());
        schemas.put(topics.events(), WorkflowEvent.getClassSchema());
        schemas.put(topics.artifactChunks(), ArtifactChunk.getClassSchema());
        schemas.put(topics.heartbeats(), Heartbeat.getClassSchema());
        schemas.put(topics.executions(), ExecutionState.getClassSchema());
        schemas.put(topics.instances(), InstanceState.getClassSchema());
        schemas.put(topics.parameters(), InstanceParameters.getClassSchema());
        schemas.put(topics.notifications(), Notification.getClassSchema());
        schemas.put(topics.deadLetters(), DeadLetter.getClassSchema());
        schemas.put(topics.principals(), ApiToken.getClassSchema());
        return schemas;
    }

    /** Registers every public value subject ({@code <topic>-value}); registering an existing schema changes nothing. */
    public static void registerAll(final SchemaRegistryClient registry, final RiberryTopics topics) {
        byTopic(topics).forEach((topic, schema) -> registry.register(topic + "-value", schema));
    }
}
