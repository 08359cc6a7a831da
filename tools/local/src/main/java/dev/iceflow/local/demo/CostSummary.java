package dev.iceflow.local.demo;

import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.prices.Price;
import dev.iceflow.contracts.prices.PriceIds;
import dev.iceflow.contracts.prices.PriceTable;
import dev.iceflow.cost.BudgetPeriod;
import dev.iceflow.cost.CostEstimate;
import dev.iceflow.cost.CostLedger;
import dev.iceflow.cost.DatasetSpend;
import dev.iceflow.cost.LambdaArchitecture;
import dev.iceflow.cost.Meter;
import dev.iceflow.cost.Pricing;
import dev.iceflow.cost.SpendAllocation;
import dev.iceflow.cost.Volume;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A dataset's month to date from cost-guard's ledger, read, shared out and priced as {@code bin/ops
 * cost report} does (every dataset of the contracts and the pipeline-wide usage, through {@link
 * SpendAllocation}; list prices, x86_64 as Terraform deploys), so the two agree; beside it the same
 * volume at Firehose's per-GB price for Iceberg delivery. The report adds the fixed costs and the
 * break-even table.
 *
 * @param share the dataset's fraction of the Lambda compute measured for the whole pipeline
 * @param ingestedGb the ledger's {@link Meter#INGESTED_BYTES} in GB
 */
record CostSummary(
    String dataset,
    BudgetPeriod period,
    String region,
    CostEstimate spend,
    BigDecimal share,
    BigDecimal ingestedGb,
    Price firehose) {

  /** The functions' CPU in Terraform, and bin/ops cost report's default. */
  static final LambdaArchitecture ARCHITECTURE = LambdaArchitecture.X86_64;

  /** Text figures as the report writes them: USD to four decimals, GB and per-GB to six. */
  private static final int USD_SCALE = 4;

  private static final int FINE_SCALE = 6;

  static CostSummary read(
      CostLedger ledger, Contracts contracts, PriceTable prices, String dataset, BudgetPeriod p) {
    List<String> datasets = contracts.datasets().keySet().stream().sorted().toList();
    DatasetSpend spend =
        new SpendAllocation(new Pricing(prices, ARCHITECTURE))
            .allocate(ledger, datasets, p)
            .datasets()
            .get(dataset);
    if (spend == null) {
      throw new IllegalArgumentException("no dataset " + dataset + " in the contracts");
    }
    BigDecimal gb = Volume.gigabytes(spend.own().get(Meter.INGESTED_BYTES));
    return new CostSummary(
        dataset,
        p,
        prices.region(),
        spend.estimate(),
        spend.share(),
        gb,
        prices.price(PriceIds.FIREHOSE_ICEBERG_INGESTION));
  }

  /** USD per GB ingested; null when nothing was ingested. */
  BigDecimal usdPerGb() {
    return Volume.perGb(spend.totalUsd(), ingestedGb);
  }

  BigDecimal firehoseUsd() {
    return firehose.usdFor(ingestedGb);
  }

  /** The summary; {@code reportCommand} is the line for the full report. */
  List<String> lines(String reportCommand) {
    String byService =
        spend.byService().entrySet().stream()
            .filter(e -> e.getValue().signum() > 0)
            .map(e -> e.getKey().wireName() + " " + usd(e.getValue()))
            .collect(Collectors.joining(", "));
    return List.of(
        "Cost of %s in %s from cost-guard's ledger (%s list prices, %s, free tier not deducted)"
            .formatted(dataset, period, region, ARCHITECTURE.name().toLowerCase()),
        "  spent this month    %s USD   (%s)".formatted(usd(spend.totalUsd()), byService),
        "                      with %s %% of the Lambda compute CloudWatch measured for the pipeline"
            .formatted(share.multiply(BigDecimal.valueOf(100)).setScale(1, RoundingMode.HALF_EVEN)),
        "  ingested            %s GB".formatted(fine(ingestedGb)),
        "  per GB ingested     "
            + (usdPerGb() == null ? "- (nothing ingested)" : fine(usdPerGb()) + " USD"),
        "  same volume through Firehose (Iceberg): %s USD at %s USD/GB (%s, as of %s)"
            .formatted(
                fine(firehoseUsd()),
                firehose.usd().toPlainString(),
                PriceIds.FIREHOSE_ICEBERG_INGESTION,
                firehose.asOf()),
        "  Demo volumes are tiny: these per-GB figures are dominated by per-request costs (Lambda"
            + " invocations, SNS, SQS and S3 requests), not by the volume.",
        "  Fixed monthly costs (interface endpoints, KMS keys) and the break-even table from 1 GB to"
            + " 10 TB a month:",
        "    " + reportCommand);
  }

  private static String usd(BigDecimal usd) {
    return usd.setScale(USD_SCALE, RoundingMode.HALF_EVEN).toPlainString();
  }

  private static String fine(BigDecimal value) {
    return value.setScale(FINE_SCALE, RoundingMode.HALF_EVEN).toPlainString();
  }
}
