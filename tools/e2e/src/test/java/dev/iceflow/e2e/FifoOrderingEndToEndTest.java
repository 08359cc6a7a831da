package dev.iceflow.e2e;

import static dev.iceflow.e2e.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.messaging.EventPublisher;
import dev.iceflow.common.messaging.TopicDirectory;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.message.MessageType;
import dev.iceflow.iceberg.ContractTableCreator;
import dev.iceflow.iceberg.StagedDataFiles;
import dev.iceflow.local.ProjectLayout;
import dev.iceflow.local.emulator.LocalAws;
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
 */
@WithLocalAws
class FifoOrderingEndToEndTest {

  private static final int BATCHES = 15;
  private static final String BATCH_IDS = "iceflow.batch-ids";

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
                PlatformOptions.defaults().withMaxInstances(2));
        SnsClient sns = aws.clients().sns()) {
      EnvelopeCodec codec = new EnvelopeCodec(aws.contracts().messages());
      EventPublisher publisher =
          new EventPublisher(sns, codec, new TopicDirectory(aws.provisioned().topicArns()));
      for (int i = 0; i < BATCHES; i++) {
        String batchId = "fifo-%s-%02d".formatted(run, i);
        DataFile file = ParquetFiles.write(table, FlightRows.rows(table.schema(), batchId, 3));
        publisher.publishInGroup(
            "commits",
            staged(codec, flights, table, batchId, file),
            flights.table().qualifiedName());
        published.add(batchId);
      }

      await(() -> committedInOrder(table, run).size() >= BATCHES, "all staged batches committed");
      assertThat(committedInOrder(table, run))
          .as("commit order of one message group")
          .containsExactlyElementsOf(published);
      System.out.println(
          "commit instances: "
              + platform.instances("commit").stream()
                  .map(i -> "#" + i.slot() + "=" + i.invocations() + " invocations")
                  .toList());
    }
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
    ObjectNode payload =
        StagedDataFiles.payload(
            table,
            flights.table().namespace(),
            flights.table().name(),
            batchId,
            flights.version(),
            "fifo-test-" + batchId,
            Instant.now(),
            List.of(file));
    return Envelope.originating(
        batchId + ".staged",
        MessageType.DATAFILES_STAGED,
        codec.currentVersion(MessageType.DATAFILES_STAGED),
        "urn:iceflow:fifo-test",
        Instant.now(),
        "flights",
        batchId,
        payload);
  }
}
