package dev.iceflow.ops.cost;

import dev.iceflow.contracts.prices.Price;
import dev.iceflow.cost.CostEstimate;
import dev.iceflow.cost.CostService;
import dev.iceflow.ops.cost.CostReport.BudgetUse;
import dev.iceflow.ops.cost.CostReport.DatasetCost;
import dev.iceflow.ops.cost.CostReport.PipelineCost;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code ops cost report} for a terminal: aligned tables, each section saying what it counts. */
public final class TextReportRenderer {

  private static final String INDENT = "  ";

  public void render(CostReport report, PrintWriter out) {
    header(report, out);
    boolean noVolume = report.pipeline().ingestedGb().signum() == 0;
    if (noVolume) {
      out.println();
      out.printf(
          "No ingested volume in %s: no cost per GB can be measured, so the fixed costs are what"
              + " this report can state.%n",
          report.period());
    }
    if (!noVolume || report.pipeline().variable().totalUsd().signum() > 0) {
      datasets(report, out);
      pipeline(report.pipeline(), out);
    }
    fixedMonthly(report, out);
    firehose(report, out);
    breakEven(report, out);
    out.flush();
  }

  private static void header(CostReport report, PrintWriter out) {
    out.printf(
        "Cost report %s (%s, Lambda on %s), month to date at %s%n",
        report.period(),
        report.region(),
        report.architecture().name().toLowerCase(Locale.ROOT),
        report.generatedAt());
    out.println("All figures in USD at list price; the free tier is not deducted.");
  }

  private static void datasets(CostReport report, PrintWriter out) {
    out.println();
    out.println(
        "Per dataset, month to date (own usage plus its share of the pipeline-wide usage, by volume ingested):");
    List<String> header = new ArrayList<>(List.of("dataset"));
    for (CostService service : CostService.values()) {
      header.add(service.wireName());
    }
    header.addAll(
        List.of("total", "ingested GB", "USD/GB", "projected", "budget", "used", "hard limit"));
    TextTable table = new TextTable(header.toArray(String[]::new));
    for (DatasetCost dataset : report.datasets()) {
      List<String> row = new ArrayList<>(List.of(dataset.dataset()));
      row.addAll(byService(dataset.cost()));
      row.add(Figures.usd(dataset.cost().totalUsd()));
      row.add(Figures.fine(dataset.ingestedGb()));
      row.add(Figures.fine(dataset.usdPerGb()));
      row.add(Figures.usd(dataset.projectedUsd()));
      BudgetUse budget = dataset.budget().orElse(null);
      row.add(budget == null ? "none" : Figures.usd(budget.budgetUsd()));
      row.add(budget == null ? Figures.NONE : Figures.percent(budget.percentUsed()));
      row.add(hardLimit(budget));
      table.row(row);
    }
    table.print(out, INDENT);
  }

  private static String hardLimit(BudgetUse budget) {
    if (budget == null) {
      return Figures.NONE;
    }
    if (budget.hardLimitPercent() == null) {
      return "never paused";
    }
    return "%s (%d %%)".formatted(Figures.usd(budget.hardLimitUsd()), budget.hardLimitPercent());
  }

  private static List<String> byService(CostEstimate cost) {
    List<String> cells = new ArrayList<>();
    for (CostService service : CostService.values()) {
      cells.add(Figures.usd(cost.usd(service)));
    }
    return cells;
  }

  private static void pipeline(PipelineCost pipeline, PrintWriter out) {
    out.println();
    out.println("Pipeline, variable costs month to date:");
    new TextTable("", "USD", "what it is")
        .textColumns(2)
        .row(
            "datasets",
            Figures.usd(
                pipeline.variable().totalUsd().subtract(pipeline.unattributed().totalUsd())),
            "the datasets' totals above")
        .row(
            "unattributed",
            Figures.usd(pipeline.unattributed().totalUsd()),
            "pipeline-wide usage no dataset's ingested volume explains (in no budget)")
        .row("variable total", Figures.usd(pipeline.variable().totalUsd()), "")
        .row(
            "projected",
            Figures.usd(pipeline.projectedVariableUsd()),
            "the variable total at the month-to-date rate, for the whole month")
        .row("ingested GB", Figures.fine(pipeline.ingestedGb()), "1 GB = 2^30 bytes")
        .row(
            "USD per GB",
            Figures.fine(pipeline.usdPerGb()),
            pipeline.usdPerGb() == null
                ? "no ingested volume this period"
                : "variable total / ingested GB")
        .print(out, INDENT);
  }

