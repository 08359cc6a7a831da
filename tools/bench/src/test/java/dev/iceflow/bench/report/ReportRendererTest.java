package dev.iceflow.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportRendererTest {

  @TempDir Path folder;

  @Test
  void shouldRenderEveryResultsFiguresAndEveryChartKind_asPngsTheReportLinks() throws Exception {
    ResultRecorder steady = new ResultRecorder("steady", "Steady load");
    steady
        .figure("@ 2,000 records/s: freshness p50", 2.5, "s", "met")
        .figure("first commit", Double.NaN, "s", "not measured");
    List<BenchResult.Series> series =
        List.of(
            new BenchResult.Series("a", List.of(new double[] {500, 1}, new double[] {2000, 2})),
            new BenchResult.Series("b", List.of(new double[] {500, 3}, new double[] {2000, 4})));
    for (BenchResult.Kind kind : BenchResult.Kind.values()) {
      steady.chart(kind.wireName(), kind.wireName(), kind, "x", "y", series);
    }
    ResultFile.write(folder, steady.result());
    ResultFile.write(
        folder,
        new ResultRecorder("emulator", "Ceiling")
            .figure("message path", 3678, "records/s", "")
            .result());

    Path report = ReportRenderer.render(folder);

    String md = Files.readString(report);
    assertThat(md).startsWith("# iceflow benchmarks").contains("## How to read this report");
    assertThat(md.indexOf("(`emulator`)"))
        .as("the ceiling comes before what is read against it")
        .isLessThan(md.indexOf("(`steady`)"));
    assertThat(md).contains("| @ 2,000 records/s: freshness p50 | 2.50 | s | met |");
    assertThat(md).contains("| first commit | n/a | s | not measured |");
    for (BenchResult.Kind kind : BenchResult.Kind.values()) {
      String png = "steady-" + kind.wireName() + ".png";
      assertThat(md).contains("](" + png + ")");
      assertThat(ImageIO.read(folder.resolve(png).toFile())).as(png).isNotNull();
    }
  }

  @Test
  void shouldPlaceCommitsAndFunctionsBetweenStagesAndCompaction_withTheirChartsDrawn()
      throws Exception {
    for (String benchmark : List.of("compaction", "functions", "commits", "stages")) {
      ResultFile.write(folder, new ResultRecorder(benchmark, benchmark).result());
    }
    List<double[]> thousandCommits = new ArrayList<>();
    for (int commit = 1; commit <= 1000; commit++) {
      thousandCommits.add(new double[] {commit, 40 + commit / 100.0});
    }
    ResultFile.write(
        folder,
        new ResultRecorder("commits", "Commits")
            .chart(
                "latency-vs-commit",
                "latency",
                BenchResult.Kind.LINE,
                "commit",
                "ms",
                List.of(new BenchResult.Series("history kept", thousandCommits)))
            .result());
    ResultFile.write(
        folder,
        new ResultRecorder("functions", "Functions")
            .chart(
                "zip-sizes",
                "sizes",
                BenchResult.Kind.BAR,
                "function",
                "MiB",
                List.of(
                    new BenchResult.Series("ingest", List.<double[]>of(new double[] {0, 40})),
                    new BenchResult.Series("commit", List.<double[]>of(new double[] {0, 60}))))
            .result());

    String md = Files.readString(ReportRenderer.render(folder));

    assertThat(md.indexOf("(`stages`)")).isLessThan(md.indexOf("(`commits`)"));
    assertThat(md.indexOf("(`commits`)")).isLessThan(md.indexOf("(`functions`)"));
    assertThat(md.indexOf("(`functions`)")).isLessThan(md.indexOf("(`compaction`)"));
    for (String png : List.of("commits-latency-vs-commit.png", "functions-zip-sizes.png")) {
      assertThat(md).contains("](" + png + ")");
      assertThat(ImageIO.read(folder.resolve(png).toFile())).as(png).isNotNull();
    }
  }

  @Test
  void shouldReadBackWhatItWrote_withAnUnmeasuredFigureAsNull() throws Exception {
    BenchResult written =
        new ResultRecorder("commits", "Commits")
            .figure("commits/s", 12.5, "commits/s", "")
            .figure("not measured", Double.NaN, "ms", "why")
            .result();
    ResultFile.write(folder, written);

    BenchResult read = ResultFile.readAll(folder).get(0);

    assertThat(read.benchmark()).isEqualTo("commits");
    assertThat(read.figures()).extracting(BenchResult.Figure::value).containsExactly(12.5, null);
    assertThat(Files.readString(folder.resolve("commits.json"))).doesNotContain("NaN");
  }
}
