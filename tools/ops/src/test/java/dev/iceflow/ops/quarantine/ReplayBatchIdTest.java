package dev.iceflow.ops.quarantine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReplayBatchIdTest {

  private static final String KEY = "validation/flights/b-1.ndjson";
  private static final String BATCH_ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$";

  @Test
  void shouldGiveTheSameId_whenTheSameCorrectionIsReplayedAgain_evenSpacedDifferently() {
    String once = id("{\"a\":1}\n{\"b\":2}\n");
    String again = id("{ \"a\" : 1 }\n\n{\"b\":   2}");

    assertThat(again).isEqualTo(once).startsWith("b-1.replay-").matches(BATCH_ID_PATTERN);
  }

  @Test
  void shouldGiveANewId_whenTheRecordsOrTheObjectDiffer() {
    String records = "{\"a\":1}\n";
    String sha = CorrectedRecords.parse(records, "test").contentSha256();

    assertThat(id("{\"a\":2}\n")).isNotEqualTo(id(records));
    assertThat(ReplayBatchId.of("b-1", "enrichment/flights/b-1.ndjson", sha))
        .isNotEqualTo(ReplayBatchId.of("b-1", KEY, sha));
  }

  @Test
  void shouldStayWithinTheContractsLength_whenTheOriginalIdIsLong() {
    String longId = "b".repeat(100);

    String id = ReplayBatchId.of(longId, KEY, "0".repeat(64));

    assertThat(id).hasSize(ReplayBatchId.MAX_LENGTH).matches(BATCH_ID_PATTERN);
  }

  @Test
  void shouldRefuseLinesThatAreNotRecords() {
    assertThatThrownBy(() -> CorrectedRecords.parse("{\"a\":1}\n\"text\"\n", "f.ndjson"))
        .hasMessage("f.ndjson line 2 is not a JSON object (one record a line)");
    assertThatThrownBy(() -> CorrectedRecords.parse("{\"a\":\n", "f.ndjson"))
        .hasMessageStartingWith("f.ndjson line 1 is not JSON");
    assertThatThrownBy(() -> CorrectedRecords.parse(" \n", "stdin"))
        .hasMessage("stdin holds no record");
  }

  private static String id(String ndjson) {
    return ReplayBatchId.of("b-1", KEY, CorrectedRecords.parse(ndjson, "test").contentSha256());
  }
}
