package dev.iceflow.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iceflow.contracts.dataset.ColumnSpec;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.dataset.EnrichmentSpec;
import dev.iceflow.contracts.dataset.InputField;
import dev.iceflow.contracts.dataset.MaintenanceSpec;
import dev.iceflow.contracts.dataset.RuleSpec;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Each data contract is consistent with itself: what enrichment produces is what the table holds.
 */
class DataContractsTest {

  private static final String MAX_SNAPSHOT_AGE_MS = "history.expire.max-snapshot-age-ms";
  private static final String MIN_SNAPSHOTS_TO_KEEP = "history.expire.min-snapshots-to-keep";

  private final Contracts contracts = RepositoryContracts.load();

  @TestFactory
  Stream<DynamicTest> everyContractIsConsistent() {
    assertThat(contracts.datasets()).containsKeys("flights", "seattle_weather");
    return contracts.datasets().values().stream()
        .flatMap(
            c ->
                Stream.of(
                    DynamicTest.dynamicTest(
                        c.dataset() + ": column ids and names are unique", () -> uniqueColumns(c)),
                    DynamicTest.dynamicTest(
                        c.dataset() + ": enrichment fills exactly the table's columns",
                        () -> enrichmentCoversTable(c)),
                    DynamicTest.dynamicTest(
                        c.dataset() + ": rules name known fields and references",
                        () -> rulesAreResolvable(c)),
                    DynamicTest.dynamicTest(
                        c.dataset() + ": partitioning and sort use table columns",
                        () -> layoutUsesColumns(c)),
                    DynamicTest.dynamicTest(
                        c.dataset() + ": snapshot retention agrees with the table's properties",
                        () -> retentionAgreesWithTableProperties(c))));
  }

  private static void uniqueColumns(DataContract c) {
    Set<Integer> ids = new HashSet<>();
    Set<String> names = new HashSet<>();
    for (ColumnSpec column : c.table().schema()) {
      assertThat(ids.add(column.id())).as("id %d", column.id()).isTrue();
      assertThat(names.add(column.name())).as(column.name()).isTrue();
    }
  }

  private static void enrichmentCoversTable(DataContract c) {
    EnrichmentSpec e = c.enrichment();
    Set<String> produced = new HashSet<>();
    produced.add(e.eventTime().column());
    produced.addAll(e.copy().keySet());
    e.derived().forEach(d -> produced.add(d.column()));
    e.joins().forEach(j -> produced.addAll(j.columns().keySet()));
    produced.addAll(e.lineage().keySet());

    assertThat(produced).containsExactlyInAnyOrderElementsOf(columnNames(c));
    Set<String> inputs = inputNames(c);
    assertThat(inputs).contains(e.eventTime().input());
    assertThat(inputs).containsAll(e.copy().values());
    e.joins().forEach(j -> assertThat(c.reference()).containsKey(j.reference()));
  }

  private static void rulesAreResolvable(DataContract c) {
    Set<String> inputs = inputNames(c);
    for (RuleSpec rule : c.input().rules()) {
      if (rule.fields() != null) {
        assertThat(inputs).as(rule.name()).containsAll(rule.fields());
      }
      if (rule.field() != null) {
        assertThat(inputs).as(rule.name()).contains(rule.field());
      }
      if (rule.reference() != null) {
        assertThat(c.reference()).as(rule.name()).containsKey(rule.reference());
      }
    }
  }

  private static void layoutUsesColumns(DataContract c) {
    Set<String> columns = columnNames(c);
    c.table().partitionSpec().forEach(p -> assertThat(columns).contains(p.sourceColumn()));
    c.table().sortOrder().forEach(s -> assertThat(columns).contains(s.column()));
    assertThat(c.table().properties()).containsEntry("write.parquet.compression-codec", "zstd");
  }

  private static Set<String> columnNames(DataContract c) {
    return c.table().schema().stream().map(ColumnSpec::name).collect(Collectors.toSet());
  }

  private static Set<String> inputNames(DataContract c) {
    return c.input().fields().stream().map(InputField::name).collect(Collectors.toSet());
  }

  /**
   * Engines that expire snapshots themselves (Spark's expire_snapshots, Glue) read the table's
   * history.expire properties: they must keep what the compaction function keeps.
   */
  private static void retentionAgreesWithTableProperties(DataContract c) {
    MaintenanceSpec maintenance = c.maintenanceOrDefaults();
    Map<String, String> properties = c.table().properties();
    if (properties.containsKey(MAX_SNAPSHOT_AGE_MS)) {
      assertThat(Duration.ofMillis(Long.parseLong(properties.get(MAX_SNAPSHOT_AGE_MS))))
          .as(MAX_SNAPSHOT_AGE_MS)
          .isEqualTo(maintenance.snapshotRetention());
    }
    if (properties.containsKey(MIN_SNAPSHOTS_TO_KEEP)) {
      assertThat(Integer.parseInt(properties.get(MIN_SNAPSHOTS_TO_KEEP)))
          .as(MIN_SNAPSHOTS_TO_KEEP)
          .isEqualTo(maintenance.minSnapshotsToKeep());
    }
  }
}
