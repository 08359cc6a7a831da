package dev.iceflow.ops.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iceflow.contracts.prices.Price;
import dev.iceflow.contracts.prices.PriceIds;
import dev.iceflow.contracts.prices.PriceTable;
import dev.iceflow.contracts.topology.Ledgers;
import dev.iceflow.cost.BudgetPeriod;
import dev.iceflow.cost.CostLedger;
import dev.iceflow.cost.Meter;
import dev.iceflow.cost.Usage;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.ops.OpsRun;
import dev.iceflow.testkit.junit.WithLocalAws;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code ops cost report} against the provisioned cost ledger on the embedded AWS: usage written
 * the way cost-guard writes it, figures worked out here from the price table's list prices.
 */
@WithLocalAws
class CostReportCommandIntegrationTest {

  /** A month no other test writes, reported on its 11th day: 10 of 31 days elapsed. */
  private static final BudgetPeriod PERIOD = BudgetPeriod.parse("2031-07");

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2031-07-11T00:00:00Z"), ZoneOffset.UTC);

  /** A month with pipeline-wide usage only: no dataset ingested anything to share it out by. */
  private static final BudgetPeriod UNEXPLAINED = BudgetPeriod.parse("2031-03");

  private static final double MONTH_OVER_ELAPSED = 31.0 / 10.0;
  private static final long GIB = 1L << 30;
  private static final double FLIGHTS_GB = 300;
  private static final double WEATHER_GB = 100;

  private static final ObjectMapper JSON = new ObjectMapper();

  private static String endpoint;
  private static String table;
  private static PriceTable prices;
  private static String contractsFolder;

  @BeforeAll
  static void writeUsage(LocalAws aws) {
    endpoint = aws.endpoint().toString();
    table = aws.provisioned().ledger(Ledgers.COST);
    prices = aws.contracts().prices("us-east-1");
    contractsFolder = aws.contracts().source().root().toString();
    DynamoDbClient dynamo = aws.clients().configure(DynamoDbClient.builder()).build();
    CostLedger ledger = new CostLedger(dynamo, table, CLOCK);

    ledger.countOnce(
        UUID.randomUUID().toString(),
        "flights",
        PERIOD,
        Usage.builder()
            .add(Meter.INGESTED_BYTES, 300 * GIB)
            .add(Meter.INGESTED_RECORDS, 3_000_000)
            .add(Meter.SNS_REQUESTS, 1_000)
            .add(Meter.SQS_STANDARD_REQUESTS, 3_000)
            .add(Meter.S3_PUT_REQUESTS, 200)
            .add(Meter.S3_GET_REQUESTS, 500)
            .add(Meter.GLUE_REQUESTS, 100)
            .build());
    ledger.countOnce(
        UUID.randomUUID().toString(),
        "seattle_weather",
        PERIOD,
        Usage.builder()
            .add(Meter.INGESTED_BYTES, 100 * GIB)
            .add(Meter.SNS_REQUESTS, 500)
            .add(Meter.S3_PUT_REQUESTS, 100)
            .build());
    ledger.addMeasured(
        ledger.metricsWatermark(),
        PERIOD.start().plusSeconds(600),
        Map.of(
            PERIOD,
            Usage.builder()
                .add(Meter.LAMBDA_GB_SECONDS, 400_000)
                .add(Meter.LAMBDA_REQUESTS, 20_000)
                .add(Meter.KMS_REQUESTS, 10_000)
                .build()));
    ledger.addMeasured(
        ledger.metricsWatermark(),
        UNEXPLAINED.start().plusSeconds(600),
        Map.of(UNEXPLAINED, Usage.builder().add(Meter.LAMBDA_GB_SECONDS, 1_000).build()));
  }

  @Test
  void usageNoDatasetsVolumeExplainsIsReportedAsUnattributed_andInNoBudget() throws Exception {
    OpsRun result = run("cost", "report", "--json", "--period", UNEXPLAINED.key());

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode report = JSON.readTree(result.out());
    double unattributed = 1_000 * per(PriceIds.LAMBDA_COMPUTE_X86);
    assertThat(report.get("pipeline").get("unattributedUsd").asDouble())
        .isCloseTo(unattributed, within(1e-6));
    assertThat(report.get("pipeline").get("variableUsd").asDouble())
        .isCloseTo(unattributed, within(1e-6));
    assertThat(dataset(report, "flights").get("costUsd").asDouble()).isZero();
    assertThat(dataset(report, "flights").get("budget").get("percentUsed").asDouble()).isZero();
    assertThat(report.get("noIngestedVolume").asBoolean()).isTrue();

    OpsRun text = run("cost", "report", "--period", UNEXPLAINED.key());
    assertThat(text.out()).contains("No ingested volume in 2031-03", "unattributed");
  }

