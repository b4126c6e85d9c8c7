package io.riberry.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The download header from hostile file names: ASCII, one header line, base name only, never empty. */
class ContentDispositionTest {

    private static final Pattern HEADER = Pattern.compile("attachment; filename=\"([^\"\\\\]*)\"; filename\\*=UTF-8''([A-Za-z0-9!#$&+.^_`|~%-]*)");

    @Test
    void shouldOfferAnOrdinaryNameUnchangedInBothForms() {
        assertThat(ContentDisposition.attachment("scores.csv")).isEqualTo("attachment; filename=\"scores.csv\"; filename*=UTF-8''scores.csv");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\r\nSet-Cookie: x=1.txt", "nul\u0000byte.txt", "report \uD83D\uDE00.pdf", "invoice\u202Efdp.exe", "../../etc/passwd",
            "..\\..\\x", "", "\"quoted\" \\name.txt", "\u0085next\u009bline", "\uD800lone", ".", "..", "...", "/", "\\"})
    void shouldAlwaysBeOneAsciiHeaderLineNamingABaseName(final String hostile) {
        final String header = ContentDisposition.attachment(hostile);

        assertThat(header).matches(HEADER);
        assertThat(header.chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
        final Matcher parts = HEADER.matcher(header);
        assertThat(parts.matches()).isTrue();
        assertThat(parts.group(1)).isNotBlank().doesNotContain("/", "\\", "\"").doesNotStartWith(".");
        final String decoded = URLDecoder.decode(parts.group(2).replace("+", "%2B"), StandardCharsets.UTF_8);
        assertThat(decoded).isNotBlank().doesNotContain("/", "\\", "\r", "\n", "\u0000", "\u202E").doesNotStartWith(".");
    }

    @Test
    void shouldKeepOnlyTheBaseNameOfAPathWhicheverSeparatorItUses() {
        assertThat(ContentDisposition.attachment("../../etc/passwd")).isEqualTo("attachment; filename=\"passwd\"; filename*=UTF-8''passwd");
        assertThat(ContentDisposition.attachment("..\\..\\x")).isEqualTo("attachment; filename=\"x\"; filename*=UTF-8''x");
    }

    @Test
    void shouldDropLineBreaksAndNulsAndCarryNonAsciiOnlyPercentEncoded() {
        assertThat(ContentDisposition.attachment("a\r\nb\u0000c.txt")).isEqualTo("attachment; filename=\"abc.txt\"; filename*=UTF-8''abc.txt");
        assertThat(ContentDisposition.attachment("report \uD83D\uDE00.pdf"))
                .isEqualTo("attachment; filename=\"report _.pdf\"; filename*=UTF-8''report%20%F0%9F%98%80.pdf");
        assertThat(ContentDisposition.attachment("invoice\u202Efdp.exe")).isEqualTo("attachment; filename=\"invoicefdp.exe\"; filename*=UTF-8''invoicefdp.exe");
    }

    @Test
    void shouldReplaceQuotesAndBackslashesOfTheFallbackAndEncodeThemInTheUtf8Form() {
        assertThat(ContentDisposition.attachment("say \"hi\".txt")).isEqualTo("attachment; filename=\"say _hi_.txt\"; filename*=UTF-8''say%20%22hi%22.txt");
    }

    @Test
    void shouldNeverOfferAnEmptyName() {
        assertThat(ContentDisposition.attachment("")).isEqualTo("attachment; filename=\"artifact\"; filename*=UTF-8''artifact");
        assertThat(ContentDisposition.attachment("../..")).isEqualTo("attachment; filename=\"artifact\"; filename*=UTF-8''artifact");
        assertThat(ContentDisposition.attachment(null)).isEqualTo("attachment; filename=\"artifact\"; filename*=UTF-8''artifact");
    }

    @Test
    void shouldBoundAVeryLongNameAndKeepItsExtension() {
        final String header = ContentDisposition.attachment("x".repeat(10_000) + ".csv");

        final Matcher parts = HEADER.matcher(header);
        assertThat(parts.matches()).isTrue();
        assertThat(parts.group(1)).hasSize(ContentDisposition.MAX_FALLBACK_CHARS).endsWith(".csv");
        assertThat(parts.group(2)).hasSizeLessThanOrEqualTo(255).endsWith(".csv");
    }
}
