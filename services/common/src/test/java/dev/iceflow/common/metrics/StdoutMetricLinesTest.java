package dev.iceflow.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StdoutMetricLinesTest {

  private static final String EMF =
      "{\"_aws\":{\"Timestamp\":1,\"CloudWatchMetrics\":[{\"Namespace\":\"Iceflow\",\"Dimensions\":[[]],\"Metrics\":[{\"Name\":\"PausedFunctions\",\"Unit\":\"Count\"}]}]},\"PausedFunctions\":0}";
  private static final String LOG_LINE =
      "2026-11-30 12:00:00,000 INFO  [dev.iceflow.Some] (main) a log record of the same process";

  @Test
  void shouldWriteTheLineWithItsBreak_andFlushIt() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    // not auto-flushing, and buffered: only the write's own flush gets the line out
    PrintStream out = new PrintStream(new BufferedOutputStream(bytes, 1 << 16), false);

    new StdoutMetricLines(out).write(EMF);

    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(EMF + "\n");
  }

  @Test
  void shouldKeepEveryLineWhole_whenLogRecordsAreWrittenToTheSameStreamMeanwhile()
      throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(new BufferedOutputStream(bytes, 512), false);
    StdoutMetricLines lines = new StdoutMetricLines(out);
    int each = 300;
    List<Thread> writers = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      writers.add(new Thread(() -> repeat(each, () -> lines.write(EMF))));
      writers.add(new Thread(() -> repeat(each, () -> out.println(LOG_LINE))));
    }
    writers.forEach(Thread::start);
    for (Thread writer : writers) {
      writer.join();
    }
    out.flush();

    String[] written = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(written).hasSize(6 * each);
    ObjectMapper mapper = new ObjectMapper();
    long emf = 0;
    for (String line : written) {
      if (line.startsWith("{")) {
        assertThat(mapper.readTree(line).has("_aws")).isTrue();
        assertThat(line).isEqualTo(EMF);
        emf++;
      } else {
        assertThat(line).isEqualTo(LOG_LINE);
      }
    }
    assertThat(emf).isEqualTo(3L * each);
  }

  private static void repeat(int times, Runnable action) {
    for (int i = 0; i < times; i++) {
      action.run();
    }
  }
}
