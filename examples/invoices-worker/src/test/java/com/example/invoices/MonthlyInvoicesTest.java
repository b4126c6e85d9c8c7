package com.example.invoices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.riberry.sdk.ArtifactType;
import io.riberry.sdk.TaskState;
import io.riberry.sdk.WorkflowTester;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The workflow tested without Kafka, through the SDK's WorkflowTester: the same retry and fallback code as in production. */
class MonthlyInvoicesTest {

    @Test
    void invoicesEveryCustomerWithTheTemplatesHeader() {
        final WorkflowTester.Result result = WorkflowTester.of(new MonthlyInvoices(BillingSystem.fixed()))
                .input("month", "2026-11").input("customers", 3).input("discountPercent", 10)
                .inputFile("template", "template.csv", "client,period,cents\nignored\n".getBytes(StandardCharsets.UTF_8))
                .run();

        assertTrue(result.succeeded(), result.toString());
        assertEquals(List.of("customer-1", "customer-2", "customer-3"), result.stepNames("invoices"));
        assertEquals("client,period,cents\ncustomer-1,2026-11,900\ncustomer-2,2026-11,1800\ncustomer-3,2026-11,2700\n",
                result.artifactText("Invoices"));
        assertEquals(ArtifactType.REPORT, result.artifact("Summary").description().type());
        assertEquals("Invoiced 3 of 3 customers", result.progress().get(result.progress().size() - 1).message());
    }

    @Test
    void retriesAFlakyBillingSystemAndSkipsACustomerThatKeepsFailing() {
        final AtomicInteger calls = new AtomicInteger();
        final BillingSystem flaky = (customer, month) -> {
            calls.incrementAndGet();
            if (customer == 2) {
                throw new IllegalStateException("billing system timed out");
            }
            return 500;
        };
        final WorkflowTester.Result result = WorkflowTester.of(new MonthlyInvoices(flaky))
                .input("month", "2026-11").input("customers", 3).run();

        assertTrue(result.succeeded(), result.toString());
        assertEquals(1 + 3 + 1, calls.get(), "customer 2 is tried three times, the others once");
        assertEquals("customer,month,amount\ncustomer-1,2026-11,500\ncustomer-3,2026-11,500\n", result.artifactText("Invoices"));
        assertEquals(TaskState.FAILURE, result.steps().get(1).state());
        assertEquals("Intercepted", result.artifact("Exception customer-2").description().category());
    }

    @Test
    void failsWithEveryInputProblemNamed() {
        final WorkflowTester.Result result = WorkflowTester.of(new MonthlyInvoices(BillingSystem.fixed()))
                .input("customers", 2.5).run();

        assertFalse(result.succeeded());
        final String message = result.failure().orElseThrow().getMessage();
        assertTrue(message.contains("input month has no value"), message);
        assertTrue(message.contains("input customers = \"2.5\" (Double) cannot be read as int"), message);
    }
}
