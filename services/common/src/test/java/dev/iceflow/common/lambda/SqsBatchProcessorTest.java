package dev.iceflow.common.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.iceflow.common.tracing.Tracing;
import dev.iceflow.common.tracing.TracingSettings;
import dev.iceflow.contracts.UnknownContractException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqsBatchProcessorTest {

  private static final Tracing TRACING = Tracing.of(TracingSettings.exportingNothing("test"));

  private final List<String> parked = new ArrayList<>();
  private final SqsBatchProcessor processor =
      new SqsBatchProcessor(
          (message, reason) -> parked.add(message.getMessageId() + ": " + reason), TRACING);

  @Test
  void shouldReportOnlyFailedMessage_whenOneMessageIsBad() throws Exception {
    SQSEvent event = event("events/sqs-batch-three.json", "iceflow-dev-validation-ingest");
    List<String> handled = new ArrayList<>();

    SQSBatchResponse response =
        processor.process(
            event,
            m -> {
              if (m.getMessageId().equals("m-2")) {
                throw new IllegalArgumentException("bad record");
              }
              handled.add(m.getMessageId());
            });

    assertThat(failedIds(response)).containsExactly("m-2");
    assertThat(handled).containsExactly("m-1", "m-3");
  }

  @Test
  void shouldFailTheRestOfAFifoBatch_whenOneMessageFails_soGroupsKeepTheirOrder() throws Exception {
    SQSEvent event = event("events/sqs-batch-three.json", "iceflow-dev-commit.fifo");
    List<String> handled = new ArrayList<>();

    SQSBatchResponse response =
        processor.process(
            event,
            m -> {
              if (m.getMessageId().equals("m-2")) {
                throw new IllegalStateException("conflict");
              }
              handled.add(m.getMessageId());
            });

    assertThat(failedIds(response)).containsExactly("m-2", "m-3");
    assertThat(handled).containsExactly("m-1");
  }

  @Test
  void shouldReportNoFailures_whenEveryMessageSucceeds() throws Exception {
    SQSBatchResponse response =
        processor.process(event("events/sqs-batch-three.json", "q"), m -> {});

    assertThat(response.getBatchItemFailures()).isEmpty();
  }

  @Test
  void shouldParkAMessageThatCanNeverSucceed_andReportItHandled() throws Exception {
    SQSEvent event = event("events/sqs-batch-three.json", "iceflow-dev-validation-ingest");

    SQSBatchResponse response =
        processor.process(
            event,
            m -> {
              if (m.getMessageId().equals("m-2")) {
                throw new UnprocessableMessageException("not JSON");
              }
            });

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(parked).containsExactly("m-2: not JSON");
  }

  @Test
  void shouldGoOnWithTheRestOfAFifoBatch_onceItsBadMessageIsParked() throws Exception {
    SQSEvent event = event("events/sqs-batch-three.json", "iceflow-dev-commit.fifo");
    List<String> handled = new ArrayList<>();

    SQSBatchResponse response =
        processor.process(
            event,
            m -> {
              if (m.getMessageId().equals("m-2")) {
                throw new UnknownContractException("no data contract for dataset 'x'");
              }
              handled.add(m.getMessageId());
            });

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(handled).containsExactly("m-1", "m-3");
    assertThat(parked).containsExactly("m-2: no data contract for dataset 'x'");
  }

  @Test
  void shouldSendAMessageBackToItsQueue_whenItCannotBeParked() throws Exception {
    SqsBatchProcessor brokenParking =
        new SqsBatchProcessor(
            (message, reason) -> {
              throw new IllegalStateException("SQS unavailable");
            },
            TRACING);

    SQSBatchResponse response =
        brokenParking.process(
            event("events/sqs-batch-three.json", "iceflow-dev-commit.fifo"),
            m -> {
              if (m.getMessageId().equals("m-2")) {
                throw new UnprocessableMessageException("not JSON");
              }
            });

    assertThat(failedIds(response)).containsExactly("m-2", "m-3");
  }

  private static List<String> failedIds(SQSBatchResponse response) {
    return response.getBatchItemFailures().stream()
        .map(BatchItemFailure::getItemIdentifier)
        .toList();
  }

  private static SQSEvent event(String resource, String queueName) throws Exception {
    ObjectMapper mapper =
        new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.LOWER_CAMEL_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    try (InputStream in =
        SqsBatchProcessorTest.class.getClassLoader().getResourceAsStream(resource)) {
      var tree = mapper.readTree(in);
      SQSEvent event = new SQSEvent();
      List<SQSEvent.SQSMessage> records = new ArrayList<>();
      for (var node : tree.get("Records")) {
        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId(node.get("messageId").asText());
        m.setBody(node.get("body").asText());
        m.setEventSourceArn("arn:aws:sqs:us-east-1:123456789012:" + queueName);
        records.add(m);
      }
      event.setRecords(records);
      return event;
    }
  }
}
