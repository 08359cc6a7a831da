package dev.iceflow.cost;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** Estimated cost in US dollars per service, at list price. */
public record CostEstimate(Map<CostService, BigDecimal> byService) {

  public static final CostEstimate NONE = new CostEstimate(Map.of());

  public CostEstimate {
    EnumMap<CostService, BigDecimal> copy = new EnumMap<>(CostService.class);
    copy.putAll(byService);
    byService = Collections.unmodifiableMap(copy);
  }

  public BigDecimal usd(CostService service) {
    return byService.getOrDefault(service, BigDecimal.ZERO);
  }

  public BigDecimal totalUsd() {
    return byService.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  public CostEstimate plus(CostEstimate other) {
    EnumMap<CostService, BigDecimal> sum = new EnumMap<>(CostService.class);
    sum.putAll(byService);
    other.byService.forEach((service, usd) -> sum.merge(service, usd, BigDecimal::add));
    return new CostEstimate(sum);
  }
}
