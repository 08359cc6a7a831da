package dev.iceflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.quarantine.Quarantine;
import dev.iceflow.common.stage.Stage;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.topology.Buckets;
import dev.iceflow.iceberg.ContractTables;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.local.reconciliation.QuarantineTally;
import dev.iceflow.local.reconciliation.Reconciliation;
import dev.iceflow.ops.OpsCommand;
import dev.iceflow.testkit.junit.WithLocalAws;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A batch with two broken records through validation, enrichment and commit; the two quarantined
 * records corrected and replayed with {@code ops quarantine replay} twice and once more with
 * --force: they land in the table once, under the replay's batch id, and nothing is duplicated.
 */
@WithLocalAws
class QuarantineReplayEndToEndTest {

  private static final int BATCH_RECORDS = 20;

  /** Ledger.flights breaks two records of each batch. */
  private static final int BROKEN = 2;

  private static LocalAws aws;
  private static S3Client s3;
  private static SqsClient sqs;
  private static SnsClient sns;
  private static InProcessStages stages;

  @TempDir Path dir;

  @BeforeAll
  static void wire(LocalAws localAws) {
    aws = localAws;
    s3 = aws.clients().s3();
    sqs = aws.clients().sqs();
    sns = aws.clients().sns();
    stages = new InProcessStages(aws, s3, sqs, sns);
  }

  @AfterAll
  static void close() {
    s3.close();
    sqs.close();
    sns.close();
  }

  @Test
  void aCorrectedRecordReplayedTwiceLandsInTheTableOnce() throws Exception {
    Ledger ledger = Ledger.flights(BATCH_RECORDS);
    String batchId = ledger.batchIds.get(0); // only the first batch is published
    stages.publisher().publish("ingest", ledger.ingests.get(0));
    stages.runUntilQuiet();
    String key = Quarantine.key(Stage.VALIDATION, "flights", batchId);
    Path corrected = corrected(key);

    List<String> outputs = new ArrayList<>();
    outputs.add(replay(key, corrected));
    stages.runUntilQuiet();
    outputs.add(replay(key, corrected));
    outputs.add(replay(key, corrected, "--force"));
    stages.runUntilQuiet();

    assertThat(outputs.get(0)).contains("Published ingest.batch " + batchId + ".replay-");
    assertThat(outputs.get(1)).contains("Already replayed as batch " + batchId + ".replay-");
    assertThat(outputs.get(2)).contains("Published ingest.batch " + batchId + ".replay-");
    Predicate<String> original = batchId::equals;
    Predicate<String> replayed = id -> id.startsWith(batchId + ".replay-");
    Reconciliation before = reconcile(original);
    Reconciliation replay = reconcile(replayed);
    assertThat(before.rows()).isEqualTo(BATCH_RECORDS - BROKEN);
    assertThat(before.quarantined()).isEqualTo(BROKEN);
    assertThat(replay.rows()).as("the corrected records, once").isEqualTo(BROKEN);
    assertThat(replay.quarantined()).as("nothing rejected again").isZero();
    assertThat(replay.duplicates()).isZero();
  }

  /** The quarantined records with what broke them repaired: a numeric delay, another airport. */
  private Path corrected(String key) throws Exception {
    String ndjson =
        s3.getObjectAsBytes(r -> r.bucket(bucket()).key(key)).asString(StandardCharsets.UTF_8);
    StringBuilder fixed = new StringBuilder();
    for (String line : ndjson.split("\n")) {
      ObjectNode record = (ObjectNode) EnvelopeCodec.mapper().readTree(line).get("record");
      JsonNode delay = record.get("delay");
      if (delay != null && !delay.isNumber()) {
        record.put("delay", 7);
      }
      if (record.get("origin").asText().equals(record.get("destination").asText())) {
        record.put("destination", record.get("origin").asText().equals("LAS") ? "SFO" : "LAS");
      }
      fixed.append(record).append('\n');
    }
    Path file = dir.resolve("corrected.ndjson");
    Files.writeString(file, fixed);
    return file;
  }

  private static String replay(String key, Path corrected, String... extra) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var commandLine = OpsCommand.commandLine(Clock.systemUTC());
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    List<String> args =
        new ArrayList<>(
            List.of(
                "quarantine",
                "replay",
                "--object",
                key,
                "--file",
                corrected.toString(),
                "--prefix",
                LocalAws.LOCAL_PREFIX,
                "--endpoint-url",
                aws.endpoint().toString()));
    args.addAll(List.of(extra));
    int exit = commandLine.execute(args.toArray(String[]::new));
    assertThat(exit).as(err.toString()).isZero();
    return out.toString();
  }

  private static Reconciliation reconcile(Predicate<String> batches) {
    Table table =
        stages
            .catalog()
            .loadTable(
                ContractTables.identifier(
                    Contracts.packaged().dataset("flights").orElseThrow().table()));
    return Reconciliation.of(table, new QuarantineTally(s3, bucket(), batches), batches);
  }

  private static String bucket() {
    return aws.provisioned().bucket(Buckets.QUARANTINE);
  }
}
