package dev.iceflow.local.platform;

/**
 * What one function's event source mapping injected so far (see {@link DeliveryFaults}).
 *
 * @param duplicatesDelivered messages delivered a second time, in an invocation of their own
 * @param invocationsThrottled invocations refused as throttled (the function did not run)
 * @param messagesThrottled messages of those invocations, returned to the queue undelivered
 */
public record InjectedFaults(
    long duplicatesDelivered, long invocationsThrottled, long messagesThrottled) {

  public static final InjectedFaults NONE = new InjectedFaults(0, 0, 0);
}
