package dev.iceflow.ops.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class XRaySegmentsTest {

  @Test
  void shouldReadOurAttributesBackFromAnnotationsAndMetadata() throws IOException {
    List<TraceSpan> spans = XRaySegments.read(resource("/traces/xray-segment.json"));

    assertThat(spans).hasSize(2);
    TraceSpan commit = spans.get(0);
    assertThat(commit.traceId()).isEqualTo("6745a1b23c4d5e6f708192a3b4c5d6e7");
    assertThat(commit.parentSpanId()).isEqualTo("0011223344556677");
    assertThat(commit.name()).isEqualTo("commit");
    assertThat(commit.service()).isEqualTo("iceflow-dev-commit");
    assertThat(commit.durationNanos()).isEqualTo(500_000_000L);
    assertThat(commit.attributes())
        .containsEntry("iceflow.batch_id", "b-42")
        .containsEntry("iceflow.snapshot_id", "8154331275866112000");
    TraceSpan glue = spans.get(1);
    assertThat(glue.parentSpanId()).isEqualTo(commit.spanId());
    assertThat(glue.error()).isEqualTo("ConcurrentModificationException");
  }

  @Test
  void shouldFilterOnTheBatchIdAnnotation() {
    assertThat(XRayTraces.filter("b-42")).isEqualTo("annotation.iceflow_batch_id = \"b-42\"");
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = XRaySegmentsTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
