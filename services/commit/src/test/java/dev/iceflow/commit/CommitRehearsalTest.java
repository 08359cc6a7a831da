package dev.iceflow.commit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.iceberg.SnapshotSummaryKeys;
import org.junit.jupiter.api.Test;

class CommitRehearsalTest {

  @Test
  void shouldCommitToAnInMemoryTable_forEveryDataset() {
    for (DataContract contract : Contracts.packaged().datasets().values()) {
      CommitOutcome outcome = CommitRehearsal.run(contract, 200);

      assertThat(outcome.snapshot()).as(contract.dataset()).isNotNull();
      assertThat(SnapshotSummaryKeys.batchIds(outcome.snapshot().summary()))
          .containsExactly("iceflow-commit-rehearsal");
      assertThat(outcome.snapshot().manifestListLocation()).startsWith("memory://");
    }
  }
}
