package io.riberry.platform.auth;

import io.riberry.platform.config.PlatformConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code auth.oidc.*} settings, checked once: an issuer needs an audience (a JWT for another
 * client of the same issuer must not pass), and the sign-in needs a client id. Empty strings mean
 * "not set", as in {@link PlatformConfig}.
 *
 * @param httpTimeout how long one call to the issuer (discovery, keys, token endpoint) may take to
 *                    connect and again to answer; short, because a request waits on it
 */
public record OidcSettings(String issuer, String jwksUrl, String audience, String subjectClaim, String groupsClaim,
                           String adminGroup, String clientId, String clientSecret, String redirectUrl, Duration httpTimeout) {

    public static final Duration DEFAULT_HTTP_TIMEOUT = Duration.ofSeconds(2);

    public OidcSettings {
        issuer = trim(issuer);
        jwksUrl = trim(jwksUrl);
        audience = trim(audience);
        subjectClaim = trim(subjectClaim).isEmpty() ? "sub" : trim(subjectClaim);
        groupsClaim = trim(groupsClaim).isEmpty() ? "groups" : trim(groupsClaim);
        adminGroup = trim(adminGroup);
        clientId = trim(clientId);
        clientSecret = clientSecret == null ? "" : clientSecret;
        redirectUrl = trim(redirectUrl);
        if (!issuer.isEmpty()) {
            requireHttpUrl(PlatformConfig.AUTH_OIDC_ISSUER, issuer);
            if (audience.isEmpty()) {
                throw new IllegalArgumentException(PlatformConfig.AUTH_OIDC_AUDIENCE + " is required when "
                        + PlatformConfig.AUTH_OIDC_ISSUER + " is set: without it a token the issuer made for any other client would pass");
            }
        }
        if (!jwksUrl.isEmpty()) {
            requireHttpUrl(PlatformConfig.AUTH_OIDC_JWKS_URL, jwksUrl);
        }
        if (!redirectUrl.isEmpty()) {
            requireHttpUrl(PlatformConfig.AUTH_OIDC_REDIRECT_URL, redirectUrl);
        }
        if (httpTimeout == null || httpTimeout.isNegative() || httpTimeout.isZero()) {
            httpTimeout = DEFAULT_HTTP_TIMEOUT;
        }
    }

    /** The settings a platform was configured with. */
    public static OidcSettings from(final PlatformConfig config) {
        return new OidcSettings(config.oidc(PlatformConfig.AUTH_OIDC_ISSUER), config.oidc(PlatformConfig.AUTH_OIDC_JWKS_URL),
                config.oidc(PlatformConfig.AUTH_OIDC_AUDIENCE), config.oidc(PlatformConfig.AUTH_OIDC_SUBJECT_CLAIM),
                config.oidc(PlatformConfig.AUTH_OIDC_GROUPS_CLAIM), config.oidc(PlatformConfig.AUTH_OIDC_ADMIN_GROUP),
                config.oidc(PlatformConfig.AUTH_OIDC_CLIENT_ID), config.oidc(PlatformConfig.AUTH_OIDC_CLIENT_SECRET),
                config.oidc(PlatformConfig.AUTH_OIDC_REDIRECT_URL), DEFAULT_HTTP_TIMEOUT);
    }

    /** The settings in a map of {@code auth.oidc.*} keys (absent keys take their defaults). */
    public static OidcSettings from(final Map<String, String> values) {
        return new OidcSettings(values.get(PlatformConfig.AUTH_OIDC_ISSUER), values.get(PlatformConfig.AUTH_OIDC_JWKS_URL),
                values.get(PlatformConfig.AUTH_OIDC_AUDIENCE), values.get(PlatformConfig.AUTH_OIDC_SUBJECT_CLAIM),
                values.get(PlatformConfig.AUTH_OIDC_GROUPS_CLAIM), values.get(PlatformConfig.AUTH_OIDC_ADMIN_GROUP),
                values.get(PlatformConfig.AUTH_OIDC_CLIENT_ID), values.get(PlatformConfig.AUTH_OIDC_CLIENT_SECRET),
                values.get(PlatformConfig.AUTH_OIDC_REDIRECT_URL), DEFAULT_HTTP_TIMEOUT);
    }

    /** JWTs are accepted as bearer tokens. */
    public boolean enabled() {
        return !issuer.isEmpty();
    }

    /** The dashboard offers the sign-in through the issuer. */
    public boolean loginEnabled() {
        return enabled() && !clientId.isEmpty();
    }

    public Optional<String> configuredJwksUrl() {
        return jwksUrl.isEmpty() ? Optional.empty() : Optional.of(jwksUrl);
    }

    public Optional<String> configuredRedirectUrl() {
        return redirectUrl.isEmpty() ? Optional.empty() : Optional.of(redirectUrl);
    }

    /** Never the client secret: settings get logged. */
    @Override
    public String toString() {
        return "OidcSettings[issuer=" + issuer + ", jwksUrl=" + jwksUrl + ", audience=" + audience + ", subjectClaim=" + subjectClaim
                + ", groupsClaim=" + groupsClaim + ", adminGroup=" + adminGroup + ", clientId=" + clientId
                + ", clientSecret=" + (clientSecret.isEmpty() ? "" : "[hidden]") + ", redirectUrl=" + redirectUrl
                + ", httpTimeout=" + httpTimeout + "]";
    }

    private static String trim(final String value) {
        return value == null ? "" : value.trim();
    }

    private static void requireHttpUrl(final String key, final String value) {
        final URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " is not a URL: " + value);
        }
        if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
            throw new IllegalArgumentException(key + " must be an http(s) URL with a host: " + value);
        }
    }
}
