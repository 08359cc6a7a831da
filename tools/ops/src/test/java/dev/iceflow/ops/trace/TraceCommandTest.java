package dev.iceflow.ops.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iceflow.ops.OpsRun;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/**
 * {@code ops trace} on the traces a real local run wrote (src/test/resources/traces/run, copied
 * from TracingEndToEndTest's run folder): one batch of 200 flights through validation, enrichment
 * and commit, and a second batch's validation span.
 */
class TraceCommandTest {

  private static final String BATCH = "e2e-6a0c2e77-2137-4a74-ba36-46ceb560d593";
  private static final String OTHER_BATCH = "e2e-8c9cf343-206e-416d-9efe-a74455762598";
  private static final String TRACE_ID = "62fa17a0c6bd86cc7dbaae3ef0904276";

  @Test
  void shouldPrintTheBatchsSpansAsAWaterfall_inParentOrder() throws Exception {
    OpsRun run = OpsRun.execute(Clock.systemUTC(), "trace", BATCH, "--run-dir", runDir());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .startsWith("batch %s: trace %s, 3 spans over 12.951s".formatted(BATCH, TRACE_ID))
        .containsSubsequence(
            "+0.000s    2.118s  validation ",
            "+3.941s    5.487s    enrichment ",
            "+11.908s    1.043s      commit ")
        .contains("records in=200 valid=198 rejected=2")
        .contains("files=16 snapshot=4373927311312928038")
        .doesNotContain(OTHER_BATCH);
  }

  @Test
  void shouldPrintOnlyTheOtherBatchsTrace_whenAskedForIt() throws Exception {
    OpsRun run = OpsRun.execute(Clock.systemUTC(), "trace", OTHER_BATCH, "--run-dir", runDir());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("1 spans").doesNotContain(TRACE_ID).doesNotContain("commit");
  }

  @Test
  void shouldFailWithOneLine_whenNoSpanHasTheBatch() throws Exception {
    OpsRun run = OpsRun.execute(Clock.systemUTC(), "trace", "no-such-batch", "--run-dir", runDir());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines())
        .singleElement()
        .asString()
        .contains("no span of batch no-such-batch");
  }

  @Test
  void shouldPrintUsage_whenTheBatchIdOrTheRunFolderIsMissing() throws Exception {
    OpsRun noBatch = OpsRun.execute(Clock.systemUTC(), "trace", "--run-dir", runDir());
    OpsRun noFolder =
        OpsRun.execute(Clock.systemUTC(), "trace", BATCH, "--run-dir", "/no/such/run/folder");

    assertThat(noBatch.exitCode()).isEqualTo(2);
    assertThat(noBatch.err()).contains("Missing required parameter: 'BATCH_ID'", "Usage:");
    assertThat(noFolder.exitCode()).isEqualTo(2);
    assertThat(noFolder.err()).contains("is not a directory", "Usage:");
  }

  private static String runDir() throws URISyntaxException {
    return Path.of(TraceCommandTest.class.getResource("/traces/run").toURI()).toString();
  }
}
