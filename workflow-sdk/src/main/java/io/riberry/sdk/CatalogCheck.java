package io.riberry.sdk;

/**
 * What {@link RiberryWorker#start()} does when the published catalog does not match the worker: its
 * application or instance is unknown, the instance belongs to another application, or an entry
 * point's form is unknown or belongs to another instance.
 */
public enum CatalogCheck {
    /** Refuse to start, with every mismatch in the exception (the default): a typo fails at once, not at the first job. */
    REFUSE,
    /** Log every mismatch as a warning and start anyway (for a worker started before its catalog is imported). */
    WARN
}
