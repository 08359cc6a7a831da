package dev.iceflow.ops.cost;

import dev.iceflow.contracts.ContractException;
import dev.iceflow.contracts.ContractSource;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.UnknownContractException;
import dev.iceflow.contracts.prices.PriceTable;
import dev.iceflow.contracts.topology.Ledgers;
import dev.iceflow.cost.BudgetPeriod;
import dev.iceflow.cost.CostLedger;
import dev.iceflow.cost.LambdaArchitecture;
import dev.iceflow.ops.OpsFailure;
import dev.iceflow.ops.aws.AwsTarget;
import dev.iceflow.ops.aws.LedgerTable;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@code ops cost report}: a period's cost per dataset and for the pipeline, against Firehose. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "A period's cost from cost-guard's ledger, at list price (the free tier is not deducted):",
      "  1. per dataset: cost month to date by service, total, GB ingested, cost per GB, projected"
          + " for the month at the month-to-date rate, budget, %% used and hard limit;",
      "  2. the pipeline's variable total, the cost of usage no dataset's volume explains, and the"
          + " fixed monthly costs (interface endpoints x AZs x 730 h, KMS keys);",
      "  3. the same volume at Amazon Data Firehose's per-GB price for Iceberg delivery;",
      "  4. a break-even table from 1 GB to 10 TB a month (S3 table storage and the Glue catalog,"
          + " paid either way, are on neither side).",
      "Datasets are those of the contracts; usage of a dataset no longer in them is not read."
    },
    footer = {
      "",
      "--json fields (figures: numbers with six decimals; null where none exists):",
      "  period, generatedAt, region, architecture, freeTier",
      "  datasets[]: dataset, costUsd, costUsdByService{lambda, sns, sqs, s3, kms,",
      "    glue, dynamodb}, ingestedGb, usdPerGbIngested, projectedUsd, budget",
      "    {budgetUsd, percentUsed, hardLimitPercent, hardLimitUsd} (null: none)",
      "  pipeline: variableUsd, variableUsdByService{..}, unattributedUsd,",
      "    unattributedUsdByService{..}, ingestedGb, usdPerGbIngested,",
      "    projectedVariableUsd",
      "  fixedMonthly: totalUsd, hoursPerMonth, footprintNote,",
      "    lines[]{item, description, quantity, priceId, unitUsd, usd}",
      "  firehose: priceId, usdPerGb, source, asOf, note, ingestedGb, sameVolumeUsd",
      "  noIngestedVolume",
      "  breakEven (null: no volume and no --usd-per-gb): variableBasis",
      "    (measured|assumed), fixedMonthlyUsd, variableUsdPerGb, firehoseUsdPerGb,",
      "    breakEvenGb (null: iceflow is cheaper at no volume), rows[]{volume, gb,",
      "    iceflowUsd, firehoseUsd, cheaper (iceflow|firehose|equal), differenceUsd}",
      "  excludedFromBoth[]",
      "1 GB = 2^30 bytes; 1 TB = 1024 GB."
    })
public final class CostReportCommand implements Callable<Integer> {

  public static final int DEFAULT_AZS = 3;

  @Option(
      names = "--period",
      paramLabel = "YYYY-MM",
      converter = PeriodConverter.class,
      description = "The month (UTC) to report (default: the current one).")
  BudgetPeriod period;

  @Option(
      names = "--json",
      description = "Print one JSON document (fields below) instead of tables.")
  boolean json;

  @Mixin AwsTarget aws;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  LedgerTable ledgerTable;

  @Option(
      names = "--contracts",
      paramLabel = "DIR",
      description =
          "Contracts folder to read datasets, budgets and prices from (default: the packaged ones).")
  Path contractsFolder;

  @Option(
      names = "--azs",
      paramLabel = "N",
      defaultValue = "" + DEFAULT_AZS,
      description =
          "AZs the interface endpoints are placed (and billed) in (default: ${DEFAULT-VALUE}).")
  int azs;

  @Option(
      names = "--architecture",
      paramLabel = "x86_64|arm64",
      defaultValue = "x86_64",
      converter = ArchitectureConverter.class,
      description =
          "The functions' CPU, which sets the GB-second price (default: ${DEFAULT-VALUE}, Terraform's).")
  LambdaArchitecture architecture;

