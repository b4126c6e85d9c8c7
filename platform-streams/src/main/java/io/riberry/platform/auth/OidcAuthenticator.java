package io.riberry.platform.auth;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.Header;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A JWT from the configured OIDC issuer as a bearer token (or as the password of HTTP Basic). A
 * secret that is not a JWT is left to the next authenticator; a JWT is this one's to accept or
 * refuse. The principal is the token's subject claim, its groups claim, administrator when the
 * configured admin group is among the groups, via {@code oidc}.
 */
public final class OidcAuthenticator implements Authenticator {

    public static final String VIA = "oidc";
    /** Longer than any issuer's token; a longer one is refused before it is parsed. */
    public static final int MAX_TOKEN_CHARS = 8192;
    /** A token listing more groups is refused: a bounded principal, and a cue to filter the claim at the issuer. */
    public static final int MAX_GROUPS = 256;
    public static final int MAX_GROUP_CHARS = 256;
    public static final int MAX_SUBJECT_CHARS = 256;
    private static final int MAX_HEADER_CHARS = 2048;

    private final OidcTokenVerifier verifier;

    public OidcAuthenticator(final OidcTokenVerifier verifier) {
        this.verifier = verifier;
    }

    /** An authenticator for the configured issuer, with the system clock. */
    public static OidcAuthenticator of(final OidcSettings settings) {
        return new OidcAuthenticator(new OidcTokenVerifier(new OidcIssuer(settings), Clock.systemUTC()));
    }

    @Override
    public Optional<Principal> authenticate(final String secret) {
        final Optional<Header> header = jwtHeader(secret);
        if (header.isEmpty()) {
            return Optional.empty();
        }
        if (secret.length() > MAX_TOKEN_CHARS) {
            throw new AuthenticationException("the token is longer than " + MAX_TOKEN_CHARS + " characters");
        }
        if (Algorithm.NONE.equals(header.get().getAlgorithm())) {
            throw new AuthenticationException("unsigned tokens (alg none) are not accepted");
        }
        final SignedJWT jwt = OidcTokenVerifier.parse(secret);
        final JWTClaimsSet claims = verifier.verify(jwt, verifier.settings().audience());
        return Optional.of(principalOf(claims, verifier.settings()));
    }

    /**
     * The JOSE header of a JWT in compact form (three base64url parts, the first a header naming an
     * algorithm); empty for anything else (an API token, a JWE), which is not this authenticator's.
     * Only the header is decoded, and only when it is of a header's size.
     */
    static Optional<Header> jwtHeader(final String secret) {
        if (secret == null) {
            return Optional.empty();
        }
        final int first = secret.indexOf('.');
        final int second = first < 0 ? -1 : secret.indexOf('.', first + 1);
        if (first <= 0 || second < 0 || secret.indexOf('.', second + 1) >= 0 || first > MAX_HEADER_CHARS) {
            return Optional.empty();
        }
        try {
            final Header header = Header.parse(new Base64URL(secret.substring(0, first)));
            return header.getAlgorithm() == null ? Optional.empty() : Optional.of(header);
        } catch (ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The principal a verified token's claims describe. */
    public static Principal principalOf(final JWTClaimsSet claims, final OidcSettings settings) {
        final Object subject = claim(claims, settings.subjectClaim());
        if (!(subject instanceof String name) || name.isBlank()) {
            throw new AuthenticationException("the token has no " + settings.subjectClaim() + " claim to name its user");
        }
        if (name.length() > MAX_SUBJECT_CHARS) {
            throw new AuthenticationException("the token's " + settings.subjectClaim() + " is longer than " + MAX_SUBJECT_CHARS + " characters");
        }
        final Set<String> groups = groupsOf(claim(claims, settings.groupsClaim()), settings.groupsClaim());
        final boolean administrator = !settings.adminGroup().isEmpty() && groups.contains(settings.adminGroup());
        return new Principal(name, groups, administrator, VIA);
    }

    private static Set<String> groupsOf(final Object value, final String claimName) {
        final Set<String> groups = new LinkedHashSet<>();
        if (value == null) {
            return groups;
        }
        final Collection<?> listed = value instanceof Collection<?> collection ? collection : List.of(value);
        if (listed.size() > MAX_GROUPS) {
            throw new AuthenticationException("the token's " + claimName + " claim lists more than " + MAX_GROUPS + " groups");
        }
        for (Object group : listed) {
            if (!(group instanceof String text)) {
                throw new AuthenticationException("the token's " + claimName + " claim must be a string or a list of strings");
            }
            if (text.length() > MAX_GROUP_CHARS) {
                throw new AuthenticationException("the token's " + claimName + " claim has a group name over " + MAX_GROUP_CHARS + " characters");
            }
            groups.add(text);
        }
        return groups;
    }

    /**
     * A claim by name, or by a dotted path into nested objects ({@code realm_access.roles}) when no
     * claim has the whole name: namespaced claims like {@code https://example.com/groups} have dots too.
     */
    static Object claim(final JWTClaimsSet claims, final String name) {
        final Object whole = claims.getClaim(name);
        if (whole != null || name.indexOf('.') < 0) {
            return whole;
        }
        Object current = claims.toJSONObject();
        for (String step : name.split("\\.")) {
            if (!(current instanceof Map<?, ?> object)) {
                return null;
            }
            current = object.get(step);
        }
        return current;
    }
}
