package dev.iceflow.local.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;

class EmfExtractionTest {

  private static final String BATCH =
      "{\"_aws\":{\"Timestamp\":1796049042263,\"CloudWatchMetrics\":[{\"Namespace\":\"Iceflow\","
          + "\"Dimensions\":[[\"Dataset\"]],\"Metrics\":[{\"Name\":\"RecordsIn\",\"Unit\":\"Count\"},"
          + "{\"Name\":\"Freshness\",\"Unit\":\"Seconds\"}]}]},"
          + "\"Dataset\":\"flights\",\"RecordsIn\":10,\"Freshness\":[1.5,2]}";

  @Test
  void shouldExtractOneDatumPerMetric_withItsDimensionUnitTimestampAndValues() {
    Map<String, List<MetricDatum>> data = EmfExtraction.metricData(BATCH);

    assertThat(data).containsOnlyKeys("Iceflow");
    Dimension flights = Dimension.builder().name("Dataset").value("flights").build();
    Instant at = Instant.ofEpochMilli(1796049042263L);
    assertThat(data.get("Iceflow"))
        .containsExactly(
            MetricDatum.builder()
                .metricName("RecordsIn")
                .dimensions(flights)
                .timestamp(at)
                .unit("Count")
                .value(10.0)
                .build(),
            MetricDatum.builder()
                .metricName("Freshness")
                .dimensions(flights)
                .timestamp(at)
                .unit("Seconds")
                .values(1.5, 2.0)
                .build());
  }

  @Test
  void shouldTellEmfFromALogLine() {
    assertThat(EmfExtraction.isEmf(BATCH)).isTrue();
    assertThat(EmfExtraction.isEmf("14:30:42.256 INFO  [de.ic.va.ValidationService] batch"))
        .isFalse();
    assertThat(EmfExtraction.isEmf("{\"level\":\"INFO\",\"message\":\"json log\"}")).isFalse();
  }

  @Test
  void shouldRefuseADocumentWhoseDimensionHasNoValue() {
    String noDataset = BATCH.replace("\"Dataset\":\"flights\",", "");

    assertThatThrownBy(() -> EmfExtraction.metricData(noDataset))
        .isInstanceOf(EmfExtraction.InvalidEmfException.class)
        .hasMessageContaining("dimension \"Dataset\" has no string value");
  }

  @Test
  void shouldRefuseADocumentWhoseMetricHasNoValue() {
    String noRecordsIn = BATCH.replace("\"RecordsIn\":10,", "");

    assertThatThrownBy(() -> EmfExtraction.metricData(noRecordsIn))
        .isInstanceOf(EmfExtraction.InvalidEmfException.class)
        .hasMessageContaining("metric RecordsIn has no numeric value");
  }

  @Test
  void shouldRefuseALineCutShort() {
    assertThatThrownBy(() -> EmfExtraction.metricData(BATCH.substring(0, 80)))
        .isInstanceOf(EmfExtraction.InvalidEmfException.class)
        .hasMessageStartingWith("not JSON");
  }
}
