package dev.iceflow.common.tracing;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where a function's spans go, read once from its environment: an OTLP JSON lines file (the local
 * platform), an OTLP/HTTP endpoint (the ADOT collector layer in AWS), or nowhere.
 *
 * @param tracesFile OTLP JSON lines, one ExportTraceServiceRequest per line, appended
 * @param otlpEndpoint base URL of an OTLP/HTTP receiver; spans are posted to {@code /v1/traces}
 * @param serviceName the resource's {@code service.name}
 */
public record TracingSettings(
    Optional<Path> tracesFile, Optional<URI> otlpEndpoint, String serviceName) {

  /** Set by the local platform (tools/local FunctionEnvironment): the file to append spans to. */
  public static final String TRACES_FILE = "ICEFLOW_TRACES_FILE";

  /** The OTel SDK's standard variable, set by Terraform when the collector layer is attached. */
  public static final String OTLP_ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";

  /** The OTel SDK's standard variable for {@code service.name}. */
  public static final String SERVICE_NAME = "OTEL_SERVICE_NAME";

  /** Lambda's own variable: the service name when OTEL_SERVICE_NAME is not set. */
  static final String FUNCTION_NAME = "AWS_LAMBDA_FUNCTION_NAME";

  static final String SERVICE_NAME_DEFAULT = "iceflow";

  public static TracingSettings fromEnvironment(Map<String, String> env) {
    return new TracingSettings(
        nonBlank(env.get(TRACES_FILE)).map(Path::of),
        nonBlank(env.get(OTLP_ENDPOINT)).map(URI::create),
        nonBlank(env.get(SERVICE_NAME))
            .or(() -> nonBlank(env.get(FUNCTION_NAME)))
            .orElse(SERVICE_NAME_DEFAULT));
  }

  /** Spans are recorded (ids in messages and logs) but sent nowhere. */
  public static TracingSettings exportingNothing(String serviceName) {
    return new TracingSettings(Optional.empty(), Optional.empty(), serviceName);
  }

  private static Optional<String> nonBlank(String value) {
    return Optional.ofNullable(value).filter(v -> !v.isBlank());
  }
}
