package io.riberry.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/** The Confluent wire format: magic byte 0, 4-byte big-endian schema id, then the Avro binary body. */
public final class WireFormat {

    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    /** The schema id of an encoded value; throws on a value that is not in the wire format. */
    public static int schemaId(final byte[] data) {
        if (data == null || data.length < HEADER_SIZE) {
            throw new SerializationException("Not a Confluent wire-format value: "
                    + (data == null ? "null" : data.length + " bytes") + " (needs at least " + HEADER_SIZE + ")");
        }
        if (data[0] != MAGIC_BYTE) {
            throw new SerializationException("Unknown magic byte " + data[0] + " (expected " + MAGIC_BYTE + ")");
        }
        return ByteBuffer.wrap(data, 1, 4).getInt();
    }
}
