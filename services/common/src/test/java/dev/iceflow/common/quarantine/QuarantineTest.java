package dev.iceflow.common.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.stage.Stage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuarantineTest {

  @Test
  void shouldWriteOneLinePerRecord_withReasonEveryViolationAndTheRecord() throws Exception {
    JsonNode record = EnvelopeCodec.mapper().readTree("{\"carrier\":\"ZZ\"}");
    List<JsonNode> lines =
        lines(
            List.of(
                new QuarantinedRecord(
                    3,
                    List.of(
                        new RecordViolation("enum", "carrier", "ZZ is no carrier"),
                        new RecordViolation("cross-field", null, "arrival before departure")),
                    record,
                    null)));

    assertThat(lines).hasSize(1);
    JsonNode line = lines.get(0);
    assertThat(line.get("batchId").asText()).isEqualTo("b-1");
    assertThat(line.get("dataset").asText()).isEqualTo("flights");
    assertThat(line.get("stage").asText()).isEqualTo("validation");
    assertThat(line.get("position").asInt()).isEqualTo(3);
    assertThat(line.get("rule").asText()).isEqualTo("enum");
    assertThat(line.get("message").asText()).isEqualTo("ZZ is no carrier");
    assertThat(line.get("violations")).hasSize(2);
    assertThat(line.get("violations").get(1).has("field")).isTrue();
    assertThat(line.get("violations").get(1).get("field").isNull()).isTrue();
    assertThat(line.get("record")).isEqualTo(record);
    assertThat(line.has("raw")).isFalse();
  }

  @Test
  void shouldKeepTheRawTextOfAnUnparsableRecord_andNoRecord() throws Exception {
    JsonNode line =
        lines(
                List.of(
                    new QuarantinedRecord(
                        0, List.of(new RecordViolation("not-json", null, "broken")), null, "{x")))
            .get(0);

    assertThat(line.get("raw").asText()).isEqualTo("{x");
    assertThat(line.has("record")).isFalse();
  }

  @Test
  void shouldWriteAParsedNullRecordAsJsonNull() throws Exception {
    JsonNode line =
        lines(
                List.of(
                    new QuarantinedRecord(
                        0,
                        List.of(new RecordViolation("type", null, "not an object")),
                        null,
                        null)))
            .get(0);

    assertThat(line.get("record").isNull()).isTrue();
    assertThat(line.has("raw")).isFalse();
  }

  @Test
  void shouldKeyTheQuarantineByStageDatasetAndBatch() {
    assertThat(Quarantine.key(Stage.ENRICHMENT, "flights", "b-1"))
        .isEqualTo("enrichment/flights/b-1.ndjson");
  }

  private static List<JsonNode> lines(List<QuarantinedRecord> records) throws Exception {
    String text =
        new String(
            Quarantine.ndjson("b-1", "flights", Stage.VALIDATION, records), StandardCharsets.UTF_8);
    assertThat(text).endsWith("\n");
    List<JsonNode> lines = new java.util.ArrayList<>();
    for (String line : text.split("\n")) {
      lines.add(EnvelopeCodec.mapper().readTree(line));
    }
    return lines;
  }
}
