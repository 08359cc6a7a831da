data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.region
  root_arn   = "arn:${local.partition}:iam::${local.account_id}:root"

  # The AWS services that write into the pipeline's encrypted queues and topics on their own behalf:
  # SNS delivering to SQS, S3 event notifications, EventBridge schedules, CloudWatch alarms and
  # AWS Budgets publishing to the alerts topic.
  # https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html#compatibility-with-aws-services
  delivering_services = [for s in var.delivering_services : "${s}.amazonaws.com"]

  # Principals of this account may use the data key only through the services that store the
  # pipeline's data (kms:ViaService); IAM policies still decide which principal may. DynamoDB, for
  # one, decrypts a table's key as the principal reading or writing the table.
  via_services = [for s in var.via_services : "${s}.${local.region}.amazonaws.com"]
}

################################################################################
# Data key
################################################################################

resource "aws_kms_key" "this" {
  description             = var.description
  enable_key_rotation     = true
  rotation_period_in_days = var.rotation_period_in_days
  deletion_window_in_days = var.deletion_window_in_days
  policy                  = data.aws_iam_policy_document.this.json
  tags                    = var.tags
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.alias}"
  target_key_id = aws_kms_key.this.key_id
}

# In a key policy "Resource": "*" means "this key".
# https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html
data "aws_iam_policy_document" "this" {
  statement {
    sid       = "AccountAdministersKey"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.root_arn]
    }
  }

  statement {
    sid       = "AccountPrincipalsThroughPipelineServices"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.root_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:CallerAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = local.via_services
    }
  }

  # DynamoDB uses the key on behalf of the principal that creates a table, too: it creates grants
  # for itself (table key, background maintenance, continuous backups) and needs, at a minimum,
  # Encrypt, Decrypt, ReEncrypt*, GenerateDataKey*, DescribeKey and CreateGrant; the statement above
  # holds the rest (dynamodb is in the default via_services). Only through DynamoDB in this region
  # (AWS's example uses dynamodb.*, for global tables, which the pipeline has none of).
  # https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/encryption.howitworks.html
  # ("Key policy for a customer managed key", formerly in the KMS guide's services-dynamodb page)
  statement {
    sid       = "TableCreatorsThroughDynamoDb"
    actions   = ["kms:Encrypt", "kms:ReEncrypt*", "kms:CreateGrant"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.root_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:CallerAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["dynamodb.${local.region}.amazonaws.com"]
    }
  }

  statement {
    sid       = "ServicesDeliverIntoEncryptedQueuesAndTopics"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey*"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = local.delivering_services
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

################################################################################
# Logs key
################################################################################

resource "aws_kms_key" "logs" {
  description             = "Encrypts the CloudWatch log groups of ${var.alias}."
  enable_key_rotation     = true
  rotation_period_in_days = var.rotation_period_in_days
  deletion_window_in_days = var.deletion_window_in_days
  policy                  = data.aws_iam_policy_document.logs.json
  tags                    = var.tags
}

resource "aws_kms_alias" "logs" {
  name          = "alias/${var.alias}-logs"
  target_key_id = aws_kms_key.logs.key_id
}

# CloudWatch Logs may use the key only for this account's log groups (encryption context).
# https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
data "aws_iam_policy_document" "logs" {
  #checkov:skip=CKV_AWS_111:Key policy: "Resource": "*" means this key only, and the principals are this account and a service principal limited by condition.
  #checkov:skip=CKV_AWS_356:Key policy: "*" is the only valid resource of a key policy and means this key.
  #checkov:skip=CKV_AWS_109:Key policy: the account root must administer its own key (AWS default key policy) or the key becomes unmanageable.
  statement {
    sid       = "AccountAdministersKey"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.root_arn]
    }
  }

  statement {
    sid = "CloudWatchLogsEncryptsThisAccountsLogGroups"
    actions = [
      "kms:Encrypt*",
      "kms:Decrypt*",
      "kms:ReEncrypt*",
      "kms:GenerateDataKey*",
      "kms:Describe*",
    ]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["logs.${local.region}.amazonaws.com"]
    }

    condition {
      test     = "ArnLike"
      variable = "kms:EncryptionContext:aws:logs:arn"
      values   = ["arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:*"]
    }
  }
}
