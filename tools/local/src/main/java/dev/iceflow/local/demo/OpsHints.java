package dev.iceflow.local.demo;

import dev.iceflow.local.emulator.LocalAws;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The on-call CLI's commands (tools/ops, {@code bin/ops}) against this emulator, copy-pasteable:
 * one {@code export} names the platform as the AWS CLI and bin/ops read a deployment from the
 * environment (the runbooks' commands then run unchanged), and the commands need no options.
 */
public final class OpsHints {

  private OpsHints() {}

  /**
   * The shell environment for this platform: its endpoints (the Lambda API's and the CloudWatch
   * bridge's by the SDKs' service-specific variables), the emulator's keys and region, the
   * deployment prefix and the run folder (catalog, traces).
   */
  public static String environment(LocalAws aws, URI lambdaEndpoint) {
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("AWS_ENDPOINT_URL", aws.endpoint().toString());
    variables.put("AWS_ENDPOINT_URL_LAMBDA", lambdaEndpoint.toString());
    variables.put("AWS_ENDPOINT_URL_CLOUDWATCH", aws.cloudWatchEndpoint().toString());
    variables.put("AWS_ACCESS_KEY_ID", "test");
    variables.put("AWS_SECRET_ACCESS_KEY", "test");
    variables.put("AWS_DEFAULT_REGION", LocalAws.REGION);
    variables.put("ICEFLOW_PREFIX", aws.provisioned().names().prefix());
    variables.put("ICEFLOW_RUN_DIR", aws.runDirectory().toString());
    return variables.entrySet().stream()
        .map(v -> v.getKey() + "=" + v.getValue())
        .collect(Collectors.joining(" ", "export ", ""));
  }

  /** The full cost report: fixed costs, Firehose and the break-even table. */
  public static String costReport() {
    return "bin/ops cost report";
  }

  /** Pausing validation: applied by cost-guard through the platform's Lambda API. */
  public static String pauseValidation() {
    return "bin/ops pause --function validation --reason \"trying ops pause\"";
  }

  /** The resume that lifts {@link #pauseValidation}'s hold. */
  public static String resumeValidation() {
    return "bin/ops resume --function validation --reason \"done trying\"";
  }

  /** The board: queues, mappings, holds, tables' freshness and the alarms firing. */
  public static String status() {
    return "bin/ops status";
  }

  /** The flights table's snapshots and the batches each committed. */
  public static String tableHistory() {
    return "bin/ops table history --dataset flights";
  }

  /** A batch's way through the stages, as a span waterfall. */
  public static String trace(String batchId) {
    return "bin/ops trace " + batchId;
  }

  /** The compaction sweep, now. */
  public static String compactNow() {
    return "bin/ops compact now --dataset flights";
  }
}
