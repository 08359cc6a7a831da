package dev.iceflow.ops.status;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The tables part of {@code ops status}: each dataset's table, its last snapshot and its freshness
 * (now minus the commit stage's last commit). Informational: a stale table is not flagged here, the
 * freshness alarm (topology observability) does that.
 */
public record TablesSection(Instant now, List<TableFreshness> tables, Optional<String> notRead) {

  public TablesSection {
    tables = List.copyOf(tables);
  }

  /** The section when the catalog could not be opened at all. */
  static TablesSection notRead(Instant now, String why) {
    return new TablesSection(now, List.of(), Optional.of(why));
  }

  void printText(PrintWriter out) {
    out.println("Tables (last snapshot; freshness = now - last commit):");
    if (notRead.isPresent()) {
      out.println("  not read: " + notRead.get());
    }
    for (TableFreshness table : tables) {
      out.printf("  %s (%s): %s%n", table.dataset(), table.table(), describe(table));
    }
  }

  private String describe(TableFreshness table) {
    if (table.unreadable().isPresent()) {
      return "not read: " + table.unreadable().get();
    }
    if (table.snapshotId().isEmpty()) {
      return "no snapshot yet";
    }
    return "snapshot %d at %s, freshness %s"
        .formatted(
            table.snapshotId().get(),
            table.snapshotAt().orElseThrow(),
            table.freshness(now).map(TablesSection::human).orElse("never committed"));
  }

  /** 4s, 12m05s, 3h02m, 2d05h: short enough for a status line. */
  static String human(Duration age) {
    long seconds = Math.max(0, age.toSeconds());
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return "%dm%02ds".formatted(seconds / 60, seconds % 60);
    }
    if (seconds < 86_400) {
      return "%dh%02dm".formatted(seconds / 3600, seconds % 3600 / 60);
    }
    return "%dd%02dh".formatted(seconds / 86_400, seconds % 86_400 / 3600);
  }

  /** {@code tables: {notRead, tables[]}} for the --json document. */
  ObjectNode json() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("notRead", notRead.orElse(null));
    ArrayNode list = node.putArray("tables");
    for (TableFreshness table : tables) {
      ObjectNode t = list.addObject();
      t.put("dataset", table.dataset());
      t.put("table", table.table());
      t.put("snapshotId", table.snapshotId().orElse(null));
      t.put("snapshotAt", table.snapshotAt().map(Instant::toString).orElse(null));
      t.put("lastCommitAt", table.lastCommitAt().map(Instant::toString).orElse(null));
      t.put("freshnessSeconds", table.freshness(now).map(Duration::toSeconds).orElse(null));
      t.put("notRead", table.unreadable().orElse(null));
    }
    return node;
  }
}
