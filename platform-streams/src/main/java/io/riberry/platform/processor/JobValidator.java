package io.riberry.platform.processor;

import io.riberry.platform.store.CatalogView;
import io.riberry.topics.RecordLimits;
import io.riberry.schema.FormDefinition;
import io.riberry.schema.InputDefinition;
import io.riberry.schema.InputFile;
import io.riberry.schema.InputFileDefinition;
import io.riberry.schema.JobSubmitted;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a job against its form, as Riberry did: inputs are matched by name, defaults applied,
 * required ones enforced, values converted to their declared type (a CLI sends "42" for a
 * number), enum values enforced, unknown inputs and files refused, files size-limited; or, for a
 * form defined by a JSON Schema, checked against that schema. Used by
 * the intake processor and by {@code POST /jobs}, so both answer with the same reasons, and every
 * reason is collected, not just the first.
 */
public final class JobValidator {

    private static final int MIN_PRIORITY = 1;
    private static final int MAX_PRIORITY = 255;
    private static final Set<String> TRUE = Set.of("true", "yes", "y", "1");
    private static final Set<String> FALSE = Set.of("false", "no", "n", "0");

    /** The outcome: the inputs with defaults applied and values typed, and every reason the job is invalid. */
    public record Validation(Map<String, Object> inputs, List<String> reasons) {
        public boolean isValid() {
            return reasons.isEmpty();
        }
    }

    private JobValidator() {
    }

    /** The reason a job is refused a name another job holds. */
    public static String nameTaken(final String name, final String holder) {
        return "job name " + RecordLimits.quote(name) + " is already used by job " + holder;
    }

    /** The reasons the job is invalid; empty when it is valid. */
    public static List<String> validate(final JobSubmitted job, final CatalogView catalog) {
        return check(job, catalog).reasons();
    }

    public static Validation check(final JobSubmitted job, final CatalogView catalog) {
        final List<String> reasons = new ArrayList<>();
        if (job.getName() == null || job.getName().isBlank()) {
            reasons.add("job name is required");
        }
        if (job.getPriority() < MIN_PRIORITY || job.getPriority() > MAX_PRIORITY) {
            reasons.add("priority must be between " + MIN_PRIORITY + " and " + MAX_PRIORITY + ", not " + job.getPriority());
        }
        final Optional<FormDefinition> form = catalog.form(job.getForm());
        if (form.isEmpty()) {
            reasons.add("unknown form " + RecordLimits.quote(job.getForm()));
            return new Validation(job.getInputs(), reasons);
        }
        if (!form.get().getEnabled()) {
            reasons.add("form " + RecordLimits.quote(job.getForm()) + " is disabled");
        }
        if (catalog.instance(form.get().getInstance()).isEmpty()) {
            reasons.add("form \"" + job.getForm() + "\" is bound to unknown instance \"" + form.get().getInstance() + "\"");
        }
        final Map<String, Object> inputs = form.get().getJsonSchema() != null
                ? JsonSchemaInputs.check(form.get().getJsonSchema(), job.getInputs(), reasons)
                : inputs(job.getInputs(), form.get(), reasons);
        files(job.getFiles(), form.get().getFiles(), reasons);
        return new Validation(inputs, reasons);
    }

    private static Map<String, Object> inputs(final Map<String, Object> given, final FormDefinition form, final List<String> reasons) {
        final Map<String, Object> typed = new LinkedHashMap<>();
        final Set<String> declared = form.getInputs().stream().map(InputDefinition::getName).collect(Collectors.toSet());
        for (String name : given.keySet()) {
            if (!declared.contains(name)) {
                reasons.add("unknown input " + RecordLimits.quote(name));
            }
        }
        for (InputDefinition input : form.getInputs()) {
            Object value = given.get(input.getName());
            if (isMissing(value) && input.getDefaultValue() != null) {
                value = input.getDefaultValue();
            }
            if (isMissing(value)) {
                if (input.getRequired()) {
                    reasons.add("missing required input \"" + input.getName() + "\"");
                }
                continue;
            }
            typed.put(input.getName(), typedValue(input, value, reasons));
        }
        return typed;
    }

