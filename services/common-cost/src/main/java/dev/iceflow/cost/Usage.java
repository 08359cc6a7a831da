package dev.iceflow.cost;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/** Quantities per meter; a meter not counted is zero. Immutable. */
public final class Usage {

  public static final Usage NONE = new Usage(new EnumMap<>(Meter.class));

  private final Map<Meter, BigDecimal> amounts;

  private Usage(EnumMap<Meter, BigDecimal> amounts) {
    amounts.values().removeIf(v -> v.signum() == 0);
    this.amounts = Collections.unmodifiableMap(amounts);
  }

  public static Usage of(Map<Meter, BigDecimal> amounts) {
    EnumMap<Meter, BigDecimal> copy = new EnumMap<>(Meter.class);
    amounts.forEach(
        (meter, amount) -> {
          if (amount.signum() < 0) {
            throw new IllegalArgumentException(
                "usage cannot be negative: %s %s".formatted(meter, amount));
          }
          copy.put(meter, amount);
        });
    return new Usage(copy);
  }

  public static Builder builder() {
    return new Builder();
  }

  public BigDecimal get(Meter meter) {
    return amounts.getOrDefault(meter, BigDecimal.ZERO);
  }

  /** The non-zero amounts. */
  public Map<Meter, BigDecimal> amounts() {
    return amounts;
  }

  public boolean isEmpty() {
    return amounts.isEmpty();
  }

  public Usage plus(Usage other) {
    Builder sum = builder().add(this);
    return sum.add(other).build();
  }

  /** Every amount times {@code factor} (a share of shared usage). */
  public Usage times(BigDecimal factor) {
    EnumMap<Meter, BigDecimal> scaled = new EnumMap<>(Meter.class);
    amounts.forEach((m, v) -> scaled.put(m, v.multiply(factor, MathContext.DECIMAL64)));
    return of(scaled);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Usage other
        && amounts.size() == other.amounts.size()
        && amounts.entrySet().stream()
            .allMatch(e -> e.getValue().compareTo(other.get(e.getKey())) == 0);
  }

  @Override
  public int hashCode() {
    return Objects.hash(amounts.keySet());
  }

  @Override
  public String toString() {
    return amounts.toString();
  }

  /** Adds up amounts. */
  public static final class Builder {
    private final EnumMap<Meter, BigDecimal> amounts = new EnumMap<>(Meter.class);

    public Builder add(Meter meter, long amount) {
      return add(meter, BigDecimal.valueOf(amount));
    }

    public Builder add(Meter meter, BigDecimal amount) {
      amounts.merge(meter, amount, BigDecimal::add);
      return this;
    }

    public Builder add(Usage usage) {
      usage.amounts().forEach(this::add);
      return this;
    }

    public Usage build() {
      return Usage.of(amounts);
    }
  }
}