  private static void fixedMonthly(CostReport report, PrintWriter out) {
    out.println();
    out.println("Fixed monthly costs, whatever the traffic (in no dataset's budget):");
    TextTable table =
        new TextTable("item", "USD/month", "quantity", "unit USD", "price id", "what")
            .textColumns(4, 5);
    for (FixedMonthlyCosts.Line line : report.fixedMonthly().lines()) {
      table.row(
          line.item(),
          Figures.usd(line.usd()),
          line.quantity().toPlainString(),
          Figures.usd(line.unitUsd()),
          line.priceId(),
          line.what());
    }
    table.row("total", Figures.usd(report.fixedMonthly().totalUsd()), "", "", "", "");
    table.print(out, INDENT);
    out.println(INDENT + "Footprint: " + report.footprintNote());
  }

  private static void firehose(CostReport report, PrintWriter out) {
    CostReport.FirehoseComparison firehose = report.firehose();
    Price price = firehose.price();
    out.println();
    out.println("The same volume on Amazon Data Firehose (Apache Iceberg Tables destination):");
    out.printf(
        "%s%s: %s USD per %s, source %s, as of %s%n",
        INDENT,
        firehose.priceId(),
        price.usd().toPlainString(),
        price.unit().wireName(),
        price.source(),
        price.asOf());
    if (price.note() != null) {
      out.println(INDENT + "Note: " + price.note());
    }
    if (firehose.ingestedGb().signum() == 0) {
      out.println(INDENT + "No ingested volume this period to price.");
      return;
    }
    new TextTable("", "ingested GB", "USD")
        .row("Firehose", Figures.fine(firehose.ingestedGb()), Figures.usd(firehose.usd()))
        .row(
            "iceflow (variable)",
            Figures.fine(report.pipeline().ingestedGb()),
            Figures.usd(report.pipeline().variable().totalUsd()))
        .print(out, INDENT);
  }

  private static void breakEven(CostReport report, PrintWriter out) {
    out.println();
    out.println(
        "Break-even by monthly volume (iceflow = fixed monthly + variable USD/GB x volume;");
    out.println("Firehose = its USD/GB x volume):");
    out.println(
        INDENT
            + "Excluded from both sides: "
            + String.join("; ", CostReport.EXCLUDED_FROM_BOTH)
            + ".");
    out.println(INDENT + "Free tier: not deducted on either side.");
    if (report.breakEven().isEmpty()) {
      out.println(
          INDENT
              + "No ingested volume this period, so no variable cost per GB was measured: only the"
              + " fixed costs above are known. Give --usd-per-gb to price the break-even with an"
              + " assumed one.");
      return;
    }
    BreakEven breakEven = report.breakEven().get();
    out.printf(
        "%sfixed %s USD/month; variable %s USD/GB (%s); Firehose %s USD/GB%n",
        INDENT,
        Figures.usd(breakEven.fixedMonthlyUsd()),
        Figures.fine(breakEven.variableUsdPerGb()),
        breakEven.variableBasis() == BreakEven.VariableBasis.MEASURED
            ? "measured this period, without the table storage and catalog paid either way"
            : "assumed with --usd-per-gb",
        Figures.fine(breakEven.firehoseUsdPerGb()));
    TextTable table =
        new TextTable("volume", "iceflow USD", "Firehose USD", "cheaper", "by USD").textColumns(3);
    for (BreakEven.Row row : breakEven.rows()) {
      table.row(
          row.volume(),
          Figures.usd(row.iceflowUsd()),
          Figures.usd(row.firehoseUsd()),
          row.cheaper().name().toLowerCase(Locale.ROOT),
          Figures.usd(row.differenceUsd()));
    }
    table.print(out, INDENT);
    out.println(
        breakEven
            .breakEvenGb()
            .map(gb -> INDENT + "iceflow is cheaper above " + Figures.fine(gb) + " GB a month.")
            .orElse(
                INDENT
                    + "iceflow is cheaper at no volume: a GB costs it at least what it costs on Firehose."));
  }
}
