package io.riberry.platform.api;

import io.riberry.platform.http.ApiException;
import io.riberry.platform.http.ApiRequest;
import io.riberry.platform.http.ApiResponse;
import io.riberry.platform.json.AvroJson;
import io.riberry.platform.query.Answers;
import io.riberry.platform.query.ExecutionFilters;
import io.riberry.platform.query.ExecutionQueries;
import io.riberry.platform.query.StaleAnswers;
import io.riberry.platform.store.ExecutionIndexKeys;
import io.riberry.schema.ExecutionState;
import io.riberry.schema.ExecutionStatus;
import io.riberry.schema.StreamState;
import io.riberry.topics.RecordLimits;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code GET /executions/{id}}, {@code GET /executions/{id}/streams} and {@code GET /executions} (merged from every replica, paged). */
public final class ExecutionsApi {

    static final int DEFAULT_PAGE = 50;
    static final int MAX_PAGE = ExecutionQueries.MAX_PAGE;

    private final ExecutionQueries executions;

    public ExecutionsApi(final ExecutionQueries executions) {
        this.executions = executions;
    }

    public ApiResponse get(final ApiRequest request) {
        final String executionId = request.pathParam("id");
        final Answers<ExecutionState> found = executions.execution(executionId);
        final ExecutionState execution = found.get(executionId).filter(e -> request.access().canSeeForm(e.getForm()))
                .orElseThrow(() -> ApiException.notFound("no execution " + executionId));
        return StaleAnswers.mark(ApiResponse.json(200, AvroJson.toJson(execution)), found.possiblyStale());
    }

    /** The execution's streams, oldest first, with their counts, percent and ETA. */
    public ApiResponse streams(final ApiRequest request) {
        final String executionId = request.pathParam("id");
        Visibility.requireExecution(request.access(), executions, executionId);
        final Answers<List<StreamState>> found = executions.streams(executionId);
        final List<StreamState> streams = found.get(executionId).orElseThrow(() -> ApiException.notFound("no execution " + executionId));
        return StaleAnswers.mark(ApiResponse.json(200, Map.of("items", streams.stream().map(AvroJson::toJson).toList())),
                found.possiblyStale());
    }

    public ApiResponse list(final ApiRequest request) {
        final ExecutionFilters filters = filters(request, request.access().visibleForms().orElse(null));
        final int limit = request.intQueryParam("limit", DEFAULT_PAGE, 1, MAX_PAGE);
        final Optional<String> after = request.queryParam("cursor").map(c -> decodeCursor(c, filters.indexPrefix()));
        final Answers.Gathered<ExecutionQueries.Page> parts = executions.page(filters, after, limit);
        final ExecutionQueries.Page page = ExecutionQueries.merge(parts.parts(), limit);
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", page.items().stream().map(AvroJson::toJson).toList());
        body.put("nextCursor", page.more() && !page.items().isEmpty()
                ? encodeCursor(filters.indexPrefix(), page.items().get(page.items().size() - 1)) : null);
        return StaleAnswers.mark(ApiResponse.json(200, body), parts.possiblyStale());
    }

    /** The listing's filters from {@code ?application=&instance=&form=&status=}, limited to the forms the caller may see. */
    public static ExecutionFilters filtersOf(final ApiRequest request) {
        return filters(request, request.access().visibleForms().orElse(null));
    }

    private static ExecutionFilters filters(final ApiRequest request, final Set<String> visibleForms) {
        final ExecutionStatus status = request.queryParam("status").map(s -> {
            try {
                return ExecutionStatus.valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("status must be one of RECEIVED, READY, ACTIVE, SUCCESS, FAILURE, not "
                        + RecordLimits.quote(s));
            }
        }).orElse(null);
        return new ExecutionFilters(request.queryParam("application").orElse(null), request.queryParam("instance").orElse(null),
                request.queryParam("form").orElse(null), status, visibleForms);
    }

    /** A cursor is the index key of the last item given, so the next page is a range scan that starts after it. */
    private static String encodeCursor(final String prefix, final ExecutionState last) {
        final String key = ExecutionIndexKeys.key(prefix, last.getCreatedAt(), last.getExecutionId());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeCursor(final String cursor, final String prefix) {
        final String key;
        try {
            key = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("cursor is not one this API issued");
        }
        if (!key.startsWith(prefix)) {
            throw ApiException.badRequest("cursor belongs to a listing with other filters");
        }
        return key;
    }
}