  @Option(
      names = "--usd-per-gb",
      paramLabel = "USD",
      description =
          "Price the break-even with this variable cost per GB instead of the one measured in the period.")
  BigDecimal assumedUsdPerGb;

  @Spec CommandSpec spec;

  private final Clock clock;

  public CostReportCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() {
    BudgetPeriod reported = checkedPeriod();
    checkFigures();
    String table = tableName();
    Contracts contracts = contracts();
    PriceTable prices = prices(contracts);
    try (DynamoDbClient dynamo = aws.configure(DynamoDbClient.builder()).build()) {
      CostReport report =
          new CostReportBuilder(
                  new CostLedger(dynamo, table, clock), contracts, prices, architecture, azs, clock)
              .build(reported, Optional.ofNullable(assumedUsdPerGb));
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        new JsonReportRenderer().render(report, out);
      } else {
        new TextReportRenderer().render(report, out);
      }
      return 0;
    } catch (SdkException e) {
      throw new OpsFailure(
          "cannot read the cost ledger %s in %s".formatted(table, aws.region()), e);
    }
  }

  private BudgetPeriod checkedPeriod() {
    BudgetPeriod current = BudgetPeriod.containing(clock.instant());
    if (period == null) {
      return current;
    }
    if (period.month().isAfter(current.month())) {
      throw usage("--period %s has not begun (the current month is %s)".formatted(period, current));
    }
    return period;
  }

  private void checkFigures() {
    if (azs < 1) {
      throw usage("--azs must be at least 1, not " + azs);
    }
    if (assumedUsdPerGb != null && assumedUsdPerGb.signum() < 0) {
      throw usage("--usd-per-gb cannot be negative: " + assumedUsdPerGb.toPlainString());
    }
  }

  private String tableName() {
    try {
      if (ledgerTable != null) {
        return ledgerTable.name(Ledgers.COST);
      }
      String prefix = System.getenv(LedgerTable.PREFIX_VARIABLE);
      if (prefix == null) {
        throw usage(
            "Missing required argument (specify one of these): (--ledger-table=NAME |"
                + " --prefix=PREFIX), or set "
                + LedgerTable.PREFIX_VARIABLE);
      }
      return LedgerTable.ofPrefix(prefix, Ledgers.COST);
    } catch (IllegalArgumentException e) {
      throw usage("--prefix: " + e.getMessage());
    }
  }

  private Contracts contracts() {
    if (contractsFolder == null) {
      return Contracts.packaged();
    }
    try {
      return Contracts.from(ContractSource.directory(contractsFolder));
    } catch (IllegalArgumentException e) {
      throw usage("--contracts: " + e.getMessage());
    } catch (ContractException e) {
      throw new OpsFailure("the contracts in " + contractsFolder + " are not usable", e);
    }
  }

  private PriceTable prices(Contracts contracts) {
    try {
      return contracts.prices(aws.region());
    } catch (UnknownContractException e) {
      throw usage("--region: " + e.getMessage());
    } catch (ContractException e) {
      throw new OpsFailure("the price table of " + aws.region() + " is not usable", e);
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /** {@code YYYY-MM}. */
  static final class PeriodConverter implements ITypeConverter<BudgetPeriod> {
    @Override
    public BudgetPeriod convert(String value) {
      try {
        return new BudgetPeriod(YearMonth.parse(value));
      } catch (DateTimeParseException e) {
        throw new TypeConversionException("'%s' is not a month as YYYY-MM".formatted(value));
      }
    }
  }

  /** Terraform's runtime.architecture values. */
  static final class ArchitectureConverter implements ITypeConverter<LambdaArchitecture> {
    @Override
    public LambdaArchitecture convert(String value) {
      return switch (value) {
        case "x86_64" -> LambdaArchitecture.X86_64;
        case "arm64" -> LambdaArchitecture.ARM64;
        default ->
            throw new TypeConversionException("'%s' is not x86_64 or arm64".formatted(value));
      };
    }
  }
}
