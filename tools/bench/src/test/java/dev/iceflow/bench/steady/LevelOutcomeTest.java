package dev.iceflow.bench.steady;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iceflow.bench.Distribution;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LevelOutcomeTest {

  private static LevelOutcome level(
      double publishedRate, int uncommitted, double backlogGrowth, double trendPerMinute) {
    return level(
        publishedRate,
        uncommitted,
        backlogGrowth,
        trendPerMinute,
        new CommitInternals(10, 0, 1000, 300, 50));
  }

  private static LevelOutcome level(
      double publishedRate,
      int uncommitted,
      double backlogGrowth,
      double trendPerMinute,
      CommitInternals commit) {
    return new LevelOutcome(
        2_000,
        60,
        240,
        publishedRate,
        10,
        Distribution.of(List.of(1.0, 2.0, 3.0)),
        List.of(),
        uncommitted,
        2_000,
        backlogGrowth,
        trendPerMinute,
        3,
        new double[] {100, 200, 300, 400, 500, 600},
        240,
        Map.of("enrichment", 0.9),
        Map.of("emulator (moto)", 0.95, "enrichment", 0.4),
        commit);
  }

  @Test
  void shouldBeSustainable_whenThePublisherKeptUpAndNothingGrew() {
    LevelOutcome level = level(1_990, 0, 3, 0.5);

    assertThat(level.sustainable()).isTrue();
    assertThat(level.verdict()).isEqualTo("sustainable");
  }

  @Test
  void shouldNotBeSustainable_whenTheQueuesGrewBeyondTheirShareOfTheLevel() {
    // 240 batches: growth beyond 5 % of them (12 messages) is a backlog
    LevelOutcome level = level(2_000, 0, 13, 0);

    assertThat(level.sustainable()).isFalse();
    assertThat(level.verdict()).contains("queues grew by 13 messages");
  }

  @Test
  void shouldNotBeSustainable_whenFreshnessGrewOrThePublisherFellBehindOrBatchesWereLeft() {
    assertThat(level(2_000, 0, 0, 3).verdict()).contains("freshness grew");
    assertThat(level(1_800, 0, 0, 0).verdict()).contains("the publisher fell behind");
    assertThat(level(2_000, 1, 0, 0).verdict())
        .contains("1 batches not committed by the end of the run");
  }

  @Test
  void shouldNotBeSustainable_whenCommitsFailed_evenIfEveryBatchLandedInTheEnd() {
    LevelOutcome level = level(2_000, 0, 0, 0, new CommitInternals(10, 2, 1000, 300, 50));

    assertThat(level.sustainable()).isFalse();
    assertThat(level.verdict()).contains("2 commits failed");
  }

  @Test
  void shouldNameTheLargestSegmentAndTheBusiestProcessAsTheBound() {
    assertThat(level(2_000, 0, 0, 0).bound())
        .contains("largest part of a batch's way: commit (mean 0.6 s of 2.1 s)")
        .contains("busiest process: emulator (moto) at 0.95 cores");
  }
}
