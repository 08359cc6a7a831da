package dev.iceflow.ops.cost;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A table printed in aligned columns: figures right-aligned; the first column (names) and any
 * marked as text left-aligned.
 */
final class TextTable {

  private static final String GAP = "  ";

  private final List<List<String>> rows = new ArrayList<>();
  private final Set<Integer> textColumns = new HashSet<>(Set.of(0));

  TextTable(String... header) {
    rows.add(List.of(header));
  }

  /** Left-aligns these columns (words, not figures). */
  TextTable textColumns(int... columns) {
    for (int column : columns) {
      textColumns.add(column);
    }
    return this;
  }

  TextTable row(List<String> cells) {
    if (cells.size() != rows.get(0).size()) {
      throw new IllegalArgumentException(
          "a row of %d cells in a table of %d columns".formatted(cells.size(), rows.get(0).size()));
    }
    rows.add(List.copyOf(cells));
    return this;
  }

  TextTable row(String... cells) {
    return row(List.of(cells));
  }

  void print(PrintWriter out, String indent) {
    int[] widths = new int[rows.get(0).size()];
    rows.forEach(
        r -> {
          for (int c = 0; c < widths.length; c++) {
            widths[c] = Math.max(widths[c], r.get(c).length());
          }
        });
    for (List<String> r : rows) {
      StringBuilder line = new StringBuilder(indent);
      for (int c = 0; c < widths.length; c++) {
        String format = textColumns.contains(c) ? "%-" + widths[c] + "s" : "%" + widths[c] + "s";
        line.append(c == 0 ? "" : GAP).append(format.formatted(r.get(c)));
      }
      out.println(line.toString().stripTrailing());
    }
  }
}
