package dev.iceflow.local.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;

/**
 * What CloudWatch Logs extracts from a log line in Embedded Metric Format
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html):
 * for every metric directive, one data point per metric and dimension set, with the dimension
 * values and the metric's value (or values) read from the document's root, at {@code
 * _aws.Timestamp}.
 */
final class EmfExtraction {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String AWS = "_aws";

  private EmfExtraction() {}

  /** Whether the line is meant as EMF: a JSON object with {@code _aws} metadata. */
  static boolean isEmf(String line) {
    return line.startsWith("{") && line.contains("\"" + AWS + "\"");
  }

  /**
   * The line's data points by namespace.
   *
   * @throws InvalidEmfException when the line breaks the specification (CloudWatch Logs keeps such
   *     a line as a log event and extracts nothing from it)
   */
  static Map<String, List<MetricDatum>> metricData(String line) {
    JsonNode root;
    try {
      root = MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw new InvalidEmfException("not JSON: " + e.getOriginalMessage());
    }
    JsonNode aws = root.path(AWS);
    if (!aws.path("Timestamp").isNumber() || !aws.path("CloudWatchMetrics").isArray()) {
      throw new InvalidEmfException("_aws needs a numeric Timestamp and a CloudWatchMetrics array");
    }
    Instant timestamp = Instant.ofEpochMilli(aws.get("Timestamp").asLong());
    Map<String, List<MetricDatum>> byNamespace = new LinkedHashMap<>();
    for (JsonNode directive : aws.get("CloudWatchMetrics")) {
      String namespace = directive.path("Namespace").asText("");
      if (namespace.isBlank()) {
        throw new InvalidEmfException("a metric directive has no Namespace");
      }
      List<MetricDatum> data = byNamespace.computeIfAbsent(namespace, n -> new ArrayList<>());
      for (JsonNode dimensionSet : directive.path("Dimensions")) {
        List<Dimension> dimensions = dimensions(root, dimensionSet);
        for (JsonNode metric : directive.path("Metrics")) {
          data.add(datum(root, metric, dimensions, timestamp));
        }
      }
    }
    return byNamespace;
  }

  private static List<Dimension> dimensions(JsonNode root, JsonNode dimensionSet) {
    List<Dimension> dimensions = new ArrayList<>();
    for (JsonNode name : dimensionSet) {
      JsonNode value = root.path(name.asText());
      if (!value.isTextual()) {
        throw new InvalidEmfException("dimension %s has no string value".formatted(name));
      }
      dimensions.add(Dimension.builder().name(name.asText()).value(value.asText()).build());
    }
    return dimensions;
  }

  private static MetricDatum datum(
      JsonNode root, JsonNode metric, List<Dimension> dimensions, Instant timestamp) {
    String name = metric.path("Name").asText("");
    JsonNode value = root.path(name);
    MetricDatum.Builder datum =
        MetricDatum.builder().metricName(name).dimensions(dimensions).timestamp(timestamp);
    if (metric.has("Unit")) {
      datum.unit(metric.get("Unit").asText());
    }
    if (value.isNumber()) {
      return datum.value(value.asDouble()).build();
    }
    if (value.isArray() && !value.isEmpty()) {
      List<Double> values = new ArrayList<>();
      for (JsonNode v : value) {
        if (!v.isNumber()) {
          throw new InvalidEmfException("metric %s has a value that is no number".formatted(name));
        }
        values.add(v.asDouble());
      }
      return datum.values(values).build();
    }
    throw new InvalidEmfException("metric %s has no numeric value in the root".formatted(name));
  }

  /** A line meant as EMF that breaks the specification. */
  static final class InvalidEmfException extends RuntimeException {
    InvalidEmfException(String message) {
      super(message);
    }
  }
}
