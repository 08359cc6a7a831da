package dev.iceflow.bench;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.iceflow.bench.report.BenchResult.Kind;
import dev.iceflow.bench.report.ResultRecorder;
import dev.iceflow.bench.report.ResultsFolderOption;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.iceberg.ContractTableCreator;
import dev.iceflow.iceberg.ContractTables;
import dev.iceflow.local.ProjectLayout;
import dev.iceflow.local.emulator.LocalAws;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.Record;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The commit stage on one table for many commits: the commit function's own batch processor
 * (ledger, screening, Iceberg append with the batch ids in the summary, table.committed) against
 * the embedded AWS and the local SQLite catalog, fed FIFO batches of staged real flights. Prints
 * and writes commit latency against the table's history (snapshots, data manifests, metadata.json
 * size), commits/s and files per commit, twice: with the history the data contract keeps (a week,
 * so nothing expires during the run), and with the history bounded by expiry as compaction bounds
 * it. The first commit of each run is a cold container's first (in this JVM after the first run).
 */
@Command(
    name = "commit-benchmark",
    mixinStandardHelpOptions = true,
    description =
        "Commit latency vs table history, commits/s and files per commit, of the commit stage's own code against the embedded AWS.")
public final class CommitBenchmark implements Callable<Integer> {

  private static final String DATASET = "flights";
  private static final int RECORDS_PER_BATCH = 200;
  private static final int CHUNKS = 10;
  private static final int WINDOW = 25;
  private static final int METADATA_ROUNDS = 9;

  @Mixin FlightsData data;

  @Option(
      names = "--commits",
      defaultValue = "1000",
      description = "commits per run (default: ${DEFAULT-VALUE})")
  int commits;

  @Option(
      names = "--batches-per-commit",
      defaultValue = "2",
      description =
          "datafiles.staged messages per FIFO batch, so per commit (default: ${DEFAULT-VALUE}; the mapping allows 10)")
  int batchesPerCommit;

  @Option(
      names = "--sample-every",
      defaultValue = "10",
      description =
          "commits between two readings of the table's history (default: ${DEFAULT-VALUE})")
  int sampleEvery;

  @Option(
      names = "--expire-every",
      defaultValue = "100",
      description =
          "commits between two expiries in the bounded run, keeping the contract's minimum snapshots (default: ${DEFAULT-VALUE})")
  int expireEvery;

  @Mixin ResultsFolderOption out;

