package com.example.invoices;

/** Where amounts come from: a remote system in real life, so it can be slow or fail. */
public interface BillingSystem {

    /**
     * @param customer the customer
     * @param month    the month, as {@code 2026-11}
     * @return the amount due, in cents
     * @throws Exception when the billing system fails
     */
    double amountDue(int customer, String month) throws Exception;

    /** A deterministic stand-in: customer N owes N * 1000 cents. */
    static BillingSystem fixed() {
        return (customer, month) -> customer * 1000.0;
    }
}
