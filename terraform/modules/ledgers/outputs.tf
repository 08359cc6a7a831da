################################################################################
# Table
################################################################################

output "table_names" {
  description = "DynamoDB table names by logical ledger name (what the services read from ICEFLOW_LEDGERS_<NAME>)."
  value       = { for k, t in aws_dynamodb_table.this : k => t.name }
}

output "table_arns" {
  description = "DynamoDB table ARNs by logical ledger name."
  value       = { for k, t in aws_dynamodb_table.this : k => t.arn }
}
