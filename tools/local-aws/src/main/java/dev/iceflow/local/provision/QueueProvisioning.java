package dev.iceflow.local.provision;

import dev.iceflow.contracts.topology.DeadLetterSpec;
import dev.iceflow.contracts.topology.DeliveryDeadLetterSpec;
import dev.iceflow.contracts.topology.QueueSpec;
import java.util.EnumMap;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** SQS queues and their dead-letter queues. CreateQueue returns an existing queue's URL. */
final class QueueProvisioning {

  /** SSE-KMS data-key reuse period; AWS's default, written out so it is visible in review. */
  private static final String DATA_KEY_REUSE_SECONDS = "300";

  private final SqsClient sqs;

  QueueProvisioning(SqsClient sqs) {
    this.sqs = sqs;
  }

  String ensureDeadLetterQueue(String name, DeadLetterSpec dlq, boolean fifo, String kmsKeyArn) {
    Map<QueueAttributeName, String> attributes = base(fifo, kmsKeyArn);
    attributes.put(
        QueueAttributeName.MESSAGE_RETENTION_PERIOD,
        Integer.toString(dlq.messageRetentionSeconds()));
    return create(name, attributes);
  }

  /** The queue SNS puts what it could not deliver to a subscription's queue into. */
  String ensureDeliveryDeadLetterQueue(
      String name, DeliveryDeadLetterSpec dlq, boolean fifo, String kmsKeyArn) {
    Map<QueueAttributeName, String> attributes = base(fifo, kmsKeyArn);
    attributes.put(
        QueueAttributeName.MESSAGE_RETENTION_PERIOD,
        Integer.toString(dlq.messageRetentionSeconds()));
    return create(name, attributes);
  }

  String ensureQueue(String name, QueueSpec queue, String deadLetterArn, String kmsKeyArn) {
    Map<QueueAttributeName, String> attributes = base(queue.fifo(), kmsKeyArn);
    attributes.put(
        QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(queue.visibilityTimeoutSeconds()));
    attributes.put(
        QueueAttributeName.MESSAGE_RETENTION_PERIOD,
        Integer.toString(queue.messageRetentionSeconds()));
    attributes.put(
        QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS,
        Integer.toString(queue.receiveWaitTimeSeconds()));
    if (queue.fifo() && queue.contentBasedDeduplication() != null) {
      attributes.put(
          QueueAttributeName.CONTENT_BASED_DEDUPLICATION,
          queue.contentBasedDeduplication().toString());
    }
    if (deadLetterArn != null) {
      attributes.put(
          QueueAttributeName.REDRIVE_POLICY,
          "{\"deadLetterTargetArn\":\"%s\",\"maxReceiveCount\":%d}"
              .formatted(deadLetterArn, queue.deadLetter().maxReceiveCount()));
    }
    return create(name, attributes);
  }

  String arnOf(String queueUrl) {
    return sqs.getQueueAttributes(
            r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes()
        .get(QueueAttributeName.QUEUE_ARN);
  }

  void putPolicy(String queueUrl, String policy) {
    sqs.setQueueAttributes(
        r -> r.queueUrl(queueUrl).attributes(Map.of(QueueAttributeName.POLICY, policy)));
  }

  private String create(String name, Map<QueueAttributeName, String> attributes) {
    return sqs.createQueue(r -> r.queueName(name).attributes(attributes)).queueUrl();
  }

  private static Map<QueueAttributeName, String> base(boolean fifo, String kmsKeyArn) {
    Map<QueueAttributeName, String> attributes = new EnumMap<>(QueueAttributeName.class);
    if (fifo) {
      attributes.put(QueueAttributeName.FIFO_QUEUE, "true");
    }
    attributes.put(QueueAttributeName.KMS_MASTER_KEY_ID, kmsKeyArn);
    attributes.put(QueueAttributeName.KMS_DATA_KEY_REUSE_PERIOD_SECONDS, DATA_KEY_REUSE_SECONDS);
    return attributes;
  }
}
