package dev.iceflow.contracts.compat;

import dev.iceflow.contracts.dataset.ColumnSpec;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.dataset.InputField;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Compares a data contract with its last published copy. Within a major version the table may only
 * gain optional columns and take Iceberg's own type promotions (int → long, float → double, wider
 * decimal precision), and the input may only gain optional fields and loosen checks: then the
 * commit stage can evolve the table in place and old records stay valid.
 */
public final class DataContractCompatibility {

  private static final Map<String, String> PROMOTIONS = Map.of("int", "long", "float", "double");
  private static final Pattern DECIMAL = Pattern.compile("decimal\\((\\d+),\\s*(\\d+)\\)");

  private DataContractCompatibility() {}

  public static List<String> breakingChanges(DataContract published, DataContract current) {
    List<String> out = new ArrayList<>();
    if (published.contractVersion().major() != current.contractVersion().major()) {
      return out; // a new major version may break anything; it is published side by side
    }
    compareColumns(published, current, out);
    compareInputFields(published, current, out);
    if (!Objects.equals(published.table().partitionSpec(), current.table().partitionSpec())) {
      out.add("table: partition spec changed (evolve it with a new major version)");
    }
    return out;
  }

  private static void compareColumns(
      DataContract published, DataContract current, List<String> out) {
    Map<Integer, ColumnSpec> now = byKey(current.table().schema(), ColumnSpec::id);
    for (ColumnSpec before : published.table().schema()) {
      ColumnSpec after = now.get(before.id());
      String at = "table column %d (%s)".formatted(before.id(), before.name());
      if (after == null) {
        out.add(at + ": removed");
        continue;
      }
      if (!after.name().equals(before.name())) {
        out.add("%s: renamed to %s".formatted(at, after.name()));
      }
      if (!sameOrPromoted(before.type(), after.type())) {
        out.add("%s: type changed from %s to %s".formatted(at, before.type(), after.type()));
      }
      if (after.required() && !before.required()) {
        out.add(at + ": made required");
      }
    }
    Map<Integer, ColumnSpec> then = byKey(published.table().schema(), ColumnSpec::id);
    for (ColumnSpec added : current.table().schema()) {
      if (!then.containsKey(added.id()) && added.required()) {
        out.add("table column %d (%s): new required column".formatted(added.id(), added.name()));
      }
    }
  }

  private static void compareInputFields(
      DataContract published, DataContract current, List<String> out) {
    Map<String, InputField> now = byKey(current.input().fields(), InputField::name);
    Map<String, InputField> then = byKey(published.input().fields(), InputField::name);
    for (InputField before : published.input().fields()) {
      InputField after = now.get(before.name());
      String at = "input field '%s'".formatted(before.name());
      if (after == null) {
        out.add(at + ": removed");
        continue;
      }
      if (after.type() != before.type()) {
        out.add("%s: type changed from %s to %s".formatted(at, before.type(), after.type()));
      }
      if (after.required() && !before.required()) {
        out.add(at + ": made required");
      }
      if (after.pattern() != null && !after.pattern().equals(before.pattern())) {
        out.add(at + ": pattern changed");
      }
      if (tighter(before.minimum(), after.minimum(), 1)
          || tighter(before.maximum(), after.maximum(), -1)) {
        out.add(at + ": range tightened");
      }
      if (after.allowed() != null
          && (before.allowed() == null || !after.allowed().containsAll(before.allowed()))) {
        out.add(at + ": enum values removed");
      }
    }
    for (InputField added : current.input().fields()) {
      if (!then.containsKey(added.name()) && added.required()) {
        out.add("input field '%s': new required field".formatted(added.name()));
      }
    }
  }

  private static boolean tighter(
      java.math.BigDecimal before, java.math.BigDecimal after, int direction) {
    if (after == null) {
      return false;
    }
    return before == null || after.compareTo(before) * direction > 0;
  }

  private static boolean sameOrPromoted(String from, String to) {
    if (from.equals(to) || to.equals(PROMOTIONS.get(from))) {
      return true;
    }
    Matcher a = DECIMAL.matcher(from);
    Matcher b = DECIMAL.matcher(to);
    return a.matches()
        && b.matches()
        && a.group(2).equals(b.group(2))
        && Integer.parseInt(b.group(1)) >= Integer.parseInt(a.group(1));
  }

  private static <K, V> Map<K, V> byKey(List<V> values, Function<V, K> key) {
    return values.stream().collect(Collectors.toMap(key, Function.identity()));
  }
}
