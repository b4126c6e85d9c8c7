package io.riberry.platform.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Checks a signed JWT from the configured issuer: its signature against the issuer's published
 * keys with an asymmetric algorithm only, then its issuer, audience and validity period. Used for
 * bearer tokens ({@link OidcAuthenticator}) and for the ID token of a dashboard sign-in
 * ({@link OidcLogin}), with their own audiences. Reasons are short and never repeat the token.
 */
public final class OidcTokenVerifier {

    /**
     * Only asymmetric algorithms: with a symmetric one (HS*) anyone holding the issuer's public key
     * could sign, and {@code none} is no signature at all.
     */
    public static final Set<JWSAlgorithm> ACCEPTED_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.PS256);
    /** How far the issuer's clock and ours may disagree. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    private final OidcIssuer issuer;
    private final Clock clock;

    public OidcTokenVerifier(final OidcIssuer issuer, final Clock clock) {
        this.issuer = issuer;
        this.clock = clock;
    }

    public OidcSettings settings() {
        return issuer.settings();
    }

    /**
     * The claims of {@code jwt} once its signature and standard claims hold for {@code audience}.
     *
     * @throws AuthenticationException when it does not, or when the issuer's keys cannot be had
     */
    public JWTClaimsSet verify(final SignedJWT jwt, final String audience) {
        final JWSAlgorithm algorithm = jwt.getHeader().getAlgorithm();
        if (!ACCEPTED_ALGORITHMS.contains(algorithm)) {
            throw new AuthenticationException("the token's algorithm " + algorithm + " is not accepted (RS256, ES256 or PS256)");
        }
        final JWTClaimsSet claims;
        try {
            claims = processor().process(jwt, null);
        } catch (BadJWSException e) {
            throw new AuthenticationException("the token's signature does not verify");
        } catch (BadJOSEException e) {
            // Nimbus says so when the selector found no key for the token's kid and algorithm, or its typ is not a JWT's.
            throw new AuthenticationException(e.getMessage() != null && e.getMessage().contains("typ")
                    ? "the token's type is not a JWT" : "the token's signing key is not among the issuer's keys");
        } catch (RateLimitReachedException e) {
            throw new AuthenticationException("the token's signing key is not among the issuer's keys");
        } catch (KeySourceException e) {
            // The caller's token may be fine: 503 (retry), not 401 (sign in again).
            throw io.riberry.platform.http.ApiException.unavailable("the issuer's signing keys cannot be fetched now; try again later");
        } catch (JOSEException e) {
            throw new AuthenticationException("the token's signature cannot be checked");
        }
        checkClaims(claims, audience);
        return claims;
    }

    private DefaultJWTProcessor<SecurityContext> processor() {
        final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        try {
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ACCEPTED_ALGORITHMS, issuer.keys()));
        } catch (OidcIssuer.UnavailableException e) {
            throw io.riberry.platform.http.ApiException.unavailable("the issuer's signing keys cannot be fetched now (" + e.getMessage()
                    + "); try again later");
        }
        // Access tokens of RFC 9068 say at+jwt; ID tokens and most access tokens say JWT or nothing.
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
        // The claims are checked below, after the signature, with our own clock and reasons.
        processor.setJWTClaimsSetVerifier(null);
        return processor;
    }

    private void checkClaims(final JWTClaimsSet claims, final String audience) {
        final Instant now = clock.instant();
        if (!settings().issuer().equals(claims.getIssuer())) {
            throw new AuthenticationException("the token's issuer is not " + settings().issuer());
        }
        final List<String> audiences = claims.getAudience();
        if (audiences == null || !audiences.contains(audience)) {
            throw new AuthenticationException("the token's audience is not " + audience);
        }
        final Date expiry = claims.getExpirationTime();
        if (expiry == null) {
            throw new AuthenticationException("the token has no expiry (exp)");
        }
        if (!now.minus(CLOCK_SKEW).isBefore(expiry.toInstant())) {
            throw new AuthenticationException("the token has expired");
        }
        final Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && now.plus(CLOCK_SKEW).isBefore(notBefore.toInstant())) {
            throw new AuthenticationException("the token is not valid yet");
        }
        final Date issuedAt = claims.getIssueTime();
        if (issuedAt != null && now.plus(CLOCK_SKEW).isBefore(issuedAt.toInstant())) {
            throw new AuthenticationException("the token was issued in the future");
        }
    }

    /** Parses a compact JWS, for callers that know the text is one. */
    static SignedJWT parse(final String compact) {
        try {
            return SignedJWT.parse(compact);
        } catch (ParseException e) {
            throw new AuthenticationException("the token is not a well-formed signed JWT");
        }
    }
}
