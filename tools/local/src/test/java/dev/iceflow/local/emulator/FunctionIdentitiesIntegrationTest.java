package dev.iceflow.local.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iceflow.common.aws.AwsClients;
import dev.iceflow.common.aws.AwsSettings;
import dev.iceflow.common.aws.EmulatorCredentials;
import dev.iceflow.testkit.junit.WithLocalAws;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.DeletedObject;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Each function signs as its own IAM user, which the emulator holds to the function's generated
 * policy, also behind the CloudWatch bridge, which signs its JSON twin again as the caller.
 */
@WithLocalAws
class FunctionIdentitiesIntegrationTest {

  private static AwsClients as(LocalAws aws, EmulatorCredentials credentials) {
    return new AwsClients(
        new AwsSettings(LocalAws.REGION, Optional.of(aws.endpoint()), credentials));
  }

  @Test
  void aFunctionMayCallWhatItsPolicyAllows_andIsRefusedTheRest(LocalAws aws) {
    EmulatorCredentials validation = aws.functionCredentials("validation");
    assertThat(validation).isNotEqualTo(EmulatorCredentials.OPERATOR);
    try (SqsClient sqs = as(aws, validation).sqs()) {
      String own = aws.provisioned().queueUrl("validation-ingest");
      String othersQueue = aws.provisioned().queueUrl("enrichment");

      assertThatCode(() -> sqs.getQueueAttributes(r -> r.queueUrl(own))).doesNotThrowAnyException();
      assertThatThrownBy(() -> sqs.getQueueAttributes(r -> r.queueUrl(othersQueue)))
          .isInstanceOf(SqsException.class)
          .satisfies(e -> assertThat(((SqsException) e).statusCode()).isEqualTo(403));
    }
  }

  /**
   * A multi-object delete, as S3FileIO removes old metadata files after a commit, is allowed per
   * key by s3:DeleteObject on the keys (as in AWS), and refused to a function without it.
   */
  @Test
  void aBatchDeleteOfTableFilesIsAllowedByDeleteObjectOnTheKeys(LocalAws aws) {
    String warehouse = aws.provisioned().bucket("warehouse");
    String key = "iceflow/identities-test/metadata/" + UUID.randomUUID() + ".json";
    try (S3Client operator = aws.clients().s3();
        S3Client commit = as(aws, aws.functionCredentials("commit")).s3();
        S3Client validation = as(aws, aws.functionCredentials("validation")).s3()) {
      operator.putObject(r -> r.bucket(warehouse).key(key), RequestBody.fromString("{}"));

      DeleteObjectsResponse refused = deleteBatch(validation, warehouse, key);
      assertThat(refused.errors()).extracting(S3Error::code).containsExactly("AccessDenied");

      DeleteObjectsResponse deleted = deleteBatch(commit, warehouse, key);
      assertThat(deleted.errors()).isEmpty();
      assertThat(deleted.deleted()).extracting(DeletedObject::key).containsExactly(key);
    }
  }

  private static DeleteObjectsResponse deleteBatch(S3Client s3, String bucket, String key) {
    return s3.deleteObjects(
        r -> r.bucket(bucket).delete(d -> d.objects(ObjectIdentifier.builder().key(key).build())));
  }

  @Test
  void theCloudWatchBridgeAuthorizesACallAsItsCaller(LocalAws aws) {
    // cost-guard reads metrics (readsMetrics), validation does not; what the emulator holds depends
    // on the tests before, so only whether the call is allowed is asserted
    assertThatCode(() -> readMetrics(aws, "cost-guard")).doesNotThrowAnyException();
    assertThatThrownBy(() -> readMetrics(aws, "validation"))
        .hasMessageContaining("not authorized to perform")
        .hasMessageContaining("403");
  }

  private static List<MetricDataResult> readMetrics(LocalAws aws, String function) {
    Instant now = Instant.now();
    try (CloudWatchClient cloudWatch =
        as(aws, aws.functionCredentials(function))
            .configure(CloudWatchClient.builder())
            .endpointOverride(aws.cloudWatchEndpoint())
            .build()) {
      return cloudWatch
          .getMetricData(
              r ->
                  r.metricDataQueries(
                          q ->
                              q.id("invocations")
                                  .metricStat(
                                      s ->
                                          s.metric(
                                                  m ->
                                                      m.namespace("AWS/Lambda")
                                                          .metricName("Invocations"))
                                              .period(60)
                                              .stat("Sum")))
                      .startTime(now.minusSeconds(600))
                      .endTime(now))
          .metricDataResults()
          .stream()
          .filter(result -> !result.values().isEmpty())
          .toList();
    }
  }
}
