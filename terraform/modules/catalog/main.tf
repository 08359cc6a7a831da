data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  datasets_dir = coalesce(var.datasets_dir, "${path.module}/../../../contracts/datasets")
  account_id   = data.aws_caller_identity.current.account_id
  partition    = data.aws_partition.current.partition
  region       = data.aws_region.current.region

  # The key the account's Data Catalog is encrypted with, by this stack or another; null when it is not.
  catalog_kms_key_arn = var.catalog_encryption.kms_key_arn

  # One Glue database per Iceberg namespace the data contracts name (flights → iceflow).
  namespaces = toset([
    for f in fileset(local.datasets_dir, "*.json") : jsondecode(file("${local.datasets_dir}/${f}")).table.namespace
  ])

  # Each table-writing role × each database; keyed by function name, which is known at plan time.
  writer_grants = var.lake_formation.enabled ? {
    for pair in setproduct(keys(var.lake_formation.table_writer_roles), local.namespaces) :
    "${pair[0]}|${pair[1]}" => [var.lake_formation.table_writer_roles[pair[0]], pair[1]]
  } : {}
}

################################################################################
# Database
################################################################################

# Iceberg's GlueCatalog puts a table under the database's location (<warehouse>/<db>.db/<table>).
resource "aws_glue_catalog_database" "this" {
  for_each = local.namespaces

  name         = each.key
  description  = "Iceberg tables of namespace ${each.key} (written by the iceflow pipeline)."
  location_uri = "s3://${var.warehouse_bucket}/${each.key}.db"
  tags         = var.tags
}

################################################################################
# Catalog encryption
################################################################################

# Account-wide and outliving this stack: every client of the catalog (Athena, Spark, ...) then needs
# the key, and what was encrypted stays so after the key is scheduled for deletion. Off by default;
# an account-baseline stack should own it.
resource "aws_glue_data_catalog_encryption_settings" "this" {
  count = var.catalog_encryption.enabled ? 1 : 0

  data_catalog_encryption_settings {
    encryption_at_rest {
      catalog_encryption_mode = "SSE-KMS"
      sse_aws_kms_key_id      = var.catalog_encryption.kms_key_arn
    }

    connection_password_encryption {
      return_connection_password_encrypted = true
      aws_kms_key_id                       = var.catalog_encryption.kms_key_arn
    }
  }
}

################################################################################
# Lake Formation
################################################################################

resource "aws_lakeformation_resource" "warehouse" {
  count = var.lake_formation.enabled ? 1 : 0

  arn                     = var.warehouse_bucket_arn
  use_service_linked_role = true
}

resource "aws_lakeformation_permissions" "database" {
  for_each = local.writer_grants

  principal   = each.value[0]
  permissions = ["DESCRIBE", "CREATE_TABLE", "ALTER"]

  database {
    name = aws_glue_catalog_database.this[each.value[1]].name
  }
}

resource "aws_lakeformation_permissions" "tables" {
  for_each = local.writer_grants

  principal   = each.value[0]
  permissions = ["SELECT", "INSERT", "DELETE", "DESCRIBE", "ALTER"]

  table {
    database_name = aws_glue_catalog_database.this[each.value[1]].name
    wildcard      = true
  }
}

resource "aws_lakeformation_permissions" "warehouse_location" {
  for_each = var.lake_formation.enabled ? var.lake_formation.table_writer_roles : {}

  principal   = each.value
  permissions = ["DATA_LOCATION_ACCESS"]

  data_location {
    arn = aws_lakeformation_resource.warehouse[0].arn
  }
}

################################################################################
# Table optimizers
################################################################################

# Which tables AWS Glue's table optimizers keep instead of the compaction function, and with what
# settings: derived from the data contracts' maintenance sections and the topology.
module "maintenance" {
  source = "../table-maintenance"

  datasets_dir  = local.datasets_dir
  topology_file = var.topology_file
}

