package dev.iceflow.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.topology.MetricNames;
import dev.iceflow.contracts.topology.MetricSpec;
import dev.iceflow.contracts.topology.ObservabilitySpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineMetricsTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObservabilitySpec SPEC = Contracts.packaged().topology().observability();
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00.123Z");

  private final List<String> lines = new ArrayList<>();
  private final PipelineMetrics metrics =
      new PipelineMetrics(SPEC, lines::add, Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void shouldWriteABatchAsOneEmfLine_withNamespaceUnitsAndDimensionFromTheTopology()
      throws Exception {
    metrics
        .forDataset("flights")
        .add(MetricNames.RECORDS_IN, 10)
        .add(MetricNames.RECORDS_VALID, 8)
        .add(MetricNames.RECORDS_REJECTED, 2)
        .flush();

    assertThat(lines).hasSize(1);
    JsonNode document = MAPPER.readTree(lines.get(0));
    EmfSpec.requireValid(document);
    JsonNode directive = document.at("/_aws/CloudWatchMetrics/0");
    assertThat(document.at("/_aws/Timestamp").asLong()).isEqualTo(NOW.toEpochMilli());
    assertThat(directive.get("Namespace").asText()).isEqualTo(SPEC.namespace()).isNotBlank();
    assertThat(directive.get("Dimensions").toString()).isEqualTo("[[\"Dataset\"]]");
    assertThat(directive.get("Metrics"))
        .extracting(m -> m.get("Name").asText() + "/" + m.get("Unit").asText())
        .containsExactly(
            "RecordsIn/" + unit(MetricNames.RECORDS_IN),
            "RecordsValid/" + unit(MetricNames.RECORDS_VALID),
            "RecordsRejected/" + unit(MetricNames.RECORDS_REJECTED));
    assertThat(document.get("Dataset").asText()).isEqualTo("flights");
    assertThat(document.get("RecordsIn").asDouble()).isEqualTo(10);
    assertThat(document.get("RecordsValid").asDouble()).isEqualTo(8);
    assertThat(document.get("RecordsRejected").asDouble()).isEqualTo(2);
  }

  @Test
  void shouldWriteEveryValueOfAMetricAddedTwice_asAnArray() throws Exception {
    metrics
        .forDataset("flights")
        .add(MetricNames.FRESHNESS, 3.5)
        .add(MetricNames.FRESHNESS, 7)
        .flush();

    JsonNode document = MAPPER.readTree(lines.get(0));
    EmfSpec.requireValid(document);
    assertThat(document.get("Freshness")).extracting(JsonNode::asDouble).containsExactly(3.5, 7.0);
  }

  @Test
  void shouldStartANewDocument_pastEmfsHundredValuesPerMetric() throws Exception {
    var points = metrics.forDataset("flights");
    for (int i = 0; i < 150; i++) {
      points.add(MetricNames.FRESHNESS, i);
    }
    points.flush();

    assertThat(lines).hasSize(2);
    for (String line : lines) {
      EmfSpec.requireValid(MAPPER.readTree(line));
    }
    assertThat(MAPPER.readTree(lines.get(0)).get("Freshness")).hasSize(100);
    assertThat(MAPPER.readTree(lines.get(1)).get("Freshness")).hasSize(50);
  }

  @Test
  void shouldWriteAPipelineWideMetric_withAnEmptyDimensionSet() throws Exception {
    metrics.pipelineWide().add(MetricNames.PAUSED_FUNCTIONS, 0).flush();

    JsonNode document = MAPPER.readTree(lines.get(0));
    EmfSpec.requireValid(document);
    assertThat(document.at("/_aws/CloudWatchMetrics/0/Dimensions").toString()).isEqualTo("[[]]");
    assertThat(document.get("PausedFunctions").asDouble()).isZero();
  }

  @Test
  void shouldWriteNothing_whenNothingWasAdded() {
    metrics.forDataset("flights").flush();

    assertThat(lines).isEmpty();
  }

  @Test
  void shouldRefuseAMetricTheTopologyDoesNotDeclare() {
    assertThatThrownBy(() -> metrics.forDataset("flights").add("RowsIn", 1))
        .isInstanceOf(UndeclaredMetricException.class)
        .hasMessageContaining("RowsIn is not declared");
  }

  @Test
  void shouldRefuseAPerDatasetMetricWithoutItsDatasetDimension() {
    assertThatThrownBy(() -> metrics.pipelineWide().add(MetricNames.RECORDS_IN, 1))
        .isInstanceOf(UndeclaredMetricException.class)
        .hasMessageContaining("declared with dimensions [Dataset]");
  }

  @Test
  void shouldRefuseAPipelineWideMetricWithADimensionItIsNotDeclaredWith() {
    assertThatThrownBy(() -> metrics.forDataset("flights").add(MetricNames.PAUSED_FUNCTIONS, 1))
        .isInstanceOf(UndeclaredMetricException.class)
        .hasMessageContaining("declared with dimensions []");
  }

  @Test
  void shouldBeAbleToEmitEveryNameCodeUses() throws Exception {
    for (MetricSpec metric : SPEC.metrics()) {
      var points = metric.dimensions().isEmpty() ? metrics.pipelineWide() : metrics.forDataset("d");
      points.add(metric.name(), 1).flush();
    }
    for (var field : MetricNames.class.getFields()) {
      String name = (String) field.get(null);
      if (!name.equals(MetricNames.DATASET_DIMENSION)) {
        assertThat(SPEC.metric(name)).as(field.getName()).isPresent();
      }
    }
    for (String line : lines) {
      EmfSpec.requireValid(MAPPER.readTree(line));
    }
  }

  private static String unit(String metric) {
    return SPEC.metric(metric).orElseThrow().unit();
  }
}
