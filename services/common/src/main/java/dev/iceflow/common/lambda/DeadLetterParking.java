package dev.iceflow.common.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.iceflow.common.envelope.EnvelopeCodec;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Parks a message in the dead-letter queue its source queue's redrive policy names, with the
 * original body and attributes plus the reason, where it was parked from and when. The DLQ is found
 * from the queue itself (GetQueueAttributes RedrivePolicy), so it cannot drift from what Terraform
 * or the provisioner configured; redriving it later (StartMessageMoveTask) sends it back unchanged.
 */
public final class DeadLetterParking implements MessageParking {

  /** Why the message was parked (SQS message attribute). */
  public static final String REASON_ATTRIBUTE = "iceflow.parked-reason";

  /** The ARN of the queue it was parked from. */
  public static final String SOURCE_ATTRIBUTE = "iceflow.parked-from";

  /** When it was parked (RFC 3339). */
  public static final String TIME_ATTRIBUTE = "iceflow.parked-at";

  /** SQS allows 10 message attributes: the envelope's routing attributes use 5, these 3. */
  private static final int MAX_ATTRIBUTES = 10;

  private static final int MAX_REASON_CHARS = 1024;
  private static final String STRING = "String";
  private static final String FIFO_SUFFIX = ".fifo";
  private static final String MESSAGE_GROUP_ID = "MessageGroupId";

  private final SqsClient sqs;
  private final Map<String, String> dlqUrlBySourceArn = new ConcurrentHashMap<>();

  public DeadLetterParking(SqsClient sqs) {
    this.sqs = sqs;
  }

  @Override
  public void park(SQSMessage message, String reason) {
    String source = message.getEventSourceArn();
    SendMessageRequest.Builder request =
        SendMessageRequest.builder()
            .queueUrl(dlqUrlBySourceArn.computeIfAbsent(source, this::deadLetterQueueUrl))
            .messageBody(message.getBody())
            .messageAttributes(attributes(message, source, reason));
    if (source.endsWith(FIFO_SUFFIX)) {
      // same group as on the source queue; the SQS message id makes a retried park a no-op
      request
          .messageGroupId(message.getAttributes().get(MESSAGE_GROUP_ID))
          .messageDeduplicationId(message.getMessageId());
    }
    sqs.sendMessage(request.build());
  }

  private String deadLetterQueueUrl(String sourceArn) {
    QueueArn queue = QueueArn.parse(sourceArn);
    String sourceUrl =
        sqs.getQueueUrl(r -> r.queueName(queue.name()).queueOwnerAWSAccountId(queue.account()))
            .queueUrl();
    String policy =
        sqs.getQueueAttributes(
                r -> r.queueUrl(sourceUrl).attributeNames(QueueAttributeName.REDRIVE_POLICY))
            .attributes()
            .get(QueueAttributeName.REDRIVE_POLICY);
    if (policy == null) {
      throw new IllegalStateException(
          "queue %s has no redrive policy, so there is no DLQ to park in".formatted(sourceArn));
    }
    QueueArn dlq = QueueArn.parse(RedrivePolicy.parse(policy).deadLetterTargetArn());
    return sqs.getQueueUrl(r -> r.queueName(dlq.name()).queueOwnerAWSAccountId(dlq.account()))
        .queueUrl();
  }

  private static Map<String, MessageAttributeValue> attributes(
      SQSMessage message, String source, String reason) {
    Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
    attributes.put(REASON_ATTRIBUTE, text(truncate(reason)));
    attributes.put(SOURCE_ATTRIBUTE, text(source));
    attributes.put(TIME_ATTRIBUTE, text(Instant.now().toString()));
    if (message.getMessageAttributes() != null) {
      message
          .getMessageAttributes()
          .forEach(
              (name, value) -> {
                if (attributes.size() < MAX_ATTRIBUTES && value.getStringValue() != null) {
                  attributes.putIfAbsent(
                      name,
                      MessageAttributeValue.builder()
                          .dataType(value.getDataType())
                          .stringValue(value.getStringValue())
                          .build());
                }
              });
    }
    return attributes;
  }

  private static MessageAttributeValue text(String value) {
    return MessageAttributeValue.builder().dataType(STRING).stringValue(value).build();
  }

  private static String truncate(String reason) {
    String text = reason == null || reason.isBlank() ? "(no reason given)" : reason;
    return text.length() <= MAX_REASON_CHARS ? text : text.substring(0, MAX_REASON_CHARS) + "…";
  }

  /** {@code arn:aws:sqs:<region>:<account>:<name>}. */
  record QueueArn(String account, String name) {
    static QueueArn parse(String arn) {
      String[] parts = arn == null ? new String[0] : arn.split(":");
      if (parts.length != 6 || !"sqs".equals(parts[2])) {
        throw new IllegalArgumentException("not an SQS queue ARN: " + arn);
      }
      return new QueueArn(parts[4], parts[5]);
    }
  }

  /** The queue attribute RedrivePolicy, a JSON document. */
  record RedrivePolicy(String deadLetterTargetArn) {
    static RedrivePolicy parse(String json) {
      try {
        return EnvelopeCodec.mapper()
            .readerFor(RedrivePolicy.class)
            .without(
                com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .readValue(json);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("unreadable RedrivePolicy: " + json, e);
      }
    }
  }
}
