################################################################################
# Queue alarms
################################################################################

output "alarm_arns" {
  description = "ARNs of the queue alarms by name."
  value = merge(
    { for k, a in aws_cloudwatch_metric_alarm.oldest_message_age : a.alarm_name => a.arn },
    { for k, a in aws_cloudwatch_metric_alarm.dlq : a.alarm_name => a.arn },
    { (aws_cloudwatch_metric_alarm.unrouted.alarm_name) = aws_cloudwatch_metric_alarm.unrouted.arn },
  )
}

################################################################################
# Dashboard
################################################################################

output "dashboard_name" {
  description = "Name of the CloudWatch dashboard."
  value       = aws_cloudwatch_dashboard.this.dashboard_name
}
