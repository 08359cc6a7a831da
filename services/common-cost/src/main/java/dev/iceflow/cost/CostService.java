package dev.iceflow.cost;

import com.fasterxml.jackson.annotation.JsonValue;

/** An AWS service the pipeline pays for; the wire names are cost.alert's estimatedUsd keys. */
public enum CostService {
  LAMBDA("lambda"),
  SNS("sns"),
  SQS("sqs"),
  S3("s3"),
  KMS("kms"),
  GLUE("glue"),
  DYNAMODB("dynamodb");

  private final String wireName;

  CostService(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }
}