    private static Object typedValue(final InputDefinition input, final Object value, final List<String> reasons) {
        if (value instanceof Collection<?> values) {
            if (!input.getMultiple()) {
                reasons.add("input \"" + input.getName() + "\" takes one value, not " + values.size());
                return value;
            }
            final List<String> typed = new ArrayList<>();
            for (Object item : values) {
                final Object one = scalar(input, item, reasons);
                typed.add(String.valueOf(one));
            }
            return typed;
        }
        final Object one = scalar(input, value, reasons);
        return input.getMultiple() ? List.of(String.valueOf(one)) : one;
    }

    private static Object scalar(final InputDefinition input, final Object value, final List<String> reasons) {
        final String text = String.valueOf(value).trim();
        switch (input.getType()) {
            case NUMBER -> {
                if (value instanceof Long || value instanceof Double) {
                    return value;
                }
                try {
                    return text.contains(".") || text.contains("e") || text.contains("E") ? (Object) Double.parseDouble(text) : (Object) Long.parseLong(text);
                } catch (NumberFormatException e) {
                    reasons.add("input \"" + input.getName() + "\" must be a number, not " + RecordLimits.quote(text));
                    return value;
                }
            }
            case BOOLEAN -> {
                if (value instanceof Boolean) {
                    return value;
                }
                final String lower = text.toLowerCase(Locale.ROOT);
                if (TRUE.contains(lower) || FALSE.contains(lower)) {
                    return TRUE.contains(lower);
                }
                reasons.add("input \"" + input.getName() + "\" must be true or false, not " + RecordLimits.quote(text));
                return value;
            }
            case ENUM -> {
                if (!input.getEnumValues().contains(text)) {
                    reasons.add("input \"" + input.getName() + "\" must be one of " + input.getEnumValues() + ", not " + RecordLimits.quote(text));
                }
                return text;
            }
            default -> {
                return text;
            }
        }
    }

    private static void files(final List<InputFile> given, final List<InputFileDefinition> declared, final List<String> reasons) {
        final Map<String, InputFileDefinition> byName = declared.stream()
                .collect(Collectors.toMap(InputFileDefinition::getName, d -> d, (a, b) -> a, LinkedHashMap::new));
        for (InputFile file : given) {
            final InputFileDefinition definition = byName.get(file.getName());
            if (definition == null) {
                reasons.add("unknown file " + RecordLimits.quote(file.getName()));
                continue;
            }
            if (file.getSize() > definition.getMaxBytes()) {
                reasons.add("file " + RecordLimits.quote(file.getName()) + " is " + file.getSize() + " bytes; the limit is " + definition.getMaxBytes());
            }
            if (definition.getAccept() != null && !accepts(definition.getAccept(), file.getFilename())) {
                reasons.add("file \"" + file.getName() + "\" must match " + definition.getAccept() + ", not " + RecordLimits.quote(file.getFilename()));
            }
        }
        final Set<String> givenNames = given.stream().map(InputFile::getName).collect(Collectors.toSet());
        for (InputFileDefinition definition : declared) {
            if (definition.getRequired() && !givenNames.contains(definition.getName())) {
                reasons.add("missing required file \"" + definition.getName() + "\"");
            }
        }
    }

    private static boolean accepts(final String glob, final String filename) {
        try {
            return FileSystems.getDefault().getPathMatcher("glob:" + glob).matches(Path.of(filename).getFileName());
        } catch (IllegalArgumentException e) {  // InvalidPathException, or a malformed glob
            return false;
        }
    }

    private static boolean isMissing(final Object value) {
        return value == null
                || (value instanceof CharSequence text && text.toString().isBlank())
                || (value instanceof Collection<?> values && values.isEmpty());
    }
}
