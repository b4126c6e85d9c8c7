package io.riberry.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.cli.ExitCodes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code riberry tokens create|list|revoke}: API tokens, for system administrators. */
@Command(name = "tokens", mixinStandardHelpOptions = true,
        description = "Manage API tokens (system administrators only). A token is shown once, when it is created.",
        subcommands = {TokensCommand.Create.class, TokensCommand.ListTokens.class, TokensCommand.Revoke.class})
public final class TokensCommand extends RiberryCommand {

    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return ExitCodes.OK;
    }

    /** {@code riberry tokens create --subject NAME [--group G]... [--administrator] [--expires-in P90D]}. */
    @Command(name = "create", mixinStandardHelpOptions = true,
        footer = {"", "Examples:", "  riberry tokens create --subject grace --group reporting --expires-in 30d", "  riberry tokens create --subject ci --administrator --description \"deploy pipeline\""},
            description = "Create a token and print it once: store it now, it cannot be shown again.")
    public static final class Create extends RiberryCommand {
        @Option(names = "--subject", required = true, paramLabel = "NAME",
                description = "Who the token authenticates as: catalog groups list their members by this name.")
        String subject;

        @Option(names = "--group", paramLabel = "GROUP", description = "A group the token belongs to besides those listing its subject (repeatable).")
        List<String> groups = new ArrayList<>();

        @Option(names = "--administrator", description = "The token is a system administrator's.")
        boolean administrator;

        @Option(names = "--expires-in", paramLabel = "DURATION", description = "Lifetime, e.g. 30d, 12h or ISO-8601 P30D (default 90d).")
        Duration expiresIn;

        @Option(names = "--description", paramLabel = "TEXT", description = "What the token is for.")
        String description;

        @Override
        public Integer call() {
            final Map<String, Object> body = new LinkedHashMap<>();
            body.put("subject", subject);
            body.put("groups", groups);
            body.put("administrator", administrator);
            if (expiresIn != null) {
                body.put("expiresIn", expiresIn.toString());
            }
            if (description != null) {
                body.put("description", description);
            }
            final JsonNode created = ApiErrors.require(global().apiClient().post("/tokens", body)).body();
            if (printer().isJson()) {
                printer().json(created);
            } else {
                printer().line(created.path("token").asText());
                printer().line("Token " + created.path("tokenId").asText() + " for " + created.path("subject").asText()
                        + ", expires " + created.path("expiresAt").asText("never") + ". It is shown only now.");
            }
            return ExitCodes.OK;
        }
    }

    /** {@code riberry tokens list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every token: id, subject, groups, expiry (never the token).")
    public static final class ListTokens extends RiberryCommand {
        @Override
        public Integer call() {
            final JsonNode page = ApiErrors.require(global().apiClient().get("/tokens")).body();
            if (printer().isJson()) {
                printer().json(page);
                return ExitCodes.OK;
            }
            final List<List<String>> rows = new ArrayList<>();
            page.path("items").forEach(token -> {
                final List<String> groups = new ArrayList<>();
                token.path("groups").forEach(group -> groups.add(group.asText()));
                rows.add(List.of(token.path("tokenId").asText(), token.path("subject").asText(),
                        groups.isEmpty() ? "-" : String.join(",", groups), token.path("administrator").asBoolean() ? "yes" : "no",
                        token.path("createdAt").asText(), token.path("expiresAt").asText("never"), token.path("description").asText("")));
            });
            printer().table(List.of("TOKEN ID", "SUBJECT", "GROUPS", "ADMIN", "CREATED", "EXPIRES", "DESCRIPTION"), rows);
            return ExitCodes.OK;
        }
    }

    /** {@code riberry tokens revoke TOKEN_ID}. */
    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token: it and the sessions opened with it stop working.")
    public static final class Revoke extends RiberryCommand {
        @Parameters(paramLabel = "TOKEN_ID", description = "The token's id (from tokens list), not the token.")
        String tokenId;

        @Override
        public Integer call() {
            ApiErrors.require(global().apiClient().delete("/tokens/" + java.net.URLEncoder.encode(tokenId, java.nio.charset.StandardCharsets.UTF_8)));
            printer().line("Token " + tokenId + " revoked.");
            return ExitCodes.OK;
        }
    }
}
