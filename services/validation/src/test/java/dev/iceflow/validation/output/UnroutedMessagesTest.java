package dev.iceflow.validation.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.MessageAttribute;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import dev.iceflow.validation.input.UnroutableMessageException;
import dev.iceflow.validation.input.UnroutableMessageException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

/** What a parked message carries, and what happens when SQS does not take it. */
class UnroutedMessagesTest {

  private static final String QUEUE_URL =
      "https://sqs.us-east-1.amazonaws.com/123456789012/iceflow-prod-ingest-unrouted";
  private static final String SOURCE_ARN =
      "arn:aws:sqs:us-east-1:123456789012:iceflow-prod-validation-ingest";
  private static final UnroutableMessageException UNKNOWN_DATASET =
      new UnroutableMessageException(
          Reason.UNKNOWN_DATASET, "no data contract for dataset 'parcels' in this deployment");

  private final List<SendMessageRequest> sent = new ArrayList<>();

  @Test
  void shouldParkTheBodyUnchanged_withItsAttributesAndTheReason() {
    SQSMessage message = message("hello, not JSON", Map.of("dataset", text("parcels")));
    message.getMessageAttributes().put("checksum", binary("a1b2".getBytes(StandardCharsets.UTF_8)));

    new UnroutedMessages(recording(), QUEUE_URL).park(message, UNKNOWN_DATASET);

    assertThat(sent).hasSize(1);
    SendMessageRequest parked = sent.get(0);
    assertThat(parked.queueUrl()).isEqualTo(QUEUE_URL);
    assertThat(parked.messageBody()).isEqualTo("hello, not JSON");
    Map<String, MessageAttributeValue> attributes = parked.messageAttributes();
    assertThat(attributes.get(UnroutedMessages.REASON).stringValue()).isEqualTo("unknown-dataset");
    assertThat(attributes.get(UnroutedMessages.DETAIL).stringValue())
        .isEqualTo("no data contract for dataset 'parcels' in this deployment");
    assertThat(attributes.get(UnroutedMessages.SOURCE).stringValue()).isEqualTo(SOURCE_ARN);
    assertThat(attributes.get("dataset").stringValue()).isEqualTo("parcels");
    assertThat(attributes.get("dataset").dataType()).isEqualTo("String");
    assertThat(attributes.get("checksum").binaryValue().asUtf8String()).isEqualTo("a1b2");
    assertThat(attributes.get("checksum").dataType()).isEqualTo("Binary");
  }

  /** SQS takes 10 attributes per message; SNS delivers up to 10 too, so ours must fit first. */
  @Test
  void shouldKeepTheReasonAndAsManyOriginalAttributesAsSqsTakes_whenTheyDoNotAllFit() {
    Map<String, MessageAttribute> ten = new LinkedHashMap<>();
    for (int i = 0; i < 10; i++) {
      ten.put("attribute-" + i, text("value-" + i));
    }
    ten.put(UnroutedMessages.REASON, text("forged"));

    new UnroutedMessages(recording(), QUEUE_URL).park(message("{}", ten), UNKNOWN_DATASET);

    Map<String, MessageAttributeValue> attributes = sent.get(0).messageAttributes();
    assertThat(attributes).hasSize(UnroutedMessages.MAX_ATTRIBUTES);
    assertThat(attributes.get(UnroutedMessages.REASON).stringValue()).isEqualTo("unknown-dataset");
    assertThat(attributes)
        .containsKeys(UnroutedMessages.DETAIL, UnroutedMessages.SOURCE)
        .containsKeys("attribute-0", "attribute-6")
        .doesNotContainKeys("attribute-7", "attribute-9");
  }

  @Test
  void shouldFailTheMessage_whenSqsDoesNotTakeIt() {
    SqsClient refusing =
        new RecordingSqsClient() {
          @Override
          public SendMessageResponse sendMessage(SendMessageRequest request) {
            throw QueueDoesNotExistException.builder().message("The queue does not exist").build();
          }
        };

    assertThatThrownBy(
            () ->
                new UnroutedMessages(refusing, QUEUE_URL)
                    .park(message("hello", Map.of()), UNKNOWN_DATASET))
        .isInstanceOf(UnroutedParkingException.class)
        .hasMessageContaining("m-1")
        .hasMessageContaining("unknown-dataset")
        .hasMessageContaining(QUEUE_URL)
        .hasMessageContaining("The queue does not exist");
  }

  private SqsClient recording() {
    return new RecordingSqsClient();
  }

  /** SqsClient's other operations throw UnsupportedOperationException by default. */
  private class RecordingSqsClient implements SqsClient {

    @Override
    public SendMessageResponse sendMessage(SendMessageRequest request) {
      sent.add(request);
      return SendMessageResponse.builder().messageId("parked-" + sent.size()).build();
    }

    @Override
    public String serviceName() {
      return SERVICE_NAME;
    }

    @Override
    public void close() {}
  }

  private static SQSMessage message(String body, Map<String, MessageAttribute> attributes) {
    SQSMessage message = new SQSMessage();
    message.setMessageId("m-1");
    message.setBody(body);
    message.setEventSourceArn(SOURCE_ARN);
    message.setMessageAttributes(new LinkedHashMap<>(attributes));
    return message;
  }

  private static MessageAttribute text(String value) {
    MessageAttribute attribute = new MessageAttribute();
    attribute.setDataType("String");
    attribute.setStringValue(value);
    return attribute;
  }

  private static MessageAttribute binary(byte[] value) {
    MessageAttribute attribute = new MessageAttribute();
    attribute.setDataType("Binary");
    attribute.setBinaryValue(ByteBuffer.wrap(value));
    return attribute;
  }
}
