package io.riberry.sdk;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs an entry point without Kafka, for unit tests: inputs, input files and parameters in; the
 * outcome, streams, steps, artifacts and progress out. It runs the very code a worker runs (the
 * same context, streams, chains, retries, timeouts, fallbacks and error artifacts), only
 * reporting to memory instead of to the platform.
 *
 * <pre>{@code
 * WorkflowTester.Result result = WorkflowTester.of(new MonthlyInvoices())
 *         .input("customers", 3)
 *         .inputFile("template", "template.csv", bytes)
 *         .run();
 * assertTrue(result.succeeded());
 * assertEquals(List.of("customer-1", "customer-2", "customer-3"), result.stepNames("customers"));
 * assertEquals("...", result.artifactText("Invoices"));
 * }</pre>
 */
public final class WorkflowTester {

    private final EntryPoint entryPoint;
    private String form = "test-form";
    private String jobName = "test-job";
    private int concurrency = 4;
    private final Map<String, Object> inputs = new LinkedHashMap<>();
    private final List<InputFile> files = new ArrayList<>();
    private final Map<String, String> parameters = new HashMap<>();
    private Duration cancelAfter;
    private MeterRegistry meterRegistry = new SimpleMeterRegistry();

    private WorkflowTester(final EntryPoint entryPoint) {
        this.entryPoint = Objects.requireNonNull(entryPoint, "entryPoint");
    }

    /**
     * @param entryPoint the workflow to test
     * @return a tester with no inputs
     */
    public static WorkflowTester of(final EntryPoint entryPoint) {
        return new WorkflowTester(entryPoint);
    }

    /**
     * @param formName the form the job fills (default {@code test-form})
     * @return this tester
     */
    public WorkflowTester form(final String formName) {
        this.form = Objects.requireNonNull(formName, "form");
        return this;
    }

    /**
     * @param name the job's name (default {@code test-job})
     * @return this tester
     */
    public WorkflowTester jobName(final String name) {
        this.jobName = Objects.requireNonNull(name, "jobName");
        return this;
    }

    /**
     * An input value, as the platform would hand it over: whole numbers become {@code Long},
     * other numbers {@code Double}, enums their name, lists lists of text.
     *
     * @param name  the input's name
     * @param value text, a number, a boolean, an enum or a list
     * @return this tester
     */
    public WorkflowTester input(final String name, final Object value) {
        inputs.put(Objects.requireNonNull(name, "name"), asDispatched(name, Objects.requireNonNull(value, "value")));
        return this;
    }

    /**
     * An input file.
     *
     * @param name     the form's input name
     * @param filename the file's name
     * @param content  its bytes
     * @return this tester
     */
    public WorkflowTester inputFile(final String name, final String filename, final byte[] content) {
        files.add(new InputFile(name, filename, content.clone()));
        return this;
    }

    /**
     * A dynamic parameter of the instance, as {@link ExecutionContext#parameter(String)} sees it.
     *
     * @param name  the parameter
     * @param value its active value
     * @return this tester
     */
    public WorkflowTester parameter(final String name, final String value) {
        parameters.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * @param threads chains run at once (default 4), as the worker's concurrency sets it
     * @return this tester
     */
    public WorkflowTester concurrency(final int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, not " + threads);
        }
        this.concurrency = threads;
        return this;
    }

    /**
     * Cancels the execution this long after it starts, as a user's cancel would: no task runs
     * any more, and tasks {@link TaskOptions#withInterruptOnCancel() interrupted on cancel} are.
     *
     * @param delay how long after the start
     * @return this tester
     */
    public WorkflowTester cancelAfter(final Duration delay) {
        this.cancelAfter = Objects.requireNonNull(delay, "delay");
        return this;
    }

    /**
     * @param registry where the run's metrics go (default a fresh in-memory registry, see {@link Result#meterRegistry()})
     * @return this tester
     */
    public WorkflowTester meterRegistry(final MeterRegistry registry) {
        this.meterRegistry = Objects.requireNonNull(registry, "registry");
        return this;
    }

