package dev.iceflow.validation.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iceflow.common.quarantine.RecordViolation;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.dataset.InputField;
import dev.iceflow.contracts.dataset.InputSpec.UnknownFields;
import dev.iceflow.contracts.dataset.RuleSpec;
import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks one input record against a data contract: types, presence, ranges, enums, patterns and
 * date formats per field, unknown fields, then the contract's cross-field rules. Pure: the only
 * outside knowledge is the reference lookup. Never throws on any JSON value.
 */
public final class RecordValidator {

  private final DataContract contract;
  private final ReferenceLookup references;
  private final Map<String, InputField> fields = new LinkedHashMap<>();
  private final Map<String, Pattern> patterns = new HashMap<>();
  private final Map<String, DateTimeFormatter> dateFormats = new HashMap<>();

  public RecordValidator(DataContract contract, ReferenceLookup references) {
    this.contract = contract;
    this.references = references;
    for (InputField field : contract.input().fields()) {
      fields.put(field.name(), field);
      if (field.pattern() != null) {
        patterns.put(field.name(), Pattern.compile(field.pattern()));
      }
      if (field.dateTimeFormat() != null) {
        // uuuu + STRICT: 2001/02/30 is rejected, not resolved to March
        dateFormats.put(
            field.name(),
            DateTimeFormatter.ofPattern(field.dateTimeFormat().replace("yyyy", "uuuu"))
                .withResolverStyle(ResolverStyle.STRICT));
      }
    }
  }

  /** Every rule the record breaks; empty when it is valid. */
  public List<RecordViolation> check(JsonNode record) {
    List<RecordViolation> violations = new ArrayList<>();
    if (record == null || !record.isObject()) {
      violations.add(
          new RecordViolation(RuleNames.NOT_OBJECT, null, "a record must be a JSON object"));
      return violations;
    }
    checkUnknownFields(record, violations);
    Set<String> invalidFields = new HashSet<>();
    for (InputField field : fields.values()) {
      int before = violations.size();
      checkField(field, record.get(field.name()), violations);
      if (violations.size() > before) {
        invalidFields.add(field.name());
      }
    }
    for (RuleSpec rule : contract.input().rules()) {
      if (involved(rule).stream().noneMatch(invalidFields::contains)) {
        checkRule(rule, record, violations);
      }
    }
    return violations;
  }

  private void checkUnknownFields(JsonNode record, List<RecordViolation> out) {
    if (contract.input().unknownFields() != UnknownFields.reject) {
      return;
    }
    for (Iterator<String> names = record.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!fields.containsKey(name)) {
        out.add(
            new RecordViolation(
                RuleNames.UNKNOWN_FIELD,
                name,
                "field '%s' is not in the data contract".formatted(name)));
      }
    }
  }

  private void checkField(InputField field, JsonNode value, List<RecordViolation> out) {
    String name = field.name();
    if (value == null || value.isNull()) {
      if (field.required()) {
        out.add(new RecordViolation(RuleNames.REQUIRED, name, "'%s' is required".formatted(name)));
      }
      return;
    }
    if (!hasType(field, value)) {
      out.add(
          new RecordViolation(
              RuleNames.TYPE,
              name,
              "'%s' must be %s, got %s".formatted(name, field.type(), describe(value))));
      return;
    }
    switch (field.type()) {
      case string -> checkString(field, value.asText(), out);
      case integer, number -> checkRange(field, value.decimalValue(), out);
      case bool -> {}
    }
  }

  private void checkString(InputField field, String text, List<RecordViolation> out) {
    String name = field.name();
    Pattern pattern = patterns.get(name);
    if (pattern != null && !pattern.matcher(text).matches()) {
      out.add(
          new RecordViolation(
              RuleNames.PATTERN,
              name,
              "'%s' value '%s' does not match %s"
                  .formatted(name, abbreviate(text), field.pattern())));
      return;
    }
    DateTimeFormatter format = dateFormats.get(name);
    if (format != null) {
      try {
        format.parse(text);
      } catch (DateTimeParseException e) {
        out.add(
            new RecordViolation(
                RuleNames.FORMAT,
                name,
                "'%s' value '%s' is not a valid %s"
                    .formatted(name, abbreviate(text), field.dateTimeFormat())));
        return;
      }
    }
    if (field.allowed() != null && !field.allowed().contains(text)) {
      out.add(
          new RecordViolation(
              RuleNames.ENUM,
              name,
              "'%s' value '%s' is not one of %s"
                  .formatted(name, abbreviate(text), field.allowed())));
    }
  }

  private static void checkRange(InputField field, BigDecimal value, List<RecordViolation> out) {
    if ((field.minimum() != null && value.compareTo(field.minimum()) < 0)
        || (field.maximum() != null && value.compareTo(field.maximum()) > 0)) {
      out.add(
          new RecordViolation(
              RuleNames.RANGE,
              field.name(),
              "'%s' value %s is outside [%s, %s]"
                  .formatted(
                      field.name(),
                      value.toPlainString(),
                      bound(field.minimum()),
                      bound(field.maximum()))));
    }
  }

  private void checkRule(RuleSpec rule, JsonNode record, List<RecordViolation> out) {
    boolean holds =
        switch (rule.kind()) {
          case FIELDS_DIFFER -> {
            JsonNode a = record.get(rule.fields().get(0));
            JsonNode b = record.get(rule.fields().get(1));
            yield a == null || b == null || !a.equals(b);
          }
          case NOT_GREATER_THAN -> {
            JsonNode a = record.get(rule.fields().get(0));
            JsonNode b = record.get(rule.fields().get(1));
            yield a == null || b == null || a.decimalValue().compareTo(b.decimalValue()) <= 0;
          }
          case KNOWN_IN_REFERENCE -> {
            JsonNode key = record.get(rule.field());
            yield key == null
                || key.isNull()
                || references.contains(rule.reference(), key.asText());
          }
        };
    if (!holds) {
      out.add(new RecordViolation(rule.name(), rule.field(), rule.message()));
    }
  }

  private static List<String> involved(RuleSpec rule) {
    List<String> names = new ArrayList<>();
    if (rule.fields() != null) {
      names.addAll(rule.fields());
    }
    if (rule.field() != null) {
      names.add(rule.field());
    }
    return names;
  }

  private static boolean hasType(InputField field, JsonNode value) {
    return switch (field.type()) {
      case string -> value.isTextual();
      case integer ->
          value.isIntegralNumber() || (value.isNumber() && isWhole(value.decimalValue()));
      case number -> value.isNumber();
      case bool -> value.isBoolean();
    };
  }

  private static boolean isWhole(BigDecimal value) {
    return value.stripTrailingZeros().scale() <= 0;
  }

  private static String describe(JsonNode value) {
    return value.getNodeType().name().toLowerCase()
        + (value.isValueNode() ? " " + abbreviate(value.asText()) : "");
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 37) + "...";
  }

  private static String bound(BigDecimal bound) {
    return bound == null ? "-" : bound.toPlainString();
  }
}
