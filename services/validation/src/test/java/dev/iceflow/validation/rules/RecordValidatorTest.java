package dev.iceflow.validation.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iceflow.common.quarantine.RecordViolation;
import dev.iceflow.contracts.Contracts;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecordValidatorTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Contracts CONTRACTS = Contracts.packaged();
  private static final Set<String> AIRPORTS = Set.of("DTW", "LAS", "SFO");

  private final RecordValidator flights =
      new RecordValidator(
          CONTRACTS.dataset("flights").orElseThrow(), (ref, key) -> AIRPORTS.contains(key));
  private final RecordValidator weather =
      new RecordValidator(CONTRACTS.dataset("seattle_weather").orElseThrow(), (ref, key) -> false);

  @Test
  void shouldAcceptARealFlight() {
    assertThat(
            check(
                flights,
                "{\"date\":\"2001/01/01 00:47\",\"delay\":66,\"distance\":1750,\"origin\":\"DTW\",\"destination\":\"LAS\"}"))
        .isEmpty();
  }

  @Test
  void shouldRejectAMissingRequiredField() {
    assertThat(
            rules(
                flights,
                "{\"date\":\"2001/01/01 00:47\",\"delay\":66,\"origin\":\"DTW\",\"destination\":\"LAS\"}"))
        .containsExactly("field-required");
  }

  @Test
  void shouldRejectAWrongType_butAcceptAWholeNumberWrittenAsDecimal() {
    assertThat(
            rules(
                flights,
                "{\"date\":\"2001/01/01 00:47\",\"delay\":\"66\",\"distance\":1750,\"origin\":\"DTW\",\"destination\":\"LAS\"}"))
        .containsExactly("field-type");
    assertThat(
            rules(
                flights,
                "{\"date\":\"2001/01/01 00:47\",\"delay\":66.0,\"distance\":1750,\"origin\":\"DTW\",\"destination\":\"LAS\"}"))
        .isEmpty();
  }

  @Test
  void shouldRejectAValueOutOfRange() {
    assertThat(
            rules(
                flights,
                "{\"date\":\"2001/01/01 00:47\",\"delay\":66,\"distance\":0,\"origin\":\"DTW\",\"destination\":\"LAS\"}"))
        .containsExactly("field-range");
  }

  @Test
  void shouldRejectAPatternMismatchAndAnImpossibleDate() {
    assertThat(
            rules(
                flights,
                "{\"date\":\"01/01/2001\",\"delay\":1,\"distance\":10,\"origin\":\"DTW\",\"destination\":\"LAS\"}"))
        .containsExactly("field-pattern");
    assertThat(
            rules(
                flights,
                "{\"date\":\"2001/02/29 10:00\",\"delay\":1,\"distance\":10,\"origin\":\"DTW\",\"destination\":\"LAS\"}"))
        .containsExactly("field-format");
  }

  @Test
  void shouldRejectAValueOutsideTheEnum() {
    assertThat(
            rules(
                weather,
                "{\"date\":\"2012-01-01\",\"precipitation\":0,\"temp_max\":12.8,\"temp_min\":5,\"weather\":\"hail\"}"))
        .containsExactly("field-enum");
  }

  @Test
  void shouldRejectUnknownFields_whenTheContractSaysSo() {
    assertThat(
            rules(
                flights,
                "{\"date\":\"2001/01/01 00:47\",\"delay\":66,\"distance\":1750,\"origin\":\"DTW\",\"destination\":\"LAS\",\"tail\":\"N123\"}"))
        .containsExactly("unknown-field");
  }

  @Test
  void shouldApplyCrossFieldRules() {
    assertThat(
            rules(
                flights,
                "{\"date\":\"2001/01/01 00:47\",\"delay\":66,\"distance\":1750,\"origin\":\"DTW\",\"destination\":\"DTW\"}"))
        .containsExactly("origin-differs-from-destination");
    assertThat(
            rules(
                weather,
                "{\"date\":\"2012-01-01\",\"precipitation\":0,\"temp_max\":1,\"temp_min\":5,\"weather\":\"sun\"}"))
        .containsExactly("min-not-above-max");
  }

  @Test
  void shouldRejectCodesUnknownInTheReferenceData() {
    assertThat(
            rules(
                flights,
                "{\"date\":\"2001/01/01 00:47\",\"delay\":66,\"distance\":1750,\"origin\":\"XXX\",\"destination\":\"LAS\"}"))
        .containsExactly("origin-known");
  }

  @Test
  void shouldSkipCrossFieldRulesOverFieldsThatAreAlreadyInvalid() {
    assertThat(
            rules(
                flights,
                "{\"date\":\"2001/01/01 00:47\",\"delay\":66,\"distance\":1750,\"origin\":\"dtw\",\"destination\":\"dtw\"}"))
        .containsExactly("field-pattern", "field-pattern");
  }

  @Test
  void shouldRejectAnythingButAnObject() {
    assertThat(rules(flights, "[1,2]")).containsExactly("record-not-object");
    assertThat(rules(flights, "null")).containsExactly("record-not-object");
  }

  @Test
  void shouldSayWhatIsWrongInTheMessage() {
    assertThat(
            check(
                flights,
                "{\"date\":\"2001/01/01 00:47\",\"delay\":9999,\"distance\":1750,\"origin\":\"DTW\",\"destination\":\"LAS\"}"))
        .extracting(RecordViolation::message)
        .containsExactly("'delay' value 9999 is outside [-1440, 2880]");
  }

  private static List<RecordViolation> check(RecordValidator validator, String json) {
    try {
      JsonNode record = JSON.readTree(json);
      return validator.check(record);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static List<String> rules(RecordValidator validator, String json) {
    return check(validator, json).stream().map(RecordViolation::rule).toList();
  }
}
