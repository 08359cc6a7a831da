package dev.iceflow.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iceflow.contracts.prices.Price;
import dev.iceflow.contracts.prices.PriceIds;
import dev.iceflow.contracts.prices.PriceUnit;
import dev.iceflow.cost.BudgetPeriod;
import dev.iceflow.cost.CostEstimate;
import dev.iceflow.cost.CostService;
import java.math.BigDecimal;
import java.net.URI;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostSummaryTest {

  private static final Price FIREHOSE =
      new Price(
          new BigDecimal("0.075"),
          PriceUnit.GB,
          null,
          URI.create("https://aws.amazon.com/firehose/pricing/"),
          LocalDate.of(2025, 4, 1),
          null);

  @Test
  void shouldPriceTheVolumeAtItsCostAndAtFirehose_andPointToTheFullReport() {
    CostSummary summary =
        new CostSummary(
            "flights",
            new BudgetPeriod(YearMonth.of(2026, 11)),
            "us-east-1",
            new CostEstimate(
                Map.of(
                    CostService.LAMBDA, new BigDecimal("0.0300"),
                    CostService.SQS, new BigDecimal("0.0100"))),
            BigDecimal.ONE,
            new BigDecimal("0.002"),
            FIREHOSE);

    assertThat(summary.usdPerGb()).isEqualByComparingTo("20");
    assertThat(summary.firehoseUsd()).isEqualByComparingTo("0.00015");
    List<String> lines = summary.lines("bin/ops cost report --ledger-table iceflow-local-cost");
    assertThat(lines)
        .anySatisfy(l -> assertThat(l).contains("0.0400 USD").contains("lambda 0.0300, sqs 0.0100"))
        .anySatisfy(l -> assertThat(l).contains("per GB ingested").contains("20.000000 USD"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("0.000150 USD at 0.075 USD/GB")
                    .contains(PriceIds.FIREHOSE_ICEBERG_INGESTION + ", as of 2025-04-01"))
        .anySatisfy(l -> assertThat(l).contains("dominated by per-request costs"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .isEqualTo("    bin/ops cost report --ledger-table iceflow-local-cost"));
  }

  @Test
  void shouldShowNoCostPerGb_whenNothingWasIngested() {
    CostSummary summary =
        new CostSummary(
            "flights",
            new BudgetPeriod(YearMonth.of(2026, 11)),
            "us-east-1",
            CostEstimate.NONE,
            BigDecimal.ZERO,
            BigDecimal.ZERO,
            FIREHOSE);

    assertThat(summary.usdPerGb()).isNull();
    assertThat(summary.lines("report"))
        .anySatisfy(l -> assertThat(l).endsWith("per GB ingested     - (nothing ingested)"));
  }
}
