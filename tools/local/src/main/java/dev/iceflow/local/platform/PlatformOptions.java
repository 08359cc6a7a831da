package dev.iceflow.local.platform;

import dev.iceflow.contracts.topology.EventSourceSpec;
import dev.iceflow.contracts.topology.FunctionSpec;
import dev.iceflow.contracts.topology.QueueSpec;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How the local platform departs from the topology to fit a laptop or a test.
 *
 * @param maxInstancesPerFunction cap on each function's concurrent instances (AWS: the event source
 *     mapping's maximumConcurrency, often 10; each local instance is a JVM process)
 * @param retryDelaySeconds how soon a failed message is visible again. AWS waits the queue's
 *     visibility timeout; locally a short delay keeps retries (and the DLQ) within a test's time
 * @param timeoutOverrides per-function timeouts replacing the topology's (tests of the timeout
 *     kill)
 * @param visibilityScale when above 0, AWS's timing instead of {@code retryDelaySeconds}: a failed
 *     message comes back after its queue's visibility timeout times this factor (1 = as in AWS;
 *     0.05 brings commit's 360 s to 18 s), so late redeliveries happen as late as they would
 * @param environmentOverrides per function, environment variables added to (or replacing) what
 *     Terraform would set: a test's fault injection, a benchmark's settings
 * @param batchingWindowOverrides per function, its mapping's maximumBatchingWindowInSeconds
 *     replacing the topology's: a test that waits for a run it triggers need not wait out
 *     compaction's 30 s window each time
 * @param deliveryFaults duplicate deliveries and throttled invocations every mapping injects (fault
 *     runs); none by default
 */
