package io.riberry.platform.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ListingStreamTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<String> sent = new CopyOnWriteArrayList<>();
    /** A window far longer than this test's steps take, so what is held back is decided by the window, not by timing. */
    private final ListingStream listing = new ListingStream(null, (event, data) -> sent.add(event + ":" + data), null, timer,
            Duration.ofSeconds(2));

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void shouldSendTheFirstChangeAtOnceAndTheNextOnesAsOneBatchOfLatestStates() throws Exception {
        listing.offer("a", "a-RECEIVED", false);
        assertThat(sent).as("a quiet listing hears a change at once").containsExactly("execution:a-RECEIVED");

        listing.offer("a", "a-READY", false);
        listing.offer("b", "b-RECEIVED", false);
        listing.offer("a", "a-ACTIVE", false);
        assertThat(sent).as("within the window, nothing more yet").hasSize(1);

        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (sent.size() < 3 && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        assertThat(sent).as("one batch: each execution's latest state, the latest changed last")
                .containsExactly("execution:a-RECEIVED", "execution:b-RECEIVED", "execution:a-ACTIVE");
    }

    @Test
    void shouldSendAFinalStateAtOnceWithWhateverWaits() {
        listing.offer("a", "a-RECEIVED", false);
        listing.offer("b", "b-RECEIVED", false);
        listing.offer("a", "a-READY", false);
        listing.offer("a", "a-SUCCESS", true);
        assertThat(sent).as("the end of an execution does not wait for the window")
                .containsExactly("execution:a-RECEIVED", "execution:b-RECEIVED", "execution:a-SUCCESS");
    }
}
