package io.riberry.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The .avsc files are the public contract: every record and field says what it means. */
class SchemaContractTest {

    private static final List<Schema> TOP_LEVEL = List.of(JobSubmitted.getClassSchema(), ExecutionDispatched.getClassSchema(),
            WorkflowEvent.getClassSchema(), ArtifactChunk.getClassSchema(), Heartbeat.getClassSchema(), ExecutionState.getClassSchema(),
            InstanceState.getClassSchema(), InstanceParameters.getClassSchema(), ExecutionCommand.getClassSchema(),
            CatalogEntry.getClassSchema(), Notification.getClassSchema(), DeadLetter.getClassSchema(),
            io.riberry.schema.internal.JobRecord.getClassSchema(), io.riberry.schema.internal.ExecutionRecord.getClassSchema(),
            io.riberry.schema.internal.ExecutionTransition.getClassSchema(), io.riberry.schema.internal.DispatchRequest.getClassSchema(),
            io.riberry.schema.internal.InFlightExecution.getClassSchema(), io.riberry.schema.internal.JobScheduleRuns.getClassSchema(),
            io.riberry.schema.internal.JobRerun.getClassSchema(), io.riberry.schema.internal.WorkerProcessState.getClassSchema(), io.riberry.schema.internal.StepRecord.getClassSchema(),
            io.riberry.schema.internal.ArtifactManifest.getClassSchema(), io.riberry.schema.internal.ArtifactStatus.getClassSchema(),
            StreamState.getClassSchema());

    @Test
    void shouldDocumentEveryRecordAndField() {
        final List<String> undocumented = new ArrayList<>();
        TOP_LEVEL.forEach(schema -> collectUndocumented(schema, undocumented, new ArrayList<>()));

        assertThat(undocumented).isEmpty();
    }

    @Test
    void shouldGenerateAClassForEveryPublicSchemaFile() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "avro", "public"))) {
            final List<String> names = files.filter(p -> p.toString().endsWith(".avsc"))
                    .map(p -> p.getFileName().toString().replace(".avsc", "")).toList();
            assertThat(names).hasSizeGreaterThanOrEqualTo(12);
            for (String name : names) {
                assertThat(classExists("io.riberry.schema." + name)).as(name).isTrue();
            }
        }
    }

    private static void collectUndocumented(final Schema schema, final List<String> undocumented, final List<String> seen) {
        switch (schema.getType()) {
            case RECORD -> {
                if (seen.contains(schema.getFullName())) {
                    return;
                }
                seen.add(schema.getFullName());
                if (schema.getDoc() == null || schema.getDoc().isBlank()) {
                    undocumented.add(schema.getFullName());
                }
                for (Schema.Field field : schema.getFields()) {
                    if (field.doc() == null || field.doc().isBlank()) {
                        undocumented.add(schema.getFullName() + "." + field.name());
                    }
                    collectUndocumented(field.schema(), undocumented, seen);
                }
            }
            case UNION -> schema.getTypes().forEach(t -> collectUndocumented(t, undocumented, seen));
            case ARRAY -> collectUndocumented(schema.getElementType(), undocumented, seen);
            case MAP -> collectUndocumented(schema.getValueType(), undocumented, seen);
            default -> { }
        }
    }

    private static boolean classExists(final String name) {
        try {
            Class.forName(name);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
