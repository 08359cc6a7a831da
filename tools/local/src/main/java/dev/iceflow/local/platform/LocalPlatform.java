package dev.iceflow.local.platform;

import dev.iceflow.contracts.topology.FunctionSpec;
import dev.iceflow.local.ProjectLayout;
import dev.iceflow.local.emulator.LocalAws;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The local Lambda platform: each function of the topology whose package is built runs from its
 * function.zip in processes of its own (up to its concurrency), fed by an SQS event source mapping,
 * against the embedded AWS; the topology's schedules run as timers. The mappings answer the Lambda
 * API's event source mapping calls on {@link #lambdaEndpoint()}. One folder per run holds every
 * instance's log; closing the platform stops every process it started. Every invocation's
 * AWS/Lambda metrics (Invocations, Duration, Errors), the metrics the functions write as EMF lines
 * (namespace Iceflow), and each consumed queue's AWS/SQS ApproximateAgeOfOldestMessage go to the
 * embedded AWS's CloudWatch, as they do in AWS.
 */
public final class LocalPlatform implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(LocalPlatform.class);
  private static final long BUSY_POLL_MILLIS = 20;

  /** How long a second close waits for the first; stopping a process takes well under this. */
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final SqsClient sqs;
  private final MetricDataSender metricData;
  private final LambdaMetricsPublisher metrics;
  private final EmfMetricsPublisher emf;
  private final QueueAgePublisher queueAges;
  private final Map<String, FunctionPool> pools = new LinkedHashMap<>();
  private final Map<String, EventSourceMapping> mappings = new LinkedHashMap<>();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Thread shutdownHook = new Thread(this::close, "stop-local-platform");
  private ScheduleTimers timers;
  private LambdaApiServer lambdaApi;

  private LocalPlatform(SqsClient sqs, MetricDataSender metricData) {
    this.sqs = sqs;
    this.metricData = metricData;
    this.metrics = new LambdaMetricsPublisher(metricData);
    this.emf = new EmfMetricsPublisher(metricData);
    this.queueAges = new QueueAgePublisher(metricData);
    // Ctrl-C or a kill must not leave function processes behind (try-with-resources does not run)
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts the named functions with the default options. */
  public static LocalPlatform start(LocalAws aws, ProjectLayout layout, List<String> names) {
    return start(aws, layout, names, PlatformOptions.defaults());
  }

  /**
   * Starts the named functions (all the topology's with a built package when {@code names} is
   * empty): the first instance of each at once (its cold start), the others when their poller first
   * gets a batch.
   */
  public static LocalPlatform start(
      LocalAws aws, ProjectLayout layout, List<String> names, PlatformOptions options) {
    LocalPlatform platform =
        new LocalPlatform(aws.clients().sqs(), new MetricDataSender(aws.cloudWatch()));
    String runtimeClasspath =
        FunctionProcess.runtimeClasspathFrom(System.getProperty("java.class.path"));
    try {
      // first: every function's environment names its endpoint
      platform.lambdaApi = new LambdaApiServer();
      for (FunctionSpec spec : aws.contracts().topology().functions()) {
        if (!names.isEmpty() && !names.contains(spec.name())) {
          continue;
        }
        Path zip = FunctionPackages.zipOf(layout.root(), spec);
        if (!Files.isRegularFile(zip)) {
          LOG.warnf("%s is not built (%s missing): not started", spec.name(), zip);
          continue;
        }
        FunctionPool pool =
            new FunctionPool(
                spec,
                options.instances(spec),
                zip,
                aws.runDirectory().resolve("functions").resolve(spec.name()),
                FunctionEnvironment.of(
                    aws, spec, platform.lambdaApi.endpoint(), options.environment(spec)),
                runtimeClasspath,
                platform.metrics,
                platform.emf);
        platform.pools.put(spec.name(), pool);
        pool.instance(0);
        String queue = spec.consumes().queue();
        EventSourceMapping mapping =
            new EventSourceMapping(
                    platform.sqs,
                    aws.provisioned().queueUrl(queue),
                    aws.provisioned().queueArn(queue),
                    options.eventSource(spec),
                    pool,
                    options.timeoutSeconds(spec),
                    options.redeliveryDelaySeconds(
                        aws.contracts().topology().queue(queue).orElseThrow()),
                    platform.queueAges,
                    options.deliveryFaults())
                .start();
        platform.mappings.put(spec.name(), mapping);
        platform.lambdaApi.serve(mapping);
      }
      platform.timers =
          ScheduleTimers.start(aws, platform.sqs, aws.contracts().topology().schedules());
    } catch (IOException e) {
      platform.close();
      throw new UncheckedIOException("could not start the local Lambda API", e);
    } catch (RuntimeException e) {
      platform.close();
      throw e;
    }
    return platform;
  }

  /**
   * Where the Lambda API (List/Get/UpdateEventSourceMapping) answers for these functions' mappings:
   * a LambdaClient's endpointOverride, {@code aws lambda --endpoint-url}.
   */
  public URI lambdaEndpoint() {
    return lambdaApi.endpoint();
  }

  /** The function's instances started so far. */
  public List<FunctionInstance> instances(String function) {
    return require(pools, function).started();
  }

  /**
   * Waits until one of the function's instances is running an invocation and returns it (to kill or
   * freeze it mid-batch in tests).
   */
  public FunctionInstance awaitBusyInstance(String function, Duration timeout)
      throws InterruptedException {
    FunctionPool pool = require(pools, function);
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      var busy = pool.busy();
      if (busy.isPresent()) {
        return busy.get();
      }
      Thread.sleep(BUSY_POLL_MILLIS);
    }
    throw new IllegalStateException("%s ran no invocation within %s".formatted(function, timeout));
  }

  /**
   * What each function's event source mapping injected so far (duplicate deliveries, throttled
   * invocations; see {@link PlatformOptions#withDuplicateDelivery}), by topology function name.
   */
  public Map<String, InjectedFaults> injectedFaults() {
    Map<String, InjectedFaults> injected = new LinkedHashMap<>();
    mappings.forEach((function, mapping) -> injected.put(function, mapping.injectedFaults()));
    return injected;
  }

  /** Per function, messages its mapping received again after a receive that did not delete them. */
  public Map<String, Long> redelivered() {
    Map<String, Long> redelivered = new LinkedHashMap<>();
    mappings.forEach((function, mapping) -> redelivered.put(function, mapping.redelivered()));
    return redelivered;
  }

  /** Disables (pause) or enables (resume) a function's event source mapping. */
  public void setEnabled(String function, boolean enabled) {
    require(mappings, function).setEnabled(enabled);
  }

  /**
   * Fires one of the topology's schedules now, as its EventBridge rule would (a schedule.tick to
   * its queue): the demo's maintenance run after the load, a test's sweep.
   */
  public void fireSchedule(String schedule) {
    timers.fireNow(schedule);
  }

  /** Cold start (process start → first {@code next}, ms) of every instance: "commit#0" → 2100. */
  public Map<String, Long> coldStartsMillis() {
    Map<String, Long> starts = new LinkedHashMap<>();
    pools.forEach(
        (name, pool) ->
            pool.coldStartsMillis().forEach((slot, ms) -> starts.put(name + "#" + slot, ms)));
    return starts;
  }

  /**
   * Stops every poller, timer and process it started; safe to call twice (the shutdown hook). A
   * second call returns once the first is done: when Ctrl-C wakes the main thread, which closes the
   * platform, the JVM exits as soon as its hooks return, and must not cut that close short (a
   * function process would outlive the platform).
   */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      awaitClosed();
      return;
    }
    try {
      if (Thread.currentThread() != shutdownHook) {
        try {
          Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
          // the JVM is exiting: the hook calls close too, and waits for this one
        }
      }
      if (lambdaApi != null) {
        lambdaApi.close();
      }
      if (timers != null) {
        timers.close();
      }
      mappings.values().forEach(EventSourceMapping::stop);
      mappings.values().forEach(EventSourceMapping::close);
      pools.values().forEach(FunctionPool::close);
      // after the functions: the invocations they ended last are published too
      metricData.close();
      sqs.close();
    } finally {
      closed.countDown();
    }
  }

  private void awaitClosed() {
    try {
      if (!closed.await(CLOSE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        LOG.warnf("the platform did not stop within %s", CLOSE_TIMEOUT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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
