package dev.iceflow.iceberg.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iceflow.common.config.IceflowConfig;
import dev.iceflow.common.faults.InjectedFaultException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Injected unknown commit states against Iceberg's in-memory catalog: did the commit land? */
class CommitStateUnknownInjectionTest {

  private static final Schema SCHEMA =
      new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));

  private InMemoryCatalog catalog;
  private TableIdentifier id;

  @BeforeEach
  void createTable() {
    catalog = new InMemoryCatalog();
    catalog.initialize("faults", Map.of());
    catalog.createNamespace(Namespace.of("db"));
    id = TableIdentifier.of("db", "t" + UUID.randomUUID().toString().replace("-", ""));
    catalog.createTable(id, SCHEMA, PartitionSpec.unpartitioned());
  }

  @Test
  void shouldApplyTheCommit_thenReportItsStateUnknown_afterApply() {
    Table table = scripted(UnknownCommitState.AFTER_APPLY).wrap(catalog.loadTable(id));

    assertThatThrownBy(() -> table.newAppend().appendFile(file()).commit())
        .isInstanceOf(CommitStateUnknownException.class)
        .hasCauseInstanceOf(InjectedFaultException.class)
        .hasMessageContaining("after-apply");

    assertThat(catalog.loadTable(id).currentSnapshot()).as("the commit landed").isNotNull();
  }

  @Test
  void shouldNotApplyTheCommit_andReportItsStateUnknown_beforeApply() {
    Table table = scripted(UnknownCommitState.BEFORE_APPLY).wrap(catalog.loadTable(id));

    assertThatThrownBy(() -> table.newAppend().appendFile(file()).commit())
        .isInstanceOf(CommitStateUnknownException.class)
        .hasMessageContaining("before-apply");

    assertThat(catalog.loadTable(id).currentSnapshot()).as("the commit never landed").isNull();
  }

  @Test
  void shouldCommitAsUsual_whenNothingIsInjected() {
    Table table = scripted(UnknownCommitState.NONE).wrap(catalog.loadTable(id));

    table.newAppend().appendFile(file()).commit();

    assertThat(catalog.loadTable(id).currentSnapshot()).isNotNull();
  }

  @Test
  void shouldLeaveTheTableAlone_atRateZero() {
    Table loaded = catalog.loadTable(id);

    assertThat(CommitStateUnknownInjection.from(faults(Map.of())).wrap(loaded)).isSameAs(loaded);
  }

  @Test
  void shouldInjectEveryCommit_atRateOne_landingAsTheSeededCoinSays() {
    Map<String, String> properties =
        Map.of("iceflow.faults.commit-unknown-rate", "1", "iceflow.faults.seed", "5");
    Table table = CommitStateUnknownInjection.from(faults(properties)).wrap(catalog.loadTable(id));
    Table again = CommitStateUnknownInjection.from(faults(properties)).wrap(catalog.loadTable(id));
    int commits = 20;
    int landed = 0;

    for (int i = 0; i < commits; i++) {
      long before = snapshots();
      assertThatThrownBy(() -> table.newAppend().appendFile(file()).commit())
          .isInstanceOf(CommitStateUnknownException.class);
      boolean applied = snapshots() > before;
      landed += applied ? 1 : 0;
      long beforeAgain = snapshots();
      assertThatThrownBy(() -> again.newAppend().appendFile(file()).commit())
          .isInstanceOf(CommitStateUnknownException.class);
      assertThat(snapshots() > beforeAgain)
          .as("the same seed lands commit %d the same way", i)
          .isEqualTo(applied);
    }

    assertThat(landed).as("both halves occur").isBetween(1, commits - 1);
  }

  private long snapshots() {
    Table table = catalog.loadTable(id);
    return table.currentSnapshot() == null ? 0 : table.currentSnapshot().sequenceNumber();
  }

  private static CommitStateUnknownInjection scripted(UnknownCommitState... states) {
    Deque<UnknownCommitState> script = new ArrayDeque<>(List.of(states));
    return new CommitStateUnknownInjection(script::removeFirst);
  }

  private static DataFile file() {
    return DataFiles.builder(PartitionSpec.unpartitioned())
        .withPath("memory://data/" + UUID.randomUUID() + ".parquet")
        .withFileSizeInBytes(100)
        .withRecordCount(1)
        .build();
  }

  private static IceflowConfig.Faults faults(Map<String, String> properties) {
    return new SmallRyeConfigBuilder()
        .withMapping(IceflowConfig.class)
        .withSources(new PropertiesConfigSource(properties, "test", 100))
        .build()
        .getConfigMapping(IceflowConfig.class)
        .faults();
  }
}
