package io.riberry.platform.dashboard;

import io.riberry.platform.http.ApiException;
import io.riberry.platform.http.ApiRequest;
import io.riberry.platform.http.ApiResponse;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The dashboard's scripts, styles and icons, served from inside the jar ({@code assets/} beside
 * this class): the dashboard works with no internet and no CDN. A name is one plain file name
 * (no path, no dot-dot), so nothing outside that folder can be asked for. Each answer carries an
 * ETag of its bytes: a browser revalidates cheaply and a new version is picked up at once.
 */
final class DashboardAssets {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}\\.(js|css|svg)");
    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");

    private record Asset(byte[] bytes, String type, String etag) {
    }

    /** Only assets that exist are kept: names asked for in vain are not remembered (anyone may ask for any number of them). */
    private final Map<String, Asset> loaded = new ConcurrentHashMap<>();

    ApiResponse serve(final ApiRequest request) {
        final String name = request.pathParam("name");
        final Asset asset = find(name)
                .orElseThrow(() -> ApiException.notFound("no dashboard asset " + io.riberry.topics.RecordLimits.quote(name)));
        if (request.header("if-none-match").map(asset.etag()::equals).orElse(false)) {
            return new ApiResponse(304, Map.of("ETag", asset.etag(), "Cache-Control", "no-cache"), 0, out -> { });
        }
        return ApiResponse.bytes(200, asset.bytes(), asset.type())
                .withHeader("ETag", asset.etag())
                .withHeader("Cache-Control", "no-cache");
    }

    private Optional<Asset> find(final String name) {
        final Asset known = loaded.get(name);
        if (known != null || !NAME.matcher(name).matches()) {
            return Optional.ofNullable(known);
        }
        final Optional<Asset> found = load(name);
        found.ifPresent(asset -> loaded.put(name, asset));
        return found;
    }

    private static Optional<Asset> load(final String name) {
        try (InputStream in = DashboardAssets.class.getResourceAsStream("assets/" + name)) {
            if (in == null) {
                return Optional.empty();
            }
            final byte[] bytes = in.readAllBytes();
            final String extension = name.substring(name.lastIndexOf('.') + 1);
            return Optional.of(new Asset(bytes, TYPES.get(extension), "\"" + HexFormat.of().formatHex(sha256(bytes), 0, 8) + "\""));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read dashboard asset " + name, e);
        }
    }

    private static byte[] sha256(final byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