  public static void main(String[] args) {
    System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
    System.exit(new CommandLine(new CommitBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    DataContract contract = Contracts.packaged().dataset(DATASET).orElseThrow();
    List<List<Record>> chunks =
        StagedFlights.enrichedChunks(data, contract, RECORDS_PER_BATCH, CHUNKS);
    int keep = contract.maintenanceOrDefaults().minSnapshotsToKeep();
    System.out.printf(
        "commits: %,d commits per run on %s, %d staged batches of %d flights per commit, against the embedded AWS (moto) and the SQLite catalog%n",
        commits, contract.table().qualifiedName(), batchesPerCommit, RECORDS_PER_BATCH);
    ResultRecorder results =
        new ResultRecorder(
            "commits", "Commit stage: commits/s, files per commit, latency vs table history");
    try (LocalAws aws = LocalAws.start(ProjectLayout.discover());
        S3Client s3 = aws.clients().s3()) {
      Catalog catalog = aws.openCatalog();
      EnvelopeCodec codec = new EnvelopeCodec(aws.contracts().messages());
      CommitRun kept = run(aws, catalog, s3, codec, contract, chunks, 0, keep);
      CommitRun bounded = run(aws, catalog, s3, codec, contract, chunks, expireEvery, keep);
      kept.print("history kept (a week: nothing expires in the run)");
      bounded.print(
          "history bounded (expiry every %d commits, %d kept)".formatted(expireEvery, keep));
      kept.figures(results, "kept");
      bounded.figures(results, "bounded");
      results
          .chart(
              "latency-vs-snapshots",
              "Commit latency (rolling median of %d) vs snapshots in the table".formatted(WINDOW),
              Kind.LINE,
              "snapshots in the table",
              "ms",
              List.of(
                  kept.latencyBySnapshots("history kept"),
                  bounded.latencyBySnapshots("history bounded")))
          .chart(
              "latency-vs-commit",
              "Commit latency (rolling median of %d) by commit".formatted(WINDOW),
              Kind.LINE,
              "commit",
              "ms",
              List.of(
                  kept.latencyByCommit("history kept"), bounded.latencyByCommit("history bounded")))
          .chart(
              "metadata-size",
              "metadata.json size by commit",
              Kind.LINE,
              "commit",
              "KiB",
              List.of(kept.metadataKib("history kept"), bounded.metadataKib("history bounded")))
          .chart(
              "manifests",
              "Data manifests in the current snapshot by commit",
              Kind.LINE,
              "commit",
              "manifests",
              List.of(kept.manifests("history kept"), bounded.manifests("history bounded")))
          .chart(
              "metadata-cpu",
              "CPU per commit on metadata.json (1 write + 2 reads) vs snapshots in the table",
              Kind.LINE,
              "snapshots in the table",
              "ms",
              List.of(
                  kept.metadataMillis("history kept"), bounded.metadataMillis("history bounded")));
      results.write(out.folder());
    }
    return 0;
  }

  private CommitRun run(
      LocalAws aws,
      Catalog catalog,
      S3Client s3,
      EnvelopeCodec codec,
      DataContract contract,
      List<List<Record>> chunks,
      int expireEvery,
      int keep) {
    var id = ContractTables.identifier(contract.table());
    if (catalog.tableExists(id)) {
      catalog.dropTable(id, false);
    }
    Table table = ContractTableCreator.loadOrCreate(catalog, contract.table());
    StagedFlights staged = new StagedFlights(contract, table, s3, codec, chunks);
    CommitRun run = new CommitRun(commits);
    try (CommitStage stage = new CommitStage(aws)) {
      for (int c = 0; c < commits; c++) {
        SQSEvent event = staged.next(batchesPerCommit);
        long start = System.nanoTime();
        SQSBatchResponse response = stage.process(event);
        double millis = (System.nanoTime() - start) / 1e6;
        if (!response.getBatchItemFailures().isEmpty()) {
          throw new IllegalStateException(
              "commit %d failed for %d message(s)"
                  .formatted(c, response.getBatchItemFailures().size()));
        }
        table.refresh();
        long added =
            Long.parseLong(
                table
                    .currentSnapshot()
                    .summary()
                    .getOrDefault(SnapshotSummary.ADDED_FILES_PROP, "0"));
        run.commit(millis, added);
        if (c % sampleEvery == 0 || c == commits - 1) {
          run.sample(c, history(table));
        }
        if (expireEvery > 0 && (c + 1) % expireEvery == 0) {
          table
              .expireSnapshots()
              .expireOlderThan(System.currentTimeMillis())
              .retainLast(keep)
              .cleanExpiredFiles(false)
              .commit();
        }
      }
    }
    return run;
  }

  /** The table's history as the next commit meets it. */
  private static CommitRun.History history(Table table) {
    TableMetadata metadata = ((HasTableOperations) table).operations().current();
    int snapshots = 0;
    for (var ignored : table.snapshots()) {
      snapshots++;
    }
    return new CommitRun.History(
        snapshots,
        table.currentSnapshot().dataManifests(table.io()).size(),
        table.io().newInputFile(metadata.metadataFileLocation()).getLength(),
        metadataMillis(metadata));
  }

  /**
   * CPU a commit spends on metadata.json, which holds every retained snapshot: one write (the new
   * version) and two reads (the refresh before the attempt and the one that finds its snapshot),
   * median of a few rounds, in this JVM with no I/O: the part of a commit's cost that grows with
   * history whatever the emulator's speed.
   */
  private static double metadataMillis(TableMetadata metadata) {
    List<Double> rounds = new ArrayList<>();
    for (int i = 0; i < METADATA_ROUNDS; i++) {
      long start = System.nanoTime();
      String json = TableMetadataParser.toJson(metadata);
      TableMetadataParser.fromJson(metadata.metadataFileLocation(), json);
      TableMetadataParser.fromJson(metadata.metadataFileLocation(), json);
      rounds.add((System.nanoTime() - start) / 1e6);
    }
    return StageBenchmark.median(rounds);
  }
}
