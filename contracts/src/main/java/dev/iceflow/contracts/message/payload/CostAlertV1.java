package dev.iceflow.contracts.message.payload;

import dev.iceflow.contracts.message.MessageType;
import dev.iceflow.contracts.message.SchemaKey;
import java.math.BigDecimal;
import java.util.Map;

/** {@code cost.alert} v1: spend for a budget period crossed a threshold. Amounts in USD. */
public record CostAlertV1(
    String period,
    BigDecimal budgetUsd,
    BigDecimal spentUsd,
    BigDecimal forecastUsd,
    int thresholdPercent,
    Integer hardLimitPercent,
    String basis,
    String level,
    Breakdown breakdown,
    String action)
    implements Payload {

  public static final SchemaKey SCHEMA = new SchemaKey(MessageType.COST_ALERT, 1);

  @Override
  public SchemaKey schema() {
    return SCHEMA;
  }

  /** Usage behind the estimate, and the estimated cost per component. */
  public record Breakdown(
      BigDecimal lambdaGbSeconds,
      BigDecimal lambdaRequests,
      BigDecimal snsRequests,
      BigDecimal sqsRequests,
      BigDecimal s3PutRequests,
      BigDecimal s3GetRequests,
      BigDecimal storedBytes,
      BigDecimal glueRequests,
      BigDecimal kmsRequests,
      BigDecimal dynamodbRequests,
      BigDecimal ingestedBytes,
      Map<String, BigDecimal> estimatedUsd) {}
}
