package dev.iceflow.common.faults;

import dev.iceflow.common.config.IceflowConfig;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The fault points where the process dies on the spot, as a Lambda sandbox does when its host
 * fails: an armed point crashes at the arrivals its {@link FaultDraws} pick, after writing one line
 * ({@code iceflow-fault: crash at <point> (...)}) and flushing the logs, so the crash is counted
 * even though nothing after it runs. Off unless {@code iceflow.faults.crash-at} names the point.
 */
public final class CrashPoints {

  private static final Logger LOG = Logger.getLogger(CrashPoints.class);

  /** What a killed process reports; the local platform only sees that the process is gone. */
  static final int CRASH_EXIT_STATUS = 1;

  /** How a crash ends the process. */
  @FunctionalInterface
  public interface Halt {

    /** Stops the process at {@code point}; returns only when a test stands in for the halt. */
    void now(String point);
  }

  /** Halts the JVM at once: no shutdown hook, no finally block, no SQS delete runs after it. */
  public static final Halt HALT_PROCESS = point -> Runtime.getRuntime().halt(CRASH_EXIT_STATUS);

  private final Map<String, FaultDraws> armed;
  private final String incarnation;
  private final long seed;
  private final Halt halt;

  private CrashPoints(List<String> points, double rate, long seed, String incarnation, Halt halt) {
    this.armed =
        points.stream()
            .distinct()
            .collect(
                Collectors.toUnmodifiableMap(
                    Function.identity(), p -> new FaultDraws(rate, seed, p, incarnation)));
    this.incarnation = incarnation;
    this.seed = seed;
    this.halt = halt;
  }

  /** The points {@code config} arms, ending the process with {@code halt}. */
  public static CrashPoints from(IceflowConfig.Faults config, Halt halt) {
    return new CrashPoints(
        config.crashAt().orElse(List.of()),
        config.crashRate(),
        config.seed(),
        config.incarnation().orElse(""),
        halt);
  }

  /** Crashes here when {@code point} is armed and this arrival's draw says so. */
  public void at(String point) {
    FaultDraws draws = armed.get(point);
    if (draws == null || !draws.fires()) {
      return;
    }
    LOG.error(
        FaultLog.line(
            "crash at " + point,
            "seed %d, rate %s, arrival %d, process %s"
                .formatted(
                    seed,
                    draws.rate(),
                    draws.arrivals(),
                    incarnation.isEmpty() ? "unnamed" : incarnation)));
    flushLogs();
    halt.now(point);
  }

  /** The line must reach the log before the halt: nothing flushes it afterwards. */
  private static void flushLogs() {
    for (Handler handler : java.util.logging.Logger.getLogger("").getHandlers()) {
      handler.flush();
    }
    System.out.flush();
    System.err.flush();
  }
}
