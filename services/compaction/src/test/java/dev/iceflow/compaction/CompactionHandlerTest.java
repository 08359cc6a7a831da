package dev.iceflow.compaction;

import static dev.iceflow.compaction.TableData.DAY;
import static dev.iceflow.compaction.TableData.append;
import static dev.iceflow.compaction.TableData.committed;
import static dev.iceflow.compaction.TableData.write;
import static dev.iceflow.testkit.lambda.HandlerHarness.failedMessageIds;
import static dev.iceflow.testkit.lambda.HandlerHarness.json;
import static dev.iceflow.testkit.lambda.HandlerHarness.message;
import static dev.iceflow.testkit.lambda.HandlerHarness.type;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.iceflow.common.lambda.DeadLetterParking;
import dev.iceflow.contracts.ContractSource;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.topology.MetricNames;
import dev.iceflow.testkit.lambda.HandlerHarness;
import dev.iceflow.testkit.metrics.EmittedMetrics;
import dev.iceflow.testkit.quarkus.LocalAwsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The packaged handler through Quarkus' mock Lambda event server against the embedded AWS and the
 * local catalog: table.committed in, a compacted table and table.compacted out. Each test has a
 * table of its own (TestDatasets); the files are written and committed by another writer, as the
 * commit stage would.
 */
@QuarkusTest
@QuarkusTestResource(LocalAwsResource.class)
class CompactionHandlerTest {

  private static final Logger LOG = Logger.getLogger(CompactionHandlerTest.class);

  private static HandlerHarness handler;
  private static TableData data;

  @BeforeAll
  static void connect() {
    handler = HandlerHarness.consuming("compaction");
    data = new TableData(handler.aws().openCatalog());
  }

  @AfterAll
  static void disconnect() {
    handler.close();
  }

  @BeforeEach
  void emptyQueues() {
    handler.drain("cost-guard", "compaction-dlq");
  }

  @Test
  void shouldBinPackAHundredSmallFilesOfOnePartitionIntoAtMostTwo_keepingEveryRowAndTimeTravel() {
    Table table = data.table(TestDatasets.BIN_PACK);
    Snapshot committed = append(table, write(table, DAY, 100, 10));
    List<List<Object>> before = TableData.rows(table, committed.snapshotId());
    List<DataFile> smallFiles = TableData.files(table, committed.snapshotId());

    JsonNode response = handler.invoke("c-1", committed(TestDatasets.BIN_PACK, committed));

    assertThat(failedMessageIds(response)).isEmpty();
    assertThat(smallFiles).hasSize(100);
    List<DataFile> packed = TableData.currentFiles(table);
    assertThat(packed).hasSizeBetween(1, 2);
    assertThat(before).hasSize(1000);
    assertThat(TableData.currentRows(table)).containsExactlyInAnyOrderElementsOf(before);
    assertThat(table.currentSnapshot().operation()).isEqualTo(DataOperations.REPLACE);
    // time travel: the snapshot before still reads its own files, which are still there
    assertThat(TableData.rows(table, committed.snapshotId()))
        .containsExactlyInAnyOrderElementsOf(before);
    assertThat(smallFiles).allMatch(f -> TableData.exists(table, f.location()));

    JsonNode compacted = announced(TestDatasets.BIN_PACK).get("data");
    LOG.infof("100 small files: %s", compacted);
    assertThat(compacted.get("trigger").asText()).isEqualTo("table.committed");
    assertThat(compacted.get("maintainedBy").asText()).isEqualTo("lambda");
    assertThat(compacted.get("snapshotId").asLong())
        .isEqualTo(table.currentSnapshot().snapshotId());
    assertThat(compacted.get("rewrittenFiles").asInt()).isEqualTo(100);
    assertThat(compacted.get("addedFiles").asInt()).isEqualTo(packed.size());
    assertThat(compacted.get("failedGroups").asInt()).isZero();
    assertThat(compacted.get("manifestsBefore").asInt())
        .as("one append, one manifest")
        .isEqualTo(1);
    assertThat(compacted.get("manifestsAfter").asInt())
        .isEqualTo(ManifestCompaction.dataManifests(table));
    JsonNode report = compacted.get("partitionReports").get(0);
    assertThat(compacted.get("partitionReports")).hasSize(1);
    assertThat(report.get("partition").get("event_day").asInt()).isEqualTo(DAY.toEpochDay());
    assertThat(report.get("filesBefore").asInt()).isEqualTo(100);
    assertThat(report.get("filesAfter").asInt()).isEqualTo(packed.size());
    assertThat(report.get("bytesBefore").asLong())
        .isEqualTo(smallFiles.stream().mapToLong(DataFile::fileSizeInBytes).sum());
    assertThat(report.get("bytesAfter").asLong())
        .isEqualTo(packed.stream().mapToLong(DataFile::fileSizeInBytes).sum());
  }

