package dev.iceflow.ops.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads OTLP JSON lines (one ExportTraceServiceRequest per line, the OTLP/JSON protobuf mapping:
 * https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding), as the functions write them in
 * the local run folder and the collector's file exporter does.
 */
public final class OtlpJsonSpans {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SERVICE_NAME = "service.name";
  private static final int STATUS_CODE_ERROR = 2;

  private OtlpJsonSpans() {}

  public static List<TraceSpan> read(List<Path> files) throws IOException {
    List<TraceSpan> spans = new ArrayList<>();
    for (Path file : files) {
      try (BufferedReader lines = Files.newBufferedReader(file)) {
        String line;
        while ((line = lines.readLine()) != null) {
          if (!line.isBlank()) {
            request(JSON.readTree(line), spans);
          }
        }
      }
    }
    return spans;
  }

  private static void request(JsonNode request, List<TraceSpan> spans) {
    for (JsonNode resourceSpans : request.path("resourceSpans")) {
      String service =
          attributes(resourceSpans.path("resource").path("attributes")).get(SERVICE_NAME);
      for (JsonNode scopeSpans : resourceSpans.path("scopeSpans")) {
        for (JsonNode span : scopeSpans.path("spans")) {
          spans.add(span(span, service));
        }
      }
    }
  }

  private static TraceSpan span(JsonNode span, String service) {
    String parent = span.path("parentSpanId").asText("");
    JsonNode status = span.path("status");
    return new TraceSpan(
        span.path("traceId").asText(),
        span.path("spanId").asText(),
        parent.isEmpty() ? null : parent,
        span.path("name").asText(),
        service,
        span.path("startTimeUnixNano").asLong(),
        span.path("endTimeUnixNano").asLong(),
        attributes(span.path("attributes")),
        status.path("code").asInt() == STATUS_CODE_ERROR
            ? status.path("message").asText("failed")
            : null);
  }

  /** Key to value as text; an AnyValue holds one of stringValue, intValue (a string), ... */
  private static Map<String, String> attributes(JsonNode attributes) {
    Map<String, String> values = new LinkedHashMap<>();
    for (JsonNode attribute : attributes) {
      JsonNode value = attribute.path("value");
      if (value.fields().hasNext()) {
        values.put(attribute.path("key").asText(), value.fields().next().getValue().asText());
      }
    }
    return values;
  }
}
