package dev.iceflow.contracts.iam;

import static dev.iceflow.contracts.iam.PolicyVariables.placeholder;

import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.topology.FunctionSpec;
import dev.iceflow.contracts.topology.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Each function's least-privilege IAM policy, derived from its topology entry: the one source of
 * what a function may touch. Terraform attaches the generated documents
 * (terraform/modules/lambda-service/policies, refreshed by bin/generate-policies) to the function
 * roles; the local platform gives each function process credentials that carry exactly the same
 * document, and the emulator enforces it. What depends on the account rather than the topology (KMS
 * keys, logs, the VPC, X-Ray, pausing other functions' event source mappings) stays in Terraform.
 */
public final class FunctionPolicies {

  /** The bucket Iceberg tables live in; a function that writes it is a table stage. */
  public static final String WAREHOUSE_BUCKET = "warehouse";

  private static final String GLUE_ARN =
      "arn:%s:glue:%s:%s:"
          .formatted(
              placeholder(PolicyVariables.PARTITION),
              placeholder(PolicyVariables.REGION),
              placeholder(PolicyVariables.ACCOUNT_ID));

  private final Topology topology;
  private final SortedSet<String> namespaces;

  private FunctionPolicies(Topology topology, SortedSet<String> namespaces) {
    this.topology = topology;
    this.namespaces = namespaces;
  }

  /** Policies for the topology and the Iceberg namespaces of the data contracts. */
  public static FunctionPolicies of(Contracts contracts) {
    SortedSet<String> namespaces = new TreeSet<>();
    contracts.datasets().values().forEach(d -> namespaces.add(d.table().namespace()));
    return new FunctionPolicies(contracts.topology(), namespaces);
  }

  public Topology topology() {
    return topology;
  }

  /** The policy of the function named {@code name} in the topology. */
  public PolicyDocument of(String name) {
    return of(
        topology
            .function(name)
            .orElseThrow(() -> new IllegalArgumentException("no function '" + name + "'")));
  }

  public PolicyDocument of(FunctionSpec function) {
    List<PolicyStatement> statements = new ArrayList<>();
    String ownQueue = queue(function.consumes().queue());
    String deadLetterQueue = placeholder(PolicyVariables.DEAD_LETTER_QUEUE_ARN);
    statements.add(
        PolicyStatement.allow(
            "ConsumeOwnQueue",
            List.of(
                "sqs:ReceiveMessage",
                "sqs:DeleteMessage",
                "sqs:GetQueueAttributes",
                "sqs:ChangeMessageVisibility"),
            List.of(ownQueue)));
    // A message that can never succeed is parked in the DLQ at once (common DeadLetterParking): it
    // looks its own queue up by name, reads the RedrivePolicy (GetQueueAttributes, above), looks
    // the DLQ up by name and sends there; both lookups are authorized on the queue they name.
    statements.add(
        PolicyStatement.allow(
            "FindOwnDeadLetterQueue",
            List.of("sqs:GetQueueUrl"),
            List.of(ownQueue, deadLetterQueue)));
    statements.add(
        PolicyStatement.allow(
            "ParkInOwnDeadLetterQueue", List.of("sqs:SendMessage"), List.of(deadLetterQueue)));
    if (!function.publishesTo().isEmpty()) {
      statements.add(
          PolicyStatement.allow(
              "PublishOwnTopics",
              List.of("sns:Publish"),
              function.publishesTo().stream().map(FunctionPolicies::topic).toList()));
    }
    if (!function.sendsToQueues().isEmpty()) {
      statements.add(
          PolicyStatement.allow(
              "SendOwnQueues",
              List.of("sqs:SendMessage"),
              function.sendsToQueues().stream().map(FunctionPolicies::queue).toList()));
    }
    if (!function.readsBuckets().isEmpty()) {
      // Iceberg's loadTable and every HeadObject of a missing key need ListBucket too: without it
      // S3 answers a missing key with 403 instead of 404.
      statements.add(
          PolicyStatement.allow(
              "ReadOwnBuckets",
              List.of("s3:GetObject", "s3:GetObjectVersion"),
              function.readsBuckets().stream().map(b -> bucket(b) + "/*").toList()));
      statements.add(
          PolicyStatement.allow(
              "ListOwnBuckets",
              List.of("s3:ListBucket"),
              function.readsBuckets().stream().map(FunctionPolicies::bucket).toList()));
    }
    if (!function.writesBuckets().isEmpty()) {
      statements.add(
          PolicyStatement.allow(
              "WriteOwnPrefixes",
              List.of("s3:PutObject", "s3:AbortMultipartUpload"),
              function.writesBuckets().stream()
                  .map(b -> bucket(b) + "/" + function.writePrefix(b) + "*")
                  .toList()));
    }
    if (!function.writesLedgers().isEmpty()) {
      // Every ledger call (common-iceberg BatchLedger, common-cost CostLedger): GetItem with
      // ConsistentRead, conditional PutItem and UpdateItem, BatchGetItem of a snapshot's entries;
      // TransactWriteItems is authorized item by item as PutItem or UpdateItem. TTL removes old
      // items, so no DeleteItem, Query or Scan.
      statements.add(
          PolicyStatement.allow(
              "WriteOwnLedgers",
              List.of(
                  "dynamodb:GetItem",
                  "dynamodb:BatchGetItem",
                  "dynamodb:PutItem",
                  "dynamodb:UpdateItem"),
              function.writesLedgers().stream().map(FunctionPolicies::ledger).toList()));
    }
    if (function.writesBuckets().contains(WAREHOUSE_BUCKET)) {
      statements.addAll(tableStage());
    }
    if (function.isMetricsReader()) {
      // GetMetricData has no resource types.
      statements.add(
          PolicyStatement.allow(
              "ReadMetrics",
              List.of("cloudwatch:GetMetricData"),
              List.of(PolicyStatement.ANY_RESOURCE)));
    }
    return PolicyDocument.of(statements);
  }

  /**
   * A table stage deletes files inside the table locations (Iceberg cleans up after a commit that
   * failed for sure; compaction expires snapshots and removes orphans) and reads and commits the
   * tables through AWS Glue's Iceberg REST endpoint, whose namespaces are Glue databases (the
   * contracts' namespaces). Each REST operation is authorized as the Glue action AWS lists for it
   * (https://docs.aws.amazon.com/glue/latest/dg/iceberg-rest-apis.html): GetConfig as
   * glue:GetCatalog, LoadNamespaceMetadata (the table location) as glue:GetDatabase, LoadTable and
   * TableExists as glue:GetTable, ListTables as glue:GetTables, CreateTable as glue:CreateTable and
   * UpdateTable (a commit) as glue:UpdateTable.
   */
  private List<PolicyStatement> tableStage() {
    String warehouse = bucket(WAREHOUSE_BUCKET);
    return List.of(
        // The whole warehouse, which holds nothing but tables: Glue puts a table under
        // <namespace>.db/, the local JDBC catalog under <namespace>/, and one policy serves both.
        PolicyStatement.allow(
            "IcebergDeletesTableFiles", List.of("s3:DeleteObject"), List.of(warehouse + "/*")),
        PolicyStatement.allow(
            "IcebergGlueCatalog",
            List.of(
                "glue:GetCatalog",
                "glue:GetDatabase",
                "glue:GetTable",
                "glue:GetTables",
                "glue:CreateTable",
                "glue:UpdateTable"),
            Stream.concat(
                    Stream.of(GLUE_ARN + "catalog"),
                    namespaces.stream()
                        .flatMap(
                            ns ->
                                Stream.of(
                                    GLUE_ARN + "database/" + ns, GLUE_ARN + "table/" + ns + "/*")))
                .toList()));
  }

  private static String queue(String logical) {
    return placeholder(PolicyVariables.queueArn(logical));
  }

  private static String topic(String logical) {
    return placeholder(PolicyVariables.topicArn(logical));
  }

  private static String bucket(String logical) {
    return placeholder(PolicyVariables.bucketArn(logical));
  }

  private static String ledger(String logical) {
    return placeholder(PolicyVariables.ledgerArn(logical));
  }
}
