################################################################################
# Alarms
################################################################################

output "alarms" {
  description = "One entry per topology alarm and target, keyed <alarm>/<target> (target: the logical queue, DLQ, function or dataset name, or pipeline), with the arguments of its aws_cloudwatch_metric_alarm: alarm_name, description (meaning, target and runbook URL), runbook, metric, ratio_of and expression (metric math when the alarm watches metric / ratio_of, else null), dimensions, statistic, period, evaluation_periods, datapoints_to_alarm, comparison_operator, threshold (an override or the topology's) and treat_missing_data."
  value       = local.alarms

  precondition {
    condition     = length(local.unknown_targets) == 0
    error_message = "Unknown alarm targets in the topology (want deadLetterQueues, consumedQueues, queue:<name>, functions, datasets or pipeline): ${join(", ", local.unknown_targets)}."
  }

  precondition {
    condition     = length(local.too_long) == 0
    error_message = "CloudWatch takes alarm descriptions of at most ${local.description_limit} characters; too long: ${join(", ", local.too_long)}. Shorten the topology's description or runbook_base_url."
  }
}
