package io.lifecycle.jobs.clv;

import io.lifecycle.common.LifecycleException;

/**
 * Input to a retention/CLV model that breaks the model's contract: a negative count, a recency
 * beyond the customer's age, survival counts that go up, too few customers to fit. The message
 * names the offending customer (0-based index in the arrays given) or period and the value.
 */
public class ClvInputException extends LifecycleException {
    public ClvInputException(String message) {
        super(message);
    }
}
