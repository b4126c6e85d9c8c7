package io.riberry.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The artifact file-name rules: what is refused, and what a hostile name is cleaned into. */
class ArtifactFilenamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"scores.csv", "fail-0c1e.log", "Rapport trimestriel \u00e9t\u00e9 \uD83D\uDE00.pdf", "a..b.txt", ".hidden", "report.", "\u062A\u0642\u0631\u064A\u0631.txt"})
    void shouldAcceptOrdinaryFilenames(final String filename) {
        assertThat(ArtifactFilenames.filenameProblem(filename)).isNull();
    }

    @Test
    void shouldSayWhyAFilenameIsRefused() {
        assertThat(ArtifactFilenames.filenameProblem("")).isEqualTo("is empty");
        assertThat(ArtifactFilenames.filenameProblem("../../escape.txt")).startsWith("contains a path separator");
        assertThat(ArtifactFilenames.filenameProblem("..\\x")).startsWith("contains a path separator");
        assertThat(ArtifactFilenames.filenameProblem("..")).isEqualTo("is or starts with a dot-dot path segment");
        assertThat(ArtifactFilenames.filenameProblem("..x")).isEqualTo("is or starts with a dot-dot path segment");
        assertThat(ArtifactFilenames.filenameProblem(".")).isEqualTo("is or starts with a dot-dot path segment");
        assertThat(ArtifactFilenames.filenameProblem("a\r\nb")).startsWith("contains the character U+000D at index 1");
        assertThat(ArtifactFilenames.filenameProblem("nul\u0000")).startsWith("contains the character U+0000 at index 3");
        assertThat(ArtifactFilenames.filenameProblem("del\u007f")).startsWith("contains the character U+007F");
        assertThat(ArtifactFilenames.filenameProblem("c1\u0085")).startsWith("contains the character U+0085");
        assertThat(ArtifactFilenames.filenameProblem("invoice\u202Efdp.exe")).startsWith("contains the character U+202E at index 7");
        assertThat(ArtifactFilenames.filenameProblem("half\uD83D.txt")).startsWith("contains the character U+D83D");
        assertThat(ArtifactFilenames.filenameProblem("x".repeat(RecordLimits.MAX_NAME_CHARS + 1))).isEqualTo("is 257 characters; the limit is 256");
        assertThat(ArtifactFilenames.filenameProblem("\u00e9".repeat(200))).isEqualTo("is 400 bytes in UTF-8; file systems take 255");
    }

    @Test
    void shouldSayWhyADisplayNameIsRefused() {
        assertThat(ArtifactFilenames.nameProblem("Customer scores / 2026")).isNull();
        assertThat(ArtifactFilenames.nameProblem("")).isEqualTo("is empty");
        assertThat(ArtifactFilenames.nameProblem("a\u001b[2Jb")).startsWith("contains the character U+001B at index 1");
        assertThat(ArtifactFilenames.nameProblem("n".repeat(300))).isEqualTo("is 300 characters; the limit is 256");
    }

    @Test
    void shouldCleanAPathDownToItsBaseName() {
        assertThat(ArtifactFilenames.sanitise("../../escape.txt", "f")).isEqualTo("escape.txt");
        assertThat(ArtifactFilenames.sanitise("..\\..\\windows\\x.ini", "f")).isEqualTo("x.ini");
        assertThat(ArtifactFilenames.sanitise("/etc/passwd", "f")).isEqualTo("passwd");
        assertThat(ArtifactFilenames.sanitise("..hidden", "f")).isEqualTo("hidden");
        assertThat(ArtifactFilenames.sanitise(" .bashrc ", "f")).isEqualTo("bashrc");
    }

    @Test
    void shouldDropRefusedCharactersAndKeepTheRest() {
        assertThat(ArtifactFilenames.sanitise("a\r\nb\u0000c\u202E.txt", "f")).isEqualTo("abc.txt");
        assertThat(ArtifactFilenames.sanitise("r\u00e9sum\u00e9 \uD83D\uDE00.pdf", "f")).isEqualTo("r\u00e9sum\u00e9 \uD83D\uDE00.pdf");
        assertThat(ArtifactFilenames.sanitise("half\uD83D.txt", "f")).isEqualTo("half.txt");
    }

    @Test
    void shouldFallBackWhenNothingIsLeft() {
        assertThat(ArtifactFilenames.sanitise("", "artifact-42")).isEqualTo("artifact-42");
        assertThat(ArtifactFilenames.sanitise(null, "artifact-42")).isEqualTo("artifact-42");
        assertThat(ArtifactFilenames.sanitise("../..", "artifact-42")).isEqualTo("artifact-42");
        assertThat(ArtifactFilenames.sanitise("dir/", "artifact-42")).isEqualTo("artifact-42");
        assertThat(ArtifactFilenames.sanitise("\r\n", "../x/artifact-\u0000")).isEqualTo("artifact-");
        assertThat(ArtifactFilenames.sanitise("..", "..")).isEqualTo(ArtifactFilenames.DEFAULT_FILENAME);
    }

    @Test
    void shouldCutALongNameToWhatFileSystemsTakeKeepingItsExtension() {
        final String cut = ArtifactFilenames.sanitise("\u00e9".repeat(10_000) + ".csv", "f");

        assertThat(cut).endsWith(".csv").startsWith("\u00e9");
        assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(ArtifactFilenames.MAX_FILENAME_BYTES).isGreaterThan(250);
        assertThat(ArtifactFilenames.filenameProblem(cut)).isNull();
        assertThat(ArtifactFilenames.filenameProblem(ArtifactFilenames.sanitise("\uD83D\uDE00".repeat(5_000), "f"))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\r\nSet-Cookie: x", "nul\u0000", "\uD83D\uDE00", "x\u202Eexe.pdf", "../../etc/passwd", "..\\..\\x", "", ".", "..", "...",
            " ", "\u0085", "\uDE00\uD83D", "\"\\\""})
    void shouldAlwaysCleanIntoAnAcceptableFilename(final String hostile) {
        assertThat(ArtifactFilenames.filenameProblem(ArtifactFilenames.sanitise(hostile, "artifact-1"))).isNull();
        assertThat(ArtifactFilenames.filenameProblem(ArtifactFilenames.sanitise(hostile + "x".repeat(10_000), "artifact-1"))).isNull();
    }

    @Test
    void shouldCleanADisplayNameAndQuoteAHostileOnePrintably() {
        assertThat(ArtifactFilenames.sanitiseName("Scores\r\n\u001b[31m", "scores.csv")).isEqualTo("Scores[31m");
        assertThat(ArtifactFilenames.sanitiseName("\r\n", "scores.csv")).isEqualTo("scores.csv");
        assertThat(ArtifactFilenames.printable("a\r\n\u202Eb")).isEqualTo("a\\u000D\\u000A\\u202Eb");
    }
}
