package dev.iceflow.compaction;

import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.dataset.MaintenanceSpec;
import dev.iceflow.contracts.dataset.TableSpec;
import java.util.List;
import java.util.UUID;

/**
 * The flights contract copied once per test, each with a table of its own (a fresh name per JVM)
 * and the maintenance section the test needs, as a dataset owner would write it. The handler tests
 * find them among the contracts the application loads (see TestContracts).
 */
final class TestDatasets {

  /** Keeps this JVM's tables apart from any earlier run's. */
  private static final String SUFFIX = "t" + UUID.randomUUID().toString().substring(0, 8);

  static final DataContract FLIGHTS = Contracts.packaged().dataset("flights").orElseThrow();

  /** Debounce 0: the tests run one after another on tables of their own. */
  static final DataContract BIN_PACK = dataset("compaction_bin_pack", lambda(10, 20, 0));

  static final DataContract THRESHOLD = dataset("compaction_threshold", lambda(10, 20, 0));
  static final DataContract MANIFESTS = dataset("compaction_manifests", lambda(10, 5, 0));
  static final DataContract ONE_RUN = dataset("compaction_one_run", lambda(10, 20, 0));
  static final DataContract DEBOUNCE = dataset("compaction_debounce", lambda(10, 20, 300));

  /** Handler tests' datasets: the application must know them. */
  static final List<DataContract> REGISTERED =
      List.of(BIN_PACK, THRESHOLD, MANIFESTS, ONE_RUN, DEBOUNCE);

  private TestDatasets() {}

  /** Flights under another dataset name, in a table of its own, maintained as {@code spec} says. */
  static DataContract dataset(String name, MaintenanceSpec spec) {
    TableSpec t = FLIGHTS.table();
    return new DataContract(
        name,
        FLIGHTS.version(),
        FLIGHTS.description(),
        FLIGHTS.owner(),
        FLIGHTS.input(),
        FLIGHTS.reference(),
        FLIGHTS.enrichment(),
        new TableSpec(
            t.namespace(),
            name + "_" + SUFFIX,
            t.formatVersion(),
            t.schema(),
            t.partitionSpec(),
            t.sortOrder(),
            t.properties()),
        spec,
        FLIGHTS.budget());
  }

  static MaintenanceSpec lambda(int minInputFiles, int manifestThreshold, int debounceSeconds) {
    return new MaintenanceSpec(
        "test",
        MaintenanceSpec.MODE_LAMBDA,
        128L << 20,
        minInputFiles,
        manifestThreshold,
        168,
        50,
        null,
        debounceSeconds);
  }

  static MaintenanceSpec glue() {
    return new MaintenanceSpec(
        "test", MaintenanceSpec.MODE_GLUE_OPTIMIZER, null, null, null, null, null, null, null);
  }
}
