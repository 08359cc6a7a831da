################################################################################
# Alarms
################################################################################

output "alarm_arns" {
  description = "ARNs of the topology's alarms by alarm name (<prefix>-<alarm>-<target>)."
  value       = { for k, a in aws_cloudwatch_metric_alarm.this : a.alarm_name => a.arn }
}

################################################################################
# Dashboard
################################################################################

output "dashboard_name" {
  description = "Name of the CloudWatch dashboard."
  value       = aws_cloudwatch_dashboard.this.dashboard_name
}