  @Test
  void shouldLeaveAPartitionBelowMinInputFilesAsItIs_andReportOnlyThePartitionItRewrote() {
    Table table = data.table(TestDatasets.THRESHOLD);
    List<DataFile> files = new ArrayList<>(write(table, DAY, 12, 5));
    List<DataFile> few = write(table, DAY.plusDays(1), 5, 5);
    files.addAll(few);
    Snapshot committed = append(table, files);
    List<List<Object>> before = TableData.rows(table, committed.snapshotId());

    JsonNode response;
    List<Double> filesPerPartition;
    try (EmittedMetrics emitted = EmittedMetrics.capture()) {
      response = handler.invoke("t-1", committed(TestDatasets.THRESHOLD, committed));
      filesPerPartition =
          emitted.values(
              MetricNames.FILES_PER_PARTITION,
              MetricNames.DATASET_DIMENSION,
              TestDatasets.THRESHOLD.dataset());
    }

    assertThat(failedMessageIds(response)).isEmpty();
    JsonNode compacted = announced(TestDatasets.THRESHOLD).get("data");
    LOG.infof("12 files on one day, 5 on the next (min 10): %s", compacted);
    assertThat(compacted.get("partitions")).hasSize(1);
    assertThat(compacted.get("partitions").get(0).get("event_day").asInt())
        .isEqualTo(DAY.toEpochDay());
    assertThat(compacted.get("rewrittenFiles").asInt()).isEqualTo(12);
    List<String> current = TableData.currentFiles(table).stream().map(DataFile::location).toList();
    assertThat(current).containsAll(few.stream().map(DataFile::location).toList());
    assertThat(current).hasSize(few.size() + compacted.get("addedFiles").asInt());
    assertThat(TableData.currentRows(table)).containsExactlyInAnyOrderElementsOf(before);
    assertThat(filesPerPartition)
        .as("after the pass: the untouched day's files, or the compacted day's if more")
        .containsExactly((double) Math.max(few.size(), compacted.get("addedFiles").asInt()));
  }

  @Test
  void shouldRewriteManifestsAboveTheThreshold_keepingEveryRow() {
    Table table = data.table(TestDatasets.MANIFESTS);
    Snapshot last = null;
    for (int commit = 0; commit < 8; commit++) {
      last = append(table, write(table, DAY, 1, 5)); // 8 files: below minInputFiles
    }
    List<List<Object>> before = TableData.rows(table, last.snapshotId());
    int manifestsBefore = ManifestCompaction.dataManifests(table);

    JsonNode response = handler.invoke("m-1", committed(TestDatasets.MANIFESTS, last));

    assertThat(failedMessageIds(response)).isEmpty();
    table.refresh();
    JsonNode compacted = announced(TestDatasets.MANIFESTS).get("data");
    LOG.infof("8 commits, manifest threshold 5: %s", compacted);
    assertThat(manifestsBefore).isEqualTo(8);
    assertThat(compacted.get("manifestsBefore").asInt()).isEqualTo(manifestsBefore);
    assertThat(compacted.get("manifestsAfter").asInt())
        .isEqualTo(ManifestCompaction.dataManifests(table))
        .isLessThan(manifestsBefore);
    assertThat(compacted.get("rewrittenFiles").asInt()).isZero();
    assertThat(compacted.has("snapshotId")).as("no data file was rewritten").isFalse();
    assertThat(table.currentSnapshot().summary()).containsKey(MaintenanceSnapshots.RUN_ID);
    assertThat(TableData.currentRows(table)).containsExactlyInAnyOrderElementsOf(before);
  }

