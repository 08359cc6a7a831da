package dev.iceflow.ops.status.alarms;

import dev.iceflow.contracts.topology.MetricRef;
import dev.iceflow.ops.status.alarms.AlarmInstance.Dimension;
import java.util.Optional;

/** One metric statistic per period, read with GetMetricData. */
record MetricQuery(
    String id,
    MetricRef metric,
    Optional<Dimension> dimension,
    String statistic,
    int periodSeconds) {}
