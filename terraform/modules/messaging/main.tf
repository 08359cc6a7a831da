data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  # The one source of truth: topics, queues, DLQs, subscriptions and schedules are never retyped.
  topology   = jsondecode(file(coalesce(var.topology_file, "${path.module}/../../../contracts/topology.json")))
  account_id = data.aws_caller_identity.current.account_id

  # AWS requires FIFO topic and queue names to end in .fifo (tools/local ResourceNames does the same).
  fifo_suffix = ".fifo"

  topics        = { for t in local.topology.topics : t.name => t }
  queues        = { for q in local.topology.queues : q.name => q }
  dead_letters  = { for q in local.topology.queues : q.name => merge(q.deadLetter, { fifo = q.fifo }) if try(q.deadLetter, null) != null }
  subscriptions = { for s in local.topology.subscriptions : "${s.topic}-to-${s.queue}" => s }
  schedules     = { for s in local.topology.schedules : s.name => s }

  # What SNS gives up delivering to a subscription's queue goes to the subscription's own DLQ,
  # of the topic's kind (FIFO for a FIFO topic).
  subscription_dead_letters = {
    for k, s in local.subscriptions : k => merge(s.deadLetter, { topic = s.topic, fifo = local.topics[s.topic].fifo })
    if try(s.deadLetter, null) != null
  }

  # What a schedule sends: the schedule.tick contract, at the version its schema declares.
  schedule_tick_type    = "schedule.tick"
  schedule_tick_version = jsondecode(file("${path.module}/../../../contracts/messages/schedule.tick/v1/schema.json"))["x-version"]

  bucket_notifications = flatten([
    for b in local.topology.buckets : [for n in b.notifications : { bucket = b.name, queue = n.queue }]
  ])

  # Every queue something sends to, and who: the queue policies below.
  queue_senders = {
    for name, _ in local.queues : name => {
      topics    = distinct([for s in local.topology.subscriptions : s.topic if s.queue == name])
      buckets   = distinct([for n in local.bucket_notifications : n.bucket if n.queue == name])
      schedules = [for s in local.topology.schedules : s.name if s.queue == name]
    }
  }
  queues_with_senders = {
    for name, s in local.queue_senders : name => s
    if length(s.topics) + length(s.buckets) + length(s.schedules) > 0
  }
}

################################################################################
# Topic
################################################################################

resource "aws_sns_topic" "this" {
  for_each = local.topics

  name                        = "${var.prefix}-${each.key}${each.value.fifo ? local.fifo_suffix : ""}"
  fifo_topic                  = each.value.fifo ? true : null
  content_based_deduplication = each.value.fifo ? try(each.value.contentBasedDeduplication, false) : null
  kms_master_key_id           = var.kms_key_arn
  tags                        = merge(var.tags, { "iceflow:topic" = each.key })
}

# Other accounts' principals may publish to the topics named in topic_publishers (upstream to
# ingest); without any, the topic keeps SNS's default, owner-only policy. The principals also need
# kms:GenerateDataKey and kms:Decrypt on the data key through SNS (the kms module's
# upstream_principals) and sns:Publish in their own IAM policies.
# https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html
resource "aws_sns_topic_policy" "publishers" {
  for_each = { for topic, principals in var.topic_publishers : topic => principals if length(principals) > 0 }

  arn    = aws_sns_topic.this[each.key].arn
  policy = data.aws_iam_policy_document.publishers[each.key].json
}

data "aws_iam_policy_document" "publishers" {
  for_each = { for topic, principals in var.topic_publishers : topic => principals if length(principals) > 0 }

  statement {
    sid       = "AccountManagesTopic"
    actions   = ["sns:Publish", "sns:Subscribe", "sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:ListSubscriptionsByTopic"]
    resources = [aws_sns_topic.this[each.key].arn]

    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${local.account_id}:root"]
    }
  }

  statement {
    sid       = "UpstreamPublishes"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.this[each.key].arn]

    principals {
      type        = "AWS"
      identifiers = each.value
    }
  }
}

################################################################################
# Queue
################################################################################

