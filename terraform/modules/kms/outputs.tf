################################################################################
# Data key
################################################################################

output "key_arn" {
  description = "ARN of the data key that encrypts every bucket, queue, topic and ledger table."
  value       = aws_kms_key.this.arn
}

output "key_alias" {
  description = "Alias name of the data key."
  value       = aws_kms_alias.this.name
}

################################################################################
# Logs key
################################################################################

output "logs_key_arn" {
  description = "ARN of the key that encrypts the CloudWatch log groups."
  value       = aws_kms_key.logs.arn
}
