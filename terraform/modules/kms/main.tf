data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.region
  root_arn   = "arn:${local.partition}:iam::${local.account_id}:root"

  # The AWS services that write into the pipeline's encrypted queues and topics on their own behalf,
  # and what each writes into: SNS delivering to the subscribed queues and the subscriptions' DLQs,
  # S3 event notifications (and the test message PutBucketNotificationConfiguration sends), and
  # EventBridge schedules into queues; CloudWatch alarms and AWS Budgets into the alerts topic. The
  # KMS call is made by SQS or SNS for that service, with the queue's or topic's ARN as its
  # encryption context, so each service's statement is scoped to this account's queues or topics by
  # that context. Not by aws:SourceAccount or aws:SourceArn: not every service passes them on the KMS
  # call it triggers (EventBridge is documented not to), and a condition on a key the request lacks
  # denies the delivery silently. The encryption context is always there, and names a resource of
  # this account (no other account's queue or topic uses this key through these statements).
  # https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html#compatibility-with-aws-services
  # https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
  # https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html
  # https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-sns-policy.html
  delivery_destinations = {
    sns        = "queue"
    s3         = "queue"
    events     = "queue"
    cloudwatch = "topic"
    budgets    = "topic"
  }
  encryption_context = {
    queue = {
      variable = "kms:EncryptionContext:aws:sqs:arn"
      arns     = "arn:${local.partition}:sqs:${local.region}:${local.account_id}:*"
      sid      = "Queues"
    }
    topic = {
      variable = "kms:EncryptionContext:aws:sns:topicArn"
      arns     = "arn:${local.partition}:sns:${local.region}:${local.account_id}:*"
      sid      = "Topics"
    }
  }
  deliveries = { for s in var.delivering_services : s => local.encryption_context[local.delivery_destinations[s]] }

  # What the named key administrators may do: manage the keys, never use them (no Encrypt, Decrypt,
  # ReEncrypt, GenerateDataKey or CreateGrant, which would let them grant themselves a use). These are
  # the administrator actions of AWS's default key policy, less kms:Create* (CreateGrant) spelled out.
  # https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-administrators
  key_administrator_actions = [
    "kms:CreateAlias",
    "kms:DeleteAlias",
    "kms:UpdateAlias",
    "kms:Describe*",
    "kms:List*",
    "kms:Get*",
    "kms:Enable*",
    "kms:Disable*",
    "kms:Put*",
    "kms:UpdateKeyDescription",
    "kms:RevokeGrant",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:ScheduleKeyDeletion",
    "kms:CancelKeyDeletion",
    "kms:RotateKeyOnDemand",
  ]

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
  #checkov:skip=CKV_AWS_111:Key policy: "Resource": "*" means this key only; every statement but the account root's is limited by kms:ViaService or the encryption context of this account's queues and topics.
  #checkov:skip=CKV_AWS_356:Key policy: "*" is the only valid resource of a key policy and means this key.
  #checkov:skip=CKV_AWS_109:Key policy: the account root must administer its own key (AWS default key policy) or the key becomes unmanageable.
  # The account root keeps kms:* as in AWS's default key policy: without it a key whose named
  # principals are deleted cannot be managed again except through AWS Support. It gives nobody
  # access by itself; it lets the account's IAM policies grant the key, so the IAM policies (the
  # function roles: only through S3, SQS, SNS and DynamoDB, kms:ViaService) remain the boundary.
  # https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam
  statement {
    sid       = "AccountAdministersKey"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.root_arn]
    }
  }

  # The named key administrators manage the key in the key policy itself, not only through IAM.
  dynamic "statement" {
    for_each = length(var.key_administrator_arns) > 0 ? [var.key_administrator_arns] : []
    content {
      sid       = "NamedAdministratorsManageKey"
      actions   = local.key_administrator_actions
      resources = ["*"]

      principals {
        type        = "AWS"
        identifiers = statement.value
      }
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

  # Upstream accounts publish to the encrypted ingest topic and write the raw bucket's objects under
  # its default encryption: SNS and S3 call KMS with their credentials, so they may generate and
  # decrypt data keys only through SNS and S3 (their own IAM policies must allow it too).
  dynamic "statement" {
    for_each = length(var.upstream_principals) > 0 ? [var.upstream_principals] : []
    content {
      sid       = "UpstreamsThroughSnsAndS3"
      actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
      resources = ["*"]

      principals {
        type        = "AWS"
        identifiers = statement.value
      }

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["sns.${local.region}.amazonaws.com", "s3.${local.region}.amazonaws.com"]
      }
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

  # One statement per delivering service (see local.deliveries).
  dynamic "statement" {
    for_each = local.deliveries
    content {
      sid       = "${title(statement.key)}DeliversIntoThisAccounts${statement.value.sid}"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey*"]
      resources = ["*"]

      principals {
        type        = "Service"
        identifiers = ["${statement.key}.amazonaws.com"]
      }

      condition {
        test     = "ArnLike"
        variable = statement.value.variable
        values   = [statement.value.arns]
      }
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
  # The account root keeps kms:* as in AWS's default key policy: without it a key whose named
  # principals are deleted cannot be managed again except through AWS Support. It gives nobody
  # access by itself; it lets the account's IAM policies grant the key, so the IAM policies (the
  # function roles: only through S3, SQS, SNS and DynamoDB, kms:ViaService) remain the boundary.
  # https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam
  statement {
    sid       = "AccountAdministersKey"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.root_arn]
    }
  }

  # The named key administrators manage the key in the key policy itself, not only through IAM.
  dynamic "statement" {
    for_each = length(var.key_administrator_arns) > 0 ? [var.key_administrator_arns] : []
    content {
      sid       = "NamedAdministratorsManageKey"
      actions   = local.key_administrator_actions
      resources = ["*"]

      principals {
        type        = "AWS"
        identifiers = statement.value
      }
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
