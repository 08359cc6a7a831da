package dev.iceflow.local.provision;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.contracts.topology.BucketNotificationSpec;
import dev.iceflow.contracts.topology.BucketSpec;
import dev.iceflow.contracts.topology.DeadLetterSpec;
import dev.iceflow.contracts.topology.DeliveryDeadLetterSpec;
import dev.iceflow.contracts.topology.LedgerSpec;
import dev.iceflow.contracts.topology.QueueSpec;
import dev.iceflow.contracts.topology.SubscriptionSpec;
import dev.iceflow.contracts.topology.TopicSpec;
import dev.iceflow.contracts.topology.Topology;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Creates everything {@code contracts/topology.json} describes in an AWS API (the emulator, or
 * LocalStack): a KMS key, buckets, queues with their DLQs, topics, subscriptions with filter
 * policies and delivery DLQs, and bucket notifications. Creating an existing resource returns it,
 * so running it twice is harmless; running it on an emulator provisioned from an older topology
 * brings subscriptions to this one (and removes those it no longer has). It never creates event
 * source mappings: the local platform owns those.
 */
public final class Provisioner {

  private static final Logger LOG = Logger.getLogger(Provisioner.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Topology topology;
  private final ResourceNames names;
  private final KmsProvisioning kms;
  private final QueueProvisioning queues;
  private final TopicProvisioning topics;
  private final BucketProvisioning buckets;
  private final LedgerProvisioning ledgers;

  /**
   * @param tlsOnlyBuckets attach TLS-only bucket policies; an emulator on plain-HTTP loopback
   *     cannot take them (see {@link BucketProvisioning}). Terraform always attaches them.
   */
  public Provisioner(
      Topology topology,
      ResourceNames names,
      boolean tlsOnlyBuckets,
      KmsClient kms,
      SqsClient sqs,
      SnsClient sns,
      S3Client s3,
      DynamoDbClient dynamo) {
    this.topology = topology;
    this.names = names;
    this.kms = new KmsProvisioning(kms);
    this.queues = new QueueProvisioning(sqs);
    this.topics = new TopicProvisioning(sns);
    this.buckets = new BucketProvisioning(s3, tlsOnlyBuckets);
    this.ledgers = new LedgerProvisioning(dynamo);
  }

  public Provisioned provision() {
    String keyArn =
        kms.ensureKey(names.kmsAlias(topology.kmsKey().alias()), topology.kmsKey().description());

    Map<String, String> queueUrls = new LinkedHashMap<>();
    Map<String, String> queueArns = new LinkedHashMap<>();
    for (QueueSpec queue : topology.queues()) {
      String dlqArn = null;
      if (queue.deadLetterQueue().isPresent()) {
        DeadLetterSpec dlq = queue.deadLetter();
        String dlqUrl =
            queues.ensureDeadLetterQueue(
                names.queue(dlq.name(), queue.fifo()), dlq, queue.fifo(), keyArn);
        dlqArn = queues.arnOf(dlqUrl);
        queueUrls.put(dlq.name(), dlqUrl);
        queueArns.put(dlq.name(), dlqArn);
      }
      String url =
          queues.ensureQueue(names.queue(queue.name(), queue.fifo()), queue, dlqArn, keyArn);
      queueUrls.put(queue.name(), url);
      queueArns.put(queue.name(), queues.arnOf(url));
    }

    Map<String, String> topicArns = new LinkedHashMap<>();
    for (TopicSpec topic : topology.topics()) {
      topicArns.put(
          topic.name(), topics.ensureTopic(names.topic(topic.name(), topic.fifo()), topic, keyArn));
    }

    Map<String, String> bucketNames = new LinkedHashMap<>();
    for (BucketSpec bucket : topology.buckets()) {
      String name = names.bucket(bucket.name());
      buckets.ensureBucket(name, bucket, keyArn);
      bucketNames.put(bucket.name(), name);
    }

    Map<String, String> ledgerTables = new LinkedHashMap<>();
    for (LedgerSpec ledger : topology.ledgers()) {
      String name = names.ledger(ledger.name());
      ledgers.ensureTable(name, ledger, keyArn);
      ledgerTables.put(ledger.name(), name);
    }

    Map<String, List<ObjectNode>> queuePolicyStatements = new HashMap<>();
    for (SubscriptionSpec subscription : topology.subscriptions()) {
      String topicArn = topicArns.get(subscription.topic());
      String queueArn = queueArns.get(subscription.queue());
      String deadLetterArn = null;
      if (subscription.deliveryDeadLetterQueue().isPresent()) {
        DeliveryDeadLetterSpec dlq = subscription.deadLetter();
        // SNS requires a subscription's DLQ to be of the topic's kind (FIFO for a FIFO topic)
        boolean fifo = topology.topic(subscription.topic()).orElseThrow().fifo();
        String dlqUrl =
            queues.ensureDeliveryDeadLetterQueue(names.queue(dlq.name(), fifo), dlq, fifo, keyArn);
        deadLetterArn = queues.arnOf(dlqUrl);
        queueUrls.put(dlq.name(), dlqUrl);
        queueArns.put(dlq.name(), deadLetterArn);
        queuePolicyStatements
            .computeIfAbsent(dlq.name(), q -> new ArrayList<>())
            .add(allowSend("sns.amazonaws.com", deadLetterArn, "aws:SourceArn", topicArn));
      }
      topics.ensureSubscription(topicArn, queueArn, subscription, deadLetterArn);
      queuePolicyStatements
          .computeIfAbsent(subscription.queue(), q -> new ArrayList<>())
          .add(allowSend("sns.amazonaws.com", queueArn, "aws:SourceArn", topicArn));
    }
    for (TopicSpec topic : topology.topics()) {
      topics.removeSubscriptionsOutside(
          topicArns.get(topic.name()),
          topology.subscriptions().stream()
              .filter(s -> s.topic().equals(topic.name()))
              .map(s -> queueArns.get(s.queue()))
              .collect(Collectors.toSet()),
          queueArns.values());
    }
    for (BucketSpec bucket : topology.buckets()) {
      for (BucketNotificationSpec notification : bucket.notifications()) {
        String queueArn = queueArns.get(notification.queue());
        queuePolicyStatements
            .computeIfAbsent(notification.queue(), q -> new ArrayList<>())
            .add(
                allowSend(
                    "s3.amazonaws.com",
                    queueArn,
                    "aws:SourceArn",
                    "arn:aws:s3:::" + bucketNames.get(bucket.name())));
      }
    }
    queuePolicyStatements.forEach(
        (queue, statements) -> queues.putPolicy(queueUrls.get(queue), policy(statements)));
    for (BucketSpec bucket : topology.buckets()) {
      buckets.ensureNotifications(
          bucketNames.get(bucket.name()), bucket.notifications(), queueArns);
    }

    LOG.infof(
        "provisioned %d queues, %d topics, %d subscriptions, %d buckets under prefix %s",
        queueUrls.size(),
        topicArns.size(),
        topology.subscriptions().size(),
        bucketNames.size(),
        names.prefix());
    return new Provisioned(
        names,
        keyArn,
        Map.copyOf(topicArns),
        Map.copyOf(queueUrls),
        Map.copyOf(queueArns),
        Map.copyOf(bucketNames),
        Map.copyOf(ledgerTables));
  }

  private static ObjectNode allowSend(
      String service, String queueArn, String conditionKey, String sourceArn) {
    ObjectNode statement = JSON.createObjectNode();
    statement.put("Effect", "Allow");
    statement.putObject("Principal").put("Service", service);
    statement.put("Action", "sqs:SendMessage");
    statement.put("Resource", queueArn);
    statement.putObject("Condition").putObject("ArnEquals").put(conditionKey, sourceArn);
    return statement;
  }

  private static String policy(List<ObjectNode> statements) {
    ObjectNode policy = JSON.createObjectNode();
    policy.put("Version", "2012-10-17");
    ArrayNode array = policy.putArray("Statement");
    statements.forEach(array::add);
    return policy.toString();
  }
}
