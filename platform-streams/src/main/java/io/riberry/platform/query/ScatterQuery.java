package io.riberry.platform.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * A read every replica answers for the partitions of {@code store} it holds (a page of a
 * listing, say); the caller merges the parts. A replica asked to stand in for one that does not
 * answer also reads its standby copies of that replica's partitions.
 */
public record ScatterQuery<R>(String name, String store, Codec<R> codec, Part<R> part) {

    /** This replica's part: from its active partitions and the standby copies of {@code standbyPartitions}. */
    @FunctionalInterface
    public interface Part<R> {
        R read(StoreAccess.LocalStores stores, JsonNode arguments, Set<Integer> standbyPartitions);
    }
}
