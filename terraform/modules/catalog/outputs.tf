################################################################################
# Database
################################################################################

output "database_names" {
  description = "Glue database names (the data contracts' Iceberg namespaces)."
  value       = [for d in aws_glue_catalog_database.this : d.name]
}

output "catalog_kms_key_arn" {
  description = "The KMS key the account's Data Catalog is encrypted with (null: not encrypted); every role that reads or writes the catalog may use it through Glue."
  value       = local.catalog_kms_key_arn
}

output "database_arns" {
  description = "Glue database ARNs by name."
  value       = { for k, d in aws_glue_catalog_database.this : k => d.arn }
}

################################################################################
# Lake Formation
################################################################################

output "lake_formation_enabled" {
  description = "Whether the warehouse is governed by Lake Formation."
  value       = var.lake_formation.enabled
}

################################################################################
# Table optimizers
################################################################################

output "glue_optimized_tables" {
  description = "Tables kept by AWS Glue's table optimizers (contract maintenance.mode = glue-optimizer), by dataset: database, table, location and the optimizers' retention settings."
  value = {
    for k, t in local.optimized_tables : k => merge(t, { location = local.table_locations[k] })
  }
}

output "table_optimizer_role_arn" {
  description = "ARN of the role the Glue table optimizers run with; null while no contract hands its table to them."
  value       = one(aws_iam_role.table_optimizer[*].arn)
}
