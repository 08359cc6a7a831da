package dev.iceflow.ops.table;

import dev.iceflow.contracts.Contracts;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ops table history}: a table's snapshots and the batches each committed. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "A table's retained snapshots, oldest first: when, the operation, the records and data files"
          + " it added and deleted, and the batch ids the commit stage committed in it (recorded"
          + " in the snapshot summary, iceflow.batch-ids). * marks the current snapshot; ~ a"
          + " snapshot no longer in the current history (rolled back)."
    },
    footer = {
      "",
      "--json fields:",
      "  table, currentSnapshotId, snapshots[]: snapshotId, parentId, committedAt, operation,",
      "    addedRecords, deletedRecords, addedFiles, deletedFiles, totalRecords, totalFiles,",
      "    batchIds[], commitId, current, inCurrentHistory"
    })
public final class HistoryCommand extends TableTarget implements Callable<Integer> {

  @Option(names = "--json", description = "Print one JSON document (fields below) instead of text.")
  boolean json;

  @Override
  public Integer call() {
    String name = qualifiedName(Contracts.packaged());
    TableHistory history;
    try (OpenTable table = open(name)) {
      history = TableHistory.of(name, table.operations().current());
    }
    if (json) {
      HistoryJson.print(history, spec.commandLine().getOut());
    } else {
      HistoryText.print(history, spec.commandLine().getOut());
    }
    return 0;
  }
}