locals {
  optimized_tables = module.maintenance.glue_optimizer_tables
  optimizers_on    = length(local.optimized_tables) > 0

  # Iceberg's GlueCatalog puts a table at <database location>/<table> (see the database above);
  # the orphan-file optimizer looks for files under it.
  table_locations = {
    for k, t in local.optimized_tables : k => "s3://${var.warehouse_bucket}/${t.database}.db/${t.table}/"
  }
  table_object_arns = [for t in values(local.optimized_tables) : "${var.warehouse_bucket_arn}/${t.database}.db/${t.table}/*"]

  # Each optimizer logs its runs to its own log group, which Glue names.
  # https://docs.aws.amazon.com/glue/latest/dg/optimization-prerequisites.html
  optimizer_log_groups = {
    compaction           = "/aws-glue/iceberg-compaction/logs"
    retention            = "/aws-glue/iceberg-retention/logs"
    orphan_file_deletion = "/aws-glue/iceberg-orphan-file-deletion/logs"
  }
}

# Bin-packs small files, with Glue's own compaction settings (binpack, AWS's default minimum of input
# files). Recent AWS provider versions (6.58 has it; the 6.47 build bin/validate-terraform proves
# against may not) take a compaction_configuration block, and since the Glue API returns one
# whether or not it was sent, they plan a change they then refuse without the block. Ignoring the
# configuration keeps the resource valid on both; its only settings are the role, whose name never
# changes, and enabled. Once the provider pin has the block, set it from the contract instead.
resource "aws_glue_catalog_table_optimizer" "compaction" {
  for_each = local.optimized_tables

  catalog_id    = local.account_id
  database_name = aws_glue_catalog_database.this[each.value.database].name
  table_name    = each.value.table
  type          = "compaction"

  configuration {
    role_arn = aws_iam_role.table_optimizer[0].arn
    enabled  = true
  }

  lifecycle {
    ignore_changes = [configuration]
  }

  depends_on = [aws_iam_role_policy.table_optimizer, aws_cloudwatch_log_group.table_optimizer]
}

# Expires snapshots older than the contract's retention, keeping at least its minimum, and deletes
# the files only they referenced.
resource "aws_glue_catalog_table_optimizer" "retention" {
  for_each = local.optimized_tables

  catalog_id    = local.account_id
  database_name = aws_glue_catalog_database.this[each.value.database].name
  table_name    = each.value.table
  type          = "retention"

  configuration {
    role_arn = aws_iam_role.table_optimizer[0].arn
    enabled  = true

    retention_configuration {
      iceberg_configuration {
        snapshot_retention_period_in_days = each.value.snapshot_retention_days
        number_of_snapshots_to_retain     = each.value.snapshots_to_retain
        clean_expired_files               = true
      }
    }
  }

  depends_on = [aws_iam_role_policy.table_optimizer, aws_cloudwatch_log_group.table_optimizer]
}

# Deletes files under the table that no snapshot references, once they are older than the window a
# staged file can wait for its commit (never a file a pending commit will still add).
resource "aws_glue_catalog_table_optimizer" "orphan_file_deletion" {
  for_each = local.optimized_tables

  catalog_id    = local.account_id
  database_name = aws_glue_catalog_database.this[each.value.database].name
  table_name    = each.value.table
  type          = "orphan_file_deletion"

  configuration {
    role_arn = aws_iam_role.table_optimizer[0].arn
    enabled  = true

    orphan_file_deletion_configuration {
      iceberg_configuration {
        orphan_file_retention_period_in_days = each.value.orphan_file_retention_days
        location                             = local.table_locations[each.key]
      }
    }
  }

  depends_on = [aws_iam_role_policy.table_optimizer, aws_cloudwatch_log_group.table_optimizer]
}

# Glue would create these on the first run, unencrypted and kept forever; created here they are
# encrypted with the logs key and expire. The names are account-wide: an account where an optimizer
# already ran has them, so import them before the first apply there.
resource "aws_cloudwatch_log_group" "table_optimizer" {
  #checkov:skip=CKV_AWS_338:Retention is a per-account choice passed in (prod 365 days, dev 30 days), as for the functions' log groups.
  for_each = local.optimizers_on ? local.optimizer_log_groups : {}

  name              = each.value
  retention_in_days = var.table_optimizers.log_retention_in_days
  kms_key_id        = var.table_optimizers.logs_key_arn
  tags              = var.tags
}

