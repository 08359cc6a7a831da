package dev.iceflow.compaction;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;

/**
 * How many live data files the partitions of a table's current snapshot hold: what compaction is
 * there to keep small (the FilesPerPartition metric; on-call alarms when it stays high).
 */
final class PartitionFileCounts {

  private PartitionFileCounts() {}

  /** The most data files any one partition holds; 0 for a table without data. */
  static int max(Table table) {
    Map<String, Integer> counts = new HashMap<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        DataFile file = task.file();
        PartitionSpec spec = table.specs().get(file.specId());
        // a partition is its spec and its values; the same values under two specs are two
        counts.merge(file.specId() + "/" + spec.partitionToPath(file.partition()), 1, Integer::sum);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot plan the files of " + table.name(), e);
    }
    return counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
  }
}