  @Test
  void arm64FunctionsArePricedAtTheArmGbSecond_andAContractsFolderCanBeGiven() throws Exception {
    OpsRun result =
        run(
            "cost",
            "report",
            "--json",
            "--period",
            PERIOD.key(),
            "--architecture",
            "arm64",
            "--contracts",
            contractsFolder);

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode report = JSON.readTree(result.out());
    assertThat(report.get("architecture").asText()).isEqualTo("arm64");
    double lambda =
        400_000 * per(PriceIds.LAMBDA_COMPUTE_ARM64) + 20_000 * per(PriceIds.LAMBDA_REQUESTS);
    assertThat(dataset(report, "flights").get("costUsdByService").get("lambda").asDouble())
        .isCloseTo(0.75 * lambda, within(1e-6));
  }

  @Test
  void theJsonReportPricesEachDatasetsUsageAndItsShareOfThePipelineWideUsage() throws Exception {
    OpsRun result = run("cost", "report", "--json", "--period", PERIOD.key());

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode report = JSON.readTree(result.out());
    System.out.println(result.out());

    // the pipeline-wide usage, shared 3:1 by bytes ingested (300 GB and 100 GB)
    double lambda =
        400_000 * per(PriceIds.LAMBDA_COMPUTE_X86) + 20_000 * per(PriceIds.LAMBDA_REQUESTS);
    double kms = 10_000 * per(PriceIds.KMS_REQUESTS);
    double flights =
        0.75 * lambda
            + 0.75 * kms
            + 1_000 * per(PriceIds.SNS_PUBLISH)
            + 3_000 * per(PriceIds.SQS_REQUESTS_STANDARD)
            + 200 * per(PriceIds.S3_REQUESTS_WRITE)
            + 500 * per(PriceIds.S3_REQUESTS_READ)
            + 100 * per(PriceIds.GLUE_CATALOG_REQUESTS);
    double weather =
        0.25 * lambda
            + 0.25 * kms
            + 500 * per(PriceIds.SNS_PUBLISH)
            + 100 * per(PriceIds.S3_REQUESTS_WRITE);

    JsonNode flightsNode = dataset(report, "flights");
    assertThat(flightsNode.get("costUsdByService").get("lambda").asDouble())
        .isCloseTo(0.75 * lambda, within(1e-6));
    assertThat(flightsNode.get("costUsd").asDouble()).isCloseTo(flights, within(1e-6));
    assertThat(flightsNode.get("ingestedGb").asDouble()).isCloseTo(FLIGHTS_GB, within(1e-6));
    assertThat(flightsNode.get("usdPerGbIngested").asDouble())
        .isCloseTo(flights / FLIGHTS_GB, within(1e-6));
    assertThat(flightsNode.get("projectedUsd").asDouble())
        .isCloseTo(flights * MONTH_OVER_ELAPSED, within(1e-6));
    // flights.json: 25 USD a month, paused at 150 %
    JsonNode budget = flightsNode.get("budget");
    assertThat(budget.get("budgetUsd").asDouble()).isEqualTo(25.0);
    assertThat(budget.get("percentUsed").asDouble()).isCloseTo(flights / 25 * 100, within(1e-6));
    assertThat(budget.get("hardLimitPercent").asInt()).isEqualTo(150);
    assertThat(budget.get("hardLimitUsd").asDouble()).isEqualTo(37.5);

    JsonNode weatherNode = dataset(report, "seattle_weather");
    assertThat(weatherNode.get("costUsd").asDouble()).isCloseTo(weather, within(1e-6));
    assertThat(weatherNode.get("budget").isNull()).as("seattle_weather has no budget").isTrue();

    JsonNode pipeline = report.get("pipeline");
    double variable = flights + weather;
    double ingested = FLIGHTS_GB + WEATHER_GB;
    assertThat(pipeline.get("variableUsd").asDouble()).isCloseTo(variable, within(1e-6));
    assertThat(pipeline.get("unattributedUsd").asDouble()).isZero();
    assertThat(pipeline.get("ingestedGb").asDouble()).isCloseTo(ingested, within(1e-6));
    assertThat(pipeline.get("usdPerGbIngested").asDouble())
        .isCloseTo(variable / ingested, within(1e-6));

    // 5 interface endpoints (the APIs the functions call) x 3 AZs x 730 h, 2 gateway endpoints
    // (free), 2 KMS keys
    double fixed =
        5 * 3 * 730 * per(PriceIds.VPC_INTERFACE_ENDPOINT_HOUR) + 2 * per(PriceIds.KMS_KEY);
    assertThat(report.get("fixedMonthly").get("totalUsd").asDouble())
        .isCloseTo(fixed, within(1e-6));

    double firehosePerGb = per(PriceIds.FIREHOSE_ICEBERG_INGESTION);
    JsonNode firehose = report.get("firehose");
    Price firehosePrice = prices.price(PriceIds.FIREHOSE_ICEBERG_INGESTION);
    assertThat(firehose.get("source").asText()).isEqualTo(firehosePrice.source().toString());
    assertThat(firehose.get("asOf").asText()).isEqualTo(firehosePrice.asOf().toString());
    assertThat(firehose.get("sameVolumeUsd").asDouble())
        .isCloseTo(ingested * firehosePerGb, within(1e-6));

    JsonNode breakEven = report.get("breakEven");
    assertThat(breakEven.get("variableBasis").asText()).isEqualTo("measured");
    // the comparison leaves out what a Firehose user pays too: the catalog's requests (and storage)
    double perGb = (variable - 100 * per(PriceIds.GLUE_CATALOG_REQUESTS)) / ingested;
    double[] volumes = {1, 10, 100, 1024, 10240};
    List<String> cheaper = new ArrayList<>();
    for (int i = 0; i < volumes.length; i++) {
      JsonNode row = breakEven.get("rows").get(i);
      double ours = fixed + perGb * volumes[i];
      double theirs = firehosePerGb * volumes[i];
      assertThat(row.get("iceflowUsd").asDouble()).isCloseTo(ours, within(1e-6));
      assertThat(row.get("firehoseUsd").asDouble()).isCloseTo(theirs, within(1e-6));
      assertThat(row.get("differenceUsd").asDouble())
          .isCloseTo(Math.abs(ours - theirs), within(1e-6));
      cheaper.add(row.get("cheaper").asText());
    }
    // with these prices a GB costs us less than on Firehose, so the fixed part is paid back
    assertThat(perGb).isLessThan(firehosePerGb);
    assertThat(cheaper).containsExactly("firehose", "firehose", "firehose", "firehose", "iceflow");
    assertThat(breakEven.get("breakEvenGb").asDouble())
        .isCloseTo(fixed / (firehosePerGb - perGb), within(1e-3));
  }

