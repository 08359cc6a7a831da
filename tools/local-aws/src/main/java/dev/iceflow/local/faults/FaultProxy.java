package dev.iceflow.local.faults;

import dev.iceflow.local.emulator.LocalAws;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * A fault-injecting endpoint in front of the embedded moto: calls its {@link FaultRule}s apply to
 * are answered 500 or 503 (in the shape S3 and SNS give, so the SDK retries them as it would in
 * AWS) or answered late; every other call reaches the emulator unchanged. Point a function at it
 * with {@link #routeEnvironment()}; each injected fault is a line in {@link #log()}.
 *
 * <p>It is a listener inside the emulator's own process, on a port of its own, wrapping moto's WSGI
 * app (tools/local/python/fault_injection.py), rather than a proxy process or a proxy in this JVM:
 * the emulator checks SigV4 signatures, which cover the Host header and an S3 upload's body as sent
 * (aws-chunked, streaming signatures, chunked transfer encoding), so a proxy would have to forward
 * every request byte for byte, and signing again is impossible for a streaming upload signed with
 * the caller's secret. Inside, moto's app gets the request exactly as on its own port. Nothing
 * listens until {@link #start}: tests that inject no faults pay nothing.
 */
public final class FaultProxy implements AutoCloseable {

  /**
   * The environment variable a packaged function takes its AWS endpoint from
   * (iceflow.aws.endpoint-override): its S3, SNS, SQS and DynamoDB clients and Iceberg's S3FileIO
   * all follow it (services/common microprofile-config.properties, CatalogFactory).
   */
  public static final String ENDPOINT_OVERRIDE_VARIABLE = "ICEFLOW_AWS_ENDPOINT_OVERRIDE";

  /** The file in the run's folder where each injected fault is a line. */
  public static final String LOG_FILE = "faults.log";

  private static final Logger LOG = Logger.getLogger(FaultProxy.class);
  private static final String LOOPBACK = "127.0.0.1";

  private final FaultControlClient control;
  private final int port;
  private final Path log;

  private FaultProxy(FaultControlClient control, int port, Path log) {
    this.control = control;
    this.port = port;
    this.log = log;
  }

  /** Opens a fault listener in {@code aws}'s emulator, logging to the run's {@value #LOG_FILE}. */
  public static FaultProxy start(LocalAws aws) {
    return start(aws, aws.runDirectory().resolve(LOG_FILE));
  }

  /**
   * Opens a fault listener in {@code aws}'s emulator, logging each injected fault to {@code log}.
   */
  public static FaultProxy start(LocalAws aws, Path log) {
    if (!aws.isEmbeddedMoto()) {
      throw new IllegalStateException(
          "faults are injected by the embedded moto only, not by the emulator at "
              + aws.endpoint());
    }
    FaultControlClient control = new FaultControlClient(aws.endpoint());
    int port = control.open(log);
    LOG.infof(
        "fault proxy in front of %s at port %d (faults logged to %s)", aws.endpoint(), port, log);
    return new FaultProxy(control, port, log);
  }

  /** Where a client points to have its calls go through the proxy (path-style for S3). */
  public URI endpoint() {
    return URI.create("http://%s:%d".formatted(LOOPBACK, port));
  }

  /**
   * The environment that routes a packaged function's AWS calls through the proxy, for {@code
   * PlatformOptions.withEnvironment(function, name, value)}. Only the calls a rule applies to are
   * touched; the function's SQS and DynamoDB calls pass through unchanged.
   */
  public Map<String, String> routeEnvironment() {
    return Map.of(ENDPOINT_OVERRIDE_VARIABLE, endpoint().toString());
  }

  /**
   * Applies {@code rule} from the next call on, replacing a rule of the same name (counts too).
   * Where several rules apply to a call, the one injected earliest decides alone.
   */
  public void inject(FaultRule rule) {
    control.put(port, rule);
    LOG.infof("fault rule injected: %s", rule);
  }

  /** Stops applying the rule named {@code ruleName}; its counts are gone with it. */
  public void clear(String ruleName) {
    control.remove(port, ruleName);
  }

  /** What the rule named {@code ruleName} did so far. */
  public FaultCounts counts(String ruleName) {
    return control.counts(port, ruleName);
  }

  /** One line per injected fault: rule, service, method, path, status or delay. */
  public Path log() {
    return log;
  }

  @Override
  public void close() {
    control.close(port);
  }
}
