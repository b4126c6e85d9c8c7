package io.riberry.platform.auth;

import io.riberry.platform.http.ApiException;
import io.riberry.platform.http.ApiRequest;
import io.riberry.platform.http.Gate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The API's and the dashboard's gate. A request proves who it is with {@code Authorization}
 * (Bearer, or Basic with the token as password) checked by each {@link Authenticator} in turn, or
 * with the dashboard's session cookie; then its {@link Access} comes from the catalog's groups as
 * they are at that moment, so a change of groups applies to the next request. Nothing else gets in.
 */
public final class Authentication implements Gate {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final List<Authenticator> authenticators;
    private final SessionCookies sessions;
    private final TokenAuthenticator tokens;
    private final Supplier<GroupIndex> catalog;

    public Authentication(final List<Authenticator> authenticators, final SessionCookies sessions, final TokenAuthenticator tokens,
                          final Supplier<GroupIndex> catalog) {
        this.authenticators = List.copyOf(authenticators);
        this.sessions = sessions;
        this.tokens = tokens;
        this.catalog = catalog;
    }

    /**
     * A gate that lets everyone in as an administrator: {@code auth.enabled=false}. Even then a
     * web page the user visits must not make their browser submit, cancel or re-run (a form posting
     * {@code text/plain} needs no credential to steal): a change a browser says comes from another
     * site is refused. Clients outside a browser send neither header and are let in.
     */
    public static Gate disabled() {
        return request -> {
            if (!SAFE_METHODS.contains(request.method()) && fromAnotherSite(request)) {
                throw ApiException.forbidden("a change may not come from another site's page");
            }
            return Access.everything(Principal.UNAUTHENTICATED);
        };
    }

    private static boolean fromAnotherSite(final ApiRequest request) {
        final Optional<String> fetchSite = request.header("sec-fetch-site").map(site -> site.toLowerCase(Locale.ROOT));
        final String host = request.header("host").orElse("");
        return fetchSite.filter(site -> !site.equals("same-origin") && !site.equals("none")).isPresent()
                || request.header("origin").filter(o -> !o.equals("http://" + host) && !o.equals("https://" + host)).isPresent();
    }

    @Override
    public Access admit(final ApiRequest request) {
        return accessOf(principalOf(request));
    }

    /** What {@code principal} may do under the catalog's groups as they are now. */
    public Access accessOf(final Principal principal) {
        return Access.of(principal, catalog.get());
    }

    /** Who sent {@code request}, or 401. */
    public Principal principalOf(final ApiRequest request) {
        final Optional<String> authorization = request.header("authorization");
        if (authorization.isPresent()) {
            return authenticate(authorization.get());
        }
        final Optional<SessionCookies.Session> session = sessions.read(request.header("cookie").orElse(null));
        if (session.isPresent()) {
            if (session.get().tokenId().isPresent() && !tokens.stillValid(session.get().tokenId().get())) {
                throw ApiException.unauthorized("the session's API token was revoked or has expired; sign in again");
            }
            requireSameSite(request);
            return session.get().principal();
        }
        throw ApiException.unauthorized("authentication required: send Authorization: Bearer <token> (riberry tokens create), "
                + "or sign in at /login");
    }

    /** The principal an {@code Authorization} header value proves, or 401 (the message never repeats the credential). */
    public Principal authenticate(final String authorization) {
        try {
            final String secret = Credentials.fromAuthorization(authorization)
                    .orElseThrow(() -> new AuthenticationException("the Authorization header is empty"));
            for (Authenticator authenticator : authenticators) {
                final Optional<Principal> principal = authenticator.authenticate(secret);
                if (principal.isPresent()) {
                    return principal.get();
                }
            }
            throw new AuthenticationException("the credential is not a token this platform knows");
        } catch (AuthenticationException e) {
            throw ApiException.unauthorized(e.getMessage());
        }
    }

    /**
     * A session cookie rides along with any request the browser makes, including one another
     * site's page starts: a write with a session must come from our own pages. SameSite=Lax
     * already keeps the cookie off other sites' posts; this is the second lock.
     */
    private static void requireSameSite(final ApiRequest request) {
        if (!SAFE_METHODS.contains(request.method())) {
            requireSameOrigin(request, "a change made with a session cookie must come from the dashboard's own pages");
        }
    }

    /**
     * 403 unless the browser says the request comes from our own origin. Either header saying
     * otherwise is enough to refuse, and so is neither being there (every browser sends one of
     * them on a POST); a script outside a browser has no session cookie to abuse.
     */
    public static void requireSameOrigin(final ApiRequest request, final String refusal) {
        final Optional<String> fetchSite = request.header("sec-fetch-site").map(site -> site.toLowerCase(Locale.ROOT));
        final Optional<String> origin = request.header("origin");
        final String host = request.header("host").orElse("");
        final boolean fetchSiteSaysOurs = fetchSite.map("same-origin"::equals).orElse(true);
        final boolean originSaysOurs = origin.map(o -> !host.isEmpty() && (o.equals("http://" + host) || o.equals("https://" + host)))
                .orElse(true);
        if (fetchSite.isEmpty() && origin.isEmpty() || !fetchSiteSaysOurs || !originSaysOurs) {
            throw ApiException.forbidden(refusal);
        }
    }
}
