package io.riberry.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class InputFileTest {

    private static final byte[] CONTENT = "customer,score\nACME,7\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldGiveTheWholeContentToEveryStreamOpened() throws IOException {
        final InputFile file = new InputFile("scores", "scores.csv", CONTENT);

        final byte[] first;
        try (InputStream stream = file.openStream()) {
            first = stream.readAllBytes();
        }
        final byte[] second;
        try (InputStream stream = file.openStream()) {
            second = stream.readAllBytes();
        }

        assertThat(first).isEqualTo(CONTENT);
        assertThat(second).isEqualTo(CONTENT);
    }

    @Test
    void shouldNotLetOneStreamsReadingMoveAnother() throws IOException {
        final InputFile file = new InputFile("scores", "scores.csv", CONTENT);

        try (InputStream partly = file.openStream(); InputStream whole = file.openStream()) {
            assertThat(partly.readNBytes(9)).isEqualTo("customer,".getBytes(StandardCharsets.UTF_8));
            assertThat(whole.readAllBytes()).isEqualTo(CONTENT);
            assertThat(partly.readAllBytes()).isEqualTo("score\nACME,7\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void shouldTellItsNamesAndSize() {
        final InputFile file = new InputFile("scores", "scores.csv", CONTENT);

        assertThat(file.name()).isEqualTo("scores");
        assertThat(file.filename()).isEqualTo("scores.csv");
        assertThat(file.size()).isEqualTo(CONTENT.length);
        assertThat(file.toString()).contains("scores.csv").contains(CONTENT.length + " bytes");
    }

    @Test
    void shouldAnswerACopyOfItsBytes() {
        final InputFile file = new InputFile("scores", "scores.csv", CONTENT.clone());

        final byte[] bytes = file.bytes();
        bytes[0] = 'X';

        assertThat(file.bytes()).isEqualTo(CONTENT);
        assertThat(file.bytes()).isNotSameAs(file.bytes());
    }

    @Test
    void shouldReadOnlyTheRemainingPartOfABufferAsTheDispatchHandsItOver() throws IOException {
        // A dispatch's file content is a buffer that may be a window on a larger array.
        final byte[] record = ("header|" + new String(CONTENT, StandardCharsets.UTF_8) + "|trailer").getBytes(StandardCharsets.UTF_8);
        final ByteBuffer window = ByteBuffer.wrap(record, 7, CONTENT.length);
        final ByteBuffer sliced = ByteBuffer.wrap(record, 7, CONTENT.length).slice();

        for (ByteBuffer buffer : new ByteBuffer[] {window, sliced}) {
            final InputFile file = new InputFile("scores", "scores.csv", buffer);

            assertThat(file.size()).isEqualTo(CONTENT.length);
            assertThat(file.bytes()).isEqualTo(CONTENT);
            try (InputStream stream = file.openStream()) {
                assertThat(stream.readAllBytes()).isEqualTo(CONTENT);
            }
            assertThat(file.bytes()).as("reading leaves the buffer where it was").isEqualTo(CONTENT);
        }
    }

    @Test
    void shouldHandAnEntryPointTheFilesGivenToTheTester() {
        final AtomicReference<Optional<InputFile>> given = new AtomicReference<>();
        final AtomicReference<Optional<InputFile>> absent = new AtomicReference<>();
        final byte[] content = CONTENT.clone();

        final WorkflowTester tester = WorkflowTester.of(context -> {
            given.set(context.inputFile("scores"));
            absent.set(context.inputFile("template"));
        }).inputFile("scores", "scores.csv", content);
        content[0] = 'X';
        final WorkflowTester.Result result = tester.run();

        assertThat(result.succeeded()).isTrue();
        assertThat(absent.get()).isEmpty();
        assertThat(given.get()).get().satisfies(file -> {
            assertThat(file.filename()).isEqualTo("scores.csv");
            assertThat(file.bytes()).as("the tester keeps its own copy").isEqualTo(CONTENT);
        });
    }
}
