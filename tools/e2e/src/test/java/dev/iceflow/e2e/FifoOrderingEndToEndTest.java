package dev.iceflow.e2e;

import static dev.iceflow.e2e.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.hash.Sha256;
import dev.iceflow.common.messaging.EventPublisher;
import dev.iceflow.common.messaging.TopicDirectory;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.message.payload.DatafilesStagedV2;
import dev.iceflow.contracts.message.payload.DatafilesStagedV2.Fingerprint;
import dev.iceflow.contracts.message.payload.TableName;
import dev.iceflow.iceberg.ContractTableCreator;
import dev.iceflow.iceberg.StagedDataFiles;
import dev.iceflow.local.ProjectLayout;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.local.platform.FunctionInstance;
import dev.iceflow.local.platform.LocalPlatform;
import dev.iceflow.local.platform.PlatformOptions;
import dev.iceflow.testkit.iceberg.FlightRows;
import dev.iceflow.testkit.iceberg.ParquetFiles;
import dev.iceflow.testkit.junit.WithLocalAws;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * FIFO message-group ordering on the local platform: one table's staged batches, published in order
 * to the FIFO commits topic, are committed in that order by the packaged commit function running as
 * two instances that poll the queue concurrently.
 *
 * <p>Left alone, one instance takes the whole group (SQS withholds a group while its batch is in
 * flight, and the instance that just finished asks again first), so the test makes the split
 * happen: the instance that committed the group's first batches is then held in an invocation of
 * another group's batch, and the rest of the group can only go to the other instance.
 */
@WithLocalAws
class FifoOrderingEndToEndTest {

  private static final int FIRST_BATCHES = 5;
  private static final int BATCHES = 15;
  private static final int MAX_HOLD_TRIES = 10;
  private static final String BATCH_IDS = "iceflow.batch-ids";

  /** Longer than the test: the held instance is not killed and replaced while the test runs. */
  private static final int HELD_TIMEOUT_S = 600;

  @Test
  void oneTablesBatchesAreCommittedInPublishOrder_byTwoConcurrentCommitInstances(LocalAws aws)
      throws Exception {
    DataContract flights = aws.contracts().dataset("flights").orElseThrow();
    Table table = ContractTableCreator.loadOrCreate(aws.openCatalog(), flights.table());
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<String> published = new ArrayList<>();
    try (LocalPlatform platform =
            LocalPlatform.start(
                aws,
                ProjectLayout.discover(),
                List.of("commit"),
                PlatformOptions.defaults()
                    .withMaxInstances(2)
                    .withTimeout("commit", HELD_TIMEOUT_S));
        SnsClient sns = aws.clients().sns()) {
      EnvelopeCodec codec = new EnvelopeCodec(aws.contracts().messages());
      EventPublisher publisher =
          new EventPublisher(sns, codec, new TopicDirectory(aws.provisioned().topicArns()));
      String group = flights.table().qualifiedName();

      for (int i = 0; i < FIRST_BATCHES; i++) {
        published.add(
            publishStaged(
                publisher, codec, flights, table, "fifo-%s-%02d".formatted(run, i), group));
      }
      await(
          () -> committedInOrder(table, run).size() >= FIRST_BATCHES,
          "the group's first batches committed");
      FunctionInstance first =
          platform.instances("commit").stream()
              .filter(i -> i.invocations() > 0)
              .findFirst()
              .orElseThrow();

      // frozen while it waits for work, so that the next batch it takes stays in its hands
      await(first::isWaitingForWork, "the first instance idle");
      first.freeze();
      holdInAnotherGroupsBatch(first, publisher, codec, flights, table);
      long firstWhileHeld = first.invocations();
      long othersBefore = invocationsOfOthers(platform, first);

      for (int i = FIRST_BATCHES; i < BATCHES; i++) {
        published.add(
            publishStaged(
                publisher, codec, flights, table, "fifo-%s-%02d".formatted(run, i), group));
      }
      await(() -> committedInOrder(table, run).size() >= BATCHES, "all staged batches committed");

      assertThat(committedInOrder(table, run))
          .as("commit order of one message group")
          .containsExactlyElementsOf(published);
      List<FunctionInstance> instances = platform.instances("commit");
      System.out.println(
          "commit instances: "
              + instances.stream()
                  .map(i -> "#" + i.slot() + "=" + i.invocations() + " invocations")
                  .toList());
      assertThat(first.isBusy()).as("the first instance was held throughout").isTrue();
      assertThat(first.invocations())
          .as("the first instance took nothing after it was held")
          .isEqualTo(firstWhileHeld);
      assertThat(instances).as("both commit instances").hasSize(2);
      assertThat(invocationsOfOthers(platform, first))
          .as("the other instance committed the group's later batches")
          .isGreaterThan(othersBefore);
      first.kill(); // let its poller go, so the platform closes at once
    }
  }

