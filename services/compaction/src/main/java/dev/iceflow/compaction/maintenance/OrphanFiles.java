package dev.iceflow.compaction.maintenance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsBulkOperations;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.jboss.logging.Logger;

/**
 * Finds and removes orphan files: files under the table location that no snapshot references (left
 * by failed commit attempts, crashed writers, staged batches never committed) and that are older
 * than the safety window. The window is what protects a staged file still waiting for its commit:
 * it is longer than any batch may wait (see Topology#longestWaitBeforeCommit), so a file older than
 * it that nothing references will never be committed.
 *
 * <p>Files are listed first and the table read after, so whatever a commit references by then is
 * kept; files are compared by scheme, authority and path like Iceberg's DeleteOrphanFiles, refusing
 * to delete anything when a listed file is referenced under another scheme or authority.
 */
public final class OrphanFiles {

  private static final Logger LOG = Logger.getLogger(OrphanFiles.class);

  /** How many mismatched locations an error message shows. */
  private static final int EXAMPLES = 3;

  private final Clock clock;

  public OrphanFiles(Clock clock) {
    this.clock = clock;
  }

  /** Lists (dryRun) or removes the files under the table location no snapshot references. */
  public Report sweep(Table table, Duration safetyWindow, boolean dryRun) {
    if (safetyWindow == null || safetyWindow.isNegative() || safetyWindow.isZero()) {
      throw new IllegalArgumentException(
          "orphan removal needs a positive safety window, not " + safetyWindow);
    }
    Instant olderThan = clock.instant().minus(safetyWindow);
    List<FileInfo> old = listOlderThan(table, olderThan);
    table.refresh();
    List<String> orphans = unreferenced(table, old, ReachableFiles.of(table));
    LOG.infof(
        "%s: %d file(s) older than %s under %s, %d of them orphans%s",
        table.name(),
        old.size(),
        olderThan,
        table.location(),
        orphans.size(),
        dryRun ? " (dry run: none deleted)" : "");
    if (dryRun) {
      orphans.forEach(orphan -> LOG.infof("%s: orphan (dry run, kept): %s", table.name(), orphan));
      return new Report(orphans, 0);
    }
    if (orphans.isEmpty()) {
      return new Report(orphans, 0);
    }
    delete(table.io(), orphans);
    return new Report(orphans, orphans.size());
  }

  /** Every file under the table's location (never a sibling's that shares its prefix). */
  private static List<FileInfo> listOlderThan(Table table, Instant olderThan) {
    if (!(table.io() instanceof SupportsPrefixOperations io)) {
      throw new IllegalStateException(
          "cannot list the files of %s: its FileIO %s cannot list a prefix"
              .formatted(table.name(), table.io().getClass().getName()));
    }
    String directory = table.location().endsWith("/") ? table.location() : table.location() + "/";
    List<FileInfo> old = new ArrayList<>();
    for (FileInfo file : io.listPrefix(directory)) {
      if (file.createdAtMillis() < olderThan.toEpochMilli()) {
        old.add(file);
      }
    }
    return old;
  }

  /** The listed files nothing references; refuses when some are referenced under another store. */
  private static List<String> unreferenced(
      Table table, List<FileInfo> listed, Set<String> reached) {
    Map<String, List<FileLocation>> reachedByPath = new HashMap<>();
    for (String location : reached) {
      FileLocation parsed = FileLocation.parse(location);
      reachedByPath.computeIfAbsent(parsed.path(), p -> new ArrayList<>()).add(parsed);
    }
    List<String> orphans = new ArrayList<>();
    List<String> mismatched = new ArrayList<>();
    for (FileInfo file : listed) {
      FileLocation location = FileLocation.parse(file.location());
      List<FileLocation> samePath = reachedByPath.get(location.path());
      if (samePath == null) {
        orphans.add(file.location());
      } else if (samePath.stream().noneMatch(location::sameStore)) {
        mismatched.add(
            "%s referenced as %s://%s"
                .formatted(file.location(), samePath.get(0).scheme(), samePath.get(0).authority()));
      }
    }
    if (!mismatched.isEmpty()) {
      throw new LocationMismatchException(
          "%d file(s) under %s are referenced by %s under another scheme or authority, e.g. %s: cannot tell which files are orphans, so none is deleted"
              .formatted(
                  mismatched.size(),
                  table.location(),
                  table.name(),
                  mismatched.subList(0, Math.min(EXAMPLES, mismatched.size()))));
    }
    orphans.sort(null);
    return orphans;
  }

  private static void delete(FileIO io, List<String> orphans) {
    if (io instanceof SupportsBulkOperations bulk) {
      bulk.deleteFiles(orphans);
    } else {
      orphans.forEach(io::deleteFile);
    }
  }

  /** The orphans found (older than the window) and how many were deleted (0 in a dry run). */
  public record Report(List<String> orphans, int removed) {}
}
