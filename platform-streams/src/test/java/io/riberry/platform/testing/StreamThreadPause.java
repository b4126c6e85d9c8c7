package io.riberry.platform.testing;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Pauses a platform's stream threads as a long GC pause or a starved CPU would: installed as the
 * main consumer's interceptor ({@link #SETTING}), it holds every stream thread that polls records
 * while paused, inside its poll, so its tasks process nothing and punctuate nothing, while the
 * records for them pile up on the broker. Never longer than {@link #LONGEST}, so a failing test
 * cannot leave a platform stuck.
 */
public final class StreamThreadPause<K, V> implements ConsumerInterceptor<K, V> {

    /** The platform setting that installs it: a {@code kafka.*} client setting, for the Streams main consumer only. */
    public static final Map<String, String> SETTING = Map.of(
            "kafka." + StreamsConfig.mainConsumerPrefix(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG),
            StreamThreadPause.class.getName());
    private static final long LONGEST = TimeUnit.SECONDS.toMillis(30);
    private static final AtomicReference<CountDownLatch> GATE = new AtomicReference<>();
    private static final AtomicInteger HELD = new AtomicInteger();

    /** From now on, every stream thread that polls records stays in its poll until {@link #resume()}. */
    public static void pause() {
        GATE.set(new CountDownLatch(1));
    }

    public static void resume() {
        final CountDownLatch gate = GATE.getAndSet(null);
        if (gate != null) {
            gate.countDown();
        }
    }

    /** How many stream threads are held now. */
    public static int held() {
        return HELD.get();
    }

    @Override
    public ConsumerRecords<K, V> onConsume(final ConsumerRecords<K, V> records) {
        final CountDownLatch gate = GATE.get();
        if (gate != null) {
            HELD.incrementAndGet();
            try {
                gate.await(LONGEST, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                HELD.decrementAndGet();
            }
        }
        return records;
    }

    @Override
    public void onCommit(final Map<TopicPartition, OffsetAndMetadata> offsets) {
    }

    @Override
    public void close() {
    }

    @Override
    public void configure(final Map<String, ?> configs) {
    }
}
