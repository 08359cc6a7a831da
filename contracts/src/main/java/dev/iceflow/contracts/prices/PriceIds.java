package dev.iceflow.contracts.prices;

/** Ids of the prices every table carries (the {@code required} list of prices/schema.json). */
public final class PriceIds {

  public static final String LAMBDA_COMPUTE_X86 = "lambda.compute.x86";
  public static final String LAMBDA_COMPUTE_ARM64 = "lambda.compute.arm64";
  public static final String LAMBDA_REQUESTS = "lambda.requests";
  public static final String SNS_PUBLISH = "sns.publish";
  public static final String SNS_DELIVERY_SQS = "sns.delivery.sqs";
  public static final String SQS_REQUESTS_STANDARD = "sqs.requests.standard";
  public static final String SQS_REQUESTS_FIFO = "sqs.requests.fifo";
  public static final String S3_REQUESTS_WRITE = "s3.requests.write";
  public static final String S3_REQUESTS_READ = "s3.requests.read";
  public static final String S3_STORAGE_STANDARD = "s3.storage.standard";
  public static final String KMS_REQUESTS = "kms.requests";
  public static final String KMS_KEY = "kms.key";
  public static final String GLUE_CATALOG_REQUESTS = "glue.catalog.requests";
  public static final String GLUE_CATALOG_STORAGE = "glue.catalog.storage";
  public static final String DYNAMODB_ONDEMAND_READ = "dynamodb.ondemand.read";
  public static final String DYNAMODB_ONDEMAND_WRITE = "dynamodb.ondemand.write";
  public static final String LOGS_INGESTION = "logs.ingestion";
  public static final String TRANSFER_INTRA_REGION = "transfer.intra-region";
  public static final String VPC_INTERFACE_ENDPOINT_HOUR = "vpc.interface-endpoint.hour";
  public static final String VPC_INTERFACE_ENDPOINT_DATA = "vpc.interface-endpoint.data";
  public static final String VPC_GATEWAY_ENDPOINT = "vpc.gateway-endpoint";

  /** Amazon Data Firehose into Apache Iceberg tables: the managed alternative to compare with. */
  public static final String FIREHOSE_ICEBERG_INGESTION = "firehose.iceberg.ingestion";

  private PriceIds() {}
}
