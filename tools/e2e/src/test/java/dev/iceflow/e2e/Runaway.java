package dev.iceflow.e2e;

import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * What Lambda would report for a runaway function: three million seconds of compute. At 1024 MB
 * that is 3 million GB-seconds, about 50 USD: 200 % of flights' 25 USD budget, past its hard limit
 * of 150 %.
 */
final class Runaway {

  static final double DURATION_MS = 3.0e9;

  private Runaway() {}

  /** Puts the runaway's Duration into CloudWatch, two minutes ago, as Lambda reports it. */
  static void report(CloudWatchClient cloudWatch, String function) {
    cloudWatch.putMetricData(
        p ->
            p.namespace("AWS/Lambda")
                .metricData(
                    m ->
                        m.metricName("Duration")
                            .dimensions(
                                Dimension.builder().name("FunctionName").value(function).build())
                            .unit(StandardUnit.MILLISECONDS)
                            .value(DURATION_MS)
                            .timestamp(Instant.now().minus(Duration.ofMinutes(2)))));
  }
}
