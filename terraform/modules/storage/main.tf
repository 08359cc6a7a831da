data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  topology   = jsondecode(file(coalesce(var.topology_file, "${path.module}/../../../contracts/topology.json")))
  account_id = data.aws_caller_identity.current.account_id

  # The topology's buckets plus the deployment's own artifacts bucket (Lambda packages over 50 MB
  # cannot be uploaded directly, so every package goes through S3).
  buckets = merge(
    { for b in local.topology.buckets : b.name => {
      versioning    = b.versioning
      lifecycle     = b.lifecycle
      notifications = b.notifications
    } },
    { (var.artifacts_bucket) = {
      versioning    = true # the functions name the exact object version they run
      lifecycle     = {}
      notifications = []
    } },
  )

  # Bucket names are global in AWS: the account id keeps dev and prod (and forks) apart.
  names = { for name, _ in local.buckets : name => "${var.prefix}-${name}-${local.account_id}" }

  notifying = { for name, b in local.buckets : name => b if length(b.notifications) > 0 }
}

################################################################################
# Buckets
################################################################################

resource "aws_s3_bucket" "this" {
  #checkov:skip=CKV_AWS_144:Single-region deployment; S3 stores across AZs and raw, quarantine and reference are versioned. Cross-region replication is a disaster-recovery decision per account, not part of the topology.
  for_each = local.buckets

  bucket        = local.names[each.key]
  force_destroy = var.force_destroy
  tags          = merge(var.tags, { "iceflow:bucket" = each.key })
}

resource "aws_s3_bucket_ownership_controls" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  for_each = aws_s3_bucket.this

  bucket                  = each.value.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id
  rule {
    bucket_key_enabled = true # fewer KMS requests: one data key per bucket, not per object
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
  }
}

resource "aws_s3_bucket_versioning" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id
  versioning_configuration {
    # Disabled is only valid on a bucket that never had versioning: Suspended is the safe "off".
    status = local.buckets[each.key].versioning ? "Enabled" : "Suspended"
  }
}

resource "aws_s3_bucket_policy" "this" {
  for_each = aws_s3_bucket.this

  bucket     = each.value.id
  policy     = data.aws_iam_policy_document.bucket[each.key].json
  depends_on = [aws_s3_bucket_public_access_block.this]
}

# TLS only, and for the buckets named in bucket_writers (upstream's raw) s3:PutObject for other
# accounts' principals under the given prefixes. Object ownership is BucketOwnerEnforced: ACLs are
# off, so this account owns every object they write whatever ACL they send (bucket-owner-full-control
# or none; any other ACL is refused), and the pipeline can read it. They write with the bucket's
# default encryption, the data key, so they also need kms:GenerateDataKey (and kms:Decrypt, for
# multipart uploads) through S3: the kms module's upstream_principals.
# https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html
data "aws_iam_policy_document" "bucket" {
  for_each = local.names

  source_policy_documents = [data.aws_iam_policy_document.tls_only[each.key].json]

  dynamic "statement" {
    for_each = length(try(var.bucket_writers[each.key].principals, [])) > 0 ? [var.bucket_writers[each.key]] : []
    content {
      sid       = "UpstreamPutsObjects"
      actions   = ["s3:PutObject"]
      resources = [for prefix in statement.value.prefixes : "arn:${data.aws_partition.current.partition}:s3:::${each.value}/${prefix}*"]

      principals {
        type        = "AWS"
        identifiers = statement.value.principals
      }
    }
  }
}

