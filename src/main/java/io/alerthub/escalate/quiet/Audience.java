package io.alerthub.escalate.quiet;

/** Who a notification is for, which decides whether a customer's quiet hours hold it (escalate stage). */
public enum Audience {
    /** the customer's own contacts: held in quiet hours */
    CUSTOMER,
    /** the MSP's first and second line: not held unless the customer's quiet hours say {@code muteInternal: true} */
    INTERNAL
}
