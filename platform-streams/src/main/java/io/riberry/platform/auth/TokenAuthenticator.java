package io.riberry.platform.auth;

import io.riberry.schema.ApiToken;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;

/**
 * API tokens: a secret of the token shape is looked up by its id in the principals store (every
 * replica holds all of it) and compared by hash. Unknown, revoked and expired tokens all answer
 * the same way, so a caller learns nothing about which ids exist.
 */
public final class TokenAuthenticator implements Authenticator {

    private final Function<String, ApiToken> tokensById;
    private final Clock clock;

    /** @param tokensById the stored token of an id, or null */
    public TokenAuthenticator(final Function<String, ApiToken> tokensById, final Clock clock) {
        this.tokensById = tokensById;
        this.clock = clock;
    }

    @Override
    public Optional<Principal> authenticate(final String secret) {
        final Optional<ApiTokens.Presented> presented = ApiTokens.parse(secret);
        if (presented.isEmpty()) {
            return Optional.empty();
        }
        final ApiToken stored = tokensById.apply(presented.get().tokenId());
        if (stored == null || !ApiTokens.matches(stored, presented.get(), clock.instant())) {
            throw new AuthenticationException("the API token is not valid (unknown, revoked or expired)");
        }
        return Optional.of(principalOf(stored));
    }

    /** Whether the token with this id is still valid: a session opened with a token ends when the token does. */
    public boolean stillValid(final String tokenId) {
        final ApiToken stored = tokensById.apply(tokenId);
        return stored != null && !ApiTokens.expired(stored, clock.instant());
    }

    static Principal principalOf(final ApiToken token) {
        return new Principal(token.getSubject(), java.util.Set.copyOf(token.getGroups()), token.getAdministrator(),
                "token " + token.getTokenId());
    }
}
