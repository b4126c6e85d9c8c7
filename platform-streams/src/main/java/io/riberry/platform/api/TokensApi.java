package io.riberry.platform.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riberry.platform.auth.Access;
import io.riberry.platform.auth.ApiTokens;
import io.riberry.platform.http.ApiException;
import io.riberry.platform.http.ApiRequest;
import io.riberry.platform.http.ApiResponse;
import io.riberry.platform.http.Json;
import io.riberry.schema.ApiToken;
import io.riberry.schema.FormRole;
import io.riberry.topics.RecordLimits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * API tokens, for system administrators: {@code POST /tokens} makes one and shows it once,
 * {@code GET /tokens} lists them (never their hashes), {@code DELETE /tokens/{id}} revokes one.
 * Each change is a record on the compacted principals topic, so every replica knows it; this
 * replica answers only once its own copy has it, so the new token works at once here.
 * {@code GET /whoami}, for anyone: who the caller is and what it may do.
 */
public final class TokensApi {

    static final Duration DEFAULT_LIFETIME = Duration.ofDays(90);
    static final Duration LONGEST_LIFETIME = Duration.ofDays(3650);
    private static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}");
    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final int MAX_GROUPS = 64;
    private static final long SEEN_WITHIN_MS = 10_000;

    private final Producer<String, ApiToken> producer;
    private final String principalsTopic;
    private final Function<String, ApiToken> tokensById;
    private final Supplier<List<ApiToken>> allTokens;
    private final Clock clock;

    public TokensApi(final Producer<String, ApiToken> producer, final String principalsTopic, final Function<String, ApiToken> tokensById,
                     final Supplier<List<ApiToken>> allTokens, final Clock clock) {
        this.producer = producer;
        this.principalsTopic = principalsTopic;
        this.tokensById = tokensById;
        this.allTokens = allTokens;
        this.clock = clock;
    }

    public ApiResponse create(final ApiRequest request) {
        requireAdministrator(request.access());
        final JsonNode body = request.jsonBody();
        final List<String> problems = new ArrayList<>();
        final String subject = body.path("subject").asText("");
        if (!SUBJECT.matcher(subject).matches()) {
            problems.add("subject must be 1-128 letters, digits or ._@+- starting with a letter or digit");
        }
        final List<String> groups = new ArrayList<>();
        if (body.has("groups")) {
            if (!body.get("groups").isArray() || body.get("groups").size() > MAX_GROUPS) {
                problems.add("groups must be a list of at most " + MAX_GROUPS + " group names");
            } else {
                body.get("groups").forEach(group -> {
                    if (group.isTextual() && GROUP.matcher(group.asText()).matches()) {
                        groups.add(group.asText());
                    } else {
                        problems.add("group " + RecordLimits.quote(group.asText()) + " is not a group name");
                    }
                });
            }
        }
        final Instant now = clock.instant();
        Instant expiresAt = now.plus(DEFAULT_LIFETIME);
        if (body.hasNonNull("expiresIn")) {
            try {
                final Duration lifetime = Duration.parse(body.get("expiresIn").asText().toUpperCase(Locale.ROOT));
                if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(LONGEST_LIFETIME) > 0) {
                    problems.add("expiresIn must be positive and at most " + LONGEST_LIFETIME.toDays() + " days");
                } else {
                    expiresAt = now.plus(lifetime);
                }
            } catch (DateTimeParseException e) {
                problems.add("expiresIn must be an ISO-8601 duration such as P30D or PT12H");
            }
        }
        final String description = body.path("description").asText("");
        if (description.length() > RecordLimits.MAX_MESSAGE_CHARS || description.chars().anyMatch(Character::isISOControl)) {
            problems.add("description must be at most " + RecordLimits.MAX_MESSAGE_CHARS + " characters, without control characters");
        }
        if (!problems.isEmpty()) {
            throw new ApiException(400, "invalid_token", "the token request is invalid: " + String.join("; ", problems), problems);
        }
        final ApiTokens.Issued issued = ApiTokens.issue(ApiToken.newBuilder()
                .setSubject(subject).setDescription(description).setGroups(groups)
                .setAdministrator(body.path("administrator").asBoolean(false))
                .setCreatedAt(now).setCreatedBy(request.access().principal().subject()).setExpiresAt(expiresAt));
        Publishing.await(producer.send(new ProducerRecord<>(principalsTopic, issued.record().getTokenId(), issued.record())), "the token");
        awaitSeen(issued.record().getTokenId(), true);
        final ObjectNode answer = describe(issued.record());
        // The only time the token is ever shown.
        answer.put("token", issued.token());
        return ApiResponse.json(201, answer);
    }

    public ApiResponse list(final ApiRequest request) {
        requireAdministrator(request.access());
        final ArrayNode items = Json.MAPPER.createArrayNode();
        allTokens.get().stream().sorted(Comparator.comparing(ApiToken::getCreatedAt).thenComparing(ApiToken::getTokenId))
                .forEach(token -> items.add(describe(token)));
        return ApiResponse.json(200, Map.of("items", items));
    }

    public ApiResponse revoke(final ApiRequest request) {
        requireAdministrator(request.access());
        final String tokenId = request.pathParam("id");
        if (tokensById.apply(tokenId) == null) {
            throw ApiException.notFound("no token " + RecordLimits.quote(tokenId));
        }
        Publishing.await(producer.send(new ProducerRecord<>(principalsTopic, tokenId, null)), "the revocation");
        awaitSeen(tokenId, false);
        return ApiResponse.json(200, Map.of("tokenId", tokenId, "revoked", true));
    }

    /** {@code GET /whoami}: the caller's subject, groups, whether it administers, and its role on each form it sees. */
    public ApiResponse whoami(final ApiRequest request) {
        final Access access = request.access();
        final ObjectNode answer = Json.MAPPER.createObjectNode().put("subject", access.principal().subject())
                .put("administrator", access.administrator()).put("authenticatedBy", access.principal().via());
        final ArrayNode groups = answer.putArray("groups");
        access.principal().groups().stream().sorted().forEach(groups::add);
        final ObjectNode forms = answer.putObject("forms");
        access.visibleForms().ifPresent(visible -> new TreeMap<String, FormRole>(visible.stream()
                .collect(java.util.stream.Collectors.toMap(form -> form, form -> access.roleOn(form).orElseThrow())))
                .forEach((form, role) -> forms.put(form, role.name())));
        return ApiResponse.json(200, answer);
    }

    private static void requireAdministrator(final Access access) {
        if (!access.administrator()) {
            throw ApiException.forbidden("only system administrators manage API tokens");
        }
    }

    private void awaitSeen(final String tokenId, final boolean present) {
        final long deadline = System.currentTimeMillis() + SEEN_WITHIN_MS;
        while ((tokensById.apply(tokenId) != null) != present) {
            if (System.currentTimeMillis() > deadline) {
                throw ApiException.unavailable("the token change was published but this replica has not read it back yet; retry shortly");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ApiException.unavailable("interrupted while waiting for the token change");
            }
        }
    }

    private static ObjectNode describe(final ApiToken token) {
        final ObjectNode item = Json.MAPPER.createObjectNode().put("tokenId", token.getTokenId()).put("subject", token.getSubject())
                .put("description", token.getDescription()).put("administrator", token.getAdministrator())
                .put("createdAt", token.getCreatedAt().toString()).put("createdBy", token.getCreatedBy());
        final ArrayNode groups = item.putArray("groups");
        token.getGroups().forEach(groups::add);
        item.put("expiresAt", token.getExpiresAt() == null ? null : token.getExpiresAt().toString());
        return item;
    }
}
