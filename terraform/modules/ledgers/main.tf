locals {
  # The topology's ledgers, never retyped: tools/local LedgerProvisioning creates the same tables in
  # the emulator, named the same way (<prefix>-<logical name>, e.g. iceflow-local-idempotency).
  topology = jsondecode(file(coalesce(var.topology_file, "${path.module}/../../../contracts/topology.json")))
  ledgers  = { for l in local.topology.ledgers : l.name => l }
}

################################################################################
# Table
################################################################################

# A ledger is the pipeline's memory across retries, redeliveries and redrives (the commit stage's
# exactly-once record outlives every queue and DLQ): on demand, because its traffic follows the
# batches; deletion-protected, because losing it silently turns exactly-once into at-least-once.
resource "aws_dynamodb_table" "this" {
  #checkov:skip=CKV_AWS_28:Point-in-time recovery is each ledger's pointInTimeRecovery in the topology (true for idempotency), which checkov cannot read through jsondecode(file(...)); terraform/tests checks every table against the topology (checks.ledgers_follow_topology).
  for_each = local.ledgers

  name                        = "${var.prefix}-${each.key}"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = each.value.partitionKey
  deletion_protection_enabled = true

  # The contract's partition keys are strings (LedgerSpec; the local provisioner declares S too).
  attribute {
    name = each.value.partitionKey
    type = "S"
  }

  # The services write the attribute as epoch seconds (ttlDays after the item's last write); DynamoDB
  # deletes expired items in the background, without consuming write capacity.
  # https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TTL.html
  ttl {
    attribute_name = each.value.ttlAttribute
    enabled        = true
  }

  point_in_time_recovery {
    enabled = each.value.pointInTimeRecovery
  }

  # The pipeline's data key. DynamoDB uses it on behalf of the principal that creates the table (grants
  # for the table key) and of each caller (Decrypt of the table key), through kms:ViaService dynamodb;
  # the kms module's key policy allows both.
  # https://docs.aws.amazon.com/kms/latest/developerguide/services-dynamodb.html
  server_side_encryption {
    enabled     = true
    kms_key_arn = var.kms_key_arn
  }

  tags = merge(var.tags, { "iceflow:ledger" = each.key })
}