# Deny every request that does not use TLS.
# https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit
data "aws_iam_policy_document" "tls_only" {
  for_each = local.names

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = ["arn:${data.aws_partition.current.partition}:s3:::${each.value}", "arn:${data.aws_partition.current.partition}:s3:::${each.value}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

################################################################################
# Lifecycle
################################################################################

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id

  # Transitions and expiry as the topology gives them (raw: IA at 30 days, Glacier at 90).
  rule {
    id     = "topology-lifecycle"
    status = "Enabled"
    filter {}

    dynamic "transition" {
      for_each = try(local.buckets[each.key].lifecycle.transitionToIaDays, null) == null ? [] : [local.buckets[each.key].lifecycle.transitionToIaDays]
      content {
        days          = transition.value
        storage_class = "STANDARD_IA"
      }
    }

    dynamic "transition" {
      for_each = try(local.buckets[each.key].lifecycle.transitionToGlacierDays, null) == null ? [] : [local.buckets[each.key].lifecycle.transitionToGlacierDays]
      content {
        days          = transition.value
        storage_class = "GLACIER"
      }
    }

    dynamic "expiration" {
      for_each = try(local.buckets[each.key].lifecycle.expireDays, null) == null ? [] : [local.buckets[each.key].lifecycle.expireDays]
      content {
        days = expiration.value
      }
    }

    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_expiration_days
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}

################################################################################
# Access logging
################################################################################

resource "aws_s3_bucket_logging" "this" {
  for_each = aws_s3_bucket.this

  bucket        = each.value.id
  target_bucket = aws_s3_bucket.access_logs.id
  target_prefix = "${each.key}/"
}

resource "aws_s3_bucket" "access_logs" {
  #checkov:skip=CKV_AWS_18:This is the access-log target; logging it into itself would loop.
  #checkov:skip=CKV_AWS_144:Access logs are operational data kept in-region; cross-region replication is not required for them.
  #checkov:skip=CKV_AWS_145:S3 server access logging delivers only to buckets with SSE-S3 default encryption, not SSE-KMS (https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html).
  #checkov:skip=CKV2_AWS_62:Nothing reacts to new access-log objects.
  bucket        = "${var.prefix}-access-logs-${local.account_id}"
  force_destroy = var.force_destroy
  tags          = var.tags
}

resource "aws_s3_bucket_ownership_controls" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "access_logs" {
  bucket                  = aws_s3_bucket.access_logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256" # the only default encryption server access logging supports
    }
  }
}

resource "aws_s3_bucket_versioning" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id

  rule {
    id     = "expire-access-logs"
    status = "Enabled"
    filter {}

    expiration {
      days = var.access_log_expiration_days
    }

    noncurrent_version_expiration {
      noncurrent_days = 1
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }

  depends_on = [aws_s3_bucket_versioning.access_logs]
}

resource "aws_s3_bucket_policy" "access_logs" {
  bucket     = aws_s3_bucket.access_logs.id
  policy     = data.aws_iam_policy_document.access_logs.json
  depends_on = [aws_s3_bucket_public_access_block.access_logs]
}

# https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html#grant-log-delivery-permissions-general
data "aws_iam_policy_document" "access_logs" {
  source_policy_documents = [data.aws_iam_policy_document.tls_only_access_logs.json]

  statement {
    sid       = "S3ServerAccessLogsDelivery"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.access_logs.arn}/*"]

    principals {
      type        = "Service"
      identifiers = ["logging.s3.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = [for b in aws_s3_bucket.this : b.arn]
    }
  }
}

data "aws_iam_policy_document" "tls_only_access_logs" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.access_logs.arn, "${aws_s3_bucket.access_logs.arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

################################################################################
# Event notifications
################################################################################

# The queue policies that let S3 send must exist first: S3 tests the destination when the
# configuration is written. var.queue_arns comes from the messaging module, which only outputs
# them once those policies are in place.
resource "aws_s3_bucket_notification" "this" {
  for_each = local.notifying

  bucket = aws_s3_bucket.this[each.key].id

  dynamic "queue" {
    for_each = each.value.notifications
    content {
      id            = "${each.key}-to-${queue.value.queue}"
      queue_arn     = var.queue_arns[queue.value.queue]
      events        = queue.value.events
      filter_prefix = try(queue.value.prefix, null)
    }
  }
}
