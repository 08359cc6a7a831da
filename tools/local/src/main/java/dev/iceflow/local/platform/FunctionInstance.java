package dev.iceflow.local.platform;

import dev.iceflow.contracts.topology.FunctionSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One running instance of a function: its Runtime API and its process, restarted when it must be
 * killed (a timeout) or when it dies, as Lambda replaces an execution environment.
 */
public final class FunctionInstance implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(FunctionInstance.class);
  private static final long COLD_START_LIMIT_SECONDS = 120;

  private final FunctionSpec spec;
  private final Path zip;
  private final Path workDir;
  private final Map<String, String> environment;
  private final String runtimeClasspath;
  private RuntimeApiServer api;
  private FunctionProcess process;
  private long coldStartMillis;

  public FunctionInstance(
      FunctionSpec spec,
      Path zip,
      Path workDir,
      Map<String, String> environment,
      String runtimeClasspath) {
    this.spec = spec;
    this.zip = zip;
    this.workDir = workDir;
    this.environment = environment;
    this.runtimeClasspath = runtimeClasspath;
  }

  /** Starts the process and waits until its runtime asks for work; returns the cold start. */
  public synchronized long start() {
    try {
      api =
          new RuntimeApiServer(
              "arn:aws:lambda:us-east-1:123456789012:function:iceflow-local-" + spec.name());
      long started = System.currentTimeMillis();
      process =
          FunctionProcess.start(
              zip,
              workDir,
              spec.memoryMb(),
              api.address(),
              environment,
              runtimeClasspath,
              workDir.resolve("function.log"));
      coldStartMillis = api.firstNext().get(COLD_START_LIMIT_SECONDS, TimeUnit.SECONDS) - started;
      LOG.infof(
          "%s up in %d ms (pid %d, log %s)",
          spec.name(), coldStartMillis, process.pid(), workDir.resolve("function.log"));
      return coldStartMillis;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + spec.name(), e);
    } catch (Exception e) {
      throw new IllegalStateException(
          "%s did not start; see %s".formatted(spec.name(), workDir.resolve("function.log")), e);
    }
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
