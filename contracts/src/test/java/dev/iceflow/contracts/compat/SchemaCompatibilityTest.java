package dev.iceflow.contracts.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SchemaCompatibilityTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String PUBLISHED =
      """
      {"type": "object", "additionalProperties": false, "required": ["batchId", "count"],
       "properties": {
         "batchId": {"type": "string", "maxLength": 100},
         "count": {"type": "integer", "minimum": 0},
         "mode": {"type": "string", "enum": ["a", "b"]},
         "files": {"type": "array", "items": {"type": "object", "required": ["path"],
                   "properties": {"path": {"type": "string"}}}}
       }}
      """;

  @Test
  void shouldAcceptAddingAnOptionalField() throws Exception {
    assertThat(
            check(
                edit(
                    PUBLISHED,
                    "\"properties\": {",
                    "\"properties\": {\"note\": {\"type\": \"string\"},")))
        .isEmpty();
  }

  @Test
  void shouldAcceptWideningIntegerToNumberAndAddingEnumValues() throws Exception {
    String widened =
        edit(
            edit(PUBLISHED, "\"type\": \"integer\"", "\"type\": \"number\""),
            "[\"a\", \"b\"]",
            "[\"a\", \"b\", \"c\"]");
    assertThat(check(widened)).isEmpty();
  }

  @Test
  void shouldAcceptLooseningABound() throws Exception {
    assertThat(check(edit(PUBLISHED, "\"maxLength\": 100", "\"maxLength\": 200"))).isEmpty();
  }

  @Test
  void shouldRejectNewRequiredField() throws Exception {
    String changed =
        edit(
            edit(PUBLISHED, "[\"batchId\", \"count\"]", "[\"batchId\", \"count\", \"note\"]"),
            "\"properties\": {",
            "\"properties\": {\"note\": {\"type\": \"string\"},");
    assertThat(check(changed)).containsExactly("$: new required field 'note'");
  }

  @Test
  void shouldRejectTypeChange() throws Exception {
    assertThat(check(edit(PUBLISHED, "\"type\": \"integer\"", "\"type\": \"string\"")))
        .containsExactly("$.count: type changed from [integer] to [string]");
  }

  @Test
  void shouldRejectRemovedField() throws Exception {
    String removed =
        edit(PUBLISHED, "\"mode\": {\"type\": \"string\", \"enum\": [\"a\", \"b\"]},", "");
    assertThat(check(removed)).containsExactly("$.mode: field removed");
  }

  @Test
  void shouldRejectRemovedEnumValueAndTightenedBound() throws Exception {
    String changed =
        edit(
            edit(PUBLISHED, "[\"a\", \"b\"]", "[\"a\"]"),
            "\"maxLength\": 100",
            "\"maxLength\": 50");
    assertThat(check(changed))
        .containsExactlyInAnyOrder(
            "$.mode: enum value \"b\" removed", "$.batchId: maxLength tightened from 100 to 50");
  }

  @Test
  void shouldRejectBreakingChangeInsideArrayItems() throws Exception {
    String changed =
        edit(PUBLISHED, "\"required\": [\"path\"]", "\"required\": [\"path\", \"size\"]");
    assertThat(check(changed)).containsExactly("$.files.items: new required field 'size'");
  }

  /**
   * {@code text} with {@code target} replaced; fails when the text does not hold it, so that an
   * edit that matched nothing cannot pass as an unchanged schema.
   */
  private static String edit(String text, String target, String replacement) {
    assertThat(text).as("the schema to edit").contains(target);
    String edited = text.replace(target, replacement);
    assertThat(edited).as("the edited schema").isNotEqualTo(text);
    return edited;
  }

  private static java.util.List<String> check(String current) throws Exception {
    JsonNode before = JSON.readTree(PUBLISHED);
    JsonNode after = JSON.readTree(current);
    return SchemaCompatibility.breakingChanges(before, after);
  }
}
