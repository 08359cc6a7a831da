package dev.iceflow.enrichment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.dataset.TableSpec;
import dev.iceflow.iceberg.ContractTableCreator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.Table;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.junit.jupiter.api.Test;

class TableCacheTest {

  private static final Duration MAX_AGE = Duration.ofMinutes(5);
  private static final TableSpec FLIGHTS =
      Contracts.packaged().dataset("flights").orElseThrow().table();

  private final InMemoryCatalog catalog = new InMemoryCatalog();
  private final AtomicInteger loads = new AtomicInteger();
  private final MovableClock clock = new MovableClock();
  private final TableCache cache =
      new TableCache(
          spec -> {
            loads.incrementAndGet();
            return ContractTableCreator.loadOrCreate(catalog, spec);
          },
          MAX_AGE,
          clock);

  {
    catalog.initialize("test", Map.of());
  }

  @Test
  void aTableIsLoadedOncePerMaxAge_notPerBatch() {
    Table first = cache.table(FLIGHTS);
    for (int batch = 0; batch < 10; batch++) {
      assertThat(cache.table(FLIGHTS)).isSameAs(first);
      clock.advance(Duration.ofSeconds(20));
    }
    assertThat(loads).hasValue(1);
  }

  @Test
  void aTableOlderThanMaxAgeIsLoadedAgain() {
    Table first = cache.table(FLIGHTS);
    clock.advance(MAX_AGE);
    Table again = cache.table(FLIGHTS);
    assertThat(loads).hasValue(2);
    assertThat(again).isNotSameAs(first);
    assertThat(again.location()).isEqualTo(first.location());
  }

  private static final class MovableClock extends Clock {
    private Instant now = Instant.parse("2026-11-30T12:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
