################################################################################
# Function
################################################################################

output "function_name" {
  description = "Name of the function."
  value       = aws_lambda_function.this.function_name
}

output "function_arn" {
  description = "ARN of the function (unqualified)."
  value       = aws_lambda_function.this.arn
}

output "alias_arn" {
  description = "ARN of the alias the event source mapping invokes."
  value       = aws_lambda_alias.this.arn
}

output "version" {
  description = "Latest published version."
  value       = aws_lambda_function.this.version
}

################################################################################
# Event source mapping
################################################################################

output "event_source_mapping_uuid" {
  description = "UUID of the SQS event source mapping (what pausing disables)."
  value       = aws_lambda_event_source_mapping.this.uuid
}

output "event_source_mapping_arn" {
  description = "ARN of the SQS event source mapping (arn:aws:lambda:<region>:<account>:event-source-mapping:<uuid>): what a controlling function (cost-guard) may get and update."
  value       = aws_lambda_event_source_mapping.this.arn
}

################################################################################
# Log group
################################################################################

output "log_group_name" {
  description = "Name of the function's log group."
  value       = aws_cloudwatch_log_group.this.name
}

################################################################################
# Role
################################################################################

output "role_arn" {
  description = "ARN of the function's execution role."
  value       = aws_iam_role.this.arn
}

output "role_name" {
  description = "Name of the function's execution role (the pipeline attaches the event source mapping grant of a controlling function to it)."
  value       = aws_iam_role.this.name
}

################################################################################
# Alarms
################################################################################

output "alarm_arns" {
  description = "ARNs of the function's own alarms (throttles); the topology's alarms on its DLQ and errors are the observability module's."
  value = {
    throttles = aws_cloudwatch_metric_alarm.throttles.arn
  }
}
