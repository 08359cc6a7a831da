package dev.iceflow.ops.cost;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.contracts.prices.Price;
import dev.iceflow.cost.CostEstimate;
import dev.iceflow.cost.CostService;
import dev.iceflow.ops.cost.CostReport.BudgetUse;
import dev.iceflow.ops.cost.CostReport.DatasetCost;
import dev.iceflow.ops.cost.CostReport.PipelineCost;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * {@code ops cost report --json}: one document whose field names are an interface (documented in
 * the footer of {@link CostReportCommand}'s help). Figures are numbers with six decimals; a figure
 * that does not exist (no volume, no budget) is null.
 */
public final class JsonReportRenderer {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public void render(CostReport report, PrintWriter out) {
    try {
      out.println(JSON.writeValueAsString(document(report)));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the cost report could not be written as JSON", e);
    }
  }

  ObjectNode document(CostReport report) {
    ObjectNode root = JSON.createObjectNode();
    root.put("period", report.period().key());
    root.put("generatedAt", report.generatedAt().toString());
    root.put("region", report.region());
    root.put("architecture", report.architecture().name().toLowerCase(Locale.ROOT));
    root.put("freeTier", CostReport.FREE_TIER);
    ArrayNode datasets = root.putArray("datasets");
    report.datasets().forEach(d -> datasets.add(dataset(d)));
    root.set("pipeline", pipeline(report.pipeline()));
    root.set("fixedMonthly", fixedMonthly(report));
    root.set("firehose", firehose(report.firehose()));
    root.put("noIngestedVolume", report.pipeline().ingestedGb().signum() == 0);
    root.set("breakEven", report.breakEven().map(this::breakEven).orElse(null));
    ArrayNode excluded = root.putArray("excludedFromBoth");
    CostReport.EXCLUDED_FROM_BOTH.forEach(excluded::add);
    return root;
  }

  private ObjectNode dataset(DatasetCost dataset) {
    ObjectNode node = JSON.createObjectNode();
    node.put("dataset", dataset.dataset());
    node.set("costUsdByService", byService(dataset.cost()));
    node.put("costUsd", Figures.json(dataset.cost().totalUsd()));
    node.put("ingestedGb", Figures.json(dataset.ingestedGb()));
    node.put("usdPerGbIngested", Figures.json(dataset.usdPerGb()));
    node.put("projectedUsd", Figures.json(dataset.projectedUsd()));
    node.set("budget", dataset.budget().map(this::budget).orElse(null));
    return node;
  }

  private ObjectNode budget(BudgetUse budget) {
    ObjectNode node = JSON.createObjectNode();
    node.put("budgetUsd", Figures.json(budget.budgetUsd()));
    node.put("percentUsed", Figures.json(budget.percentUsed()));
    node.put("hardLimitPercent", budget.hardLimitPercent());
    node.put("hardLimitUsd", Figures.json(budget.hardLimitUsd()));
    return node;
  }

  private ObjectNode pipeline(PipelineCost pipeline) {
    ObjectNode node = JSON.createObjectNode();
    node.set("variableUsdByService", byService(pipeline.variable()));
    node.put("variableUsd", Figures.json(pipeline.variable().totalUsd()));
    node.set("unattributedUsdByService", byService(pipeline.unattributed()));
    node.put("unattributedUsd", Figures.json(pipeline.unattributed().totalUsd()));
    node.put("ingestedGb", Figures.json(pipeline.ingestedGb()));
    node.put("usdPerGbIngested", Figures.json(pipeline.usdPerGb()));
    node.put("projectedVariableUsd", Figures.json(pipeline.projectedVariableUsd()));
    return node;
  }

  private ObjectNode fixedMonthly(CostReport report) {
    ObjectNode node = JSON.createObjectNode();
    ArrayNode lines = node.putArray("lines");
    for (FixedMonthlyCosts.Line line : report.fixedMonthly().lines()) {
      ObjectNode l = lines.addObject();
      l.put("item", line.item());
      l.put("description", line.what());
      l.put("quantity", line.quantity());
      l.put("priceId", line.priceId());
      l.put("unitUsd", Figures.json(line.unitUsd()));
      l.put("usd", Figures.json(line.usd()));
    }
    node.put("totalUsd", Figures.json(report.fixedMonthly().totalUsd()));
    node.put("hoursPerMonth", FixedMonthlyCosts.HOURS_PER_MONTH);
    node.put("footprintNote", report.footprintNote());
    return node;
  }

  private ObjectNode firehose(CostReport.FirehoseComparison firehose) {
    Price price = firehose.price();
    ObjectNode node = JSON.createObjectNode();
    node.put("priceId", firehose.priceId());
    node.put("usdPerGb", Figures.json(price.usdFor(BigDecimal.ONE)));
    node.put("source", price.source().toString());
    node.put("asOf", price.asOf().toString());
    node.put("note", price.note());
    node.put("ingestedGb", Figures.json(firehose.ingestedGb()));
    node.put("sameVolumeUsd", Figures.json(firehose.usd()));
    return node;
  }

  private ObjectNode breakEven(BreakEven breakEven) {
    ObjectNode node = JSON.createObjectNode();
    node.put("variableBasis", breakEven.variableBasis().name().toLowerCase(Locale.ROOT));
    node.put("fixedMonthlyUsd", Figures.json(breakEven.fixedMonthlyUsd()));
    node.put("variableUsdPerGb", Figures.json(breakEven.variableUsdPerGb()));
    node.put("firehoseUsdPerGb", Figures.json(breakEven.firehoseUsdPerGb()));
    node.put("breakEvenGb", Figures.json(breakEven.breakEvenGb().orElse(null)));
    ArrayNode rows = node.putArray("rows");
    for (BreakEven.Row row : breakEven.rows()) {
      ObjectNode r = rows.addObject();
      r.put("volume", row.volume());
      r.put("gb", row.gb());
      r.put("iceflowUsd", Figures.json(row.iceflowUsd()));
      r.put("firehoseUsd", Figures.json(row.firehoseUsd()));
      r.put("cheaper", row.cheaper().name().toLowerCase(Locale.ROOT));
      r.put("differenceUsd", Figures.json(row.differenceUsd()));
    }
    return node;
  }

  private ObjectNode byService(CostEstimate cost) {
    ObjectNode node = JSON.createObjectNode();
    for (CostService service : CostService.values()) {
      node.put(service.wireName(), Figures.json(cost.usd(service)));
    }
    return node;
  }
}
