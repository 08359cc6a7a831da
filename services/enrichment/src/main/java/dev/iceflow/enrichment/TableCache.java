package dev.iceflow.enrichment;

import dev.iceflow.contracts.dataset.TableSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.iceberg.Table;

/**
 * The tables enrichment writes into, loaded through the catalog once per {@code maxAge} per
 * container instead of once per batch. Enrichment only writes uncommitted files, so it needs the
 * table's location, partition spec, write properties and FileIO, not its current snapshot: loading
 * per batch cost a catalog read plus the metadata.json read, which grows with every retained
 * snapshot (bin/bench steady counted two loads per batch). The schema comes from the contract; the
 * spec and properties change only with a new contract version, which is a new deployment and so new
 * containers. The age bound still picks up an operator's change to the table in minutes.
 */
final class TableCache {

  private final Function<TableSpec, Table> loader;
  private final Duration maxAge;
  private final Clock clock;
  private final Map<String, Loaded> tables = new ConcurrentHashMap<>();

  TableCache(Function<TableSpec, Table> loader, Duration maxAge, Clock clock) {
    this.loader = loader;
    this.maxAge = maxAge;
    this.clock = clock;
  }

  /** The table, as loaded at most {@code maxAge} ago. */
  Table table(TableSpec spec) {
    Instant now = clock.instant();
    return tables
        .compute(
            spec.qualifiedName(),
            (name, loaded) ->
                loaded != null && loaded.at().plus(maxAge).isAfter(now)
                    ? loaded
                    : new Loaded(loader.apply(spec), now))
        .table();
  }

  private record Loaded(Table table, Instant at) {}
}
