package dev.iceflow.local.provision;

import dev.iceflow.contracts.topology.LedgerSpec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.SSEType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Creates a ledger's DynamoDB table as Terraform does: on-demand, one string partition key,
 * KMS-encrypted with the pipeline's key, TTL on the ledger's attribute, point-in-time recovery.
 * Idempotent: an existing table is left as it is.
 */
final class LedgerProvisioning {

  private final DynamoDbClient dynamo;

  LedgerProvisioning(DynamoDbClient dynamo) {
    this.dynamo = dynamo;
  }

  void ensureTable(String name, LedgerSpec ledger, String kmsKeyArn) {
    if (exists(name)) {
      return;
    }
    dynamo.createTable(
        r ->
            r.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                    AttributeDefinition.builder()
                        .attributeName(ledger.partitionKey())
                        .attributeType(ScalarAttributeType.S)
                        .build())
                .keySchema(
                    KeySchemaElement.builder()
                        .attributeName(ledger.partitionKey())
                        .keyType(KeyType.HASH)
                        .build())
                .sseSpecification(
                    s -> s.enabled(true).sseType(SSEType.KMS).kmsMasterKeyId(kmsKeyArn)));
    dynamo.waiter().waitUntilTableExists(r -> r.tableName(name));
    dynamo.updateTimeToLive(
        r ->
            r.tableName(name)
                .timeToLiveSpecification(
                    t -> t.enabled(true).attributeName(ledger.ttlAttribute())));
    if (ledger.pointInTimeRecovery()) {
      dynamo.updateContinuousBackups(
          r ->
              r.tableName(name)
                  .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
    }
  }

  private boolean exists(String name) {
    try {
      dynamo.describeTable(r -> r.tableName(name));
      return true;
    } catch (ResourceNotFoundException e) {
      return false;
    }
  }
}
