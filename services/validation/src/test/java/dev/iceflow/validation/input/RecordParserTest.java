package dev.iceflow.validation.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.dataset.InputField;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class RecordParserTest {

  private final Map<String, InputField> fields =
      Contracts.packaged().dataset("flights").orElseThrow().input().fields().stream()
          .collect(Collectors.toMap(InputField::name, Function.identity()));
  private final RecordParser parser = new RecordParser(fields);

  @Test
  void shouldKeepAnUnparsableNdjsonLineAsARecordToQuarantine() {
    List<RawRecord> records =
        parse("{\"delay\":1}\n{broken\n\n{\"delay\":2}\n", RecordFormat.NDJSON);

    assertThat(records).extracting(RawRecord::position).containsExactly(0, 1, 2);
    assertThat(records.get(1).isParsed()).isFalse();
    assertThat(records.get(1).unparsedText()).isEqualTo("{broken");
    assertThat(records.get(2).value().get("delay").asInt()).isEqualTo(2);
  }

  @Test
  void shouldReadAJsonArray_andRefuseAnythingElse() {
    assertThat(parse("[{\"a\":1},{\"a\":2}]", RecordFormat.JSON_ARRAY)).hasSize(2);
    assertThatThrownBy(() -> parse("{\"a\":1}", RecordFormat.JSON_ARRAY))
        .isInstanceOf(UnsupportedInputException.class);
  }

  @Test
  void shouldTypeCsvCellsByTheContract_andLeaveBadCellsForTheValidator() {
    List<RawRecord> records =
        parse(
            "date,delay,distance,origin,destination\n2001/01/01 00:47,-5,407,LAS,OAK\n2001/01/01 01:00,soon,,LAS,OAK\n",
            RecordFormat.CSV);

    assertThat(records.get(0).value().get("delay").isNumber()).isTrue();
    assertThat(records.get(0).value().get("delay").asInt()).isEqualTo(-5);
    assertThat(records.get(0).value().get("origin").asText()).isEqualTo("LAS");
    assertThat(records.get(1).value().get("delay").isTextual()).isTrue();
    assertThat(records.get(1).value().has("distance")).isFalse();
  }

  @Test
  void shouldQuarantineACsvRowWithMoreOrFewerFieldsThanTheHeader_andKeepEveryOtherPosition() {
    List<RawRecord> records =
        parse(
            "date,delay,distance,origin,destination\n"
                + "2001/01/01 00:47,-5,407,LAS,OAK\n"
                + "2001/01/01 01:00,3,100,DTW,LAS,extra\n"
                + "2001/01/01 02:00,4,200,OAK,LAS\n"
                + "2001/01/01 03:00,\"5,6\",300,LAS\n"
                + "2001/01/01 04:00,7,400,DTW,OAK\n",
            RecordFormat.CSV);

    assertThat(records).extracting(RawRecord::position).containsExactly(0, 1, 2, 3, 4);
    assertThat(records)
        .extracting(RawRecord::isParsed)
        .containsExactly(true, false, true, false, true);
    assertThat(records.get(1).problem().rule()).isEqualTo("csv-field-count");
    assertThat(records.get(1).problem().message())
        .isEqualTo("the row has 6 fields, the header has 5");
    assertThat(records.get(1).unparsedText()).isEqualTo("2001/01/01 01:00,3,100,DTW,LAS,extra");
    assertThat(records.get(3).problem().message())
        .isEqualTo("the row has 4 fields, the header has 5");
    assertThat(records.get(3).unparsedText()).isEqualTo("2001/01/01 03:00,\"5,6\",300,LAS");
    assertThat(records.get(2).value().get("delay").asInt()).isEqualTo(4);
    assertThat(records.get(4).value().get("origin").asText()).isEqualTo("DTW");
  }

  @Test
  void shouldRefuseACsvWhoseHeaderNamesAColumnTwice() {
    assertThatThrownBy(() -> parse("delay,delay\n1,2\n", RecordFormat.CSV))
        .isInstanceOf(UnsupportedInputException.class)
        .hasMessageContaining("'delay' twice");
  }

  @Test
  void shouldQuarantineAMalformedJsonArrayElement_andKeepEveryOtherPosition() {
    List<RawRecord> records =
        parse(
            "[{\"delay\":1}, {broken, \"x\"}, {\"delay\":3},\n 5, {\"s\":\"a,]}\\\"[\"}]",
            RecordFormat.JSON_ARRAY);

    assertThat(records).extracting(RawRecord::position).containsExactly(0, 1, 2, 3, 4);
    assertThat(records.get(1).isParsed()).isFalse();
    assertThat(records.get(1).problem().rule()).isEqualTo("record-not-json");
    assertThat(records.get(1).unparsedText()).isEqualTo("{broken, \"x\"}");
    assertThat(records.get(2).value().get("delay").asInt()).isEqualTo(3);
    assertThat(records.get(3).value().isNumber()).isTrue(); // the validator says it is no object
    assertThat(records.get(4).value().get("s").asText()).isEqualTo("a,]}\"[");
  }

  @Test
  void shouldQuarantineTheCutOffLastElementOfATruncatedJsonArray() {
    List<RawRecord> records = parse("[{\"delay\":1},{\"delay\":2},{\"del", RecordFormat.JSON_ARRAY);

    assertThat(records).extracting(RawRecord::isParsed).containsExactly(true, true, false);
    assertThat(records.get(2).unparsedText()).isEqualTo("{\"del");
  }

  @Test
  void shouldQuarantineAnElementOrLineHoldingTwoValues_neverKeepOnlyTheFirst() {
    List<RawRecord> fromArray =
        parse("[{\"delay\":1} {\"delay\":2}, {\"delay\":3}]", RecordFormat.JSON_ARRAY);
    List<RawRecord> fromLines =
        parse("{\"delay\":1} {\"delay\":2}\n{\"delay\":3}\n", RecordFormat.NDJSON);

    assertThat(fromArray).extracting(RawRecord::isParsed).containsExactly(false, true);
    assertThat(fromLines).extracting(RawRecord::isParsed).containsExactly(false, true);
    assertThat(fromLines.get(0).unparsedText()).isEqualTo("{\"delay\":1} {\"delay\":2}");
  }

  @Test
  void shouldDetectGzipByItsMagicBytes() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write("{\"delay\":1}\n".getBytes(StandardCharsets.UTF_8));
    }

    assertThat(parser.parse(new ByteArrayInputStream(bytes.toByteArray()), RecordFormat.NDJSON))
        .hasSize(1);
  }

  @Test
  void shouldTellTheFormatFromAFileName() {
    assertThat(RecordFormat.fromFileName("incoming/flights/a.csv.gz")).isEqualTo(RecordFormat.CSV);
    assertThat(RecordFormat.fromFileName("incoming/flights/a.jsonl"))
        .isEqualTo(RecordFormat.NDJSON);
    assertThatThrownBy(() -> RecordFormat.fromFileName("incoming/flights/a.xlsx"))
        .hasMessageContaining(".ndjson, .jsonl, .json or .csv");
  }

  private List<RawRecord> parse(String text, RecordFormat format) {
    return parser.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), format);
  }
}
