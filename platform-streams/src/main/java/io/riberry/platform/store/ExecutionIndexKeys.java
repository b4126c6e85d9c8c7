package io.riberry.platform.store;

import io.riberry.schema.ExecutionState;
import io.riberry.schema.ExecutionStatus;
import java.time.Instant;
import java.util.List;

/**
 * Keys of the execution listing index. Each execution appears under one key per dimension
 * ({@code all}, application, form, instance, status), so a filtered page is a range scan of one
 * prefix. Within a prefix keys sort newest first: the creation time is stored inverted, in
 * fixed-width hex so that byte order is time order, and the execution id breaks ties.
 */
public final class ExecutionIndexKeys {

    private static final char SEPARATOR = '|';

    private ExecutionIndexKeys() {
    }

    public static String allPrefix() {
        return "all" + SEPARATOR;
    }

    public static String applicationPrefix(final String application) {
        return "application" + SEPARATOR + application + SEPARATOR;
    }

    public static String formPrefix(final String form) {
        return "form" + SEPARATOR + form + SEPARATOR;
    }

    public static String instancePrefix(final String instance) {
        return "instance" + SEPARATOR + instance + SEPARATOR;
    }

    public static String statusPrefix(final ExecutionStatus status) {
        return "status" + SEPARATOR + status.name() + SEPARATOR;
    }

    /** The keys an execution has while it is in its current status. */
    public static List<String> keysOf(final ExecutionState execution) {
        final String suffix = suffix(execution);
        return List.of(allPrefix() + suffix,
                applicationPrefix(execution.getApplication()) + suffix,
                formPrefix(execution.getForm()) + suffix,
                instancePrefix(execution.getInstance()) + suffix,
                statusPrefix(execution.getStatus()) + suffix);
    }

    public static String statusKey(final ExecutionState execution, final ExecutionStatus status) {
        return statusPrefix(status) + suffix(execution);
    }

    /** The upper bound of a prefix scan: every key with {@code prefix} sorts below it. */
    public static String endOf(final String prefix) {
        return prefix + '\uffff';
    }

    /** The execution id at the end of an index key. */
    public static String executionIdOf(final String indexKey) {
        return indexKey.substring(indexKey.lastIndexOf(SEPARATOR) + 1);
    }

    /** The key of an execution created at {@code createdAt} under {@code prefix}. */
    public static String key(final String prefix, final Instant createdAt, final String executionId) {
        final long inverted = Long.MAX_VALUE - createdAt.toEpochMilli();
        return prefix + String.format("%016x", inverted) + SEPARATOR + executionId;
    }

    private static String suffix(final ExecutionState execution) {
        return key("", execution.getCreatedAt(), execution.getExecutionId());
    }
}
