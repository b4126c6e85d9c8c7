package io.riberry.platform.processor;

import io.riberry.platform.store.CatalogView;
import io.riberry.schema.FormDefinition;
import io.riberry.schema.InputDefinition;
import io.riberry.schema.JobSubmitted;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Checks a job against its form. Used by the intake processor (a record on the topic) and by
 * {@code POST /jobs}, so both answer with the same reasons. Every reason is collected, not just the first.
 */
public final class JobValidator {

    private static final int MIN_PRIORITY = 1;
    private static final int MAX_PRIORITY = 255;

    private JobValidator() {
    }

    /** The reasons the job is invalid; empty when it is valid. */
    public static List<String> validate(final JobSubmitted job, final CatalogView catalog) {
        final List<String> reasons = new ArrayList<>();
        if (job.getName() == null || job.getName().isBlank()) {
            reasons.add("job name is required");
        }
        if (job.getPriority() < MIN_PRIORITY || job.getPriority() > MAX_PRIORITY) {
            reasons.add("priority must be between " + MIN_PRIORITY + " and " + MAX_PRIORITY + ", not " + job.getPriority());
        }
        final Optional<FormDefinition> form = catalog.form(job.getForm());
        if (form.isEmpty()) {
            reasons.add("unknown form \"" + job.getForm() + "\"");
            return reasons;
        }
        if (!form.get().getEnabled()) {
            reasons.add("form \"" + job.getForm() + "\" is disabled");
        }
        if (catalog.instance(form.get().getInstance()).isEmpty()) {
            reasons.add("form \"" + job.getForm() + "\" is bound to unknown instance \"" + form.get().getInstance() + "\"");
        }
        for (InputDefinition input : form.get().getInputs()) {
            if (input.getRequired() && input.getDefaultValue() == null && isMissing(job.getInputs().get(input.getName()))) {
                reasons.add("missing required input \"" + input.getName() + "\"");
            }
        }
        return reasons;
    }

    private static boolean isMissing(final Object value) {
        return value == null
                || (value instanceof CharSequence text && text.toString().isBlank())
                || (value instanceof Collection<?> values && values.isEmpty());
    }
}
