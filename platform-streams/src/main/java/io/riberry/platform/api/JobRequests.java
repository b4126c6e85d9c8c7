package io.riberry.platform.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.platform.http.ApiException;
import io.riberry.schema.InputFile;
import io.riberry.schema.JobSubmitted;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads the body of {@code POST /jobs} into a {@link JobSubmitted}, naming every malformed field. */
final class JobRequests {

    static final int DEFAULT_PRIORITY = 64;

    private JobRequests() {
    }

    static JobSubmitted parse(final JsonNode body, final Instant now) {
        if (!body.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object");
        }
        final List<String> problems = new ArrayList<>();
        final String form = text(body, "form", problems);
        final String name = text(body, "name", problems);
        final Map<String, Object> inputs = inputs(body.path("inputs"), problems);
        final List<InputFile> files = files(body.path("files"), problems);
        int priority = DEFAULT_PRIORITY;
        if (body.has("priority")) {
            if (body.get("priority").canConvertToInt() && body.get("priority").isIntegralNumber()) {
                priority = body.get("priority").asInt();
            } else {
                problems.add("priority must be a whole number");
            }
        }
        if (!problems.isEmpty()) {
            throw new ApiException(400, "invalid_job", "the job request is malformed", problems);
        }
        return JobSubmitted.newBuilder()
                .setJobId(UUID.randomUUID().toString())
                .setForm(form)
                .setName(name)
                .setInputs(inputs)
                .setFiles(files)
                .setPriority(priority)
                .setSubmittedBy(body.path("submittedBy").asText("anonymous"))
                .setSubmittedAt(now)
                .setSource("http")
                .build();
    }

    private static String text(final JsonNode body, final String field, final List<String> problems) {
        final JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            problems.add(field + " is required and must be a non-empty string");
            return "";
        }
        return value.asText();
    }

    private static Map<String, Object> inputs(final JsonNode node, final List<String> problems) {
        final Map<String, Object> inputs = new LinkedHashMap<>();
        if (node.isMissingNode() || node.isNull()) {
            return inputs;
        }
        if (!node.isObject()) {
            problems.add("inputs must be an object of name to value");
            return inputs;
        }
        final Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            final Map.Entry<String, JsonNode> field = fields.next();
            final JsonNode value = field.getValue();
            if (value.isNull()) {
                inputs.put(field.getKey(), null);
            } else if (value.isTextual()) {
                inputs.put(field.getKey(), value.asText());
            } else if (value.isBoolean()) {
                inputs.put(field.getKey(), value.asBoolean());
            } else if (value.isIntegralNumber() && value.canConvertToLong()) {
                inputs.put(field.getKey(), value.asLong());
            } else if (value.isNumber()) {
                inputs.put(field.getKey(), value.asDouble());
            } else if (value.isArray()) {
                final List<String> values = new ArrayList<>();
                value.forEach(item -> values.add(item.isValueNode() ? item.asText() : item.toString()));
                inputs.put(field.getKey(), values);
            } else {
                problems.add("input \"" + field.getKey() + "\" must be a string, number, boolean or list");
            }
        }
        return inputs;
    }

    private static List<InputFile> files(final JsonNode node, final List<String> problems) {
        final List<InputFile> files = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return files;
        }
        if (!node.isArray()) {
            problems.add("files must be a list of {name, filename, content (base64)}");
            return files;
        }
        for (JsonNode file : node) {
            final String name = file.path("name").asText("");
            final String filename = file.path("filename").asText("");
            if (name.isBlank() || filename.isBlank() || !file.path("content").isTextual()) {
                problems.add("each file needs name, filename and base64 content");
                continue;
            }
            try {
                final byte[] content = Base64.getDecoder().decode(file.get("content").asText());
                files.add(new InputFile(name, filename, (long) content.length, ByteBuffer.wrap(content)));
            } catch (IllegalArgumentException e) {
                problems.add("file \"" + name + "\" content is not valid base64");
            }
        }
        return files;
    }
}