    /**
     * Runs the entry point on this thread (chains on their own pool), as a worker would.
     *
     * @return what it reported
     */
    public Result run() {
        final String executionId = UUID.randomUUID().toString();
        final Job job = new Job(executionId, UUID.randomUUID().toString(), jobName, form, 1, Collections.unmodifiableMap(new LinkedHashMap<>(inputs)),
                List.copyOf(files));
        final RecordingReporter reporter = new RecordingReporter();
        final ParameterValues values = new ParameterValues("test-instance", (name, value) -> { });
        values.apply(parameters);
        try (TaskThreads threads = new TaskThreads()) {
            final ExecutionRun run = new ExecutionRun(job, reporter, new WorkerMetrics(meterRegistry, "test-instance"), threads,
                    () -> concurrency, values::get);
            final ScheduledExecutorService canceller = Executors.newSingleThreadScheduledExecutor();
            try {
                if (cancelAfter != null) {
                    canceller.schedule(run::cancelled, cancelAfter.toMillis(), TimeUnit.MILLISECONDS);
                }
                EntryPointRun.run(run, entryPoint);
            } finally {
                canceller.shutdownNow();
            }
            return reporter.result(run.outcome(), meterRegistry);
        }
    }

    private static Object asDispatched(final String name, final Object value) {
        if (value instanceof String || value instanceof Boolean || value instanceof Long || value instanceof Double) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Number number) {
            final double real = number.doubleValue();
            return real == Math.rint(real) && Math.abs(real) < 1e15 ? (Object) (long) real : (Object) real;
        }
        if (value instanceof Enum<?> constant) {
            return constant.name();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        throw new IllegalArgumentException("input " + name + ": a job gives text, numbers, booleans or lists, not " + value.getClass().getName());
    }

    /** What a run reported, in the order it reported it. */
    public static final class Result {

        private final ExecutionRun.Outcome outcome;
        private final Throwable failure;
        private final Map<String, StreamRecord> streams;
        private final List<StepRecord> steps;
        private final List<ArtifactRecord> artifacts;
        private final List<Progress> progress;
        private final MeterRegistry meterRegistry;

        private Result(final ExecutionRun.Outcome outcome, final Throwable failure, final Map<String, StreamRecord> streams,
                       final List<StepRecord> steps, final List<ArtifactRecord> artifacts, final List<Progress> progress,
                       final MeterRegistry meterRegistry) {
            this.outcome = outcome;
            this.failure = failure;
            this.streams = streams;
            this.steps = steps;
            this.artifacts = artifacts;
            this.progress = progress;
            this.meterRegistry = meterRegistry;
        }

        /** @return whether the execution ended SUCCESS */
        public boolean succeeded() {
            return outcome == ExecutionRun.Outcome.SUCCESS;
        }

        /** @return whether it was cancelled (by {@link #cancelAfter}) before it ended otherwise */
        public boolean cancelled() {
            return outcome == ExecutionRun.Outcome.CANCELLED;
        }

        /** @return what the execution failed with: the entry point's exception, or a task's without fallback */
        public Optional<Throwable> failure() {
            return Optional.ofNullable(failure);
        }

        /** @return each stream's latest state, in the order they opened */
        public List<StreamRecord> streams() {
            return List.copyOf(streams.values());
        }

        /**
         * @param stream a stream's name
         * @return the stream's latest state
         * @throws IllegalArgumentException when no such stream was opened
         */
        public StreamRecord stream(final String stream) {
            final StreamRecord found = streams.get(stream);
            if (found == null) {
                throw new IllegalArgumentException("no stream " + stream + " was opened; streams: " + streams.keySet());
            }
            return found;
        }

        /** @return every step's latest state, in the order they were first reported */
        public List<StepRecord> steps() {
            return List.copyOf(steps);
        }

        /**
         * @param stream a stream's name
         * @return the names of its steps, in the order they were first reported
         */
        public List<String> stepNames(final String stream) {
            return steps.stream().filter(step -> step.stream().equals(stream)).map(StepRecord::name).toList();
        }

        /** @return the artifacts stored, in order */
        public List<ArtifactRecord> artifacts() {
            return List.copyOf(artifacts);
        }

        /**
         * @param name an artifact's name
         * @return the first artifact of that name
         * @throws IllegalArgumentException when none was stored
         */
        public ArtifactRecord artifact(final String name) {
            return artifacts.stream().filter(artifact -> artifact.description().name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no artifact " + name + "; artifacts: "
                            + artifacts.stream().map(a -> a.description().name()).toList()));
        }

