package dev.iceflow.local.catalog;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Two commits forced to race on one table (both built on the same base metadata, released
 * together), and what the table holds afterwards: shared by the catalog tests, JDBC and REST.
 */
final class CommitRace {

  private CommitRace() {}

  /** A new snapshot with one file, as metadata on top of {@code base}; nothing committed yet. */
  static TableMetadata appended(Table table, TableMetadata base, DataFile file) {
    Snapshot snapshot = table.newFastAppend().appendFile(file).apply();
    return TableMetadata.buildFrom(base)
        .setBranchSnapshot(snapshot, SnapshotRef.MAIN_BRANCH)
        .build();
  }

  static Void commit(TableOperations ops, TableMetadata base, TableMetadata updated) {
    ops.commit(base, updated);
    return null;
  }

  static List<Throwable> race(Callable<Void> first, Callable<Void> second)
      throws InterruptedException {
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Void>> futures = new ArrayList<>();
      for (Callable<Void> task : List.of(first, second)) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return task.call();
                }));
      }
      start.countDown();
      List<Throwable> outcomes = new ArrayList<>();
      for (Future<Void> f : futures) {
        try {
          f.get();
          outcomes.add(null);
        } catch (ExecutionException e) {
          outcomes.add(e.getCause());
        }
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }

  static TableOperations operations(Table table) {
    return ((HasTableOperations) table).operations();
  }

  static List<String> batchesIn(Table table) throws IOException {
    return readAll(table).stream().map(r -> (String) r.getField("batch_id")).distinct().toList();
  }

  static List<Record> readAll(Table table) throws IOException {
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      List<Record> all = new ArrayList<>();
      records.forEach(r -> all.add(r.copy()));
      return all;
    }
  }
}
