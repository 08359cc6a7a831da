package dev.iceflow.cost;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Shares the usage measured for the whole pipeline (Lambda compute from CloudWatch: the functions
 * serve every dataset) out to datasets by the bytes each ingested in the period, or by records when
 * no bytes were counted. Usage no dataset's volume explains stays unattributed: it is in the
 * report, and in no dataset's budget.
 */
public final class SpendAllocation {

  private final Pricing pricing;

  public SpendAllocation(Pricing pricing) {
    this.pricing = pricing;
  }

  /** The result: each dataset's spend, and what is left unattributed. */
  public record Allocated(Map<String, DatasetSpend> datasets, Usage unattributed) {}

  /**
   * Reads the usage of {@code datasets} and the pipeline-wide usage in {@code period} from the
   * ledger (one read), then allocates; a dataset without usage has none.
   */
  public Allocated allocate(CostLedger ledger, Collection<String> datasets, BudgetPeriod period) {
    List<String> keys = new ArrayList<>(new LinkedHashSet<>(datasets));
    keys.add(CostLedger.SHARED);
    Map<String, Usage> read = ledger.usage(keys, period);
    Map<String, Usage> own = new LinkedHashMap<>();
    datasets.forEach(dataset -> own.put(dataset, read.getOrDefault(dataset, Usage.NONE)));
    return allocate(own, read.getOrDefault(CostLedger.SHARED, Usage.NONE));
  }

  /**
   * @param own usage counted per dataset (without {@link CostLedger#SHARED})
   * @param shared usage measured for the whole pipeline
   */
  public Allocated allocate(Map<String, Usage> own, Usage shared) {
    Meter key = volumeKey(own);
    BigDecimal total =
        own.values().stream().map(u -> u.get(key)).reduce(BigDecimal.ZERO, BigDecimal::add);
    Map<String, DatasetSpend> spends = new LinkedHashMap<>();
    own.forEach(
        (dataset, usage) -> {
          BigDecimal share =
              total.signum() == 0
                  ? BigDecimal.ZERO
                  : usage.get(key).divide(total, MathContext.DECIMAL64);
          Usage allocated = shared.times(share);
          spends.put(
              dataset,
              new DatasetSpend(
                  dataset, usage, share, allocated, pricing.estimate(usage.plus(allocated))));
        });
    return new Allocated(spends, total.signum() == 0 ? shared : Usage.NONE);
  }

  private static Meter volumeKey(Map<String, Usage> own) {
    boolean anyBytes =
        own.values().stream().anyMatch(u -> u.get(Meter.INGESTED_BYTES).signum() > 0);
    return anyBytes ? Meter.INGESTED_BYTES : Meter.INGESTED_RECORDS;
  }
}
