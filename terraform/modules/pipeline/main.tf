data "aws_region" "current" {}
data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  topology_file = coalesce(var.topology_file, "${path.module}/../../../contracts/topology.json")
  topology      = jsondecode(file(local.topology_file))
  repository    = coalesce(var.repository_root, "${path.module}/../../..")

  functions = { for f in local.topology.functions : f.name => f if contains(var.deployed_functions, f.name) }

  # The deployed functions' names, as lambda-service names them (<prefix>-<name>), spelled out here
  # rather than read from module.service so that one service's environment can name another without
  # a dependency cycle.
  function_names = { for name in keys(local.functions) : name => "${var.prefix}-${name}" }

  # Each deployed function's runtime kind (runtime.kinds overrides runtime.kind), and where each kind's
  # package is built in a service module: Quarkus's JVM build, or the native profile's (docs/native.md).
  function_kinds = { for name in keys(local.functions) : name => lookup(var.runtime.kinds, name, var.runtime.kind) }
  package_paths = {
    jvm    = "target/function.zip"
    native = "target/native/function.zip"
  }

  # Functions that pause and resume others (cost-guard), each with the deployed functions of its
  # topology entry's controlsFunctions.
  controllers = {
    for name, f in local.functions : name => [for c in try(f.controlsFunctions, []) : c if contains(keys(local.functions), c)]
    if length(try(f.controlsFunctions, [])) > 0
  }

  # The table stages: functions that write the Iceberg warehouse.
  iceberg_functions = [for name, f in local.functions : name if contains(f.writesBuckets, "warehouse")]

  consumed_queues = [for f in local.functions : f.consumes.queue]

  topology_buckets = { for b in local.topology.buckets : b.name => module.storage.bucket_names[b.name] }
  ledger_tables = {
    for l, name in module.ledgers.table_names : l => { name = name, arn = module.ledgers.table_arns[l] }
  }
}

################################################################################
# Keys
################################################################################

module "kms" {
  source = "../kms"

  alias                  = "${var.prefix}-${local.topology.kmsKey.alias}"
  description            = local.topology.kmsKey.description
  key_administrator_arns = var.key_administrator_arns
  upstream_principals    = local.upstream_principals
  tags                   = var.tags
}

################################################################################
# Network
################################################################################

locals {
  # The interface endpoints: one per AWS API the deployed functions call themselves, as their code
  # does (services/*: AwsClients and the Iceberg catalog), each billed per zone-hour. S3 and DynamoDB
  # go through the free gateway endpoints. None for what Lambda does on the functions' behalf outside
  # their VPC: polling SQS for the event source mapping, shipping logs (logs), decrypting the
  # environment (kms), credentials (sts), and Active tracing's own segments (the X-Ray daemon of the
  # Lambda environment). No function calls KMS: S3, SQS, SNS, DynamoDB and Glue call it for them.
  calls_service = {
    # Every function parks what it can never process in its own DLQ itself (common
    # DeadLetterParking: GetQueueUrl, SendMessage), and validation sends to its sendsToQueues.
    sqs = length(local.functions) > 0
    # Publishing to the topology's publishesTo topics (common publishing).
    sns = anytrue([for f in local.functions : length(f.publishesTo) > 0])
    # Glue's Iceberg REST endpoint (glue.<region>.amazonaws.com/iceberg): the table stages' catalog
    # (lambda-service sets ICEFLOW_CATALOG_URI).
    glue = length(local.iceberg_functions) > 0
    # Pausing and resuming event source mappings (the controllers: cost-guard's controlsFunctions).
    lambda = length(local.controllers) > 0
    # CloudWatch GetMetricData (readsMetrics); metrics are written as EMF on stdout, not through the API.
    monitoring = anytrue([for f in local.functions : try(f.readsMetrics, false)])
    # The ADOT collector layer's awsxray exporter posts spans to X-Ray from inside the VPC.
    xray = var.adot_collector_layer_arn != null
  }
  interface_endpoints = sort([for service, called in local.calls_service : service if called])
}

module "network" {
  source = "../network"

  name                    = var.prefix
  cidr_block              = var.network.cidr_block
  availability_zone_count = var.network.availability_zone_count
  availability_zones      = var.network.availability_zones
  interface_endpoints     = local.interface_endpoints
  flow_logs = {
    kms_key_arn       = module.kms.logs_key_arn
    retention_in_days = var.log_retention_in_days
  }
  tags = var.tags
}

################################################################################
# Storage and messaging
################################################################################

locals {
  # Upstream in other accounts: publishes ingest.batch to the ingest topic, and drops files under
  # incoming/ and claim-check objects under claims/ in raw (the topology's purposes of the two).
  # An account id becomes its root principal (the account's IAM policies then decide who in it).
  upstream_principals = [
    for p in var.upstream_principals : can(regex("^[0-9]{12}$", p)) ? "arn:${data.aws_partition.current.partition}:iam::${p}:root" : p
  ]
  upstream_topic    = "ingest"
  upstream_bucket   = "raw"
  upstream_prefixes = ["incoming/", "claims/"]
}

module "storage" {
  source = "../storage"

  topology_file = local.topology_file
  prefix        = var.prefix
  kms_key_arn   = module.kms.key_arn
  queue_arns    = module.messaging.queue_arns
  force_destroy = var.force_destroy_buckets
  bucket_writers = {
    (local.upstream_bucket) = { prefixes = local.upstream_prefixes, principals = local.upstream_principals }
  }
  tags = var.tags
}

module "messaging" {
  source = "../messaging"

