package dev.iceflow.common.tracing;

import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.stage.Stage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.logging.otlp.internal.traces.OtlpStdoutSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A function's tracer: starts the span of each stage's work on a message, as a child of the context
 * the message was sent in, and flushes what ended before the invocation returns (Lambda freezes the
 * sandbox after it, so a background export might never run).
 */
public final class Tracing implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(Tracing.class);
  private static final String INSTRUMENTATION_SCOPE = "dev.iceflow";
  private static final String TRACES_PATH = "v1/traces";
  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

  /** How long a flush may hold the invocation's return: the collector is on localhost. */
  static final long FLUSH_TIMEOUT_SECONDS = 10;

  private final SdkTracerProvider provider;
  private final Tracer tracer;

  private Tracing(SdkTracerProvider provider) {
    this.provider = provider;
    this.tracer = provider.get(INSTRUMENTATION_SCOPE);
  }

  public static Tracing of(TracingSettings settings) {
    SdkTracerProviderBuilder builder =
        SdkTracerProvider.builder()
            .setIdGenerator(SnapStartSafeIds.INSTANCE)
            .setResource(
                Resource.getDefault()
                    .merge(Resource.create(Attributes.of(SERVICE_NAME, settings.serviceName()))));
    settings
        .tracesFile()
        .ifPresent(
            file ->
                builder.addSpanProcessor(BatchSpanProcessor.builder(fileExporter(file)).build()));
    settings
        .otlpEndpoint()
        .ifPresent(
            endpoint ->
                builder.addSpanProcessor(
                    BatchSpanProcessor.builder(
                            OtlpHttpSpanExporter.builder().setEndpoint(tracesUrl(endpoint)).build())
                        .build()));
    return new Tracing(builder.build());
  }

  /** The signal's URL under the base endpoint, as the OTLP exporter spec builds it. */
  static String tracesUrl(URI base) {
    String url = base.toString();
    return (url.endsWith("/") ? url : url + "/") + TRACES_PATH;
  }

  /** OTLP JSON, one ExportTraceServiceRequest per line, as the collector's file exporter writes. */
  private static SpanExporter fileExporter(Path file) {
    try {
      return OtlpStdoutSpanExporter.builder()
          .setOutput(new LineAppender(file))
          .setWrapperJsonObject(true)
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the traces file " + file, e);
    }
  }

  /**
   * Starts {@code stage}'s span for the message {@code cause}, current until closed: a child of the
   * span that sent it, or a new trace's root when it carries none.
   */
  public StageSpan start(Stage stage, Envelope cause) {
    Span span = span(stage, cause);
    StageSpan started = StageSpan.current(span, span.makeCurrent());
    LogContext.put(LogContext.CORRELATION_ID, cause.correlationId());
    LogContext.put(LogContext.DATASET, cause.dataset());
    LogContext.put(LogContext.TRACE_ID, span.getSpanContext().getTraceId());
    LogContext.put(LogContext.SPAN_ID, span.getSpanContext().getSpanId());
    return started;
  }

  /**
   * Runs {@code work} in {@code stage}'s span for {@code cause} ({@link #start}); a failure is
   * recorded on the span and thrown on.
   */
  public <T, E extends Exception> T within(Stage stage, Envelope cause, SpanWork<T, E> work)
      throws E {
    try (StageSpan span = start(stage, cause)) {
      try {
        return work.run(span);
      } catch (Exception e) {
        span.failed(e);
        throw e;
      }
    }
  }

  /**
   * Starts {@code stage}'s span for {@code cause} beside the current one, for work that serves
   * several messages at once (one commit of several batches, each in its own trace).
   */
  public StageSpan startBeside(Stage stage, Envelope cause) {
    return StageSpan.detached(span(stage, cause));
  }

  private Span span(Stage stage, Envelope cause) {
    var builder =
        tracer
            .spanBuilder(stage.wireName())
            .setSpanKind(SpanKind.CONSUMER)
            .setParent(EnvelopePropagation.extract(cause))
            .setAttribute(SpanAttributes.STAGE, stage.wireName())
            .setAttribute(SpanAttributes.MESSAGE_ID, cause.id());
    if (cause.dataset() != null) {
      builder.setAttribute(SpanAttributes.DATASET, cause.dataset());
    }
    if (cause.correlationId() != null) {
      builder.setAttribute(SpanAttributes.CORRELATION_ID, cause.correlationId());
    }
    return builder.startSpan();
  }

  /**
   * Exports every ended span before the invocation returns. A failed or slow export is logged and
   * the invocation goes on: a lost span must not fail a batch.
   */
  public void flush() {
    CompletableResultCode result =
        provider.forceFlush().join(FLUSH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (!result.isSuccess()) {
      LOG.warnf(
          result.getFailureThrowable(),
          "spans of this invocation were not exported within %d s; they are lost",
          FLUSH_TIMEOUT_SECONDS);
    }
  }

  @Override
  public void close() {
    provider.shutdown().join(FLUSH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }
}
