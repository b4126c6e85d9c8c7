package io.riberry.sdk;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads attempts with a timeout run on, so that the task's caller can stop waiting at the
 * deadline even when the task ignores its interrupt. Made when first needed; idle threads go
 * after a minute, so a worker whose tasks have no timeout has none.
 */
final class TaskThreads implements AutoCloseable {

    private final AtomicInteger count = new AtomicInteger();
    private ExecutorService timed;

    synchronized ExecutorService timed() {
        if (timed == null) {
            timed = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 1, TimeUnit.MINUTES, new SynchronousQueue<>(), r -> {
                final Thread thread = new Thread(r, "riberry-timed-task-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        }
        return timed;
    }

    @Override
    public synchronized void close() {
        if (timed != null) {
            timed.shutdownNow();
        }
    }
}
