package dev.iceflow.common.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.stage.Stage;
import dev.iceflow.contracts.message.MessageType;
import io.opentelemetry.api.trace.SpanContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvelopePropagationTest {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String UPSTREAM_SPAN_ID = "00f067aa0ba902b7";
  private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + UPSTREAM_SPAN_ID + "-01";
  private static final String TRACESTATE = "vendor=opaque";

  @TempDir Path dir;

  @Test
  void shouldRoundTripTraceparentAndTracestate_throughThePropagator() {
    Envelope upstream = ingest(TRACEPARENT, TRACESTATE);

    TraceFields fields = EnvelopePropagation.inject(EnvelopePropagation.extract(upstream));

    assertThat(fields).isEqualTo(new TraceFields(TRACEPARENT, TRACESTATE));
    SpanContext context = EnvelopePropagation.spanContext(upstream);
    assertThat(context.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(context.getSpanId()).isEqualTo(UPSTREAM_SPAN_ID);
    assertThat(context.isRemote()).isTrue();
  }

  @Test
  void shouldMakeTheStageSpanAChildOfTheMessage_andDerivedMessagesChildrenOfTheSpan()
      throws IOException {
    Path traces = dir.resolve("traces.jsonl");
    Envelope upstream = ingest(TRACEPARENT, TRACESTATE);
    Envelope derived;
    try (Tracing tracing = tracing(traces)) {
      try (StageSpan span = tracing.start(Stage.VALIDATION, upstream)) {
        span.batch("b-1").records(3, 2, 1);
        derived = derive(upstream);
      }
      tracing.flush();
    }

    List<JsonNode> spans = spans(traces);
    assertThat(spans).hasSize(1);
    JsonNode span = spans.get(0);
    assertThat(span.path("traceId").asText()).isEqualTo(TRACE_ID);
    assertThat(span.path("parentSpanId").asText()).isEqualTo(UPSTREAM_SPAN_ID);
    assertThat(span.path("name").asText()).isEqualTo("validation");
    assertThat(attribute(span, SpanAttributes.BATCH_ID.getKey()))
        .hasValueSatisfying(v -> assertThat(v.path("stringValue").asText()).isEqualTo("b-1"));
    assertThat(attribute(span, SpanAttributes.RECORDS_REJECTED.getKey()))
        .hasValueSatisfying(v -> assertThat(v.path("intValue").asText()).isEqualTo("1"));

    SpanContext sentIn = EnvelopePropagation.spanContext(derived);
    assertThat(sentIn.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(sentIn.getSpanId()).isEqualTo(span.path("spanId").asText());
    assertThat(derived.tracestate()).isEqualTo(TRACESTATE);
  }

  @Test
  void shouldStartANewTrace_whenTheMessageCarriesNone() throws IOException {
    Path traces = dir.resolve("traces.jsonl");
    Envelope upstream = ingest(null, null);
    Envelope derived;
    try (Tracing tracing = tracing(traces)) {
      try (StageSpan span = tracing.start(Stage.VALIDATION, upstream)) {
        derived = derive(upstream);
      }
      tracing.flush();
    }

    JsonNode span = spans(traces).get(0);
    assertThat(span.path("parentSpanId").asText("")).isEmpty();
    assertThat(EnvelopePropagation.spanContext(derived).getTraceId())
        .isEqualTo(span.path("traceId").asText());
  }

  @Test
  void shouldSendDerivedMessagesInTheCausesContext_whenNoSpanIsCurrent() {
    Envelope upstream = ingest(TRACEPARENT, TRACESTATE);

    Envelope derived = derive(upstream);

    assertThat(derived.traceparent()).isEqualTo(TRACEPARENT);
  }

  private static Tracing tracing(Path traces) {
    return Tracing.of(new TracingSettings(Optional.of(traces), Optional.empty(), "test"));
  }

  private static Envelope derive(Envelope cause) {
    return cause.derive(
        "b-1.validated",
        MessageType.BATCH_VALIDATED,
        "1.0",
        Stage.VALIDATION.source(),
        EnvelopeCodec.mapper().createObjectNode(),
        Instant.EPOCH);
  }

  private static Envelope ingest(String traceparent, String tracestate) {
    return new Envelope(
        "bts.b-1",
        MessageType.INGEST_BATCH.wireName(),
        "1.0",
        "bts-feed",
        Instant.EPOCH,
        "flights",
        "b-1",
        traceparent,
        tracestate,
        null,
        EnvelopeCodec.mapper().createObjectNode().put("batchId", "b-1"));
  }

  /** Every span of an OTLP JSON lines file. */
  static List<JsonNode> spans(Path file) throws IOException {
    List<JsonNode> spans = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      JsonNode request = EnvelopeCodec.mapper().readTree(line);
      for (JsonNode resource : request.path("resourceSpans")) {
        for (JsonNode scope : resource.path("scopeSpans")) {
          scope.path("spans").forEach(spans::add);
        }
      }
    }
    return spans;
  }

  private static Optional<JsonNode> attribute(JsonNode span, String key) {
    for (JsonNode attribute : span.path("attributes")) {
      if (attribute.path("key").asText().equals(key)) {
        return Optional.of(attribute.path("value"));
      }
    }
    return Optional.empty();
  }
}
