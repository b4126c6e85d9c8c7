package io.riberry.registry;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.config.types.Password;

/**
 * What a registry client presents: nothing, HTTP Basic ({@code user:password}) or a Bearer token.
 * Read from Confluent's client settings, so a configuration written for Confluent's serdes works
 * unchanged: {@code basic.auth.credentials.source} ({@code USER_INFO} or {@code URL}) with
 * {@code basic.auth.user.info}, or {@code bearer.auth.credentials.source=STATIC_TOKEN} with
 * {@code bearer.auth.token}; each key also with the {@code schema.registry.} prefix.
 *
 * <p>The secret never leaves this object except as the {@code Authorization} header: it is not in
 * {@link #toString()} nor in any exception message.
 */
public final class RegistryCredentials {

    /** Confluent's key choosing where Basic credentials come from: {@code USER_INFO} or {@code URL}. */
    public static final String BASIC_SOURCE = "basic.auth.credentials.source";
    /** Confluent's key of the Basic credentials, {@code user:password}. */
    public static final String BASIC_USER_INFO = "basic.auth.user.info";
    /** Confluent's key choosing where a Bearer token comes from: only {@code STATIC_TOKEN} here. */
    public static final String BEARER_SOURCE = "bearer.auth.credentials.source";
    /** Confluent's key of a static Bearer token. */
    public static final String BEARER_TOKEN = "bearer.auth.token";
    /** The prefix Confluent also accepts on each of the keys ({@code schema.registry.basic.auth.user.info}). */
    public static final String PREFIX = "schema.registry.";

    /** No credentials: what a client of an open registry sends. */
    public static final RegistryCredentials NONE = new RegistryCredentials(Kind.NONE, null);

    private enum Kind { NONE, BASIC, BEARER }

    private final Kind kind;
    private final String secret;

    private RegistryCredentials(final Kind kind, final String secret) {
        this.kind = kind;
        this.secret = secret;
    }

    /**
     * HTTP Basic credentials.
     *
     * @param userInfo {@code user:password}; the platform's registry ignores the user and takes the password as its token
     * @return the credentials
     */
    public static RegistryCredentials basic(final String userInfo) {
        if (userInfo == null || userInfo.isBlank() || userInfo.indexOf(':') < 0) {
            // The value itself is not repeated: it may be a password with the colon forgotten.
            throw new IllegalArgumentException(BASIC_USER_INFO + " must be user:password");
        }
        return new RegistryCredentials(Kind.BASIC, userInfo);
    }

    /**
     * A Bearer token.
     *
     * @param token the token
     * @return the credentials
     */
    public static RegistryCredentials bearer(final String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException(BEARER_TOKEN + " must not be blank");
        }
        return new RegistryCredentials(Kind.BEARER, token.trim());
    }

    /**
     * The credentials Confluent's client settings in {@code configs} ask for, for a client of {@code url}.
     * A user info or token given without its {@code *.credentials.source} is used as if the source were
     * {@code USER_INFO} or {@code STATIC_TOKEN} (Confluent would ignore it silently, and send nothing).
     *
     * @param url     the registry, whose {@code user:password@} is the Basic source {@code URL}
     * @param configs client settings; other keys are ignored
     * @return the credentials, {@link #NONE} when none are configured
     * @throws IllegalArgumentException when Basic and Bearer are both configured, a source is unknown,
     *                                  or a source's value is missing
     */
    public static RegistryCredentials from(final String url, final Map<String, ?> configs) {
        final Optional<String> basicSource = setting(configs, BASIC_SOURCE).map(s -> s.toUpperCase(Locale.ROOT));
        final Optional<String> userInfo = setting(configs, BASIC_USER_INFO);
        final Optional<String> bearerSource = setting(configs, BEARER_SOURCE).map(s -> s.toUpperCase(Locale.ROOT));
        final Optional<String> token = setting(configs, BEARER_TOKEN);
        final boolean wantsBasic = basicSource.isPresent() || userInfo.isPresent();
        final boolean wantsBearer = bearerSource.isPresent() || token.isPresent();
        if (wantsBasic && wantsBearer) {
            throw new IllegalArgumentException("the schema registry client takes Basic (" + BASIC_USER_INFO + ") or Bearer ("
                    + BEARER_TOKEN + ") credentials, not both");
        }
        if (wantsBearer) {
            final String source = bearerSource.orElse("STATIC_TOKEN");
            if (!source.equals("STATIC_TOKEN")) {
                throw new IllegalArgumentException(BEARER_SOURCE + " must be STATIC_TOKEN, not " + source);
            }
            return bearer(token.orElseThrow(() -> new IllegalArgumentException(BEARER_SOURCE + "=STATIC_TOKEN needs " + BEARER_TOKEN)));
        }
        final String source = basicSource.orElse(userInfo.isPresent() ? "USER_INFO" : "URL");
        return switch (source) {
            case "USER_INFO" -> basic(userInfo.orElseThrow(() -> new IllegalArgumentException(BASIC_SOURCE + "=USER_INFO needs "
                    + BASIC_USER_INFO)));
            case "URL" -> userInfoOf(url).map(RegistryCredentials::basic).orElse(NONE);
            default -> throw new IllegalArgumentException(BASIC_SOURCE + " must be USER_INFO or URL, not " + source);
        };
    }

    /**
     * {@code url} without its {@code user:password@}: what may be shown, and what a request goes to.
     *
     * @param url a registry URL
     * @return the URL without user info
     */
    public static String withoutUserInfo(final String url) {
        final int scheme = url.indexOf("://");
        final int at = url.indexOf('@');
        final int pathStart = url.indexOf('/', scheme < 0 ? 0 : scheme + 3);
        if (scheme < 0 || at < 0 || (pathStart >= 0 && at > pathStart)) {
            return url;
        }
        return url.substring(0, scheme + 3) + url.substring(at + 1);
    }

    /** @return whether these credentials send anything */
    public boolean isPresent() {
        return kind != Kind.NONE;
    }

    /** @return the value of the {@code Authorization} header, empty for {@link #NONE} */
    public Optional<String> authorizationHeader() {
        return switch (kind) {
            case NONE -> Optional.empty();
            case BASIC -> Optional.of("Basic " + Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
            case BEARER -> Optional.of("Bearer " + secret);
        };
    }

    private static Optional<String> setting(final Map<String, ?> configs, final String key) {
        Object value = configs.get(key);
        if (value == null) {
            value = configs.get(PREFIX + key);
        }
        if (value == null) {
            return Optional.empty();
        }
        // Kafka hands a Password-typed setting over as its own object; its toString() hides the value.
        final String text = value instanceof Password password ? password.value() : value.toString();
        return text.isBlank() ? Optional.empty() : Optional.of(text.trim());
    }

    private static Optional<String> userInfoOf(final String url) {
        try {
            return Optional.ofNullable(URI.create(url).getUserInfo());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof RegistryCredentials that && kind == that.kind && Objects.equals(secret, that.secret);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, secret);
    }

    /** Which kind of credentials, never the secret. */
    @Override
    public String toString() {
        return switch (kind) {
            case NONE -> "no credentials";
            case BASIC -> "Basic credentials of user " + secret.substring(0, secret.indexOf(':'));
            case BEARER -> "a Bearer token";
        };
    }
}
