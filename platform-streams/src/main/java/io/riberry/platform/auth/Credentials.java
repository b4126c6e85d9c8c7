package io.riberry.platform.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * The secret a request presents in its {@code Authorization} header: {@code Bearer <token>}, or
 * HTTP Basic with the token as password (how Confluent-compatible registry clients send
 * {@code basic.auth.user.info}; the user part is not checked, the token says who it is).
 */
public final class Credentials {

    /** Longer than any token or JWT we accept; a header past it is refused unread. */
    static final int MAX_SECRET_CHARS = 8192;

    private Credentials() {
    }

    /**
     * The secret in an {@code Authorization} header value, or empty when there is none.
     *
     * @throws AuthenticationException when the header is there but malformed
     */
    public static Optional<String> fromAuthorization(final String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        final int space = header.indexOf(' ');
        final String scheme = (space < 0 ? header : header.substring(0, space)).toLowerCase(Locale.ROOT);
        final String value = space < 0 ? "" : header.substring(space + 1).trim();
        if (value.isEmpty() || value.length() > MAX_SECRET_CHARS) {
            throw new AuthenticationException("the Authorization header carries no usable credential");
        }
        return switch (scheme) {
            case "bearer" -> Optional.of(value);
            case "basic" -> Optional.of(basicPassword(value));
            default -> throw new AuthenticationException("the Authorization scheme must be Bearer or Basic");
        };
    }

    private static String basicPassword(final String encoded) {
        final String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new AuthenticationException("the Basic credentials are not valid base64");
        }
        final int colon = decoded.indexOf(':');
        if (colon < 0 || colon == decoded.length() - 1) {
            throw new AuthenticationException("Basic credentials must be user:token");
        }
        return decoded.substring(colon + 1);
    }
}
