package dev.iceflow.costguard;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How cost-guard reads CloudWatch and estimates what it cannot read. */
@ConfigMapping(prefix = "iceflow.cost-guard")
public interface CostGuardConfig {

  /**
   * How far behind the tick a CloudWatch reading ends: Lambda's metrics can take a few minutes to
   * land, and a window once read is never read again (the watermark moves past it).
   */
  @WithDefault("PT5M")
  Duration metricsDelay();

  /**
   * The step of a reading (GetMetricData's period) and what its end is rounded down to: 5 minutes,
   * the resolution CloudWatch keeps for 63 days, so a late tick still finds the data.
   */
  @WithDefault("PT5M")
  Duration metricsGranularity();

  /** The longest window one tick reads; a longer gap is caught up over the next ticks. */
  @WithDefault("PT6H")
  Duration maxMetricsWindow();

  /**
   * How long SQS and SNS reuse a KMS data key (terraform: kms_data_key_reuse_period_seconds): each
   * encrypted queue and topic costs about two KMS requests per such period while it is in use.
   */
  @WithDefault("PT5M")
  Duration kmsDataKeyReuse();
}
