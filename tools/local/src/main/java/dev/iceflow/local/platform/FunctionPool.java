package dev.iceflow.local.platform;

import dev.iceflow.contracts.topology.FunctionSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The execution environments of one function: up to its concurrency, each an instance of its own
 * (process, Runtime API, log), started on first use as Lambda scales out on demand. Each reports
 * its invocations to the platform's metrics and hands its output's lines to the platform.
 */
public final class FunctionPool implements AutoCloseable {

  private final FunctionSpec spec;
  private final Path zip;
  private final Path workDir;
  private final Map<String, String> environment;
  private final String runtimeClasspath;
  private final InvocationMetrics metrics;
  private final FunctionOutput output;
  private final FunctionInstance[] slots;

  /** A pool whose instances' output only goes to their logs. */
  public FunctionPool(
      FunctionSpec spec,
      int size,
      Path zip,
      Path workDir,
      Map<String, String> environment,
      String runtimeClasspath,
      InvocationMetrics metrics) {
    this(spec, size, zip, workDir, environment, runtimeClasspath, metrics, FunctionOutput.NONE);
  }

  public FunctionPool(
      FunctionSpec spec,
      int size,
      Path zip,
      Path workDir,
      Map<String, String> environment,
      String runtimeClasspath,
      InvocationMetrics metrics,
      FunctionOutput output) {
    this.spec = spec;
    this.metrics = metrics;
    this.output = output;
    this.zip = zip;
    this.workDir = workDir;
    this.environment = environment;
    this.runtimeClasspath = runtimeClasspath;
    this.slots = new FunctionInstance[size];
  }

  public String function() {
    return spec.name();
  }

  public int size() {
    return slots.length;
  }

  /** The instance in {@code slot}, started (a cold start) if it is the slot's first use. */
  public synchronized FunctionInstance instance(int slot) {
    if (slots[slot] == null) {
      Path dir = workDir.resolve(Integer.toString(slot));
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      FunctionInstance instance =
          new FunctionInstance(
              spec, slot, zip, dir, environment, runtimeClasspath, metrics, output);
      instance.start();
      slots[slot] = instance;
    }
    return slots[slot];
  }

  /** The instances started so far. */
  public synchronized List<FunctionInstance> started() {
    List<FunctionInstance> started = new ArrayList<>();
    for (FunctionInstance instance : slots) {
      if (instance != null) {
        started.add(instance);
      }
    }
    return started;
  }

  /** An instance that is running an invocation right now, if any. */
  public Optional<FunctionInstance> busy() {
    return started().stream().filter(FunctionInstance::isBusy).findFirst();
  }

  /** Cold start (process start → first {@code next}) of each started instance, by slot. */
  public Map<Integer, Long> coldStartsMillis() {
    Map<Integer, Long> starts = new LinkedHashMap<>();
    started().forEach(i -> starts.put(i.slot(), i.coldStartMillis()));
    return starts;
  }

  @Override
  public synchronized void close() {
    for (FunctionInstance instance : slots) {
      if (instance != null) {
        instance.close();
      }
    }
  }
}
