package dev.iceflow.contracts.iam;

import java.util.Locale;

/**
 * The template variables the generated policies name their resources with. Terraform builds the
 * same names from its resources (terraform/modules/lambda-service, local.policy_variables); the
 * local platform from what it provisioned. A logical name becomes lower snake case
 * (validation-ingest → queue_arn_validation_ingest).
 */
public final class PolicyVariables {

  public static final String PARTITION = "partition";
  public static final String REGION = "region";
  public static final String ACCOUNT_ID = "account_id";

  /** The dead-letter queue of the queue the function consumes. */
  public static final String DEAD_LETTER_QUEUE_ARN = "dead_letter_queue_arn";

  private static final String QUEUE_ARN = "queue_arn_";
  private static final String TOPIC_ARN = "topic_arn_";
  private static final String BUCKET_ARN = "bucket_arn_";
  private static final String LEDGER_ARN = "ledger_arn_";

  private PolicyVariables() {}

  public static String queueArn(String logical) {
    return QUEUE_ARN + snake(logical);
  }

  public static String topicArn(String logical) {
    return TOPIC_ARN + snake(logical);
  }

  public static String bucketArn(String logical) {
    return BUCKET_ARN + snake(logical);
  }

  public static String ledgerArn(String logical) {
    return LEDGER_ARN + snake(logical);
  }

  /** {@code variable} as a placeholder in a template: ${variable}. */
  public static String placeholder(String variable) {
    return "${" + variable + "}";
  }

  /** As Terraform spells it: replace(lower(name), "-", "_"). */
  static String snake(String logical) {
    return logical.toLowerCase(Locale.ROOT).replace('-', '_');
  }
}
