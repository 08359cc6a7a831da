output "topic_arns" {
  description = "Topic ARNs by logical name (upstream publishes to ingest)."
  value       = module.pipeline.topic_arns
}

output "bucket_names" {
  description = "Bucket names by logical name (upstream drops files into raw under incoming/)."
  value       = module.pipeline.bucket_names
}

output "functions" {
  description = "Deployed functions with their alias and event source mapping."
  value       = module.pipeline.functions
}

output "dashboard_name" {
  description = "CloudWatch dashboard of this deployment."
  value       = module.pipeline.dashboard_name
}

output "ledger_table_names" {
  description = "DynamoDB tables of the ledgers by logical name (the commit stage's idempotency ledger)."
  value       = module.pipeline.ledger_table_names
}
