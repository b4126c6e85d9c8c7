package io.riberry.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/**
 * What an entry point knows about the execution it runs, and how it reports on it. One context
 * per execution; its methods may be called from the entry point's thread and from its chains.
 */
public interface ExecutionContext {

    /** @return the execution's id */
    String executionId();

    /** @return the id of the job the execution runs */
    String jobId();

    /** @return the job's name, unique among jobs */
    String jobName();

    /** @return the form the job filled */
    String form();

    /** @return the dispatch attempt this run belongs to */
    int attempt();

    /**
     * The input values as the job gave them, after the platform checked them against the form.
     *
     * @return values by input name: {@code String} (text, enum), {@code Long} or {@code Double}
     *         (number: whole numbers arrive as Long), {@code Boolean}, or {@code List<String>} (multiple)
     */
    Map<String, Object> inputs();

    /**
     * One input as text.
     *
     * @param name the input's name
     * @return its value as text, or empty when the job gave none
     */
    default Optional<String> input(final String name) {
        return Optional.ofNullable(inputs().get(name)).map(Object::toString);
    }

    /**
     * One input, converted to {@code type}: {@code String}, {@code Integer}, {@code Long},
     * {@code Double}, {@code BigDecimal}, {@code Boolean}, {@code List} (of text), or an enum
     * (by constant name). A number converts to a whole type only when it is whole and in range.
     *
     * @param name the input's name
     * @param type the type wanted
     * @param <T>  the type wanted
     * @return the value
     * @throws InvalidInputException when the job gave no value, or it cannot be read as {@code type}
     */
    default <T> T input(final String name, final Class<T> type) {
        return optionalInput(name, type).orElseThrow(() -> new InvalidInputException("input " + name + " has no value"));
    }

    /**
     * One input, converted to {@code type} as {@link #input(String, Class)} does, or empty.
     *
     * @param name the input's name
     * @param type the type wanted
     * @param <T>  the type wanted
     * @return the value, or empty when the job gave none
     * @throws InvalidInputException when it cannot be read as {@code type}
     */
    default <T> Optional<T> optionalInput(final String name, final Class<T> type) {
        return Optional.ofNullable(inputs().get(name)).map(value -> InputValues.convert(name, value, type));
    }

    /**
     * All inputs bound to a record: each component takes the input of its name, converted as
     * {@link #input(String, Class)} does; a component of a type other than {@code Optional} or
     * {@code List} with no input is an error, an {@code Optional} one is empty.
     *
     * @param type the record type
     * @param <R>  the record type
     * @return the record
     * @throws InvalidInputException naming every input missing or not convertible
     */
    default <R extends Record> R inputs(final Class<R> type) {
        return InputValues.bind(inputs(), type);
    }

    /**
     * An input file given to the job.
     *
     * @param name the form's input name
     * @return the file, or empty when the job gave none
     */
    Optional<InputFile> inputFile(String name);

    /**
     * The active value of one of the instance's dynamic parameters, as last published.
     *
     * @param name the parameter
     * @return its value, or empty when no schedule sets it
     */
    Optional<String> parameter(String name);

    /**
     * Whether the execution has ended while the entry point still runs: a task failed fatally, or a
     * user cancelled it. Its tracked tasks no longer run; a long entry point should return.
     *
     * @return true once ended
     */
    boolean isEnded();

    /**
     * Opens a stream of category {@code Overall}.
     *
     * @param name the stream's name, shown to users
     * @return the stream; close it when its work is done
     */
    default StreamScope stream(final String name) {
        return stream(name, "Overall");
    }

    /**
     * Opens a stream of category {@code Overall} that expects {@code expectedTotal} steps or chains,
     * so that it shows a percentage and an ETA ({@link StreamScope#expect(int)}).
     *
     * @param name          the stream's name, shown to users
     * @param expectedTotal how many steps (each chain is one) it will run
     * @return the stream; close it when its work is done
     */
    default StreamScope stream(final String name, final int expectedTotal) {
        return stream(name).expect(expectedTotal);
    }

    /**
     * Opens a stream: a group of tasks whose progress is tracked.
     *
     * @param name     the stream's name, shown to users
     * @param category its category, shown to users
     * @return the stream; close it when its work is done
     */
    StreamScope stream(String name, String category);

    /**
     * Stores {@code content} as an artifact of this execution.
     *
     * @param artifact what it is
     * @param content  its bytes
     * @return its id
     */
    String artifact(Artifact artifact, byte[] content);

    /**
     * Stores everything {@code content} yields as an artifact of this execution, in chunks, so its
     * size is limited only by the platform's disk. The stream is read, not closed.
     *
     * @param artifact what it is
     * @param content  its bytes
     * @return its id
     * @throws IOException when reading {@code content} fails, or its chunks cannot be stored
     */
    String artifact(Artifact artifact, InputStream content) throws IOException;

    /**
     * Reports a progress message; the latest one is shown with the execution.
     *
     * @param message what is happening
     */
    void progress(String message);

    /**
     * Reports a progress message with a percentage.
     *
     * @param message what is happening
     * @param percent from 0 to 100
     */
    void progress(String message, int percent);
}
