package io.riberry.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.riberry.topics.RecordLimits;
import org.junit.jupiter.api.Test;

/** An artifact refuses, when it is made, a name or file name no user should download or see. */
class ArtifactTest {

    @Test
    void shouldAcceptOrdinaryNamesIncludingNonAscii() {
        final Artifact artifact = Artifact.output("R\u00e9sum\u00e9 / 2026", "r\u00e9sum\u00e9 \uD83D\uDE00.pdf");

        assertThat(artifact.filename()).isEqualTo("r\u00e9sum\u00e9 \uD83D\uDE00.pdf");
        assertThat(artifact.withCategory("Reports").filename()).isEqualTo(artifact.filename());
    }

    @Test
    void shouldRefuseAFilenameThatIsAPath() {
        assertThatThrownBy(() -> Artifact.output("Escape", "../../escape.txt")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Artifact filename \"../../escape.txt\" contains a path separator; a file name is one path segment");
        assertThatThrownBy(() -> Artifact.report("Escape", "..\\x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("path separator");
        assertThatThrownBy(() -> Artifact.error("Up", "..")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Artifact filename \"..\" is or starts with a dot-dot path segment");
    }

    @Test
    void shouldRefuseControlCharactersAndShowThemEscapedInTheMessage() {
        assertThatThrownBy(() -> Artifact.output("Scores", "scores\r\n.csv")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Artifact filename \"scores\\u000D\\u000A.csv\" contains the character U+000D at index 6");
        assertThatThrownBy(() -> Artifact.output("Scores", "nul\u0000.csv")).hasMessageContaining("U+0000");
        assertThatThrownBy(() -> Artifact.output("Scores", "c1\u0085.csv")).hasMessageContaining("U+0085");
        assertThatThrownBy(() -> Artifact.output("Scores", "invoice\u202Efdp.exe")).hasMessageContaining("U+202E");
        assertThatThrownBy(() -> Artifact.output("Bell\u0007", "bell.txt")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Artifact name \"Bell\\u0007\" contains the character U+0007 at index 4");
    }

    @Test
    void shouldRefuseEmptyAndOverLongNames() {
        assertThatThrownBy(() -> Artifact.output("", "a.txt")).hasMessage("Artifact name \"\" is empty");
        assertThatThrownBy(() -> Artifact.output("A", "")).hasMessage("Artifact filename \"\" is empty");
        assertThatThrownBy(() -> Artifact.output("n".repeat(RecordLimits.MAX_NAME_CHARS + 1), "a.txt"))
                .hasMessageEndingWith("is 257 characters; the limit is 256");
        assertThatThrownBy(() -> Artifact.output("A", "\u00e9".repeat(200))).hasMessageEndingWith("is 400 bytes in UTF-8; file systems take 255");
    }

    @Test
    void shouldStillRefuseNullsAsBefore() {
        assertThatThrownBy(() -> Artifact.output(null, "a.txt")).isInstanceOf(NullPointerException.class).hasMessage("name");
        assertThatThrownBy(() -> Artifact.output("A", null)).isInstanceOf(NullPointerException.class).hasMessage("filename");
    }
}
