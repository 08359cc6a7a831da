################################################################################
# Database
################################################################################

output "database_names" {
  description = "Glue database names (the data contracts' Iceberg namespaces)."
  value       = [for d in aws_glue_catalog_database.this : d.name]
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
