package dev.iceflow.local.platform;

import dev.iceflow.contracts.topology.FunctionSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * One running instance of a function: its Runtime API and its process, restarted when it must be
 * killed (a timeout) or when it dies, as Lambda replaces an execution environment. A process that
 * exits while it runs an invocation fails that invocation at once, as Lambda reports a runtime that
 * exited. Each process is told which one it is ({@link #INCARNATION}), so the seeded crash points
 * of a fault run (common's CrashPoints) draw afresh in a restarted process.
 */
public final class FunctionInstance implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(FunctionInstance.class);
  private static final long COLD_START_LIMIT_SECONDS = 120;
  private static final long STARTUP_POLL_MILLIS = 200;
  private static final int LOG_TAIL_LINES = 8;

  /**
   * iceflow.faults.incarnation: function#slot/start, the n-th process this instance started (from
   * 1).
   */
  static final String INCARNATION = "ICEFLOW_FAULTS_INCARNATION";

  private final FunctionSpec spec;
  private final int slot;
  private final Path zip;
  private static final String LOG_FILE = "function.log";

  private final Path workDir;
  private final Map<String, String> environment;
  private final String runtimeClasspath;
  private final InvocationMetrics metrics;
  private final FunctionOutput output;
  private volatile RuntimeApiServer api;
  private FunctionProcess process;
  private long coldStartMillis;
  private int processesStarted;
  private final AtomicLong invocations = new AtomicLong();

  /** An instance outside a platform (a lone function in tests): its invocations are not metered. */
  public FunctionInstance(
      FunctionSpec spec,
      int slot,
      Path zip,
      Path workDir,
      Map<String, String> environment,
      String runtimeClasspath) {
    this(
        spec,
        slot,
        zip,
        workDir,
        environment,
        runtimeClasspath,
        InvocationMetrics.NONE,
        FunctionOutput.NONE);
  }

  /**
   * An instance that reports each invocation it ends to {@code metrics} and hands each line of its
   * output to {@code output}.
   */
  public FunctionInstance(
      FunctionSpec spec,
      int slot,
      Path zip,
      Path workDir,
      Map<String, String> environment,
      String runtimeClasspath,
      InvocationMetrics metrics,
      FunctionOutput output) {
    this.spec = spec;
    this.metrics = metrics;
    this.output = output;
    this.slot = slot;
    this.zip = zip;
    this.workDir = workDir;
    this.environment = environment;
    this.runtimeClasspath = runtimeClasspath;
  }

  /** Starts the process and waits until its runtime asks for work; returns the cold start. */
  public synchronized long start() {
    try {
      api = new RuntimeApiServer(LocalFunctionNames.arn(spec.name()));
      api.setInFlightListener(this::noteInvocation);
      String deployedName = LocalFunctionNames.deployedName(spec.name());
      api.setOutcomeListener(outcome -> metrics.record(deployedName, outcome));
      long started = System.currentTimeMillis();
      processesStarted++;
      Map<String, String> processEnvironment = new HashMap<>(environment);
      processEnvironment.put(
          INCARNATION, "%s#%d/%d".formatted(spec.name(), slot, processesStarted));
      process =
          FunctionProcess.start(
              zip,
              workDir,
              spec.memoryMb(),
              api.address(),
              processEnvironment,
              runtimeClasspath,
              workDir.resolve(LOG_FILE),
              deployedName,
              output);
      RuntimeApiServer runtime = api;
      process.onExit(() -> runtime.abandonAll("the function process exited"));
      coldStartMillis = awaitFirstNext() - started;
      LOG.infof(
          "%s#%d up in %d ms (pid %d, log %s)",
          spec.name(), slot, coldStartMillis, process.pid(), workDir.resolve(LOG_FILE));
      return coldStartMillis;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + spec.name(), e);
    } catch (Exception e) {
      Path log = workDir.resolve(LOG_FILE);
      throw new IllegalStateException(
          "%s did not start; the end of %s:%n%s".formatted(spec.name(), log, tail(log)), e);
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join(
          System.lineSeparator(),
          lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  /** Waits for the runtime's first {@code next}; fails at once if the process exits first. */
  private long awaitFirstNext() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(COLD_START_LIMIT_SECONDS);
    while (System.nanoTime() < deadline) {
      try {
        return api.firstNext().get(STARTUP_POLL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException notYet) {
        if (!process.isAlive()) {
          throw new IllegalStateException("the process exited during start-up");
        }
      }
    }
    throw new TimeoutException("no call to next within " + COLD_START_LIMIT_SECONDS + " s");
  }

  public synchronized CompletableFuture<byte[]> invoke(byte[] event, long timeoutMillis) {
    if (process == null || !process.isAlive()) {
      restart("the process died");
    }
    return api.invoke(event, timeoutMillis);
  }

  /** Kills the process (if alive) and starts a new one, failing whatever it was doing. */
  public synchronized void restart(String reason) {
    LOG.warnf("restarting %s: %s", spec.name(), reason);
    close();
    start();
  }

  /**
   * Stops the process without killing it (SIGSTOP): a hung function, for tests. The platform kills
   * it when the invocation overruns the function's timeout.
   */
  public synchronized void freeze() {
    if (process == null || !process.isAlive()) {
      throw new IllegalStateException(spec.name() + " is not running");
    }
    try {
      int exit =
          new ProcessBuilder("kill", "-STOP", Long.toString(process.pid())).start().waitFor();
      if (exit != 0) {
        throw new IllegalStateException("kill -STOP %d exited %d".formatted(process.pid(), exit));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while freezing " + spec.name(), e);
    }
  }

  /** Kills the process without restarting it: a crash, for tests. */
  public synchronized void kill() {
    if (process != null) {
      process.kill();
    }
    if (api != null) {
      api.abandonAll("the function process was killed");
    }
  }

  public long coldStartMillis() {
    return coldStartMillis;
  }

  /** The current process's pid (a restart changes it). */
  /** What the function process wrote: its JSON log lines and anything else on stdout or stderr. */
  public Path log() {
    return workDir.resolve(LOG_FILE);
  }

  public synchronized long pid() {
    if (process == null) {
      throw new IllegalStateException(spec.name() + " is not started");
    }
    return process.pid();
  }

  public int slot() {
    return slot;
  }

  /** Whether the runtime has taken an invocation it has not answered yet. */
  public boolean isBusy() {
    RuntimeApiServer current = api;
    return current != null && current.inFlight() > 0;
  }

  /** Whether the runtime is idle, waiting for its next invocation. */
  public boolean isWaitingForWork() {
    RuntimeApiServer current = api;
    return current != null && current.isWaitingForWork();
  }

  /** Invocations the runtime has taken, over every process this instance ran. */
  public long invocations() {
    return invocations.get();
  }

  private void noteInvocation() {
    invocations.incrementAndGet();
  }

  @Override
  public synchronized void close() {
    if (process != null) {
      process.close();
    }
    if (api != null) {
      api.close();
    }
  }
}
