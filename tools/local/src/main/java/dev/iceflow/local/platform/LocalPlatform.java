package dev.iceflow.local.platform;

import dev.iceflow.contracts.topology.FunctionSpec;
import dev.iceflow.local.ProjectLayout;
import dev.iceflow.local.emulator.LocalAws;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The local Lambda platform: each function of the topology whose package is built runs as its own
 * process from its function.zip, fed by an SQS event source mapping, against the embedded AWS. One
 * folder per run holds every function's log; closing the platform stops every process it started.
 */
public final class LocalPlatform implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(LocalPlatform.class);

  /** How soon a failed message is retried locally (AWS: the queue's visibility timeout). */
  public static final int LOCAL_RETRY_DELAY_SECONDS = 1;

  private final SqsClient sqs;
  private final Map<String, FunctionInstance> instances = new LinkedHashMap<>();
  private final Map<String, EventSourceMapping> mappings = new LinkedHashMap<>();
  private final ExecutorService pollers = Executors.newCachedThreadPool();

  private LocalPlatform(SqsClient sqs) {
    this.sqs = sqs;
  }

  /**
   * Starts the named functions (all the topology's with a built package when {@code names} is
   * empty).
   */
  public static LocalPlatform start(LocalAws aws, ProjectLayout layout, List<String> names) {
    LocalPlatform platform = new LocalPlatform(aws.clients().sqs());
    String runtimeClasspath =
        FunctionProcess.runtimeClasspathFrom(System.getProperty("java.class.path"));
    try {
      for (FunctionSpec spec : aws.contracts().topology().functions()) {
        if (!names.isEmpty() && !names.contains(spec.name())) {
          continue;
        }
        Path zip = layout.root().resolve(spec.module()).resolve("target/function.zip");
        if (!Files.isRegularFile(zip)) {
          LOG.warnf("%s is not built (%s missing): not started", spec.name(), zip);
          continue;
        }
        Path work =
            Files.createDirectories(aws.runDirectory().resolve("functions").resolve(spec.name()));
        FunctionInstance instance =
            new FunctionInstance(
                spec, zip, work, FunctionEnvironment.of(aws, spec), runtimeClasspath);
        instance.start();
        platform.instances.put(spec.name(), instance);
        String queue = spec.consumes().queue();
        EventSourceMapping mapping =
            new EventSourceMapping(
                spec.name(),
                platform.sqs,
                aws.provisioned().queueUrl(queue),
                aws.provisioned().queueArn(queue),
                spec.consumes(),
                spec.timeoutSeconds(),
                LOCAL_RETRY_DELAY_SECONDS,
                instance);
        platform.mappings.put(spec.name(), mapping);
        platform.pollers.submit(mapping);
      }
    } catch (IOException e) {
      platform.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      platform.close();
      throw e;
    }
    return platform;
  }

  public FunctionInstance instance(String function) {
    return require(instances, function);
  }

  /** Disables (pause) or enables (resume) a function's event source mapping. */
  public void setEnabled(String function, boolean enabled) {
    require(mappings, function).setEnabled(enabled);
  }

  public Map<String, Long> coldStartsMillis() {
    Map<String, Long> starts = new LinkedHashMap<>();
    instances.forEach((name, instance) -> starts.put(name, instance.coldStartMillis()));
    return starts;
  }

  @Override
  public void close() {
    mappings.values().forEach(EventSourceMapping::stop);
    pollers.shutdown();
    try {
      pollers.awaitTermination(25, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pollers.shutdownNow();
    instances.values().forEach(FunctionInstance::close);
    sqs.close();
  }

  private static <T> T require(Map<String, T> map, String function) {
    T value = map.get(function);
    if (value == null) {
      throw new IllegalArgumentException(
          "function '%s' is not running (running: %s)".formatted(function, map.keySet()));
    }
    return value;
  }
}
