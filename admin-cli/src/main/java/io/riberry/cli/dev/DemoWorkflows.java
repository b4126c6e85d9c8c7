package io.riberry.cli.dev;

import io.riberry.sdk.ExecutionContext;
import io.riberry.sdk.RiberryWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The entry points of the demo application's forms in {@code config/catalog.yaml}. */
public final class DemoWorkflows {

    public static final String APPLICATION = "demo";
    public static final String INSTANCE = "demo-local";

    private static final Logger LOG = LoggerFactory.getLogger(DemoWorkflows.class);

    private DemoWorkflows() {
    }

    public static RiberryWorker worker(final String bootstrapServers, final String registryUrl) {
        return RiberryWorker.builder()
                .application(APPLICATION)
                .instance(INSTANCE)
                .bootstrapServers(bootstrapServers)
                .schemaRegistryUrl(registryUrl)
                .concurrency(8)
                .entryPoint("hello", DemoWorkflows::hello)
                .entryPoint("fail", DemoWorkflows::fail)
                .build();
    }

    static void hello(final ExecutionContext context) {
        LOG.debug("Hello {} from execution {}", context.input("name").orElse("stranger"), context.executionId());
    }

    static void fail(final ExecutionContext context) {
        throw new IllegalStateException("The fail form always fails (job " + context.jobName() + ")");
    }
}
