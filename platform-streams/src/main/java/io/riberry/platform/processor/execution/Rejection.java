package io.riberry.platform.processor.execution;

import java.util.Locale;

/**
 * Why a change was refused, as a small fixed set: what an operator counts anomalies and dead
 * letters by ({@code riberry_anomalies_total{reason}}). The rejection's text carries the details,
 * which may quote user values and so never become a metric label.
 */
public enum Rejection {
    /** No such execution. */
    UNKNOWN_EXECUTION,
    /** A replay of a change already applied. */
    DUPLICATE,
    /** The execution already ended SUCCESS or FAILURE. */
    ALREADY_ENDED,
    /** The change does not follow from the execution's status (e.g. a start of a RECEIVED execution). */
    WRONG_STATUS,
    /** A worker event from an instance the execution does not belong to. */
    OTHER_INSTANCE,
    /** A worker event of an earlier dispatch attempt. */
    STALE_ATTEMPT,
    /** A step or stream event older than what is already folded. */
    OUT_OF_ORDER,
    /** A value outside its domain (a percent over 100, a negative size). */
    INVALID,
    /** An event this platform version does not fold. */
    UNSUPPORTED;

    /** The Prometheus label value: lower case, e.g. {@code stale_attempt}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
