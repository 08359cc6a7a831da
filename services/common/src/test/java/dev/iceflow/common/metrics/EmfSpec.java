package dev.iceflow.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * The rules of the EMF specification a document must keep
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html),
 * written out independently of the code that renders it.
 */
final class EmfSpec {

  private static final int MAX_DIMENSIONS = 30;
  private static final int MAX_METRICS = 100;
  private static final int MAX_VALUES = 100;
  private static final Set<String> UNITS =
      Set.of(
          "Seconds",
          "Microseconds",
          "Milliseconds",
          "Bytes",
          "Kilobytes",
          "Megabytes",
          "Gigabytes",
          "Terabytes",
          "Bits",
          "Kilobits",
          "Megabits",
          "Gigabits",
          "Terabits",
          "Percent",
          "Count",
          "Bytes/Second",
          "Kilobytes/Second",
          "Megabytes/Second",
          "Gigabytes/Second",
          "Terabytes/Second",
          "Bits/Second",
          "Kilobits/Second",
          "Megabits/Second",
          "Gigabits/Second",
          "Terabits/Second",
          "Count/Second",
          "None");

  private EmfSpec() {}

  static void requireValid(JsonNode root) {
    assertThat(root.isObject()).as("the root is an object").isTrue();
    JsonNode aws = root.get("_aws");
    assertThat(aws).as("_aws metadata").isNotNull();
    assertThat(aws.isObject()).isTrue();
    assertThat(aws.get("Timestamp").isIntegralNumber()).as("Timestamp in epoch ms").isTrue();
    JsonNode directives = aws.get("CloudWatchMetrics");
    assertThat(directives.isArray()).as("CloudWatchMetrics is an array").isTrue();
    assertThat(directives).isNotEmpty();
    for (JsonNode directive : directives) {
      assertThat(directive.get("Namespace").isTextual()).as("Namespace").isTrue();
      assertThat(directive.get("Namespace").asText()).isNotBlank();
      assertThat(directive.get("Dimensions").isArray()).as("Dimensions: DimensionSets").isTrue();
      for (JsonNode set : directive.get("Dimensions")) {
        assertThat(set.isArray()).as("a DimensionSet is an array").isTrue();
        assertThat(set.size()).isLessThanOrEqualTo(MAX_DIMENSIONS);
        for (JsonNode dimension : set) {
          assertThat(root.path(dimension.asText()).isTextual())
              .as("dimension %s has a string value in the root", dimension.asText())
              .isTrue();
        }
      }
      JsonNode metrics = directive.get("Metrics");
      assertThat(metrics.isArray()).as("Metrics is an array").isTrue();
      assertThat(metrics.size()).isBetween(1, MAX_METRICS);
      for (JsonNode metric : metrics) {
        String name = metric.get("Name").asText();
        assertThat(name).isNotBlank();
        assertThat(UNITS).as("unit of %s", name).contains(metric.get("Unit").asText());
        JsonNode value = root.get(name);
        assertThat(value).as("value of %s in the root", name).isNotNull();
        if (value.isArray()) {
          assertThat(value.size()).isBetween(1, MAX_VALUES);
          value.forEach(v -> assertThat(v.isNumber()).as("%s values are numbers", name).isTrue());
        } else {
          assertThat(value.isNumber()).as("%s is a number", name).isTrue();
        }
      }
    }
  }
}
