package dev.iceflow.common.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.contracts.topology.MetricSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One CloudWatch Embedded Metric Format document
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html):
 * {@code _aws} holds the timestamp (epoch milliseconds) and one metric directive (namespace, one
 * dimension set, each metric's name and unit); the dimension values and the metric values are
 * members of the root, a value list as an array (EMF takes up to 100 values per metric).
 */
final class EmfDocument {

  static final String AWS = "_aws";
  static final String TIMESTAMP = "Timestamp";
  static final String CLOUDWATCH_METRICS = "CloudWatchMetrics";
  static final String NAMESPACE = "Namespace";
  static final String DIMENSIONS = "Dimensions";
  static final String METRICS = "Metrics";
  static final String NAME = "Name";
  static final String UNIT = "Unit";

  /** EMF's limit on the values of one metric in one document. */
  static final int MAX_VALUES = 100;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The largest whole number a double holds exactly (2^53). */
  private static final double MAX_EXACT_LONG = 9_007_199_254_740_992d;

  private EmfDocument() {}

  static String render(
      String namespace,
      Instant timestamp,
      Map<String, String> dimensions,
      Map<MetricSpec, List<Double>> values) {
    ObjectNode root = MAPPER.createObjectNode();
    ObjectNode aws = root.putObject(AWS);
    aws.put(TIMESTAMP, timestamp.toEpochMilli());
    ObjectNode directive = aws.putArray(CLOUDWATCH_METRICS).addObject();
    directive.put(NAMESPACE, namespace);
    ArrayNode dimensionSet = directive.putArray(DIMENSIONS).addArray();
    dimensions.keySet().forEach(dimensionSet::add);
    ArrayNode metrics = directive.putArray(METRICS);
    values.forEach(
        (metric, points) -> metrics.addObject().put(NAME, metric.name()).put(UNIT, metric.unit()));
    dimensions.forEach(root::put);
    values.forEach(
        (metric, points) -> {
          if (points.size() == 1) {
            root.set(metric.name(), number(points.get(0)));
          } else {
            ArrayNode array = root.putArray(metric.name());
            points.forEach(p -> array.add(number(p)));
          }
        });
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an EMF document of " + values.keySet(), e);
    }
  }

  /** A whole value (a count) as an integer, the rest as they are. */
  private static JsonNode number(double value) {
    if (value == Math.rint(value) && Math.abs(value) <= MAX_EXACT_LONG) {
      return MAPPER.getNodeFactory().numberNode((long) value);
    }
    return MAPPER.getNodeFactory().numberNode(value);
  }
}
