package io.riberry.sdk.internal;

import io.riberry.kafka.KafkaConnection;
import io.riberry.schema.ArtifactChunk;
import io.riberry.schema.ArtifactCreated;
import io.riberry.schema.ExecutionDispatched;
import io.riberry.sdk.Artifact;
import io.riberry.serde.AvroSerdes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends an artifact's content as ordered chunks keyed by artifact id, then its metadata (size,
 * chunk count, SHA-256) as an event, so the platform can tell a complete artifact from one whose
 * chunks never all arrived. Memory stays bounded by the producer's buffer, whatever the size.
 */
public final class ArtifactUploader implements AutoCloseable {

    /** Chunk size: well under Kafka's default 1 MiB record limit, large enough to stream fast. */
    static final int CHUNK_BYTES = 512 * 1024;

    private final KafkaProducer<String, ArtifactChunk> chunks;
    private final String chunkTopic;
    private final EventPublisher events;

    public ArtifactUploader(final KafkaConnection kafka, final String registryUrl, final String chunkTopic, final EventPublisher events) {
        this.chunks = new KafkaProducer<>(kafka.clientConfig(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 2 * CHUNK_BYTES,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * CHUNK_BYTES,
                // 32 chunks in flight: enough to stream fast, small enough that a worker's heap stays flat.
                ProducerConfig.BUFFER_MEMORY_CONFIG, 16L * 1024 * 1024)),
                new StringSerializer(), AvroSerdes.serde(ArtifactChunk.class, registryUrl).serializer());
        this.chunkTopic = chunkTopic;
        this.events = events;
    }

    public String upload(final ExecutionDispatched dispatch, final Artifact artifact, final InputStream content) throws IOException {
        final String artifactId = UUID.randomUUID().toString();
        final MessageDigest sha256 = sha256();
        long size = 0;
        int index = 0;
        while (true) {
            final byte[] chunk = content.readNBytes(CHUNK_BYTES);
            if (chunk.length == 0) {
                break;
            }
            sha256.update(chunk);
            size += chunk.length;
            chunks.send(new ProducerRecord<>(chunkTopic, artifactId,
                    new ArtifactChunk(artifactId, dispatch.getExecutionId(), index++, ByteBuffer.wrap(chunk))));
        }
        awaitChunks();
        events.artifact(dispatch, ArtifactCreated.newBuilder()
                .setArtifactId(artifactId)
                .setName(artifact.name())
                .setType(artifact.type())
                .setCategory(artifact.category())
                .setFilename(artifact.filename())
                .setStream(artifact.stream())
                .setSize(size)
                .setChunkCount(index)
                .setSha256(HexFormat.of().formatHex(sha256.digest()))
                .setData(artifact.data())
                .build());
        return artifactId;
    }

    /** Chunks must be stored before the metadata that says how many there are, or the artifact would look incomplete. */
    private void awaitChunks() throws IOException {
        try {
            chunks.flush();
        } catch (RuntimeException e) {
            throw new IOException("Could not send the artifact's chunks: " + e.getMessage(), e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }

    @Override
    public void close() {
        chunks.close(Duration.ofSeconds(10));
    }
}