  topology_file    = local.topology_file
  prefix           = var.prefix
  kms_key_arn      = module.kms.key_arn
  bucket_arns      = module.storage.bucket_arns
  topic_publishers = { (local.upstream_topic) = local.upstream_principals }
  tags             = var.tags
}

################################################################################
# Ledgers
################################################################################

module "ledgers" {
  source = "../ledgers"

  topology_file = local.topology_file
  prefix        = var.prefix
  kms_key_arn   = module.kms.key_arn
  tags          = var.tags
}

################################################################################
# Catalog
################################################################################

module "catalog" {
  source = "../catalog"

  prefix               = var.prefix
  datasets_dir         = "${local.repository}/contracts/datasets"
  topology_file        = local.topology_file
  warehouse_bucket     = module.storage.bucket_names["warehouse"]
  warehouse_bucket_arn = module.storage.bucket_arns["warehouse"]
  catalog_encryption = {
    enabled     = var.manage_glue_catalog_encryption
    kms_key_arn = var.manage_glue_catalog_encryption ? module.kms.key_arn : var.glue_catalog_kms_key_arn
  }
  lake_formation = {
    enabled            = var.lake_formation_enabled
    table_writer_roles = { for name in local.iceberg_functions : name => module.service[name].role_arn }
  }
  table_optimizers = {
    data_key_arn          = module.kms.key_arn
    logs_key_arn          = module.kms.logs_key_arn
    log_retention_in_days = var.log_retention_in_days
  }
  tags = var.tags
}

################################################################################
# Services
################################################################################

module "service" {
  source   = "../lambda-service"
  for_each = local.functions

  name          = each.key
  topology_file = local.topology_file
  prefix        = var.prefix
  runtime       = { kind = local.function_kinds[each.key], architecture = var.runtime.architecture }
  environment   = var.function_environment

  reserve_concurrency = var.reserve_concurrency

  adot_collector_layer_arn = var.adot_collector_layer_arn

  artifact = {
    path   = "${local.repository}/${each.value.module}/${local.package_paths[local.function_kinds[each.key]]}"
    bucket = module.storage.artifacts_bucket
  }

  vpc = {
    subnet_ids                     = module.network.private_subnet_ids
    security_group_ids             = [module.network.function_security_group_id]
    replacement_security_group_ids = [module.network.default_security_group_id]
  }

  kms = {
    data_key_arn = module.kms.key_arn
    logs_key_arn = module.kms.logs_key_arn
  }

  queue_arns     = module.messaging.queue_arns
  queue_urls     = module.messaging.queue_urls
  topic_arns     = module.messaging.topic_arns
  bucket_names   = local.topology_buckets
  ledger_tables  = local.ledger_tables
  function_names = local.function_names

  iceberg = {
    enabled             = contains(local.iceberg_functions, each.key)
    catalog_kms_key_arn = module.catalog.catalog_kms_key_arn
  }

  log_retention_in_days = var.log_retention_in_days
  dlq_arn               = module.messaging.dlq_arns[each.value.consumes.queue]
  alarm_topic_arn       = module.messaging.topic_arns["alerts"]
  tags                  = var.tags
}

################################################################################
# Control of event sources (cost-guard)
################################################################################

# A controlling function pauses a stage by disabling the stage's SQS event source mapping and resumes
# it by enabling it again (UpdateEventSourceMapping; GetEventSourceMapping reads its state, and
# ListEventSourceMappings finds a function's mappings). Get and Update are granted on the ARNs of the
# controlled stages' mappings only; List has no resource types, so it takes "*" (and returns
# configuration only). The grant lives here, on the controller's role, because it names other
# service instances' mappings: inside lambda-service it would be a dependency cycle.
# https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslambda.html
# https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html
resource "aws_iam_role_policy" "controls_event_sources" {
  for_each = local.controllers

  name   = "${each.key}-controls-event-sources"
  role   = module.service[each.key].role_name
  policy = data.aws_iam_policy_document.controls_event_sources[each.key].json
}

data "aws_iam_policy_document" "controls_event_sources" {
  for_each = local.controllers

  statement {
    sid       = "ListEventSourceMappings"
    actions   = ["lambda:ListEventSourceMappings"]
    resources = ["*"]
  }

  dynamic "statement" {
    for_each = length(each.value) > 0 ? [each.value] : []
    content {
      sid       = "PauseAndResumeControlledFunctions"
      actions   = ["lambda:GetEventSourceMapping", "lambda:UpdateEventSourceMapping"]
      resources = [for f in statement.value : module.service[f].event_source_mapping_arn]
    }
  }
}

################################################################################
# Observability
################################################################################

module "observability" {
  source = "../observability"

  prefix                  = var.prefix
  topology_file           = local.topology_file
  datasets_dir            = "${local.repository}/contracts/datasets"
  alerts_topic_arn        = module.messaging.topic_arns["alerts"]
  queue_names             = module.messaging.queue_names
  dead_letter_queue_names = module.messaging.dead_letter_queue_names
  consumed_queues         = local.consumed_queues
  function_names          = local.function_names
  runbook_base_url        = var.runbook_base_url
  thresholds              = var.alarm_thresholds
  tags                    = var.tags
}

################################################################################
# Budgets
################################################################################

module "budgets" {
  source = "../budgets"

  name                          = "${var.prefix}-monthly"
  limit_amount                  = var.budget.limit_amount
  subscriber_email_addresses    = var.budget.email_addresses
  activate_cost_allocation_tags = var.budget.activate_cost_allocation_tags
  account_budget                = var.budget.account_budget
  alerts_topic_arn              = module.messaging.topic_arns["alerts"]
  cost_allocation_tag           = var.cost_allocation_tag
  tags                          = var.tags
}
