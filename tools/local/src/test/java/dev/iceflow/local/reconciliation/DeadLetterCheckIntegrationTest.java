package dev.iceflow.local.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.testkit.junit.WithLocalAws;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

@WithLocalAws
class DeadLetterCheckIntegrationTest {

  @Test
  void shouldNameEveryDlqOfTheTopology_andWhatTheOneHoldingAMessageHolds(LocalAws aws) {
    try (SqsClient sqs = aws.clients().sqs()) {
      String costGuardDlq = aws.provisioned().queueUrl("cost-guard-dlq");
      sqs.sendMessage(r -> r.queueUrl(costGuardDlq).messageBody("{\"parked\":true}"));
      try {
        List<DeadLetterCheck.Depth> depths = DeadLetterCheck.depths(aws, sqs);

        assertThat(depths)
            .extracting(DeadLetterCheck.Depth::queue)
            .containsExactly(
                "validation-ingest-dlq",
                "enrichment-dlq",
                "commit-dlq",
                "compaction-dlq",
                "cost-guard-dlq",
                "validation-ingest-delivery-dlq",
                "enrichment-delivery-dlq",
                "commit-delivery-dlq",
                "compaction-delivery-dlq",
                "cost-guard-delivery-dlq");
        assertThat(depths)
            .filteredOn(d -> d.queue().equals("cost-guard-dlq"))
            .singleElement()
            .satisfies(
                d -> {
                  assertThat(d.messages()).isEqualTo(1);
                  assertThat(d.holds()).startsWith("messages cost-guard's consumer failed");
                });
        assertThat(depths)
            .filteredOn(d -> d.queue().equals("enrichment-delivery-dlq"))
            .singleElement()
            .satisfies(
                d ->
                    assertThat(d.holds())
                        .isEqualTo("what SNS could not deliver from events to enrichment"));
      } finally {
        // other tests on this emulator expect empty DLQs
        for (Message m : sqs.receiveMessage(r -> r.queueUrl(costGuardDlq)).messages()) {
          sqs.deleteMessage(d -> d.queueUrl(costGuardDlq).receiptHandle(m.receiptHandle()));
        }
      }
    }
  }
}
