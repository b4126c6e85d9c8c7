package io.riberry.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.platform.client.ApiClient;
import io.riberry.platform.testing.Catalogs;
import io.riberry.platform.testing.Eventually;
import io.riberry.platform.testing.Executions;
import io.riberry.platform.testing.PlatformFixture;
import io.riberry.platform.testing.SharedKafka;
import io.riberry.sdk.Artifact;
import io.riberry.sdk.EntryPoint;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Artifacts written by a real worker, listed and downloaded byte for byte through the API. */
@ExtendWith(SharedKafka.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArtifactIT {

    private static final String CSV = "customer,total\nada,12\ngrace,30\n";
    private static final long BIG = 200L * 1024 * 1024;

    private PlatformFixture fixture;
    private ApiClient api;

    @BeforeAll
    void start(@TempDir final Path stateDir) {
        fixture = PlatformFixture.start(stateDir, Catalogs.demo());
        final EntryPoint hello = ctx -> {
            if ("big".equals(ctx.input("name").orElse(""))) {
                ctx.artifact(Artifact.output("Big", "big.bin"), new GeneratedBytes(BIG));
                return;
            }
            ctx.artifact(Artifact.output("Totals", "totals.csv").withData(Map.of("title", "Totals per customer")),
                    CSV.getBytes(StandardCharsets.UTF_8));
            ctx.artifact(Artifact.report("Detail", "detail.bin"), new GeneratedBytes(3 * 1024 * 1024 + 17));
        };
        final EntryPoint fail = ctx -> {
            throw new IllegalStateException("no such customer: Zed");
        };
        fixture.startWorker(Map.of("hello", hello, "fail", fail));
        api = fixture.api();
    }

    @AfterAll
    void stop() {
        fixture.close();
    }

    @Test
    void shouldListAndDownloadArtifactsByteForByte() throws Exception {
        final JsonNode artifacts = artifactsOfFinished(submit("hello", "n"), 2);

        final JsonNode csv = artifacts.get(0);
        assertThat(csv.get("name").asText()).isEqualTo("Totals");
        assertThat(csv.get("type").asText()).isEqualTo("OUTPUT");
        assertThat(csv.get("category").asText()).isEqualTo("Default");
        assertThat(csv.get("size").asLong()).isEqualTo(CSV.length());
        assertThat(csv.at("/data/title").asText()).isEqualTo("Totals per customer");
        assertThat(csv.get("complete").asBoolean()).isTrue();
        final HttpResponse<byte[]> csvContent = download(csv.get("artifactId").asText());
        assertThat(csvContent.headers().firstValue("Content-Type")).contains("text/csv");
        assertThat(csvContent.headers().firstValueAsLong("Content-Length")).hasValue(CSV.length());
        assertThat(new String(csvContent.body(), StandardCharsets.UTF_8)).isEqualTo(CSV);

        final JsonNode report = artifacts.get(1);
        assertThat(report.get("type").asText()).isEqualTo("REPORT");
        assertThat(report.get("chunkCount").asInt()).isEqualTo(7);
        assertThat(sha256(download(report.get("artifactId").asText()).body())).isEqualTo(report.get("sha256").asText())
                .isEqualTo(sha256(new GeneratedBytes(3 * 1024 * 1024 + 17).readAllBytes()));
    }

    @Test
    void shouldKeepTheStackTraceOfAFailedEntryPointAsAnErrorArtifact() throws Exception {
        final String executionId = submit("fail", "");
        final JsonNode error = artifactsOfFinished(executionId, 1).get(0);

        assertThat(error.get("type").asText()).isEqualTo("ERROR");
        assertThat(error.get("category").asText()).isEqualTo("Fatal");
        assertThat(error.get("name").asText()).isEqualTo("Exception fail");
        assertThat(error.get("filename").asText()).isEqualTo("fail-" + executionId + ".log");
        assertThat(error.at("/data/Error Type").asText()).isEqualTo(IllegalStateException.class.getName());
        assertThat(error.at("/data/Error Message").asText()).isEqualTo("no such customer: Zed");
        final String trace = new String(download(error.get("artifactId").asText()).body(), StandardCharsets.UTF_8);
        assertThat(trace).startsWith("java.lang.IllegalStateException: no such customer: Zed").contains("\tat io.riberry.platform.it.ArtifactIT");
    }

    @Test
    void shouldRoundTripA200MegabyteArtifactWithItsChecksum() throws Exception {
        final JsonNode big = artifactsOfFinished(submit("hello", "big"), 1).get(0);
        assertThat(big.get("size").asLong()).isEqualTo(BIG);

        final MessageDigest digest = MessageDigest.getInstance("SHA-256");
        final HttpResponse<InputStream> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                api.authorized(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/artifacts/" + big.get("artifactId").asText() + "/content"))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long received;
        try (InputStream in = new DigestInputStream(response.body(), digest)) {
            received = in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(received).isEqualTo(BIG);
        assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(big.get("sha256").asText())
                .isEqualTo(sha256Of(new GeneratedBytes(BIG)));
    }

    private String submit(final String form, final String name) {
        final Map<String, Object> inputs = name.isEmpty() ? Map.of() : Map.of("name", name);
        return api.post("/jobs", Map.of("form", form, "name", "artifacts-" + form + "-" + name, "inputs", inputs))
                .body().get("executionId").asText();
    }

    private JsonNode artifactsOfFinished(final String executionId, final int expected) {
        Executions.awaitFinished(api, executionId);
        return Eventually.awaitValue(Duration.ofSeconds(120), expected + " complete artifacts", () -> {
            final JsonNode items = api.get("/executions/" + executionId + "/artifacts").body().get("items");
            if (items.size() < expected) {
                return null;
            }
            for (JsonNode item : items) {
                if (!item.get("complete").asBoolean()) {
                    return null;
                }
            }
            return items;
        });
    }

    private HttpResponse<byte[]> download(final String artifactId) throws IOException, InterruptedException {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                api.authorized(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/artifacts/" + artifactId + "/content"))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String sha256(final byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String sha256Of(final InputStream in) throws Exception {
        final MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (DigestInputStream digesting = new DigestInputStream(in, digest)) {
            digesting.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** {@code size} pseudo-random bytes from a fixed seed: the same every time, never all in memory. */
    static final class GeneratedBytes extends InputStream {
        private final Random random = new Random(42);
        private final byte[] block = new byte[64 * 1024];
        private long remaining;
        private int position = block.length;

        GeneratedBytes(final long size) {
            this.remaining = size;
        }

        @Override
        public int read() {
            final byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(final byte[] target, final int offset, final int length) {
            if (remaining == 0) {
                return -1;
            }
            if (position == block.length) {
                random.nextBytes(block);
                position = 0;
            }
            final int count = (int) Math.min(Math.min(length, block.length - position), remaining);
            System.arraycopy(block, position, target, offset, count);
            position += count;
            remaining -= count;
            return count;
        }
    }
}
