package com.example.invoices;

import io.riberry.sdk.RiberryWorker;
import java.nio.file.Path;

/**
 * The worker process of the {@code invoices} application: {@code java -jar invoices-worker.jar
 * [worker.properties]}. Settings come from the file, then the environment ({@code RIBERRY_*}
 * override it). {@code run()} blocks until Ctrl-C and then closes gracefully.
 */
public final class InvoicesWorker {

    private InvoicesWorker() {
    }

    public static void main(final String[] args) {
        final RiberryWorker.Builder builder = RiberryWorker.builder();
        if (args.length > 0) {
            builder.fromProperties(Path.of(args[0]));
        }
        builder.fromEnvironment()
                .entryPoint("monthly-invoices", new MonthlyInvoices(BillingSystem.fixed()))
                .build()
                .run();
    }
}
