package dev.iceflow.local.emulator;

import dev.iceflow.contracts.iam.PolicyDocument;
import dev.iceflow.contracts.iam.PolicyStatement;
import java.util.ArrayList;
import java.util.List;

/**
 * What moto can check of a policy. It authorizes every action, but only S3 and SQS calls against
 * the resource they name (the bucket and key, the queue in QueueUrl); any other call, and
 * sqs:GetQueueUrl (its queue is in QueueName), against "*", which a statement naming a specific
 * resource never matches. So a statement made only of such actions keeps its actions and takes "*"
 * here: the emulator still refuses an action the policy lacks, and the resource scoping of those
 * statements is checked by terraform/tests, not by the emulator.
 *
 * <p>moto also authorizes a DynamoDB transaction as the operation itself, where AWS authorizes each
 * of its items as PutItem or UpdateItem (TransactWriteItems is no IAM action): a statement that
 * grants both takes moto's name for the same permission too. And moto names an action by the
 * request's signing name, which for CloudWatch is {@code monitoring}, not IAM's {@code cloudwatch}:
 * a CloudWatch action is granted under both names.
 *
 * <p>moto authorizes a multi-object delete (S3 DeleteObjects, which Iceberg's S3FileIO uses to
 * remove old metadata files after a commit) as s3:DeleteObject on the bucket, where AWS authorizes
 * each key as s3:DeleteObject on that key: a statement granting s3:DeleteObject on keys of a bucket
 * also names the bucket here. Without it, every delete of a batch fails locally with Access Denied
 * although the policy allows it in AWS.
 */
final class MotoAuthorizationScope {

  private static final List<String> RESOURCE_CHECKED_SERVICES = List.of("s3:", "sqs:");
  private static final String SQS_GET_QUEUE_URL = "sqs:GetQueueUrl";
  private static final List<String> TRANSACTION_ITEM_ACTIONS =
      List.of("dynamodb:PutItem", "dynamodb:UpdateItem");
  private static final String MOTO_TRANSACTION_ACTION = "dynamodb:TransactWriteItems";
  private static final String DELETE_OBJECT = "s3:DeleteObject";
  private static final String CLOUDWATCH = "cloudwatch:";
  private static final String CLOUDWATCH_SIGNING_NAME = "monitoring:";

  private MotoAuthorizationScope() {}

  static PolicyDocument adapt(PolicyDocument rendered) {
    return rendered.map(MotoAuthorizationScope::adapt);
  }

  private static PolicyStatement adapt(PolicyStatement statement) {
    PolicyStatement adapted =
        statement.actions().containsAll(TRANSACTION_ITEM_ACTIONS)
            ? statement.withActions(MOTO_TRANSACTION_ACTION)
            : statement;
    for (String action : statement.actions()) {
      if (action.startsWith(CLOUDWATCH)) {
        adapted =
            adapted.withActions(CLOUDWATCH_SIGNING_NAME + action.substring(CLOUDWATCH.length()));
      }
    }
    if (adapted.actions().contains(DELETE_OBJECT)) {
      adapted = adapted.onResources(withTheirBuckets(adapted.resources()));
    }
    return adapted.actions().stream().allMatch(MotoAuthorizationScope::isResourceChecked)
        ? adapted
        : adapted.onResources(List.of(PolicyStatement.ANY_RESOURCE));
  }

  /**
   * The object ARNs and, after them, each one's bucket ARN (arn:aws:s3:::bucket/key → ...bucket).
   */
  private static List<String> withTheirBuckets(List<String> resources) {
    List<String> withBuckets = new ArrayList<>(resources);
    resources.stream()
        .filter(arn -> arn.contains("/"))
        .map(arn -> arn.substring(0, arn.indexOf('/')))
        .distinct()
        .filter(bucket -> !withBuckets.contains(bucket))
        .forEach(withBuckets::add);
    return withBuckets;
  }

  private static boolean isResourceChecked(String action) {
    return !action.equals(SQS_GET_QUEUE_URL)
        && RESOURCE_CHECKED_SERVICES.stream().anyMatch(action::startsWith);
  }
}
