package dev.iceflow.local.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iceflow.contracts.topology.LedgerSpec;
import dev.iceflow.contracts.topology.QueueSpec;
import dev.iceflow.contracts.topology.SubscriptionSpec;
import dev.iceflow.contracts.topology.Topology;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.testkit.aws.QueueProbe;
import dev.iceflow.testkit.junit.WithLocalAws;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** What the provisioner created matches contracts/topology.json, resource by resource. */
@WithLocalAws
class ProvisioningIntegrationTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyQueueHasItsTimeoutsEncryptionAndRedrivePolicy(LocalAws aws) throws Exception {
    Topology topology = aws.contracts().topology();
    try (SqsClient sqs = aws.clients().sqs()) {
      for (QueueSpec spec : topology.queues()) {
        Map<QueueAttributeName, String> attributes =
            sqs.getQueueAttributes(
                    r ->
                        r.queueUrl(aws.provisioned().queueUrl(spec.name()))
                            .attributeNames(QueueAttributeName.ALL))
                .attributes();
        assertThat(attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT))
            .as(spec.name())
            .isEqualTo(Integer.toString(spec.visibilityTimeoutSeconds()));
        assertThat(attributes.get(QueueAttributeName.KMS_MASTER_KEY_ID))
            .as(spec.name())
            .isEqualTo(aws.provisioned().kmsKeyArn());
        assertThat(
                Boolean.parseBoolean(
                    attributes.getOrDefault(QueueAttributeName.FIFO_QUEUE, "false")))
            .isEqualTo(spec.fifo());
        if (spec.deadLetterQueue().isPresent()) {
          JsonNode redrive = JSON.readTree(attributes.get(QueueAttributeName.REDRIVE_POLICY));
          assertThat(redrive.get("deadLetterTargetArn").asText())
              .isEqualTo(aws.provisioned().queueArn(spec.deadLetter().name()));
          assertThat(redrive.get("maxReceiveCount").asInt())
              .isEqualTo(spec.deadLetter().maxReceiveCount());
        } else {
          assertThat(attributes).doesNotContainKey(QueueAttributeName.REDRIVE_POLICY);
        }
      }
    }
  }

  @Test
  void everySubscriptionHasItsFilterPolicyScopeRawDeliveryAndDeliveryDeadLetterQueue(LocalAws aws)
      throws Exception {
    try (SnsClient sns = aws.clients().sns();
        SqsClient sqs = aws.clients().sqs()) {
      for (SubscriptionSpec spec : aws.contracts().topology().subscriptions()) {
        Subscription subscription =
            sns
                .listSubscriptionsByTopicPaginator(
                    r -> r.topicArn(aws.provisioned().topicArn(spec.topic())))
                .subscriptions()
                .stream()
                .filter(s -> s.endpoint().equals(aws.provisioned().queueArn(spec.queue())))
                .findFirst()
                .orElseThrow(
                    () ->
                        new AssertionError(
                            "no subscription " + spec.topic() + " -> " + spec.queue()));
        Map<String, String> attributes =
            sns.getSubscriptionAttributes(r -> r.subscriptionArn(subscription.subscriptionArn()))
                .attributes();
        if (spec.isFiltered()) {
          assertThat(JSON.readTree(attributes.get("FilterPolicy"))).isEqualTo(spec.filterPolicy());
          assertThat(attributes.get("FilterPolicyScope")).isEqualTo(spec.filterPolicyScope());
        } else {
          assertThat(attributes)
              .as("%s -> %s", spec.topic(), spec.queue())
              .doesNotContainKey("FilterPolicy");
        }
        assertThat(attributes.get("RawMessageDelivery"))
            .isEqualTo(Boolean.toString(spec.rawMessageDelivery()));

        String deadLetter = spec.deliveryDeadLetterQueue().orElseThrow().name();
        assertThat(
                JSON.readTree(attributes.get("RedrivePolicy")).get("deadLetterTargetArn").asText())
            .isEqualTo(aws.provisioned().queueArn(deadLetter));
        Map<QueueAttributeName, String> dlq =
            sqs.getQueueAttributes(
                    r ->
                        r.queueUrl(aws.provisioned().queueUrl(deadLetter))
                            .attributeNames(QueueAttributeName.ALL))
                .attributes();
        boolean fifoTopic = aws.contracts().topology().topic(spec.topic()).orElseThrow().fifo();
        assertThat(Boolean.parseBoolean(dlq.getOrDefault(QueueAttributeName.FIFO_QUEUE, "false")))
            .as(deadLetter)
            .isEqualTo(fifoTopic);
        assertThat(dlq.get(QueueAttributeName.KMS_MASTER_KEY_ID))
            .isEqualTo(aws.provisioned().kmsKeyArn());
        JsonNode sender = JSON.readTree(dlq.get(QueueAttributeName.POLICY)).get("Statement").get(0);
        assertThat(sender.at("/Principal/Service").asText()).isEqualTo("sns.amazonaws.com");
        assertThat(sender.at("/Condition/ArnEquals/aws:SourceArn").asText())
            .isEqualTo(aws.provisioned().topicArn(spec.topic()));
      }
    }
  }

  @Test
  void bucketsAreKmsEncryptedWithPublicAccessBlocked(LocalAws aws) {
    try (S3Client s3 = aws.clients().s3()) {
      for (String bucket : aws.provisioned().buckets().values()) {
        var rule =
            s3.getBucketEncryption(r -> r.bucket(bucket))
                .serverSideEncryptionConfiguration()
                .rules()
                .get(0);
        assertThat(rule.applyServerSideEncryptionByDefault().sseAlgorithm())
            .isEqualTo(ServerSideEncryption.AWS_KMS);
        assertThat(rule.applyServerSideEncryptionByDefault().kmsMasterKeyID())
            .isEqualTo(aws.provisioned().kmsKeyArn());
        assertThat(
                s3.getPublicAccessBlock(r -> r.bucket(bucket))
                    .publicAccessBlockConfiguration()
                    .blockPublicAcls())
            .isTrue();
      }
    }
  }

  @Test
  void theTlsOnlyBucketPolicyDeniesPlainHttp_asTheEmulatorEvaluatesIt(LocalAws aws) {
    assumeTrue(
        aws.isEmbeddedMoto(),
        "LocalStack does not evaluate bucket policies unless ENFORCE_IAM is set");
    String bucket = "iceflow-local-tls-probe";
    try (S3Client s3 = aws.clients().s3()) {
      s3.createBucket(r -> r.bucket(bucket));
      s3.putObject(r -> r.bucket(bucket).key("before"), RequestBody.fromString("ok"));

      s3.putBucketPolicy(r -> r.bucket(bucket).policy(BucketProvisioning.tlsOnlyPolicy(bucket)));

      assertThatThrownBy(
              () ->
                  s3.putObject(
                      r -> r.bucket(bucket).key("after"), RequestBody.fromString("denied")))
          .isInstanceOfSatisfying(
              S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
    }
  }

  @Test
  void provisioningTwiceChangesNothing(LocalAws aws) {
    try (KmsClient kms = aws.clients().configure(KmsClient.builder()).build();
        SqsClient sqs = aws.clients().sqs();
        SnsClient sns = aws.clients().sns();
        S3Client s3 = aws.clients().s3();
        DynamoDbClient dynamo = aws.clients().configure(DynamoDbClient.builder()).build()) {
      Provisioned again =
          new Provisioner(
                  aws.contracts().topology(),
                  aws.provisioned().names(),
                  false,
                  kms,
                  sqs,
                  sns,
                  s3,
                  dynamo)
              .provision();

      assertThat(again).isEqualTo(aws.provisioned());
      assertThat(sns.listSubscriptionsPaginator().subscriptions())
          .hasSize(aws.contracts().topology().subscriptions().size());
    }
  }

  /**
   * An emulator provisioned from the previous topology (LocalStack keeps its state) had the ingest
   * topic filtered on the body into two queues; provisioning again leaves the one unfiltered
   * subscription, so a body that is not JSON reaches validation and nothing reaches the parking
   * queue past it.
   */
  @Test
  void provisioningAgainRemovesASubscriptionAndAFilterPolicyTheTopologyNoLongerHas(LocalAws aws) {
    String topicArn = aws.provisioned().topicArn("ingest");
    String validation = aws.provisioned().queueArn("validation-ingest");
    String unrouted = aws.provisioned().queueArn("ingest-unrouted");
    String bodyPolicy = "{\"dataset\": [\"flights\", \"seattle_weather\"]}";
    try (KmsClient kms = aws.clients().configure(KmsClient.builder()).build();
        SqsClient sqs = aws.clients().sqs();
        SnsClient sns = aws.clients().sns()) {
      sns.subscribe(
          r ->
              r.topicArn(topicArn)
                  .protocol("sqs")
                  .endpoint(unrouted)
                  .attributes(
                      Map.of(
                          "RawMessageDelivery", "true",
                          "FilterPolicyScope", "MessageBody",
                          "FilterPolicy", "{\"dataset\": [{\"exists\": false}]}")));
      String validationSubscription = subscriptionArn(sns, topicArn, validation);
      sns.setSubscriptionAttributes(
          r ->
              r.subscriptionArn(validationSubscription)
                  .attributeName("FilterPolicyScope")
                  .attributeValue("MessageBody"));
      sns.setSubscriptionAttributes(
          r ->
              r.subscriptionArn(validationSubscription)
                  .attributeName("FilterPolicy")
                  .attributeValue(bodyPolicy));

      try (S3Client s3 = aws.clients().s3();
          DynamoDbClient dynamo = aws.clients().configure(DynamoDbClient.builder()).build()) {
        new Provisioner(
                aws.contracts().topology(),
                aws.provisioned().names(),
                false,
                kms,
                sqs,
                sns,
                s3,
                dynamo)
            .provision();
      }

      assertThat(sns.listSubscriptionsByTopicPaginator(r -> r.topicArn(topicArn)).subscriptions())
          .extracting(Subscription::endpoint)
          .containsExactly(validation);
      QueueProbe probe = new QueueProbe(sqs);
      probe.drain(aws.provisioned().queueUrl("ingest-unrouted"));
      String hello = "hello " + System.nanoTime();
      sns.publish(r -> r.topicArn(topicArn).message(hello));
      assertThat(
              probe.await(
                  aws.provisioned().queueUrl("validation-ingest"),
                  m -> m.body().equals(hello),
                  Duration.ofSeconds(10)))
          .isPresent();
      assertThat(probe.receive(aws.provisioned().queueUrl("ingest-unrouted"), 0)).isEmpty();
    }
  }

  private static String subscriptionArn(SnsClient sns, String topicArn, String queueArn) {
    return sns.listSubscriptionsByTopicPaginator(r -> r.topicArn(topicArn)).subscriptions().stream()
        .filter(s -> s.endpoint().equals(queueArn))
        .findFirst()
        .orElseThrow()
        .subscriptionArn();
  }

  @Test
  void everyLedgerIsAnEncryptedTableWithItsTimeToLiveAndPointInTimeRecovery(LocalAws aws) {
    try (DynamoDbClient dynamo = aws.clients().configure(DynamoDbClient.builder()).build()) {
      for (LedgerSpec ledger : aws.contracts().topology().ledgers()) {
        String table = aws.provisioned().ledger(ledger.name());
        var description = dynamo.describeTable(r -> r.tableName(table)).table();
        assertThat(description.keySchema().get(0).attributeName()).isEqualTo(ledger.partitionKey());
        assertThat(description.sseDescription().kmsMasterKeyArn())
            .isEqualTo(aws.provisioned().kmsKeyArn());
        assertThat(
                dynamo
                    .describeTimeToLive(r -> r.tableName(table))
                    .timeToLiveDescription()
                    .attributeName())
            .isEqualTo(ledger.ttlAttribute());
        assertThat(
                dynamo
                    .describeContinuousBackups(r -> r.tableName(table))
                    .continuousBackupsDescription()
                    .pointInTimeRecoveryDescription()
                    .pointInTimeRecoveryStatusAsString())
            .isEqualTo(ledger.pointInTimeRecovery() ? "ENABLED" : "DISABLED");
      }
    }
  }

  @Test
  void aFileDroppedInTheRawBucketIsAnnouncedOnTheValidationQueue(LocalAws aws) {
    try (S3Client s3 = aws.clients().s3();
        SqsClient sqs = aws.clients().sqs()) {
      String fileName = System.nanoTime() + ".csv";
      String key = "incoming/flights/" + fileName;
      s3.putObject(
          r -> r.bucket(aws.provisioned().bucket("raw")).key(key),
          RequestBody.fromString("date,delay\n"));

      var event =
          new QueueProbe(sqs)
              .await(
                  aws.provisioned().queueUrl("validation-ingest"),
                  m -> m.body().contains(fileName),
                  Duration.ofSeconds(10));

      assertThat(event).isPresent();
      // S3 URL-encodes keys in event notifications, so only the file name is compared verbatim
      assertThat(event.get().body())
          .contains("ObjectCreated:Put")
          .contains(aws.provisioned().bucket("raw"));
    }
  }
}