resource "aws_sqs_queue" "this" {
  for_each = local.queues

  name                              = "${var.prefix}-${each.key}${each.value.fifo ? local.fifo_suffix : ""}"
  fifo_queue                        = each.value.fifo ? true : null
  content_based_deduplication       = each.value.fifo ? try(each.value.contentBasedDeduplication, false) : null
  visibility_timeout_seconds        = each.value.visibilityTimeoutSeconds
  message_retention_seconds         = each.value.messageRetentionSeconds
  receive_wait_time_seconds         = each.value.receiveWaitTimeSeconds
  kms_master_key_id                 = var.kms_key_arn
  kms_data_key_reuse_period_seconds = var.kms_data_key_reuse_period_seconds

  redrive_policy = contains(keys(local.dead_letters), each.key) ? jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq[each.key].arn
    maxReceiveCount     = each.value.deadLetter.maxReceiveCount
  }) : null

  tags = merge(var.tags, { "iceflow:queue" = each.key })
}

################################################################################
# Dead Letter Queue
################################################################################

# A FIFO queue's dead-letter queue must be FIFO too.
resource "aws_sqs_queue" "dlq" {
  for_each = local.dead_letters

  name                              = "${var.prefix}-${each.value.name}${each.value.fifo ? local.fifo_suffix : ""}"
  fifo_queue                        = each.value.fifo ? true : null
  message_retention_seconds         = each.value.messageRetentionSeconds
  kms_master_key_id                 = var.kms_key_arn
  kms_data_key_reuse_period_seconds = var.kms_data_key_reuse_period_seconds
  tags                              = merge(var.tags, { "iceflow:queue" = each.value.name })
}

# Only its own source queue may move messages here (and redrive them back).
resource "aws_sqs_queue_redrive_allow_policy" "dlq" {
  for_each = local.dead_letters

  queue_url = aws_sqs_queue.dlq[each.key].id
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.this[each.key].arn]
  })
}

################################################################################
# Subscription
################################################################################

resource "aws_sns_topic_subscription" "this" {
  for_each = local.subscriptions

  topic_arn            = aws_sns_topic.this[each.value.topic].arn
  protocol             = "sqs"
  endpoint             = aws_sqs_queue.this[each.value.queue].arn
  raw_message_delivery = each.value.rawMessageDelivery
  filter_policy        = try(jsonencode(each.value.filterPolicy), null)
  filter_policy_scope  = try(each.value.filterPolicyScope, null)

  redrive_policy = contains(keys(local.subscription_dead_letters), each.key) ? jsonencode({
    deadLetterTargetArn = aws_sqs_queue.subscription_dlq[each.key].arn
  }) : null

  # SNS checks it may send when the subscription is confirmed.
  depends_on = [aws_sqs_queue_policy.this, aws_sqs_queue_policy.subscription_dlq]
}

################################################################################
# Subscription Dead Letter Queue
################################################################################

# Messages SNS could not deliver to the subscription's queue (the queue's policy or key refusing
# SNS, the queue gone), after its delivery retries; messages a filter policy rejects never come here.
# https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html
resource "aws_sqs_queue" "subscription_dlq" {
  for_each = local.subscription_dead_letters

  name                              = "${var.prefix}-${each.value.name}${each.value.fifo ? local.fifo_suffix : ""}"
  fifo_queue                        = each.value.fifo ? true : null
  message_retention_seconds         = each.value.messageRetentionSeconds
  kms_master_key_id                 = var.kms_key_arn
  kms_data_key_reuse_period_seconds = var.kms_data_key_reuse_period_seconds
  tags                              = merge(var.tags, { "iceflow:queue" = each.value.name })
}

# Only the subscription's topic may put messages here.
# https://docs.aws.amazon.com/sns/latest/dg/sns-configure-dead-letter-queue.html
resource "aws_sqs_queue_policy" "subscription_dlq" {
  for_each = local.subscription_dead_letters

  queue_url = aws_sqs_queue.subscription_dlq[each.key].id
  policy    = data.aws_iam_policy_document.subscription_dlq[each.key].json
}

