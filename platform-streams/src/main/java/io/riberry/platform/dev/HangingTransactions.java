package io.riberry.platform.dev;

import io.riberry.kafka.KafkaConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.AbortTransactionSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeProducersResult.PartitionProducerState;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;

/**
 * Hanging transactions: a transaction still open on a partition although its coordinator no
 * longer has it in progress. Nothing ever closes one, and every read_committed reader of the
 * partition stops at it for good: Kafka Streams can neither restore a changelog past it nor read
 * offsets committed after it ("unstable offsets"), so the platform never becomes ready again.
 *
 * <p>The embedded broker can leave one after a kill -9. Restarted, it first acts on its dead
 * incarnation's leadership: as transaction coordinator it sends the markers of a transaction
 * prepared to commit, cannot deliver them before its listener opens, and when the controller
 * fences the dead incarnation the marker sender finds no leader for those partitions and skips
 * them as deleted, while the coordinator's own "complete" record, appended locally, survives the
 * leader change. No reader ever saw that transaction's records, so aborting it on every partition
 * is as if it never committed: its consumed offsets are aborted with it, and Streams processes
 * those inputs again.
 */
public final class HangingTransactions {

    private static final Set<TransactionState> IN_PROGRESS = EnumSet.of(TransactionState.ONGOING, TransactionState.PREPARE_COMMIT,
            TransactionState.PREPARE_ABORT, TransactionState.PREPARE_EPOCH_FENCE);
    /** Right after a start the coordinators may still be loading; the admin client retries until this. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private HangingTransactions() {
    }

    /**
     * Aborts every hanging transaction of the cluster and answers them. Only for a cluster no
     * producer uses yet: a transaction another client is still preparing is in progress, and left alone.
     */
    public static List<AbortTransactionSpec> abortAll(final KafkaConnection kafka) {
        try (Admin admin = Admin.create(kafka.clientConfig(Map.of(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis())))) {
            // Asked before and after the partitions: a transaction the coordinator is still
            // completing (re-sent markers) is left alone whichever way the two answers interleave.
            final List<TransactionDescription> inProgress = new ArrayList<>(inProgress(admin));
            final Map<TopicPartition, List<ProducerState>> open = openTransactions(admin);
            inProgress.addAll(inProgress(admin));
            final List<AbortTransactionSpec> hanging = find(open, inProgress);
            for (AbortTransactionSpec transaction : hanging) {
                admin.abortTransaction(transaction).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            return hanging;
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot look for hanging transactions: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Cannot look for hanging transactions within " + TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while looking for hanging transactions", e);
        }
    }

    /**
     * The open transactions of {@code producers} (per partition) that no transaction in
     * {@code inProgress} covers: same producer id, the partition among its partitions. Sorted by partition.
     */
    static List<AbortTransactionSpec> find(final Map<TopicPartition, List<ProducerState>> producers,
                                           final Collection<TransactionDescription> inProgress) {
        final Map<Long, Set<TopicPartition>> covered = new HashMap<>();
        inProgress.stream().filter(transaction -> IN_PROGRESS.contains(transaction.state())).forEach(transaction ->
                covered.computeIfAbsent(transaction.producerId(), id -> new HashSet<>()).addAll(transaction.topicPartitions()));
        final List<AbortTransactionSpec> hanging = new ArrayList<>();
        producers.forEach((partition, states) -> states.stream()
                .filter(producer -> producer.currentTransactionStartOffset().isPresent())
                .filter(producer -> !covered.getOrDefault(producer.producerId(), Set.of()).contains(partition))
                .forEach(producer -> hanging.add(new AbortTransactionSpec(partition, producer.producerId(), (short) producer.producerEpoch(),
                        producer.coordinatorEpoch().orElse(0)))));
        hanging.sort(Comparator.comparing(transaction -> transaction.topicPartition().toString()));
        return hanging;
    }

    private static Map<TopicPartition, List<ProducerState>> openTransactions(final Admin admin)
            throws ExecutionException, InterruptedException, TimeoutException {
        final Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        final List<TopicPartition> partitions = new ArrayList<>();
        admin.describeTopics(topics).allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).forEach((name, topic) ->
                topic.partitions().forEach(partition -> partitions.add(new TopicPartition(name, partition.partition()))));
        final Map<TopicPartition, List<ProducerState>> producers = new HashMap<>();
        final Map<TopicPartition, PartitionProducerState> described = admin.describeProducers(partitions).all()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        described.forEach((partition, state) -> producers.put(partition, state.activeProducers()));
        return producers;
    }

    private static Collection<TransactionDescription> inProgress(final Admin admin)
            throws ExecutionException, InterruptedException, TimeoutException {
        final List<String> ids = admin.listTransactions().all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).stream()
                .filter(listing -> IN_PROGRESS.contains(listing.state())).map(TransactionListing::transactionalId).toList();
        if (ids.isEmpty()) {
            return List.of();
        }
        return admin.describeTransactions(ids).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).values();
    }
}
