# The prod account: a year of logs, buckets protected from destroy.
module "pipeline" {
  source = "../../modules/pipeline"

  prefix             = "iceflow-prod"
  deployed_functions = var.deployed_functions
  runtime            = { kind = var.runtime_kind, kinds = var.runtime_kinds }

  reserve_concurrency = var.reserve_concurrency

  adot_collector_layer_arn = var.adot_collector_layer_arn
  key_administrator_arns   = var.key_administrator_arns
  upstream_principals      = var.upstream_principals

  manage_glue_catalog_encryption = var.manage_glue_catalog_encryption
  glue_catalog_kms_key_arn       = var.glue_catalog_kms_key_arn

  network = {
    cidr_block              = "10.50.0.0/16"
    availability_zone_count = var.availability_zone_count
    availability_zones      = var.availability_zones
  }

  log_retention_in_days = 365
  force_destroy_buckets = false

  alarm_thresholds = {
    "oldest-message-age" = 600
  }

  budget = {
    limit_amount    = var.budget_limit_usd
    email_addresses = var.budget_email_addresses

    activate_cost_allocation_tags = var.activate_cost_allocation_tags
    account_budget                = { limit_amount = var.account_budget_limit_usd }
  }
}
