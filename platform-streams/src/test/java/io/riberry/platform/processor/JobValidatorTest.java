package io.riberry.platform.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.riberry.platform.store.CatalogView;
import io.riberry.platform.testing.Catalogs;
import io.riberry.schema.CatalogEntry;
import io.riberry.schema.FormDefinition;
import io.riberry.schema.InputDefinition;
import io.riberry.schema.InputFile;
import io.riberry.schema.InputFileDefinition;
import io.riberry.schema.InputType;
import io.riberry.schema.JobSubmitted;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;

/** Riberry's input rules: types, enums, defaults, multiple values, unknown inputs and files, every reason at once. */
class JobValidatorTest {

    private static final FormDefinition ORDER = FormDefinition.newBuilder(Catalogs.form("order", List.of(
            input("customer", InputType.TEXT, true, null),
            input("quantity", InputType.NUMBER, true, null),
            input("express", InputType.BOOLEAN, false, "false"),
            InputDefinition.newBuilder().setName("colour").setType(InputType.ENUM).setEnumValues(List.of("red", "green")).build(),
            InputDefinition.newBuilder().setName("tags").setMultiple(true).build())))
            .setFiles(List.of(InputFileDefinition.newBuilder().setName("sheet").setRequired(true).setAccept("*.csv").setMaxBytes(10).build()))
            .build();

    private final CatalogView catalog = catalogWith(ORDER);

    @Test
    void shouldTypeValuesApplyDefaultsAndAcceptAValidJob() {
        final JobValidator.Validation validation = JobValidator.check(job(Map.of("customer", "Ada", "quantity", "3",
                "colour", "red", "tags", List.of("a", "b")), List.of(file("sheet", "orders.csv", 4))), catalog);

        assertThat(validation.reasons()).isEmpty();
        assertThat(validation.inputs()).containsEntry("customer", "Ada").containsEntry("quantity", 3L)
                .containsEntry("express", false).containsEntry("colour", "red").containsEntry("tags", List.of("a", "b"));
    }

    @Test
    void shouldGiveEveryReasonAtOnce() {
        final Map<String, Object> inputs = new HashMap<>();
        inputs.put("quantity", "lots");
        inputs.put("express", "maybe");
        inputs.put("colour", "blue");
        inputs.put("customer", List.of("Ada", "Grace"));
        inputs.put("discount", "10%");

        final List<String> reasons = JobValidator.validate(job(inputs, List.of(file("sheet", "orders.xlsx", 11), file("extra", "x.csv", 1))), catalog);

        assertThat(reasons).containsExactlyInAnyOrder(
                "unknown input \"discount\"",
                "input \"customer\" takes one value, not 2",
                "input \"quantity\" must be a number, not \"lots\"",
                "input \"express\" must be true or false, not \"maybe\"",
                "input \"colour\" must be one of [red, green], not \"blue\"",
                "file \"sheet\" is 11 bytes; the limit is 10",
                "file \"sheet\" must match *.csv, not \"orders.xlsx\"",
                "unknown file \"extra\"");
    }

    @Test
    void shouldRequireRequiredInputsAndFiles() {
        assertThat(JobValidator.validate(job(Map.of("quantity", 2L), List.of()), catalog)).containsExactlyInAnyOrder(
                "missing required input \"customer\"", "missing required file \"sheet\"");
    }

    @Test
    void shouldWrapASingleValueOfAMultipleInput() {
        final JobValidator.Validation validation = JobValidator.check(job(Map.of("customer", "Ada", "quantity", 1.5, "tags", "solo"),
                List.of(file("sheet", "a.csv", 1))), catalog);

        assertThat(validation.reasons()).isEmpty();
        assertThat(validation.inputs()).containsEntry("tags", List.of("solo")).containsEntry("quantity", 1.5);
    }

    @Test
    void shouldCheckAFormDefinedByAJsonSchemaConvertingTextAndApplyingDefaults() {
        final FormDefinition shipment = FormDefinition.newBuilder(Catalogs.form("ship", List.of())).setJsonSchema("""
                {"type": "object",
                 "properties": {
                   "port": {"type": "string", "enum": ["Rotterdam", "Hamburg"]},
                   "containers": {"type": "integer", "minimum": 1, "maximum": 40},
                   "insured": {"type": "boolean", "default": true}
                 },
                 "required": ["port", "containers"],
                 "additionalProperties": false}
                """).build();
        final CatalogView withSchema = catalogWith(shipment);

        final JobValidator.Validation valid = JobValidator.check(job("ship", Map.of("port", "Hamburg", "containers", "12")), withSchema);
        assertThat(valid.reasons()).isEmpty();
        assertThat(valid.inputs()).containsEntry("containers", 12L).containsEntry("insured", true).containsEntry("port", "Hamburg");

        final List<String> reasons = JobValidator.validate(job("ship", Map.of("port", "Oslo", "containers", "99", "colour", "red")),
                withSchema);
        assertThat(reasons).hasSize(3)
                .anySatisfy(reason -> assertThat(reason).startsWith("input \"port\" does not match the form's JSON Schema: ").contains("enumeration"))
                .anySatisfy(reason -> assertThat(reason).startsWith("input \"containers\" does not match").contains("maximum value of 40"))
                .anySatisfy(reason -> assertThat(reason).startsWith("input \"colour\" does not match").contains("not defined in the schema"));
        assertThat(JobValidator.validate(job("ship", Map.of()), withSchema)).hasSize(2)
                .anySatisfy(reason -> assertThat(reason).startsWith("input \"port\"").contains("required"))
                .anySatisfy(reason -> assertThat(reason).startsWith("input \"containers\"").contains("required"));
    }

    private static JobSubmitted job(final String form, final Map<String, Object> inputs) {
        return JobSubmitted.newBuilder(job(inputs, List.of())).setForm(form).build();
    }

    private static InputDefinition input(final String name, final InputType type, final boolean required, final String defaultValue) {
        return InputDefinition.newBuilder().setName(name).setType(type).setRequired(required).setDefaultValue(defaultValue).build();
    }

    private static InputFile file(final String name, final String filename, final int size) {
        return new InputFile(name, filename, (long) size, ByteBuffer.wrap(new byte[size]));
    }

    private static JobSubmitted job(final Map<String, Object> inputs, final List<InputFile> files) {
        return JobSubmitted.newBuilder().setJobId("j").setForm("order").setName("an order").setInputs(inputs).setFiles(files)
                .setSubmittedAt(Instant.EPOCH).build();
    }

    private static CatalogView catalogWith(final FormDefinition form) {
        final Map<String, CatalogEntry> entries = new HashMap<>(Catalogs.demo());
        entries.put(CatalogView.formId(form.getName()), new CatalogEntry(CatalogView.formId(form.getName()), form));
        return new CatalogView(new MapStore(entries));
    }

    /** The catalog as the validator reads it: lookups by entity id. */
    private record MapStore(Map<String, CatalogEntry> entries) implements ReadOnlyKeyValueStore<String, CatalogEntry> {
        @Override
        public CatalogEntry get(final String key) {
            return entries.get(key);
        }

        @Override
        public KeyValueIterator<String, CatalogEntry> range(final String from, final String to) {
            throw new UnsupportedOperationException("the validator only looks entities up");
        }

        @Override
        public KeyValueIterator<String, CatalogEntry> all() {
            throw new UnsupportedOperationException("the validator only looks entities up");
        }

        @Override
        public long approximateNumEntries() {
            return entries.size();
        }
    }
}
