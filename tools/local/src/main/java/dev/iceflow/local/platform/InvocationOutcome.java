package dev.iceflow.local.platform;

import java.time.Instant;

/**
 * How one invocation ended, as the Runtime API saw it: what Lambda turns into its AWS/Lambda
 * metrics.
 *
 * @param end when the runtime answered (or the invocation was abandoned)
 * @param durationMillis from {@code next} handing the event out to the response or error
 * @param error whether the function reported an error, or crashed or timed out before answering
 */
public record InvocationOutcome(Instant end, double durationMillis, boolean error) {}
