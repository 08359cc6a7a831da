package dev.iceflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.local.reconciliation.Reconciliation;
import dev.iceflow.testkit.junit.WithLocalAws;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * publish → validation → enrichment → commit on real BTS flights: every published record ends in
 * exactly one place (a table row or a quarantine line), nothing is duplicated, and a redelivered
 * ingest batch changes nothing.
 */
@WithLocalAws
class StagesEndToEndTest {

  private static final int BATCH_RECORDS = 40;

  private static LocalAws aws;
  private static S3Client s3;
  private static SqsClient sqs;
  private static SnsClient sns;
  private static InProcessStages stages;

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
  void everyPublishedRecordEndsInTheTableOrTheQuarantine_exactlyOnce() throws Exception {
    Ledger ledger = Ledger.flights(BATCH_RECORDS);
    for (Envelope ingest : ledger.ingests) {
      stages.publisher().publish("ingest", ingest);
    }

    stages.runUntilQuiet();
    // a redelivered ingest batch (SNS delivers at least once) goes through every stage again
    stages.publisher().publish("ingest", ledger.ingests.get(0));
    stages.runUntilQuiet();

    Reconciliation result = ledger.reconcile(aws, stages.catalog(), s3);
    assertThat(result.rows() + result.quarantined()).isEqualTo(ledger.published);
    assertThat(result.quarantined()).isEqualTo(ledger.broken);
    assertThat(result.duplicates()).as("duplicate rows").isZero();
  }
}
