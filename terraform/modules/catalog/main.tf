data "aws_caller_identity" "current" {}

locals {
  datasets_dir = coalesce(var.datasets_dir, "${path.module}/../../../contracts/datasets")

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

# Account-wide: every reader of the catalog (Athena, Spark, ...) then needs kms:Decrypt on the key.
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
