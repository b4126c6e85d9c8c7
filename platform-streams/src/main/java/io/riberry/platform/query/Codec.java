package io.riberry.platform.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.riberry.platform.http.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * How a query's answer crosses between replicas: as JSON, with records in Avro binary (base64),
 * so the caller gets back exactly the record the owner read, with its types, not a JSON
 * look-alike. Replicas of one deployment run one version; a rolling upgrade that changes a
 * record answers 503 for the keys whose owner runs the other version until it is done.
 */
public interface Codec<V> {

    JsonNode encode(V value);

    V decode(JsonNode json);

    static Codec<String> text() {
        return new Codec<>() {
            @Override
            public JsonNode encode(final String value) {
                return TextNode.valueOf(value);
            }

            @Override
            public String decode(final JsonNode json) {
                return json.asText();
            }
        };
    }

    static <R extends SpecificRecord> Codec<R> avro(final Class<R> type) {
        final SpecificDatumWriter<R> writer = new SpecificDatumWriter<>(type);
        final SpecificDatumReader<R> reader = new SpecificDatumReader<>(type);
        return new Codec<>() {
            @Override
            public JsonNode encode(final R value) {
                final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
                try {
                    writer.write(value, encoder);
                    encoder.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return TextNode.valueOf(Base64.getEncoder().encodeToString(bytes.toByteArray()));
            }

            @Override
            public R decode(final JsonNode json) {
                final BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(Base64.getDecoder().decode(json.asText()), null);
                try {
                    return reader.read(null, decoder);
                } catch (IOException | RuntimeException e) {
                    throw new IllegalStateException("A replica answered a " + type.getSimpleName() + " this one cannot read", e);
                }
            }
        };
    }

    static <V> Codec<List<V>> list(final Codec<V> items) {
        return new Codec<>() {
            @Override
            public JsonNode encode(final List<V> values) {
                final ArrayNode array = Json.MAPPER.createArrayNode();
                values.forEach(value -> array.add(items.encode(value)));
                return array;
            }

            @Override
            public List<V> decode(final JsonNode json) {
                final List<V> values = new ArrayList<>();
                json.forEach(item -> values.add(items.decode(item)));
                return values;
            }
        };
    }
}
