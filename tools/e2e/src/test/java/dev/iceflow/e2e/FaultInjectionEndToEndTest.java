package dev.iceflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iceflow.local.ProjectLayout;
import dev.iceflow.local.emulator.LocalAws;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Nothing lost, nothing duplicated, every value right, under injected faults: a seeded run of real
 * flights through the packaged functions with every fault at once (part of the test command), and
 * behind {@code -Diceflow.faults.soak=true} the soak (each fault alone at volume and at AWS's
 * redelivery timing, then all together). Every run prints its seed and its table (also written to
 * {@code tools/e2e/target/faults/}); a run with {@code -Diceflow.faults.seed=<seed>} makes the same
 * choices again (bin/faults runs it). Every fault of a run must really happen: a fault the seeded
 * draws have not picked by the time the load is accounted for is forced with more load, and a run
 * in which one never happened fails.
 */
class FaultInjectionEndToEndTest {

  static final String SEED = "iceflow.faults.seed";
  static final String SOAK = "iceflow.faults.soak";
  private static final Path REPORTS = Path.of("target", "faults");

  /**
   * On an emulator of its own, as every fault run: its compaction sweeps maintain the flights
   * table, and compaction skips a table maintained less than 5 minutes before, which in the suite's
   * shared emulator held up the next test's compaction run (CompactionRaceEndToEndTest waited for
   * it).
   */
  @Test
  void everyRecordIsAccountedForOnceWithEveryValueRight_underEveryFaultAtOnce() throws Exception {
    long seed = seed();
    FaultRunResult result;
    try (LocalAws aws = LocalAws.start(ProjectLayout.discover())) {
      result = FaultRun.run(aws, FaultPlan.quick(seed));
    }
    report(result, "quick");
    assertAccounted(result);
  }

  @Test
  @EnabledIfSystemProperty(named = SOAK, matches = "true")
  void soak_eachFaultAloneThenAllTogether() throws Exception {
    try (LocalAws aws = LocalAws.start(ProjectLayout.discover())) {
      soak(aws);
    }
  }

  private static void soak(LocalAws aws) throws Exception {
    long seed = seed();
    List<String> failed = new ArrayList<>();
    for (Fault fault : Fault.values()) {
      FaultRunResult result = FaultRun.run(aws, FaultPlan.alone(fault, seed));
      report(result, "soak-" + fault.name().toLowerCase());
      if (!result.problems().isEmpty()) {
        failed.add(fault + ": " + result.problems());
      }
    }
    FaultRunResult all = FaultRun.run(aws, FaultPlan.soak(seed));
    report(all, "soak-all");
    if (!all.problems().isEmpty()) {
      failed.add("all: " + all.problems());
    }
    assertThat(failed)
        .as("soak with seed %d (re-run: bin/faults --soak --seed %d)", seed, seed)
        .isEmpty();
  }

  private static void assertAccounted(FaultRunResult result) {
    long seed = result.plan().seed();
    assertThat(result.problems())
        .as(
            "fault run with seed %d (re-run it: bin/faults --seed %d)\n%s",
            seed, seed, result.table())
        .isEmpty();
  }

  private static long seed() {
    Long given = Long.getLong(SEED);
    long seed = given != null ? given : new SecureRandom().nextLong();
    System.out.printf("fault run seed %d%s%n", seed, given != null ? " (given)" : "");
    return seed;
  }

  private static void report(FaultRunResult result, String name) throws IOException {
    String table = result.table();
    System.out.println(table);
    Files.createDirectories(REPORTS);
    Files.writeString(
        REPORTS.resolve("%s-seed-%d.md".formatted(name, result.plan().seed())), table);
  }
}