  @Test
  void shouldStartOneRunForTwoCommitsOfATableInOneBatch_andAnnounceItOnce() {
    DataContract contract = TestDatasets.ONE_RUN; // debounce 0: only the batch can merge them
    Table table = data.table(contract);
    Snapshot first = append(table, write(table, DAY, 6, 5));
    Snapshot second = append(table, write(table, DAY, 6, 5));
    AtomicReference<JsonNode> response = new AtomicReference<>();

    long runs =
        PlannedScans.during(
            contract.table().qualifiedName(),
            () ->
                response.set(
                    handler.invoke(
                        message("o-1", committed(contract, first)),
                        message("o-2", committed(contract, second)))));

    assertThat(failedMessageIds(response.get())).isEmpty();
    assertThat(runs).as("runs (planned scans) for two table.committed in one batch").isEqualTo(1);
    assertThat(TableData.maintenanceSnapshots(table)).hasSize(1);
    JsonNode compacted = announced(contract);
    assertThat(compacted.get("id").asText())
        .as("announced as caused by the newer commit")
        .isEqualTo(
            "%s.compacted.after-%d"
                .formatted(contract.table().qualifiedName(), second.snapshotId()));
    assertThat(compacted.get("data").get("rewrittenFiles").asInt()).isEqualTo(12);
    assertThat(announcedNow(contract)).as("a second table.compacted").isEmpty();
  }

  @Test
  void shouldNotRunAgainAfterACommitWithinTheDebounceOfTheLastRun() {
    DataContract contract = TestDatasets.DEBOUNCE; // debounceSeconds 300
    Table table = data.table(contract);
    Snapshot first = append(table, write(table, DAY, 12, 5));
    JsonNode response = handler.invoke("d-1", committed(contract, first));
    assertThat(failedMessageIds(response)).isEmpty();
    assertThat(TableData.maintenanceSnapshots(table)).hasSize(1);
    announced(contract);
    // another commit that leaves the partition as eligible as before, in a later batch
    Snapshot second = append(table, write(table, DAY, 12, 5));
    AtomicReference<JsonNode> later = new AtomicReference<>();

    long runs =
        PlannedScans.during(
            contract.table().qualifiedName(),
            () -> later.set(handler.invoke("d-2", committed(contract, second))));

    assertThat(failedMessageIds(later.get())).isEmpty();
    assertThat(runs).as("runs within the debounce").isZero();
    assertThat(TableData.maintenanceSnapshots(table)).hasSize(1);
    assertThat(TableData.currentFiles(table)).hasSize(1 + 12);
    assertThat(announcedNow(contract)).isEmpty();
  }

  @Test
  void shouldParkWhatCompactionCannotActOn_withItsReason_andNeverDropIt() throws Exception {
    DataContract unknown = TestDatasets.dataset("no_such_dataset", TestDatasets.lambda(10, 20, 0));
    Table table = data.table(unknown); // a table whose dataset this deployment has no contract for
    ObjectNode unknownDataset = committed(unknown, append(table, write(table, DAY, 1, 1)));
    ObjectNode otherSchedule = TableData.tick("cost-guard-tick");
    ObjectNode otherType =
        (ObjectNode)
            json(
                Files.readString(
                    ContractSource.classpath()
                        .resolve(
                            "messages/batch.validated/v1/examples/valid-all-records-valid.json")));

    JsonNode response =
        handler.invoke(
            message("unknown-dataset", unknownDataset),
            message("other-schedule", otherSchedule),
            message("other-type", otherType),
            message("not-an-object", TextNode.valueOf("compact everything")));

    assertThat(failedMessageIds(response)).isEmpty();
    assertThat(reason(handler.awaitMessage("compaction-dlq", "no_such_dataset")))
        .contains("no data contract for dataset 'no_such_dataset'");
    assertThat(reason(handler.awaitMessage("compaction-dlq", "cost-guard-tick")))
        .contains("compaction runs on the compaction-sweep schedule, not on cost-guard-tick");
    assertThat(reason(handler.awaitMessage("compaction-dlq", otherType.get("id").asText())))
        .contains("compaction consumes table.committed and schedule.tick, not batch.validated");
    assertThat(reason(handler.awaitMessage("compaction-dlq", "compact everything")))
        .contains("not a JSON object");
  }

  /** The table.compacted announced for the contract's table (it is taken off the queue). */
  private static JsonNode announced(DataContract contract) {
    return handler.awaitEnvelope("cost-guard", type("table.compacted"), tableField(contract));
  }

  /** The table.compacted messages for the contract's table on the queue now, left there. */
  private static List<Message> announcedNow(DataContract contract) {
    return handler.peek("cost-guard").stream()
        .filter(m -> m.body().contains(type("table.compacted")))
        .filter(m -> m.body().contains(tableField(contract)))
        .toList();
  }

  private static String tableField(DataContract contract) {
    return "\"name\":\"%s\"".formatted(contract.table().name());
  }

  private static String reason(Message parked) {
    return parked.messageAttributes().get(DeadLetterParking.REASON_ATTRIBUTE).stringValue();
  }
}
