package io.riberry.platform.dashboard;

import io.riberry.platform.auth.Access;
import io.riberry.platform.auth.Authentication;
import io.riberry.platform.auth.OidcLogin;
import io.riberry.platform.auth.PlatformAuth;
import io.riberry.platform.auth.Principal;
import io.riberry.platform.auth.SessionCookies;
import io.riberry.platform.http.ApiException;
import io.riberry.platform.http.ApiRequest;
import io.riberry.platform.http.ApiResponse;
import io.riberry.platform.http.Router;
import io.riberry.platform.live.LiveRoutes;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard's door: {@code GET /login} (a form asking for an API token, and the issuer's
 * sign-in when OIDC is configured), {@code POST /login} (checks the token, opens a session cookie,
 * sends the browser to {@code /}), {@code POST /logout}, and {@code /} itself, which shows who is
 * signed in and what they may see. The token travels only in the form's body, never in a URL; the
 * session cookie is HttpOnly and SameSite=Lax and carries no token.
 */
public final class DashboardRoutes {

    /** The dashboard's addresses; each is the same shell, drawn by the script for its URL. */
    static final List<String> PAGES = List.of("/", "/executions", "/executions/{id}", "/jobs/{id}", "/forms",
            "/forms/{name}", "/instances", "/instances/{name}", "/schedules");

    private final PlatformAuth auth;
    private final boolean oidcSignIn;
    private final DashboardAssets assets = new DashboardAssets();
    private final LiveRoutes live;

    public DashboardRoutes(final PlatformAuth auth, final LiveRoutes live) {
        this.auth = auth;
        this.live = live;
        this.oidcSignIn = auth.oidcLogin().isPresent();
    }

    public Router router() {
        final Router router = new Router()
                .open("GET", "/assets/{name}", assets::serve)
                .open("GET", "/login", this::loginPage)
                .open("POST", "/login", this::login)
                .open("POST", "/logout", this::logout);
        // Every page is one shell: the script draws the page its URL names, so any URL can be bookmarked or shared.
        for (String page : PAGES) {
            router.open("GET", page, this::page);
        }
        live.addTo(router);
        auth.oidcLogin().ifPresent(login -> router
                .open("GET", OidcLogin.START_PATH, login::start)
                .open("GET", OidcLogin.CALLBACK_PATH, login::callback));
        return router;
    }

    /**
     * Scripts and styles only from this origin's {@code /assets} (never inline, so injected markup
     * cannot run), data only from this origin, no framing, forms post only here.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    /**
     * The page shell for a signed-in caller (session cookie, or a bearer token sent with the page
     * request itself, as a scripted browser or a header-injecting proxy does); the sign-in page otherwise.
     */
    private ApiResponse page(final ApiRequest request) {
        final Optional<Access> access = signedIn(request);
        if (access.isEmpty()) {
            return redirect("/login");
        }
        final Access who = access.get();
        return html(200, Html.shell(who.principal().subject(), who.administrator(), auth.enabled()));
    }

    private Optional<Access> signedIn(final ApiRequest request) {
        if (!auth.enabled()) {
            return Optional.of(Access.everything(Principal.UNAUTHENTICATED));
        }
        try {
            return Optional.of(auth.authentication().accessOf(auth.authentication().principalOf(request)));
        } catch (ApiException e) {
            if (e.status() == 401) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private ApiResponse loginPage(final ApiRequest request) {
        return html(200, loginForm(request.queryParam("failed").isPresent() ? "That token was not accepted." : null));
    }

    private String loginForm(final String problem) {
        return Html.page("Sign in to Riberry", "<h1>Sign in</h1>"
                + (problem == null ? "" : "<p role=\"alert\" class=\"problem\">" + Html.escape(problem) + "</p>")
                + "<form method=\"post\" action=\"/login\"><label for=\"token\">API token</label> "
                + "<input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"off\" required> "
                + "<button type=\"submit\">Sign in</button></form>"
                + (oidcSignIn ? "<p><a href=\"/login/oidc\">Sign in with your organisation</a></p>" : ""));
    }

    private ApiResponse login(final ApiRequest request) {
        // Another site must not sign the browser in as someone else (login CSRF).
        Authentication.requireSameOrigin(request, "sign in from this site's own sign-in page");
        final String token = formField(request, "token");
        final boolean secure = secure(request);
        if (token.isBlank()) {
            return redirect("/login?failed");
        }
        final Principal principal;
        try {
            principal = auth.authentication().authenticate("Bearer " + token);
        } catch (ApiException e) {
            return redirect("/login?failed");
        }
        final Optional<String> tokenId = io.riberry.platform.auth.ApiTokens.parse(token).map(p -> p.tokenId());
        return redirect("/").withHeader("Set-Cookie", auth.sessions().open(principal, tokenId, Optional.empty(), secure));
    }

    private ApiResponse logout(final ApiRequest request) {
        Authentication.requireSameOrigin(request, "sign out from this site's own pages");
        return redirect("/login").withHeader("Set-Cookie", SessionCookies.close(secure(request)));
    }

    /** A proxy that ends TLS says so; the cookie is then Secure. */
    private static boolean secure(final ApiRequest request) {
        return request.header("x-forwarded-proto").map("https"::equalsIgnoreCase).orElse(false);
    }

    private static String formField(final ApiRequest request, final String name) {
        final String body = new String(request.body(), StandardCharsets.UTF_8);
        for (String pair : body.split("&")) {
            final int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                try {
                    return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8).trim();
                } catch (IllegalArgumentException e) {
                    return "";
                }
            }
        }
        return "";
    }

    private static ApiResponse redirect(final String location) {
        return new ApiResponse(303, Map.of("Location", location, "Cache-Control", "no-store"), 0, out -> { });
    }

    private static ApiResponse html(final int status, final String page) {
        return ApiResponse.text(status, page, "text/html; charset=utf-8")
                .withHeader("Cache-Control", "no-store")
                .withHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .withHeader("X-Frame-Options", "DENY")
                .withHeader("X-Content-Type-Options", "nosniff");
    }
}