################################################################################
# Table optimizer role
################################################################################

# One role for the three optimizers of every table the contracts hand to Glue.
# https://docs.aws.amazon.com/glue/latest/dg/optimization-prerequisites.html
resource "aws_iam_role" "table_optimizer" {
  count = local.optimizers_on ? 1 : 0

  name               = "${var.prefix}-table-optimizer"
  assume_role_policy = data.aws_iam_policy_document.table_optimizer_assume.json
  tags               = var.tags
}

data "aws_iam_policy_document" "table_optimizer_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["glue.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_iam_role_policy" "table_optimizer" {
  count = local.optimizers_on ? 1 : 0

  name   = "table-optimizer-least-privilege"
  role   = aws_iam_role.table_optimizer[0].id
  policy = data.aws_iam_policy_document.table_optimizer[0].json
}

data "aws_iam_policy_document" "table_optimizer" {
  count = local.optimizers_on ? 1 : 0

  # Compaction writes new files and snapshot retention deletes expired ones; orphan deletion reads
  # and deletes. Only inside the optimized tables' locations.
  statement {
    sid       = "RewriteTableFiles"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = local.table_object_arns
  }

  # Orphan deletion lists the table location to find files no snapshot references.
  statement {
    sid       = "ListWarehouse"
    actions   = ["s3:ListBucket"]
    resources = [var.warehouse_bucket_arn]
  }

  # Compaction and retention commit new table metadata through the catalog.
  statement {
    sid     = "CommitOptimizedTables"
    actions = ["glue:GetTable", "glue:UpdateTable"]
    resources = concat(
      ["arn:${local.partition}:glue:${local.region}:${local.account_id}:catalog"],
      [for db in distinct([for t in values(local.optimized_tables) : t.database]) : "arn:${local.partition}:glue:${local.region}:${local.account_id}:database/${db}"],
      [for t in values(local.optimized_tables) : "arn:${local.partition}:glue:${local.region}:${local.account_id}:table/${t.database}/${t.table}"],
    )
  }

  # The warehouse objects (SSE-KMS) use the data key: the optimizers read and write them through S3
  # (and Glue), never by calling KMS themselves (kms:ViaService, as the key policy also requires).
  statement {
    sid       = "UseDataKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.table_optimizers.data_key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = [for s in ["s3", "glue"] : "${s}.${local.region}.amazonaws.com"]
    }
  }

  # Every client of an encrypted Data Catalog, reading or writing, needs GenerateDataKey, Decrypt
  # and Encrypt on the catalog's key; only through Glue, so Encrypt is no wider than that.
  # https://docs.aws.amazon.com/glue/latest/dg/set-up-encryption.html
  dynamic "statement" {
    for_each = local.catalog_kms_key_arn != null ? [local.catalog_kms_key_arn] : []
    content {
      sid       = "UseCatalogKeyThroughGlue"
      actions   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]
      resources = [statement.value]

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["glue.${local.region}.amazonaws.com"]
      }
    }
  }

  statement {
    sid       = "WriteOptimizerLogs"
    actions   = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]
    resources = [for name in values(local.optimizer_log_groups) : "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${name}:*"]
  }

  # With Lake Formation, Glue reads and writes the table with credentials Lake Formation vends to
  # the role (for the registered warehouse); GetDataAccess has no resource-level permissions.
  # https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslakeformation.html
  dynamic "statement" {
    for_each = var.lake_formation.enabled ? [true] : []
    content {
      sid       = "LakeFormationCredentials"
      actions   = ["lakeformation:GetDataAccess"]
      resources = ["*"]
    }
  }
}

# The permissions AWS lists for an optimizer role on a Lake Formation table.
# https://docs.aws.amazon.com/glue/latest/dg/enable-auto-table-optimizers.html
resource "aws_lakeformation_permissions" "table_optimizer" {
  for_each = var.lake_formation.enabled ? local.optimized_tables : {}

  principal   = aws_iam_role.table_optimizer[0].arn
  permissions = ["ALTER", "DESCRIBE", "INSERT", "DELETE"]

  table {
    database_name = aws_glue_catalog_database.this[each.value.database].name
    name          = each.value.table
  }
}
