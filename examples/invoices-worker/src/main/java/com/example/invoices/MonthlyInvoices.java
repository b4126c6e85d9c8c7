package com.example.invoices;

import io.riberry.sdk.Artifact;
import io.riberry.sdk.ChainResult;
import io.riberry.sdk.EntryPoint;
import io.riberry.sdk.ExecutionContext;
import io.riberry.sdk.InputFile;
import io.riberry.sdk.StreamScope;
import io.riberry.sdk.Task;
import io.riberry.sdk.TaskOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The workflow of the form {@code monthly-invoices}: one invoice per customer, each a chain of its
 * own (retried twice on a flaky billing system, left out with a note when it still fails), then
 * the invoices as a CSV artifact and a summary report.
 */
public final class MonthlyInvoices implements EntryPoint {

    /** The form's inputs, bound by name. */
    record Inputs(String month, int customers, Optional<Double> discountPercent) {
    }

    private final BillingSystem billing;

    public MonthlyInvoices(final BillingSystem billing) {
        this.billing = billing;
    }

    @Override
    public void run(final ExecutionContext context) throws Exception {
        final Inputs inputs = context.inputs(Inputs.class);
        final String header = context.inputFile("template").map(MonthlyInvoices::firstLine).orElse("customer,month,amount");
        final double discount = inputs.discountPercent().orElse(0.0) / 100;
        context.progress("Invoicing " + inputs.customers() + " customers for " + inputs.month(), 0);

        final Map<String, Task<Long>> chains = new LinkedHashMap<>();
        for (int customer = 1; customer <= inputs.customers(); customer++) {
            final int id = customer;
            chains.put("customer-" + id, () -> Math.round(billing.amountDue(id, inputs.month()) * (1 - discount)));
        }
        final List<ChainResult<Long>> invoices;
        try (StreamScope invoicing = context.stream("invoices", "Billing")) {
            invoices = invoicing.runChains(chains, TaskOptions.<Long>defaults()
                    .withRetries(2, Duration.ofMillis(200)).withJitter(0.2)
                    .doNotRetryOn(IllegalArgumentException.class)
                    .withTimeout(Duration.ofSeconds(30))
                    .withFallback(null));
        }

        final StringBuilder csv = new StringBuilder(header).append('\n');
        long total = 0;
        int skipped = 0;
        for (ChainResult<Long> invoice : invoices) {
            if (invoice.status() == ChainResult.Status.SUCCESS) {
                csv.append(invoice.name()).append(',').append(inputs.month()).append(',').append(invoice.value()).append('\n');
                total += invoice.value();
            } else {
                skipped++;
            }
        }
        context.artifact(Artifact.output("Invoices", "invoices-" + inputs.month() + ".csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
        context.artifact(Artifact.report("Summary", "summary.md").withData(Map.of("Total", Long.toString(total))),
                ("# Invoices " + inputs.month() + "\n\nInvoiced: " + (invoices.size() - skipped) + "\nSkipped: " + skipped
                        + "\nTotal: " + total + "\n").getBytes(StandardCharsets.UTF_8));
        context.progress("Invoiced " + (invoices.size() - skipped) + " of " + invoices.size() + " customers", 100);
    }

    private static String firstLine(final InputFile template) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(template.openStream(), StandardCharsets.UTF_8))) {
            final String line = reader.readLine();
            return line == null ? "customer,month,amount" : line.trim();
        } catch (IOException e) {
            throw new IllegalArgumentException("the template cannot be read: " + e.getMessage(), e);
        }
    }
}
