package io.riberry.platform.query;

import io.riberry.platform.store.ExecutionIndexKeys;
import io.riberry.schema.ExecutionState;
import io.riberry.schema.ExecutionStatus;

/** The listing filters; the most selective one picks the index prefix, the others are checked per execution. */
public record ExecutionFilters(String application, String instance, String form, ExecutionStatus status) {

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

    boolean matches(final ExecutionState execution) {
        return (application == null || application.equals(execution.getApplication()))
                && (instance == null || instance.equals(execution.getInstance()))
                && (form == null || form.equals(execution.getForm()))
                && (status == null || status == execution.getStatus());
    }
}
