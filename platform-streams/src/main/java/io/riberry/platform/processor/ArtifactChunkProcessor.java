package io.riberry.platform.processor;

import io.riberry.platform.errors.IgnoredTombstones;
import io.riberry.platform.store.ArtifactKeys;
import io.riberry.platform.topology.StoreNames;
import io.riberry.schema.ArtifactChunk;
import io.riberry.schema.internal.ArtifactStatus;
import java.nio.ByteBuffer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chunk side, keyed by artifact id: stores each chunk once, in order of its index, and counts what arrived. */
public final class ArtifactChunkProcessor implements Processor<String, ArtifactChunk, Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(ArtifactChunkProcessor.class);

    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, byte[]> chunks;
    private KeyValueStore<String, ArtifactStatus> artifacts;

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
        this.context = context;
        chunks = context.getStateStore(StoreNames.ARTIFACT_CHUNKS);
        artifacts = context.getStateStore(StoreNames.ARTIFACTS);
    }

    @Override
    public void process(final Record<String, ArtifactChunk> record) {
        if (IgnoredTombstones.skip(context, record)) {
            return;
        }
        final ArtifactChunk chunk = record.value();
        if (chunk.getIndex() < 0) {
            LOG.warn("Ignoring an artifact chunk without a value or with a negative index for key {}", record.key());
            return;
        }
        final String key = ArtifactKeys.chunk(chunk.getArtifactId(), chunk.getIndex());
        if (chunks.get(key) != null) {
            LOG.debug("Chunk {} of artifact {} arrived again; kept once", chunk.getIndex(), chunk.getArtifactId());
            return;
        }
        final byte[] data = bytes(chunk.getData());
        chunks.put(key, data);
        final ArtifactStatus status = ArtifactStatuses.of(artifacts, chunk.getArtifactId());
        status.setReceivedChunks(status.getReceivedChunks() + 1);
        status.setReceivedBytes(status.getReceivedBytes() + data.length);
        artifacts.put(chunk.getArtifactId(), status);
    }

    private static byte[] bytes(final ByteBuffer buffer) {
        final ByteBuffer copy = buffer.duplicate();
        final byte[] data = new byte[copy.remaining()];
        copy.get(data);
        return data;
    }
}