        /**
         * @param name an artifact's name
         * @return its content as UTF-8 text
         */
        public String artifactText(final String name) {
            return new String(artifact(name).content(), java.nio.charset.StandardCharsets.UTF_8);
        }

        /** @return the progress reported, in order */
        public List<Progress> progress() {
            return List.copyOf(progress);
        }

        /** @return the registry the run's metrics went to */
        public MeterRegistry meterRegistry() {
            return meterRegistry;
        }

        @Override
        public String toString() {
            return "Result[" + outcome + (failure == null ? "" : ", " + failure) + ", " + streams.size() + " streams, " + steps.size()
                    + " steps, " + artifacts.size() + " artifacts]";
        }
    }

    /**
     * A stream as last reported.
     *
     * @param name     its name
     * @param category its category
     * @param state         its latest state
     * @param expectedTotal the number of steps it declared ({@link StreamScope#expect(int)}), or null
     */
    public record StreamRecord(String name, String category, TaskState state, Integer expectedTotal) {

        /**
         * A stream that declared no total.
         *
         * @param name     its name
         * @param category its category
         * @param state    its latest state
         */
        public StreamRecord(final String name, final String category, final TaskState state) {
            this(name, category, state, null);
        }
    }

    /**
     * A step as last reported.
     *
     * @param stream the stream it belongs to
     * @param name   its name
     * @param state      its latest state
     * @param fallenBack   with FAILURE: whether its fallback was used, so the stream went on
     */
    public record StepRecord(String stream, String name, TaskState state, boolean fallenBack) {

        /**
         * A step that did not fall back.
         *
         * @param stream the stream it belongs to
         * @param name   its name
         * @param state  its latest state
         */
        public StepRecord(final String stream, final String name, final TaskState state) {
            this(stream, name, state, false);
        }
    }

    /**
     * A stored artifact.
     *
     * @param description what it is
     * @param content     its bytes
     */
    public record ArtifactRecord(Artifact description, byte[] content) {
    }

    /**
     * A progress report.
     *
     * @param message what was happening
     * @param percent how far, or null
     */
    public record Progress(String message, Integer percent) {
    }

    /** Keeps what a run reports, from any of its threads. */
    private static final class RecordingReporter implements ExecutionReporter {

        private final Map<String, StreamRecord> streams = new LinkedHashMap<>();
        private final Map<String, StepRecord> steps = new LinkedHashMap<>();
        private final List<ArtifactRecord> artifacts = new ArrayList<>();
        private final List<Progress> progress = new ArrayList<>();
        private Throwable failure;

        @Override
        public void started() {
        }

        @Override
        public void succeeded() {
        }

        @Override
        public synchronized void failed(final Throwable cause) {
            failure = cause;
        }

        @Override
        public synchronized void stream(final String stream, final String category, final TaskState state, final Integer expectedTotal) {
            final StreamRecord before = streams.get(stream);
            // A later report without a total keeps the declared one, as the platform does.
            final Integer declared = expectedTotal != null ? expectedTotal : before == null ? null : before.expectedTotal();
            streams.put(stream, new StreamRecord(stream, category, state, declared));
        }

        @Override
        public synchronized void step(final String stream, final String stepId, final String name, final TaskState state,
                                      final boolean fallenBack) {
            steps.put(stream + '\0' + stepId, new StepRecord(stream, name, state, fallenBack));
        }

        @Override
        public synchronized void progress(final String message, final Integer percent) {
            progress.add(new Progress(message, percent));
        }

        @Override
        public String artifact(final Artifact artifact, final InputStream content) throws IOException {
            final byte[] bytes = content.readAllBytes();
            synchronized (this) {
                artifacts.add(new ArtifactRecord(artifact, bytes));
            }
            return UUID.randomUUID().toString();
        }

        synchronized Result result(final ExecutionRun.Outcome outcome, final MeterRegistry meterRegistry) {
            return new Result(outcome, failure, new LinkedHashMap<>(streams), new ArrayList<>(steps.values()), new ArrayList<>(artifacts),
                    new ArrayList<>(progress), meterRegistry);
        }
    }
}
