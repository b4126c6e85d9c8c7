package io.riberry.sdk;

import io.riberry.topics.ArtifactFilenames;
import io.riberry.topics.RecordLimits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One run of an execution in this process: what its entry point and tasks report through,
 * whether it has ended (so it is reported ended exactly once and no task runs after the end), its
 * own pool of chain threads, and the threads to interrupt when it is cancelled.
 */
final class ExecutionRun {

    /** The logging context of every thread working for a run. */
    static final String MDC_EXECUTION = "riberry.execution";
    static final String MDC_JOB = "riberry.job";
    static final String MDC_FORM = "riberry.form";
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionRun.class);
    /** Idle chain threads go after this; an execution that fans out again makes new ones. */
    private static final long CHAIN_THREAD_IDLE_SECONDS = 10;

    final Job job;
    final ExecutionReporter reporter;
    final WorkerMetrics metrics;
    final TaskThreads taskThreads;
    private final IntSupplier concurrency;
    private final Function<String, Optional<String>> parameters;
    /** How the execution ended, as this run knows it; null while it runs. */
    private final AtomicReference<Outcome> outcome = new AtomicReference<>();
    private final Set<Thread> interruptOnEnd = new HashSet<>();
    private final Map<String, String> loggingContext;
    private final Map<String, AtomicLong> stepIds = new ConcurrentHashMap<>();
    /** The run a chain thread works for, so that a chain calling runChains runs its sub-chains itself. */
    private static final ThreadLocal<ExecutionRun> CHAIN_RUN = new ThreadLocal<>();
    private ThreadPoolExecutor chains;

    ExecutionRun(final Job job, final ExecutionReporter reporter, final WorkerMetrics metrics, final TaskThreads taskThreads,
                 final IntSupplier concurrency, final Function<String, Optional<String>> parameters) {
        this.job = job;
        this.reporter = reporter;
        this.metrics = metrics;
        this.taskThreads = taskThreads;
        this.concurrency = concurrency;
        this.parameters = parameters;
        this.loggingContext = Map.of(MDC_EXECUTION, job.executionId(), MDC_JOB, job.jobName(), MDC_FORM, job.form());
    }

    /** How a run ended. */
    enum Outcome { SUCCESS, FAILURE, CANCELLED }

    boolean ended() {
        return outcome.get() != null;
    }

    /** How it ended, or null while it runs. */
    Outcome outcome() {
        return outcome.get();
    }

    Optional<String> parameter(final String name) {
        return parameters.apply(name);
    }

    /** The platform already ended it (a cancel): no task runs any more, interruptible ones stop, nothing more is reported. */
    void cancelled() {
        outcome.compareAndSet(null, Outcome.CANCELLED);
        interruptTasks();
    }

    /** ACTIVE. */
    void start() {
        metrics.executionStarted();
        reporter.started();
    }

    void endWithSuccess() {
        if (outcome.compareAndSet(null, Outcome.SUCCESS)) {
            reporter.succeeded();
        }
    }

    void endWithFailure(final Throwable failure) {
        if (outcome.compareAndSet(null, Outcome.FAILURE)) {
            interruptTasks();
            reporter.failed(failure);
        }
    }

    /**
     * The worker stops while this still runs: it ends FAILURE with a {@code WorkerStopped} error
     * artifact, unless it ended otherwise first. Answers whether it was this that ended it.
     */
    boolean stop(final WorkerStoppedException stopped) {
        if (!outcome.compareAndSet(null, Outcome.FAILURE)) {
            return false;
        }
        interruptTasks();
        errorArtifact("WorkerStopped", "WorkerStopped-" + job.executionId() + ".log", stopped, "Fatal");
        reporter.failed(stopped);
        return true;
    }

    /** The next step id of the stream {@code stream}: unique per stream name, however often it is opened. */
    long nextStepId(final String stream) {
        return stepIds.computeIfAbsent(stream, name -> new AtomicLong()).incrementAndGet();
    }

    /** Whether the current thread is one of this run's chain threads (which must not wait on the same pool). */
    boolean onChainThread() {
        return CHAIN_RUN.get() == this;
    }

    /** Called once the entry point returned or threw, if {@link #start()} was. */
    void finished() {
        metrics.executionEnded(job.form(), outcome.get() == Outcome.SUCCESS);
        final ThreadPoolExecutor pool;
        synchronized (this) {
            pool = chains;
        }
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** Riberry's error artifact: name {@code Exception <task>}, the stack trace as content, type and message as data. */
    void errorArtifact(final String task, final String filename, final Throwable failure, final String category) {
        // Built from a step's or form's name, which may hold what a filename may not (a "/", a control
        // character, too many bytes): cleaned here, so the failure's artifact is never lost to its name.
        final Artifact artifact = Artifact.error(ArtifactFilenames.sanitiseName("Exception " + task, "Exception"),
                        ArtifactFilenames.sanitise(filename, "error.log")).withCategory(category)
                .withData(Map.of("Error Type", failure.getClass().getName(),
                        "Error Message", RecordLimits.truncate(String.valueOf(failure.getMessage()), RecordLimits.MAX_MESSAGE_CHARS)));
        try {
            reporter.artifact(artifact, new ByteArrayInputStream(StackTraces.of(failure).getBytes(StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not store the error artifact of {} in execution {}", task, job.executionId(), e);
        }
    }

    /**
     * The threads chains run on: this execution's own, as many as the instance's concurrency,
     * made when first needed, so one execution's fan-out never waits behind another's.
     */
    synchronized ExecutorService chainPool() {
        if (chains == null) {
            final int size = Math.max(1, concurrency.getAsInt());
            final AtomicInteger count = new AtomicInteger();
            final String prefix = "riberry-chain-" + shortId() + "-";
            chains = new ThreadPoolExecutor(size, size, CHAIN_THREAD_IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                final Thread thread = new Thread(() -> {
                    CHAIN_RUN.set(this);
                    r.run();
                }, prefix + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
            chains.allowCoreThreadTimeOut(true);
        }
        return chains;
    }

    /** The instance's concurrency changed: chains not yet started run on that many threads. */
    synchronized void resizeChainPool(final int size) {
        if (chains == null || size < 1 || chains.isShutdown()) {
            return;
        }
        if (size > chains.getMaximumPoolSize()) {
            chains.setMaximumPoolSize(size);
            chains.setCorePoolSize(size);
        } else {
            chains.setCorePoolSize(size);
            chains.setMaximumPoolSize(size);
        }
    }

    synchronized int chainPoolSize() {
        return chains == null ? 0 : chains.getMaximumPoolSize();
    }

    /** Runs {@code work} with this run's logging context on the current thread, restoring what was there. */
    void withLoggingContext(final Runnable work) {
        final Map<String, String> before = MDC.getCopyOfContextMap();
        loggingContext.forEach(MDC::put);
        try {
            work.run();
        } finally {
            if (before == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(before);
            }
        }
    }

    /** The thread runs a task to interrupt if the execution ends; false if it already has. */
    boolean interruptOnEnd(final Thread thread) {
        synchronized (interruptOnEnd) {
            if (ended()) {
                return false;
            }
            interruptOnEnd.add(thread);
            return true;
        }
    }

    /**
     * The thread's task is over. Under the same lock as the interrupts, so none reaches it
     * afterwards; one that reached it just before, for this run's end, is cleared.
     */
    void noLongerInterruptOnEnd(final Thread thread) {
        synchronized (interruptOnEnd) {
            interruptOnEnd.remove(thread);
            if (ended()) {
                Thread.interrupted();
            }
        }
    }

    private void interruptTasks() {
        synchronized (interruptOnEnd) {
            for (Thread thread : interruptOnEnd) {
                LOG.info("Interrupting {}: execution {} has ended", thread.getName(), job.executionId());
                thread.interrupt();
            }
        }
    }

    private String shortId() {
        final String id = job.executionId();
        return id.length() > 8 ? id.substring(0, 8) : id;
    }
}