  /**
   * Publishes batches of groups of their own until {@code instance} (frozen) has taken one: it then
   * sits in that invocation, while the other instance is free to take any group. Each try is a coin
   * toss between the two pollers; the other instance simply commits the batches it takes.
   */
  private static void holdInAnotherGroupsBatch(
      FunctionInstance instance,
      EventPublisher publisher,
      EnvelopeCodec codec,
      DataContract flights,
      Table table)
      throws Exception {
    for (int attempt = 0; attempt < MAX_HOLD_TRIES && !instance.isBusy(); attempt++) {
      String blocker = "blocker-" + UUID.randomUUID();
      publishStaged(publisher, codec, flights, table, blocker, blocker);
      await(
          () -> instance.isBusy() || committed(table, blocker),
          "a batch of another group taken by either instance");
    }
    assertThat(instance.isBusy()).as("the frozen instance holds a batch").isTrue();
  }

  private static long invocationsOfOthers(LocalPlatform platform, FunctionInstance first) {
    return platform.instances("commit").stream()
        .filter(i -> i != first)
        .mapToLong(FunctionInstance::invocations)
        .sum();
  }

  private static String publishStaged(
      EventPublisher publisher,
      EnvelopeCodec codec,
      DataContract flights,
      Table table,
      String batchId,
      String group) {
    DataFile file = ParquetFiles.write(table, FlightRows.rows(table.schema(), batchId, 3));
    publisher.publishInGroup("commits", staged(codec, flights, table, batchId, file), group);
    return batchId;
  }

  private static boolean committed(Table table, String batchId) {
    table.refresh();
    return StreamSupport.stream(table.snapshots().spliterator(), false)
        .map(s -> s.summary().get(BATCH_IDS))
        .anyMatch(ids -> ids != null && Arrays.asList(ids.split(",")).contains(batchId));
  }

  /** This run's batch ids, in the order the table's snapshots committed them. */
  private static List<String> committedInOrder(Table table, String run) {
    table.refresh();
    return StreamSupport.stream(table.snapshots().spliterator(), false)
        .sorted(Comparator.comparingLong(Snapshot::sequenceNumber))
        .map(s -> s.summary().get(BATCH_IDS))
        .filter(ids -> ids != null)
        .flatMap(ids -> Arrays.stream(ids.split(",")))
        .filter(id -> id.contains(run))
        .toList();
  }

  private static Envelope staged(
      EnvelopeCodec codec, DataContract flights, Table table, String batchId, DataFile file) {
    DatafilesStagedV2 payload =
        StagedDataFiles.payload(
            table,
            new TableName(flights.table().namespace(), flights.table().name()),
            batchId,
            flights.version(),
            "fifo-test-" + batchId,
            Instant.now(),
            new Fingerprint(file.recordCount(), Sha256.hex(batchId)),
            List.of(file));
    return Envelope.originating(
        batchId + ".staged",
        payload,
        codec.currentVersion(DatafilesStagedV2.SCHEMA),
        "urn:iceflow:fifo-test",
        Instant.now(),
        "flights",
        batchId);
  }
}