data "aws_iam_policy_document" "subscription_dlq" {
  for_each = local.subscription_dead_letters

  statement {
    sid       = "TopicParksUndeliverable"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.subscription_dlq[each.key].arn]

    principals {
      type        = "Service"
      identifiers = ["sns.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_sns_topic.this[each.value.topic].arn]
    }
  }
}

################################################################################
# Queue policy
################################################################################

resource "aws_sqs_queue_policy" "this" {
  for_each = local.queues_with_senders

  queue_url = aws_sqs_queue.this[each.key].id
  policy    = data.aws_iam_policy_document.queue[each.key].json
}

data "aws_iam_policy_document" "queue" {
  for_each = local.queues_with_senders

  dynamic "statement" {
    for_each = each.value.topics
    content {
      sid       = "Topic${replace(title(replace(statement.value, "-", " ")), " ", "")}Sends"
      actions   = ["sqs:SendMessage"]
      resources = [aws_sqs_queue.this[each.key].arn]

      principals {
        type        = "Service"
        identifiers = ["sns.amazonaws.com"]
      }

      condition {
        test     = "ArnEquals"
        variable = "aws:SourceArn"
        values   = [aws_sns_topic.this[statement.value].arn]
      }
    }
  }

  dynamic "statement" {
    for_each = each.value.buckets
    content {
      sid       = "Bucket${replace(title(replace(statement.value, "-", " ")), " ", "")}Notifies"
      actions   = ["sqs:SendMessage"]
      resources = [aws_sqs_queue.this[each.key].arn]

      principals {
        type        = "Service"
        identifiers = ["s3.amazonaws.com"]
      }

      condition {
        test     = "ArnEquals"
        variable = "aws:SourceArn"
        values   = [var.bucket_arns[statement.value]]
      }

      condition {
        test     = "StringEquals"
        variable = "aws:SourceAccount"
        values   = [local.account_id]
      }
    }
  }

  dynamic "statement" {
    for_each = each.value.schedules
    content {
      sid       = "Schedule${replace(title(replace(statement.value, "-", " ")), " ", "")}Sends"
      actions   = ["sqs:SendMessage"]
      resources = [aws_sqs_queue.this[each.key].arn]

      principals {
        type        = "Service"
        identifiers = ["events.amazonaws.com"]
      }

      condition {
        test     = "ArnEquals"
        variable = "aws:SourceArn"
        values   = [aws_cloudwatch_event_rule.schedule[statement.value].arn]
      }
    }
  }
}

################################################################################
# Schedule
################################################################################

# The consumer receives a schedule.tick envelope (contracts/messages/schedule.tick/v1), the same
# message the local platform's timers send: the target's input transformer builds it from the
# scheduled event's id and time. The traceparent names the rule (consumers start a new trace per tick).
resource "aws_cloudwatch_event_rule" "schedule" {
  for_each = local.schedules

  name                = "${var.prefix}-${each.key}"
  description         = each.value.purpose
  schedule_expression = "rate(${each.value.rateMinutes} ${each.value.rateMinutes == 1 ? "minute" : "minutes"})"
  tags                = var.tags
}

resource "aws_cloudwatch_event_target" "schedule" {
  for_each = local.schedules

  rule = aws_cloudwatch_event_rule.schedule[each.key].name
  arn  = aws_sqs_queue.this[each.value.queue].arn

  input_transformer {
    input_paths = {
      id   = "$.id"
      time = "$.time"
    }
    # A heredoc, not jsonencode: jsonencode escapes the <placeholders> EventBridge fills in.
    input_template = <<-EOT
      {"id":"schedule.${each.key}.<id>","type":"${local.schedule_tick_type}","version":"${local.schedule_tick_version}","source":"urn:iceflow:scheduler","time":"<time>","dataset":"*","correlationId":"schedule.${each.key}.<id>","traceparent":"00-${md5(each.key)}-${substr(sha1(each.key), 0, 16)}-00","dataschema":"messages/schedule.tick/v1/schema.json","data":{"schedule":"${each.key}","rateMinutes":${each.value.rateMinutes},"firedAt":"<time>"}}
    EOT
  }

  dynamic "sqs_target" {
    for_each = local.queues[each.value.queue].fifo ? [each.key] : []
    content {
      message_group_id = sqs_target.value
    }
  }
}
