package dev.iceflow.contracts.compat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares a JSON Schema with its last published copy and lists what would break a reader or a
 * producer within the same major version. Allowed: adding optional properties, adding enum values,
 * widening types (integer → number, adding a type), loosening bounds, dropping {@code required}.
 * Everything else is a breaking change and needs a new major version.
 */
public final class SchemaCompatibility {

  private static final List<String> LOWER_BOUNDS =
      List.of("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties");
  private static final List<String> UPPER_BOUNDS =
      List.of("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties");
  private static final List<String> MUST_NOT_CHANGE = List.of("pattern", "format", "const", "$ref");
  private static final List<String> COMPOSITIONS = List.of("oneOf", "anyOf", "allOf");
  private static final List<String> SUBSCHEMA_MAPS = List.of("properties", "$defs");

  private SchemaCompatibility() {}

  /** Every breaking change from {@code published} to {@code current}; empty when compatible. */
  public static List<String> breakingChanges(JsonNode published, JsonNode current) {
    List<String> changes = new ArrayList<>();
    compare("$", published, current, changes);
    return changes;
  }

  private static void compare(String at, JsonNode old, JsonNode now, List<String> out) {
    if (old == null || !old.isObject()) {
      return;
    }
    if (now == null || !now.isObject()) {
      out.add(at + ": schema removed");
      return;
    }
    compareTypes(at, old, now, out);
    compareRequired(at, old, now, out);
    compareEnum(at, old, now, out);
    compareBounds(at, old, now, out);
    compareFixed(at, old, now, out);
    compareAdditionalProperties(at, old, now, out);
    for (String map : SUBSCHEMA_MAPS) {
      compareSubschemaMap(at, map, old.get(map), now.get(map), out);
    }
    compare(at + ".items", old.get("items"), now.get("items"), out);
    for (String composition : COMPOSITIONS) {
      compareComposition(at, composition, old.get(composition), now.get(composition), out);
    }
  }

  private static void compareTypes(String at, JsonNode old, JsonNode now, List<String> out) {
    Set<String> oldTypes = types(old);
    Set<String> newTypes = types(now);
    if (oldTypes.isEmpty()) {
      return;
    }
    if (newTypes.isEmpty()) {
      return; // no type constraint any more: widened to anything
    }
    for (String t : oldTypes) {
      boolean widenedToNumber = t.equals("integer") && newTypes.contains("number");
      if (!newTypes.contains(t) && !widenedToNumber) {
        out.add("%s: type changed from %s to %s".formatted(at, oldTypes, newTypes));
        return;
      }
    }
  }

  private static void compareRequired(String at, JsonNode old, JsonNode now, List<String> out) {
    Set<String> before = strings(old.get("required"));
    for (String field : strings(now.get("required"))) {
      if (!before.contains(field)) {
        out.add("%s: new required field '%s'".formatted(at, field));
      }
    }
  }

  private static void compareEnum(String at, JsonNode old, JsonNode now, List<String> out) {
    if (!old.has("enum")) {
      if (now.has("enum")) {
        out.add(at + ": enum added where any value was allowed");
      }
      return;
    }
    if (!now.has("enum")) {
      return;
    }
    Set<JsonNode> allowed = new HashSet<>();
    now.get("enum").forEach(allowed::add);
    for (JsonNode value : old.get("enum")) {
      if (!allowed.contains(value)) {
        out.add("%s: enum value %s removed".formatted(at, value));
      }
    }
  }

  private static void compareBounds(String at, JsonNode old, JsonNode now, List<String> out) {
    for (String key : LOWER_BOUNDS) {
      tightened(at, key, old.get(key), now.get(key), +1, out);
    }
    for (String key : UPPER_BOUNDS) {
      tightened(at, key, old.get(key), now.get(key), -1, out);
    }
  }

  /** direction +1: a larger new value is tighter (lower bounds); -1: a smaller one is. */
  private static void tightened(
      String at, String key, JsonNode old, JsonNode now, int direction, List<String> out) {
    if (now == null || !now.isNumber()) {
      return;
    }
    if (old == null || !old.isNumber()) {
      out.add("%s: %s %s added".formatted(at, key, now));
    } else if (now.decimalValue().compareTo(old.decimalValue()) * direction > 0) {
      out.add("%s: %s tightened from %s to %s".formatted(at, key, old, now));
    }
  }

  private static void compareFixed(String at, JsonNode old, JsonNode now, List<String> out) {
    for (String key : MUST_NOT_CHANGE) {
      JsonNode before = old.get(key);
      JsonNode after = now.get(key);
      if (after != null && !after.equals(before)) {
        out.add("%s: %s changed from %s to %s".formatted(at, key, before, after));
      }
    }
  }

  private static void compareAdditionalProperties(
      String at, JsonNode old, JsonNode now, List<String> out) {
    JsonNode before = old.get("additionalProperties");
    JsonNode after = now.get("additionalProperties");
    boolean wasOpen = before == null || (before.isBoolean() && before.asBoolean());
    boolean isClosed = after != null && after.isBoolean() && !after.asBoolean();
    if (wasOpen && isClosed) {
      out.add(at + ": additionalProperties closed");
    } else if (before != null && before.isObject()) {
      compare(at + ".additionalProperties", before, after, out);
    }
  }

  private static void compareSubschemaMap(
      String at, String name, JsonNode old, JsonNode now, List<String> out) {
    if (old == null) {
      return;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = old.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> entry = fields.next();
      JsonNode replacement = now == null ? null : now.get(entry.getKey());
      String where =
          name.equals("properties")
              ? at + "." + entry.getKey()
              : at + "." + name + "." + entry.getKey();
      if (replacement == null) {
        out.add(
            "%s: %s removed".formatted(where, name.equals("properties") ? "field" : "definition"));
      } else {
        compare(where, entry.getValue(), replacement, out);
      }
    }
  }

  private static void compareComposition(
      String at, String name, JsonNode old, JsonNode now, List<String> out) {
    if (old == null && now == null) {
      return;
    }
    if (old == null || now == null || old.size() != now.size()) {
      out.add("%s: %s changed".formatted(at, name));
      return;
    }
    for (int i = 0; i < old.size(); i++) {
      compare("%s.%s[%d]".formatted(at, name, i), old.get(i), now.get(i), out);
    }
  }

  private static Set<String> types(JsonNode schema) {
    JsonNode type = schema.get("type");
    if (type == null) {
      return Set.of();
    }
    return type.isArray() ? strings(type) : Set.of(type.asText());
  }

  private static Set<String> strings(JsonNode array) {
    Set<String> values = new HashSet<>();
    if (array != null) {
      array.forEach(v -> values.add(v.asText()));
    }
    return values;
  }
}
