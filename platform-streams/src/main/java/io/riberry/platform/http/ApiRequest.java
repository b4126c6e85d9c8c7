package io.riberry.platform.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.platform.auth.Access;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A request as a handler sees it: method, decoded path parameters, query parameters, body, and
 * the {@link Access} of whoever sent it (checked by the mount's {@link Gate} before the handler runs).
 */
public record ApiRequest(String method, String path, String rawQuery, Map<String, String> pathParams,
                          Map<String, String> query, Map<String, String> headers, byte[] body, Access access) {

    /** The same request as admitted by a gate. */
    public ApiRequest admittedAs(final Access admitted) {
        return new ApiRequest(method, path, rawQuery, pathParams, query, headers, body, admitted);
    }

    /** Who sent it and what they may do; set for every request past the gate. */
    public Access access() {
        if (access == null) {
            throw new IllegalStateException("a handler behind no gate asked who is calling");
        }
        return access;
    }

    public String pathParam(final String name) {
        return pathParams.get(name);
    }

    public Optional<String> queryParam(final String name) {
        final String value = query.get(name);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    public int intQueryParam(final String name, final int defaultValue, final int min, final int max) {
        final Optional<String> value = queryParam(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            final int parsed = Integer.parseInt(value.get());
            if (parsed < min || parsed > max) {
                throw ApiException.badRequest(name + " must be between " + min + " and " + max);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a whole number, not \"" + value.get() + "\"");
        }
    }

    /** A header by lower-case name. */
    public Optional<String> header(final String name) {
        return Optional.ofNullable(headers.get(name));
    }

    public JsonNode jsonBody() {
        if (body.length == 0) {
            throw ApiException.badRequest("a JSON body is required");
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("the body could not be read: " + e.getMessage());
        }
    }

    static Map<String, String> parseQuery(final String rawQuery) {
        final Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            final int eq = pair.indexOf('=');
            final String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            final String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            query.putIfAbsent(name, value);
        }
        return query;
    }

    static String decode(final String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("malformed URL encoding in \"" + text + "\"");
        }
    }
}
