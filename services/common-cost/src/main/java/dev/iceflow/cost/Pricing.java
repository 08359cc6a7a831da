package dev.iceflow.cost;

import dev.iceflow.contracts.prices.PriceIds;
import dev.iceflow.contracts.prices.PriceTable;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Map;

/**
 * Prices usage with a region's price table. List prices, free tier not deducted: the free tier is
 * the account's, shared by everything in it, so no dataset's share of it is known; a per-dataset
 * figure at list price is the one that holds when the account grows.
 */
public final class Pricing {

  private final PriceTable table;
  private final Map<Meter, String> priceIds;

  public Pricing(PriceTable table, LambdaArchitecture architecture) {
    this.table = table;
    this.priceIds = priceIds(architecture);
  }

  public PriceTable table() {
    return table;
  }

  public CostEstimate estimate(Usage usage) {
    EnumMap<CostService, BigDecimal> byService = new EnumMap<>(CostService.class);
    usage
        .amounts()
        .forEach(
            (meter, amount) ->
                meter
                    .service()
                    .ifPresent(
                        service ->
                            byService.merge(
                                service,
                                table.price(priceIds.get(meter)).usdFor(amount),
                                BigDecimal::add)));
    return new CostEstimate(byService);
  }

  private static Map<Meter, String> priceIds(LambdaArchitecture architecture) {
    EnumMap<Meter, String> ids = new EnumMap<>(Meter.class);
    ids.put(Meter.LAMBDA_GB_SECONDS, architecture.computePriceId());
    ids.put(Meter.LAMBDA_REQUESTS, PriceIds.LAMBDA_REQUESTS);
    ids.put(Meter.SNS_REQUESTS, PriceIds.SNS_PUBLISH);
    ids.put(Meter.SQS_STANDARD_REQUESTS, PriceIds.SQS_REQUESTS_STANDARD);
    ids.put(Meter.SQS_FIFO_REQUESTS, PriceIds.SQS_REQUESTS_FIFO);
    ids.put(Meter.S3_PUT_REQUESTS, PriceIds.S3_REQUESTS_WRITE);
    ids.put(Meter.S3_GET_REQUESTS, PriceIds.S3_REQUESTS_READ);
    ids.put(Meter.S3_STORED_GB_MONTHS, PriceIds.S3_STORAGE_STANDARD);
    ids.put(Meter.KMS_REQUESTS, PriceIds.KMS_REQUESTS);
    ids.put(Meter.GLUE_REQUESTS, PriceIds.GLUE_CATALOG_REQUESTS);
    ids.put(Meter.DYNAMODB_READ_UNITS, PriceIds.DYNAMODB_ONDEMAND_READ);
    ids.put(Meter.DYNAMODB_WRITE_UNITS, PriceIds.DYNAMODB_ONDEMAND_WRITE);
    for (Meter meter : Meter.values()) {
      if (meter.service().isPresent() && !ids.containsKey(meter)) {
        throw new IllegalStateException("no price for meter " + meter);
      }
    }
    return ids;
  }
}
