package dev.iceflow.e2e;

import dev.iceflow.local.reconciliation.Reconciliation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a fault run injected and where every record and bad message ended up.
 *
 * @param injected per fault, how many times it was injected (or happened: rewrites, refusals)
 * @param recordsIn records in the good batches (each batch once, however often it was delivered)
 * @param broken records among them broken on purpose, for the quarantine
 * @param reconciliation rows, duplicates and quarantine lines of the run's batches
 * @param values every row compared with an independent recomputation
 * @param parked the bad messages found parked, by marker
 * @param badPublished bad messages published
 * @param unsettled what had not settled when the run stopped waiting (the counts are then partial)
 */
record FaultRunResult(
    FaultPlan plan,
    Map<Fault, Long> injected,
    long recordsIn,
    long broken,
    Reconciliation reconciliation,
    FlightsOracle.Comparison values,
    Map<String, BadMessages.Parked> parked,
    int badPublished,
    List<String> unsettled,
    Duration took) {

  /** Records neither in the table nor in the quarantine. */
  long lost() {
    return Math.max(0, recordsIn - reconciliation.rows() - reconciliation.quarantined());
  }

  /** What is wrong with the run; empty when every record and message is accounted for once. */
  List<String> problems() {
    List<String> problems = new ArrayList<>(unsettled);
    plan.faults().stream()
        .filter(fault -> injected.getOrDefault(fault, 0L) == 0)
        .forEach(fault -> problems.add("never injected, so not tested: " + fault.description));
    Reconciliation r = reconciliation;
    if (r.rows() + r.quarantined() != recordsIn) {
      problems.add(
          "rows %d + quarantined %d != records in %d"
              .formatted(r.rows(), r.quarantined(), recordsIn));
    }
    if (r.quarantined() != broken) {
      problems.add("quarantined %d, broken on purpose %d".formatted(r.quarantined(), broken));
    }
    if (r.duplicates() != 0) {
      problems.add(r.duplicates() + " duplicate rows");
    }
    if (values.differing() != 0) {
      problems.add(
          values.differing() + " rows differ from the recomputation: " + values.examples());
    }
    if (values.compared() != r.rows()) {
      problems.add("%d rows compared of %d".formatted(values.compared(), r.rows()));
    }
    if (parked.size() != badPublished) {
      problems.add("%d of %d bad messages parked".formatted(parked.size(), badPublished));
    }
    parked.forEach(
        (marker, where) -> {
          if (where.reason() == null || where.reason().isBlank()) {
            problems.add(marker + " parked in " + where.queue() + " without a reason");
          }
        });
    return problems;
  }

  /** The run's table: one line per fault, then the records of the whole run. */
  String table() {
    StringBuilder out = new StringBuilder();
    out.append("Fault run, ").append(plan.describe()).append(", took ").append(took.toSeconds());
    out.append(" s\n\n| fault | injected |\n|---|---:|\n");
    for (Fault fault : plan.faults()) {
      out.append("| %s | %d |\n".formatted(fault.description, injected.getOrDefault(fault, 0L)));
    }
    Reconciliation r = reconciliation;
    out.append(
        "\n| faults | records in | rows | quarantined | duplicates | lost | values wrong | bad messages parked |\n");
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    out.append(
        "| %s | %d | %d | %d | %d | %d | %d | %d of %d |\n"
            .formatted(
                plan.faults().size() == 1 ? plan.faults().iterator().next().name() : "all combined",
                recordsIn,
                r.rows(),
                r.quarantined(),
                r.duplicates(),
                lost(),
                values.differing(),
                parked.size(),
                badPublished));
    parked.forEach(
        (marker, where) ->
            out.append("  parked %s in %s: %s\n".formatted(marker, where.queue(), where.reason())));
    return out.toString();
  }
}
