package dev.iceflow.cost;

import java.util.Optional;

/**
 * One thing the ledger counts, in its natural unit (requests, GB-seconds, bytes): what AWS bills
 * for, and the volume a per-GB price is per. The attribute is the ledger item's attribute name.
 */
public enum Meter {
  LAMBDA_GB_SECONDS("lambdaGbSeconds", CostService.LAMBDA),
  LAMBDA_REQUESTS("lambdaRequests", CostService.LAMBDA),
  SNS_REQUESTS("snsRequests", CostService.SNS),
  SQS_STANDARD_REQUESTS("sqsStandardRequests", CostService.SQS),
  SQS_FIFO_REQUESTS("sqsFifoRequests", CostService.SQS),
  S3_PUT_REQUESTS("s3PutRequests", CostService.S3),
  S3_GET_REQUESTS("s3GetRequests", CostService.S3),
  /** Storage accrued to the end of the period by what was written in it (see UsageModel). */
  S3_STORED_GB_MONTHS("s3StoredGbMonths", CostService.S3),
  KMS_REQUESTS("kmsRequests", CostService.KMS),
  GLUE_REQUESTS("glueRequests", CostService.GLUE),
  DYNAMODB_READ_UNITS("dynamodbReadUnits", CostService.DYNAMODB),
  DYNAMODB_WRITE_UNITS("dynamodbWriteUnits", CostService.DYNAMODB),
  /** Bytes of records received from upstream: not billed, the denominator of cost per GB. */
  INGESTED_BYTES("ingestedBytes", null),
  /** Records received from upstream. */
  INGESTED_RECORDS("ingestedRecords", null);

  private final String attribute;
  private final CostService service;

  Meter(String attribute, CostService service) {
    this.attribute = attribute;
    this.service = service;
  }

  public String attribute() {
    return attribute;
  }

  /** The service that bills for it; empty for a volume meter. */
  public Optional<CostService> service() {
    return Optional.ofNullable(service);
  }
}
