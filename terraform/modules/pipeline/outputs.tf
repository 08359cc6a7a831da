################################################################################
# Keys
################################################################################

output "kms_key_arn" {
  description = "ARN of the data key."
  value       = module.kms.key_arn
}

################################################################################
# Network
################################################################################

output "vpc_id" {
  description = "ID of the VPC."
  value       = module.network.vpc_id
}

output "interface_endpoints" {
  description = "The services with an interface endpoint, derived from what the deployed functions call (each costs per availability zone and hour)."
  value       = local.interface_endpoints
}

################################################################################
# Storage and messaging
################################################################################

output "bucket_names" {
  description = "Bucket names by logical name."
  value       = module.storage.bucket_names
}

output "topic_arns" {
  description = "Topic ARNs by logical name (upstream publishes to ingest)."
  value       = module.messaging.topic_arns
}

output "queue_arns" {
  description = "Queue ARNs by logical name."
  value       = module.messaging.queue_arns
}

################################################################################
# Ledgers
################################################################################

output "ledger_table_names" {
  description = "DynamoDB table names of the ledgers by logical name."
  value       = module.ledgers.table_names
}

output "ledger_table_arns" {
  description = "DynamoDB table ARNs of the ledgers by logical name."
  value       = module.ledgers.table_arns
}

################################################################################
# Catalog
################################################################################

output "glue_databases" {
  description = "Glue databases holding the Iceberg tables."
  value       = module.catalog.database_names
}

output "glue_optimized_tables" {
  description = "Tables kept by AWS Glue's table optimizers instead of the compaction function (contract maintenance.mode = glue-optimizer), with their settings."
  value       = module.catalog.glue_optimized_tables
}

################################################################################
# Services
################################################################################

output "functions" {
  description = "Deployed functions: name, alias ARN and event source mapping UUID and ARN by logical name."
  value = {
    for k, s in module.service : k => {
      name                      = s.function_name
      alias_arn                 = s.alias_arn
      event_source_mapping_uuid = s.event_source_mapping_uuid
      event_source_mapping_arn  = s.event_source_mapping_arn
    }
  }

  # cost-guard prices usage with contracts/prices/aws-<region>.json and fails to start without one:
  # fail the plan instead, saying what to add.
  precondition {
    condition     = !contains(keys(local.functions), "cost-guard") || fileexists("${local.repository}/contracts/prices/aws-${data.aws_region.current.region}.json")
    error_message = "cost-guard has no price table for this region: add contracts/prices/aws-<region>.json (every price with its source and date; see README \"Prices\"), or leave cost-guard out of deployed_functions."
  }
}

################################################################################
# Observability
################################################################################

output "dashboard_name" {
  description = "Name of the CloudWatch dashboard."
  value       = module.observability.dashboard_name
}
