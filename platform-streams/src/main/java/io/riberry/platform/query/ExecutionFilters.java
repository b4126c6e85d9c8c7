package io.riberry.platform.query;

import io.riberry.platform.store.ExecutionIndexKeys;
import io.riberry.schema.ExecutionState;
import io.riberry.schema.ExecutionStatus;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The listing filters; the most selective one picks the index prefix, the others are checked per
 * execution. {@code visibleForms} (null = every form) is what the caller may see: the listing
 * then reads only those forms' parts of the index, so a page is full of what the caller may see,
 * never a full page filtered down afterwards.
 */
public record ExecutionFilters(String application, String instance, String form, ExecutionStatus status, Set<String> visibleForms) {

    public ExecutionFilters {
        visibleForms = visibleForms == null ? null : Set.copyOf(new TreeSet<>(visibleForms));
    }

    public ExecutionFilters(final String application, final String instance, final String form, final ExecutionStatus status) {
        this(application, instance, form, status, null);
    }

    /** The same filters but any status. */
    public ExecutionFilters withoutStatus() {
        return new ExecutionFilters(application, instance, form, null, visibleForms);
    }

    public String indexPrefix() {
        if (form != null) {
            return ExecutionIndexKeys.formPrefix(form);
        }
        if (status != null) {
            return ExecutionIndexKeys.statusPrefix(status);
        }
        if (instance != null) {
            return ExecutionIndexKeys.instancePrefix(instance);
        }
        if (application != null) {
            return ExecutionIndexKeys.applicationPrefix(application);
        }
        return ExecutionIndexKeys.allPrefix();
    }

    /**
     * The index prefixes to read: the filter's own, or, for a caller limited to some forms and no
     * form filter, one per visible form (their keys sort alike after the prefix, so they merge).
     */
    List<String> scanPrefixes() {
        if (visibleForms == null) {
            return List.of(indexPrefix());
        }
        if (form != null) {
            return visibleForms.contains(form) ? List.of(indexPrefix()) : List.of();
        }
        return new TreeSet<>(visibleForms).stream().map(ExecutionIndexKeys::formPrefix).toList();
    }

    public boolean matches(final ExecutionState execution) {
        return (application == null || application.equals(execution.getApplication()))
                && (instance == null || instance.equals(execution.getInstance()))
                && (form == null || form.equals(execution.getForm()))
                && (status == null || status == execution.getStatus())
                && (visibleForms == null || visibleForms.contains(execution.getForm()));
    }
}
