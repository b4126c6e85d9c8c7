package io.riberry.cli.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Reads another JVM through its JMX agent (started with {@code -Dcom.sun.management.jmxremote.port}):
 * the Kafka clients alive in it, its Java threads by name, its CPU time and heap.
 */
public final class JmxProbe implements AutoCloseable {

    /** The Kafka clients of a process, by client id; each client registers one app-info MBean while it is open. */
    public record KafkaClients(List<String> producers, List<String> consumers, List<String> admins) {
        /** {@code 3 producers, 3 consumers, 1 admin client}. */
        public String counts() {
            return producers.size() + " producers, " + consumers.size() + " consumers, " + admins.size() + " admin clients";
        }

        /** {@code 3/3/1}. */
        public String shortCounts() {
            return producers.size() + "/" + consumers.size() + "/" + admins.size();
        }
    }

    private final JMXConnector connector;
    private final MBeanServerConnection server;

    private JmxProbe(final JMXConnector connector) throws IOException {
        this.connector = connector;
        this.server = connector.getMBeanServerConnection();
    }

    /** Connects to the agent on {@code 127.0.0.1:port}, asking again while it is not listening yet. */
    public static JmxProbe connect(final int port, final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        final JMXServiceURL url;
        try {
            url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
        } catch (IOException e) {
            throw new IllegalStateException("bad JMX address for port " + port, e);
        }
        while (true) {
            try {
                return new JmxProbe(JMXConnectorFactory.connect(url));
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no JMX agent on 127.0.0.1:" + port + " within " + timeout.toSeconds() + " s: "
                            + e.getMessage(), e);
                }
                pause();
            }
        }
    }

    public KafkaClients kafkaClients() {
        return new KafkaClients(clientIds("kafka.producer:type=app-info,*"), clientIds("kafka.consumer:type=app-info,*"),
                clientIds("kafka.admin.client:type=app-info,*"));
    }

    /** The names of the process's live Java threads (not the JVM's GC and compiler threads, which /proc counts). */
    public List<String> threadNames() {
        try {
            final ThreadMXBean threads = ManagementFactory.newPlatformMXBeanProxy(server, ManagementFactory.THREAD_MXBEAN_NAME,
                    ThreadMXBean.class);
            final List<String> names = new ArrayList<>();
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                // A thread that ended between the two calls answers null.
                if (info != null) {
                    names.add(info.getThreadName());
                }
            }
            return names;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the worker's threads over JMX: " + e.getMessage(), e);
        }
    }

    /** CPU time each live Java thread has used so far, by thread id, with its name. */
    public Map<Long, ThreadCpu> threadCpu() {
        try {
            final com.sun.management.ThreadMXBean threads = ManagementFactory.newPlatformMXBeanProxy(server,
                    ManagementFactory.THREAD_MXBEAN_NAME, com.sun.management.ThreadMXBean.class);
            final long[] ids = threads.getAllThreadIds();
            final long[] cpu = threads.getThreadCpuTime(ids);
            final ThreadInfo[] infos = threads.getThreadInfo(ids);
            final Map<Long, ThreadCpu> byId = new HashMap<>();
            for (int i = 0; i < ids.length; i++) {
                // -1: the thread ended meanwhile; null: likewise.
                if (infos[i] != null && cpu[i] >= 0) {
                    byId.put(ids[i], new ThreadCpu(infos[i].getThreadName(), Duration.ofNanos(cpu[i])));
                }
            }
            return byId;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the worker's thread CPU times over JMX: " + e.getMessage(), e);
        }
    }

    /** CPU time the whole process has used so far, every thread included. */
    public Duration processCpu() {
        try {
            final Object nanos = server.getAttribute(new ObjectName(ManagementFactory.OPERATING_SYSTEM_MXBEAN_NAME), "ProcessCpuTime");
            return Duration.ofNanos(((Number) nanos).longValue());
        } catch (IOException | JMException e) {
            throw new IllegalStateException("cannot read the worker's CPU time over JMX: " + e.getMessage(), e);
        }
    }

    public long heapUsedBytes() {
        try {
            return ManagementFactory.newPlatformMXBeanProxy(server, ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class)
                    .getHeapMemoryUsage().getUsed();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the worker's heap over JMX: " + e.getMessage(), e);
        }
    }

    /**
     * The ids of the clients registered under {@code pattern}. Kafka 4 registers each client's app-info
     * twice, keyed {@code id=} (the old name) and {@code client-id=}: a client is counted once.
     */
    private List<String> clientIds(final String pattern) {
        try {
            return server.queryNames(new ObjectName(pattern), null).stream()
                    .map(name -> Objects.requireNonNullElseGet(name.getKeyProperty("client-id"),
                            () -> Objects.requireNonNullElse(name.getKeyProperty("id"), name.toString())))
                    .distinct().sorted().toList();
        } catch (IOException | JMException e) {
            throw new IllegalStateException("cannot query " + pattern + " over JMX: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            connector.close();
        } catch (IOException e) {
            // The worker is going away: nothing is left to read.
        }
    }

    private static void pause() {
        try {
            new CountDownLatch(1).await(100, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