public record PlatformOptions(
    int maxInstancesPerFunction,
    int retryDelaySeconds,
    Map<String, Integer> timeoutOverrides,
    double visibilityScale,
    Map<String, Map<String, String>> environmentOverrides,
    Map<String, Integer> batchingWindowOverrides,
    DeliveryFaults deliveryFaults) {

  /**
   * One instance per function: on a two-core laptop every extra JVM costs more than it brings (the
   * 20,000-flight demo took 36 s with one, 110 s with two). Tests of concurrency ask for more.
   */
  public static final int DEFAULT_MAX_INSTANCES = 1;

  public static final int DEFAULT_RETRY_DELAY_SECONDS = 1;

  public PlatformOptions {
    if (maxInstancesPerFunction < 1) {
      throw new IllegalArgumentException(
          "maxInstancesPerFunction must be at least 1, was " + maxInstancesPerFunction);
    }
    if (retryDelaySeconds < 0) {
      throw new IllegalArgumentException("retryDelaySeconds must be >= 0");
    }
    if (visibilityScale < 0) {
      throw new IllegalArgumentException("visibilityScale must be >= 0, was " + visibilityScale);
    }
    timeoutOverrides = Map.copyOf(timeoutOverrides);
    environmentOverrides = Map.copyOf(environmentOverrides);
    if (batchingWindowOverrides.values().stream().anyMatch(seconds -> seconds < 0)) {
      throw new IllegalArgumentException(
          "batching windows must be >= 0 s, were " + batchingWindowOverrides);
    }
    batchingWindowOverrides = Map.copyOf(batchingWindowOverrides);
    Objects.requireNonNull(deliveryFaults, "deliveryFaults");
  }

  public static PlatformOptions defaults() {
    return new PlatformOptions(
        DEFAULT_MAX_INSTANCES,
        DEFAULT_RETRY_DELAY_SECONDS,
        Map.of(),
        0,
        Map.of(),
        Map.of(),
        DeliveryFaults.NONE);
  }

  public PlatformOptions withMaxInstances(int instances) {
    return new PlatformOptions(
        instances,
        retryDelaySeconds,
        timeoutOverrides,
        visibilityScale,
        environmentOverrides,
        batchingWindowOverrides,
        deliveryFaults);
  }

  public PlatformOptions withTimeout(String function, int seconds) {
    Map<String, Integer> timeouts = new HashMap<>(timeoutOverrides);
    timeouts.put(function, seconds);
    return new PlatformOptions(
        maxInstancesPerFunction,
        retryDelaySeconds,
        timeouts,
        visibilityScale,
        environmentOverrides,
        batchingWindowOverrides,
        deliveryFaults);
  }

  /** AWS's redelivery timing, each queue's visibility timeout scaled by {@code scale}. */
  public PlatformOptions withAwsRedelivery(double scale) {
    return new PlatformOptions(
        maxInstancesPerFunction,
        retryDelaySeconds,
        timeoutOverrides,
        scale,
        environmentOverrides,
        batchingWindowOverrides,
        deliveryFaults);
  }

  /** {@code function} runs with the environment variable {@code name} set to {@code value}. */
  public PlatformOptions withEnvironment(String function, String name, String value) {
    Map<String, Map<String, String>> overrides = new HashMap<>(environmentOverrides);
    Map<String, String> variables = new HashMap<>(overrides.getOrDefault(function, Map.of()));
    variables.put(name, value);
    overrides.put(function, Map.copyOf(variables));
    return new PlatformOptions(
        maxInstancesPerFunction,
        retryDelaySeconds,
        timeoutOverrides,
        visibilityScale,
        overrides,
        batchingWindowOverrides,
        deliveryFaults);
  }

  /** {@code function}'s event source mapping gathers a batch for at most {@code seconds}. */
  public PlatformOptions withBatchingWindow(String function, int seconds) {
    Map<String, Integer> windows = new HashMap<>(batchingWindowOverrides);
    windows.put(function, seconds);
    return new PlatformOptions(
        maxInstancesPerFunction,
        retryDelaySeconds,
        timeoutOverrides,
        visibilityScale,
        environmentOverrides,
        windows,
        deliveryFaults);
  }

  /**
   * Every mapping delivers a {@code fraction} of the messages it receives twice (the same message,
   * messageId and receipt handle, in a second invocation right after the first and before either
   * deletes it), drawn from {@code seed}; {@link LocalPlatform#injectedFaults()} counts them.
   */
  public PlatformOptions withDuplicateDelivery(double fraction, long seed) {
    return withDeliveryFaults(deliveryFaults.withDuplicates(fraction, seed));
  }

  /**
   * Every mapping refuses a {@code fraction} of its invocations as Lambda throttles them, drawn
   * from {@code seed}: the function does not run, and the batch comes back after the redelivery
   * delay with its receive count up; {@link LocalPlatform#injectedFaults()} counts them.
   */
  public PlatformOptions withThrottling(double fraction, long seed) {
    return withDeliveryFaults(deliveryFaults.withThrottling(fraction, seed));
  }

  private PlatformOptions withDeliveryFaults(DeliveryFaults faults) {
    return new PlatformOptions(
        maxInstancesPerFunction,
        retryDelaySeconds,
        timeoutOverrides,
        visibilityScale,
        environmentOverrides,
        batchingWindowOverrides,
        faults);
  }

  /** The function's event source mapping: the topology's, with its batching window overridden. */
  public EventSourceSpec eventSource(FunctionSpec function) {
    EventSourceSpec spec = function.consumes();
    Integer window = batchingWindowOverrides.get(function.name());
    return window == null
        ? spec
        : new EventSourceSpec(
            spec.queue(),
            spec.batchSize(),
            window,
            spec.maximumConcurrency(),
            spec.reportBatchItemFailures());
  }

  /** The environment variables {@code function} gets on top of Terraform's. */
  public Map<String, String> environment(FunctionSpec function) {
    return environmentOverrides.getOrDefault(function.name(), Map.of());
  }

  /** How long a message {@code queue} hands out and the function fails stays invisible. */
  public int redeliveryDelaySeconds(QueueSpec queue) {
    return visibilityScale > 0
        ? (int) Math.max(1, Math.round(queue.visibilityTimeoutSeconds() * visibilityScale))
        : retryDelaySeconds;
  }

  /** The function's timeout: the override, else the topology's. */
  public int timeoutSeconds(FunctionSpec function) {
    return timeoutOverrides.getOrDefault(function.name(), function.timeoutSeconds());
  }

  /**
   * How many instances may run the function at once: its mapping's maximumConcurrency, bounded by
   * its reserved concurrency (as in AWS) and by the local cap.
   */
  public int instances(FunctionSpec function) {
    int concurrency = function.consumes().maximumConcurrency();
    if (function.reservedConcurrency() != null) {
      concurrency = Math.min(concurrency, function.reservedConcurrency());
    }
    return Math.max(1, Math.min(concurrency, maxInstancesPerFunction));
  }
}