  @Test
  void theTextReportSaysWhatEachSectionCounts() {
    OpsRun result = run("cost", "report", "--period", PERIOD.key());

    assertThat(result.exitCode()).as(result.err()).isZero();
    System.out.println(result.out());
    Price firehose = prices.price(PriceIds.FIREHOSE_ICEBERG_INGESTION);
    assertThat(result.out())
        .contains("flights", "seattle_weather", "unattributed", "interface-endpoints", "kms-keys")
        .contains(firehose.source().toString(), firehose.asOf().toString(), firehose.note())
        .contains("Excluded from both sides", "S3 storage", "Glue Data Catalog")
        .contains("free tier is not deducted")
        .contains("10 TB");
  }

  @Test
  void aPeriodWithoutVolumePrintsTheFixedCostsOnly_orTheBreakEvenAtAnAssumedCostPerGb()
      throws Exception {
    String empty = "2031-01";
    OpsRun text = run("cost", "report", "--period", empty);
    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out())
        .contains("No ingested volume in 2031-01", "interface-endpoints", "kms-keys")
        .doesNotContain("10 TB", "seattle_weather");

    JsonNode report = JSON.readTree(run("cost", "report", "--json", "--period", empty).out());
    assertThat(report.get("noIngestedVolume").asBoolean()).isTrue();
    assertThat(report.get("breakEven").isNull()).isTrue();
    assertThat(report.get("fixedMonthly").get("totalUsd").asDouble()).isPositive();

