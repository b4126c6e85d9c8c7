package io.riberry.sdk;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs an entry point for a run and ends the run by its outcome: the same in a worker and in a {@link WorkflowTester}. */
final class EntryPointRun {

    private static final Logger LOG = LoggerFactory.getLogger(EntryPointRun.class);

    private EntryPointRun() {
    }

    /** Runs it on this thread, in the run's logging context: ACTIVE, then SUCCESS or FAILURE (unless cancelled meanwhile). */
    static void run(final ExecutionRun run, final EntryPoint entryPoint) {
        run.withLoggingContext(() -> runHere(run, entryPoint));
    }

    private static void runHere(final ExecutionRun run, final EntryPoint entryPoint) {
        final Job job = run.job;
        try {
            run.start();
            if (run.ended()) {
                // Cancelled between the dispatch's cancel check and its start: the platform already ended it.
                return;
            }
            entryPoint.run(new RunContext(run));
            run.endWithSuccess();
        } catch (Exception e) {
            LOG.info("Execution {} ({}) failed: {}", job.executionId(), job.form(), e.toString());
            if (!run.ended()) {
                // As Riberry did: the entry point's stack trace becomes an error artifact of category Fatal.
                run.errorArtifact(job.form(), job.form() + "-" + job.executionId() + ".log", e, "Fatal");
            }
            run.endWithFailure(e);
        } catch (Error e) {
            // Out of memory, stack overflow...: still say the execution failed rather than leave it
            // ACTIVE, then let the error go on to the thread's handler.
            run.endWithFailure(new IllegalStateException("the entry point died: " + e, e));
            throw e;
        } finally {
            run.finished();
        }
    }
}
