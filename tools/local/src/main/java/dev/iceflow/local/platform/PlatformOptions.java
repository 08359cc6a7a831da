package dev.iceflow.local.platform;

import dev.iceflow.contracts.topology.FunctionSpec;
import java.util.HashMap;
import java.util.Map;

/**
 * How the local platform departs from the topology to fit a laptop or a test.
 *
 * @param maxInstancesPerFunction cap on each function's concurrent instances (AWS: the event source
 *     mapping's maximumConcurrency, often 10; each local instance is a JVM process)
 * @param retryDelaySeconds how soon a failed message is visible again. AWS waits the queue's
 *     visibility timeout; locally a short delay keeps retries (and the DLQ) within a test's time
 * @param timeoutOverrides per-function timeouts replacing the topology's (tests of the timeout
 *     kill)
 */
public record PlatformOptions(
    int maxInstancesPerFunction, int retryDelaySeconds, Map<String, Integer> timeoutOverrides) {

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
    timeoutOverrides = Map.copyOf(timeoutOverrides);
  }

  public static PlatformOptions defaults() {
    return new PlatformOptions(DEFAULT_MAX_INSTANCES, DEFAULT_RETRY_DELAY_SECONDS, Map.of());
  }

  public PlatformOptions withMaxInstances(int instances) {
    return new PlatformOptions(instances, retryDelaySeconds, timeoutOverrides);
  }

  public PlatformOptions withTimeout(String function, int seconds) {
    Map<String, Integer> timeouts = new HashMap<>(timeoutOverrides);
    timeouts.put(function, seconds);
    return new PlatformOptions(maxInstancesPerFunction, retryDelaySeconds, timeouts);
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