    JsonNode assumed =
        JSON.readTree(
                run("cost", "report", "--json", "--period", empty, "--usd-per-gb", "0.02").out())
            .get("breakEven");
    assertThat(assumed.get("variableBasis").asText()).isEqualTo("assumed");
    double fixed = report.get("fixedMonthly").get("totalUsd").asDouble();
    assertThat(assumed.get("rows").get(4).get("iceflowUsd").asDouble())
        .isCloseTo(fixed + 0.02 * 10240, within(1e-6));
  }

  @Test
  void theDeploymentPrefixNamesTheLedgerAsTheProvisionerDoes() throws Exception {
    assertThat(table).isEqualTo(LocalAws.LOCAL_PREFIX + "-" + Ledgers.COST);
    OpsRun result =
        runWithout(
            "--ledger-table",
            "cost",
            "report",
            "--json",
            "--period",
            PERIOD.key(),
            "--prefix",
            LocalAws.LOCAL_PREFIX);

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(JSON.readTree(result.out()).get("pipeline").get("ingestedGb").asDouble())
        .isCloseTo(FLIGHTS_GB + WEATHER_GB, within(1e-6));
  }

  @Test
  void badArgumentsPrintTheUsageAndExit2() {
    List<List<String>> bad =
        List.of(
            List.of("cost", "report", "--period", "2031-13", "--ledger-table", table),
            List.of("cost", "report", "--period", "2031-07"),
            List.of("cost", "report", "--ledger-table", table, "--prefix", "iceflow-dev"),
            List.of("cost", "report", "--ledger-table", table, "--architecture", "sparc"),
            List.of("cost", "report", "--ledger-table", table, "--azs", "0"),
            List.of("cost", "report", "--ledger-table", table, "--period", "2031-08"),
            List.of("cost", "report", "--prefix", "Not_A_Prefix"),
            List.of("cost", "report", "--ledger-table", table, "--region", "xx-nowhere-1"),
            List.of("cost", "report", "--ledger-table", table, "--no-such-option"),
            List.of("cost", "report", "--ledger-table", table, "--contracts", "/"),
            List.of("cost", "report", "--ledger-table", table, "--usd-per-gb", "-1"),
            List.of("cost"),
            List.of());
    for (List<String> args : bad) {
      OpsRun result = OpsRun.execute(CLOCK, args.toArray(String[]::new));
      assertThat(result.exitCode()).as("%s: %s", args, result.err()).isEqualTo(2);
      assertThat(result.err()).as("%s", args).contains("Usage: ops");
      assertThat(result.out()).as("%s", args).isEmpty();
    }
  }

  @Test
  void everyCommandHasHelp() {
    for (String[] args :
        new String[][] {{"--help"}, {"cost", "--help"}, {"cost", "report", "--help"}}) {
      OpsRun result = OpsRun.execute(CLOCK, args);
      assertThat(result.exitCode()).isZero();
      assertThat(result.out()).contains("Usage: ops");
    }
    assertThat(OpsRun.execute(CLOCK, "cost", "report", "--help").out())
        .contains("--json fields", "breakEvenGb", "usdPerGbIngested", "budget, % used")
        .doesNotContain("%%", "%n");
  }

  @Test
  void anAwsErrorIsOneLineOnStderr_andExit1() {
    OpsRun result =
        OpsRun.execute(
            CLOCK,
            "cost",
            "report",
            "--endpoint-url",
            endpoint,
            "--ledger-table",
            "iceflow-local-no-such-table");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err().strip())
        .startsWith("ops: cannot read the cost ledger iceflow-local-no-such-table in us-east-1: ")
        .doesNotContain("\n");
    assertThat(result.out()).isEmpty();
  }

  private static double per(String priceId) {
    Price price = prices.price(priceId);
    return price.usd().doubleValue() / price.unit().quantity().doubleValue();
  }

  private static JsonNode dataset(JsonNode report, String name) {
    for (JsonNode dataset : report.get("datasets")) {
      if (dataset.get("dataset").asText().equals(name)) {
        return dataset;
      }
    }
    throw new AssertionError("no dataset " + name + " in " + report);
  }

  /** Runs against the embedded AWS's cost ledger. */
  private static OpsRun run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--endpoint-url", endpoint, "--ledger-table", table));
    return OpsRun.execute(CLOCK, all.toArray(String[]::new));
  }

  /** Runs against the embedded AWS, naming the ledger some other way than --ledger-table. */
  private static OpsRun runWithout(String ledgerTableOption, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--endpoint-url", endpoint));
    assertThat(all).doesNotContain(ledgerTableOption);
    return OpsRun.execute(CLOCK, all.toArray(String[]::new));
  }
}
