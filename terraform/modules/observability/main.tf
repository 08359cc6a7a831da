data "aws_caller_identity" "current" {}
data "aws_region" "current" {}
data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.region

  consumed_queues = { for q in var.consumed_queues : q => var.queue_names[q] }
  unowned_dlqs    = { for q in var.unowned_dlqs : q => var.dlq_names[q] }
}

################################################################################
# Alerts topic
################################################################################

# CloudWatch alarms and AWS Budgets publish to the (KMS-encrypted) alerts topic; the data key's
# policy lets both services use the key.
resource "aws_sns_topic_policy" "alerts" {
  arn    = var.alerts_topic_arn
  policy = data.aws_iam_policy_document.alerts.json
}

data "aws_iam_policy_document" "alerts" {
  statement {
    sid       = "AlarmsAndBudgetsPublish"
    actions   = ["sns:Publish"]
    resources = [var.alerts_topic_arn]

    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com", "budgets.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }

  statement {
    sid       = "AccountManagesTopic"
    actions   = ["sns:Publish", "sns:Subscribe", "sns:GetTopicAttributes", "sns:ListSubscriptionsByTopic"]
    resources = [var.alerts_topic_arn]

    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${local.account_id}:root"]
    }
  }
}

################################################################################
# Queue alarms
################################################################################

resource "aws_cloudwatch_metric_alarm" "oldest_message_age" {
  for_each = local.consumed_queues

  alarm_name          = "${var.prefix}-${each.key}-oldest-message-age"
  alarm_description   = "The oldest message in ${each.value} waits longer than ${var.thresholds.oldest_message_age_seconds} s: the consumer is paused, failing or too slow."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateAgeOfOldestMessage"
  dimensions          = { QueueName = each.value }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 2
  threshold           = var.thresholds.oldest_message_age_seconds
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.alerts_topic_arn]
  ok_actions          = [var.alerts_topic_arn]
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "unrouted" {
  alarm_name          = "${var.prefix}-${var.unrouted_queue}-not-empty"
  alarm_description   = "Validation parked messages of the ingest topic it cannot route (not a JSON object, not an ingest.batch, no dataset or one without a data contract here, an envelope that breaks its contract) in ${var.queue_names[var.unrouted_queue]}; the message attribute iceflow.unrouted-reason says why."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = var.queue_names[var.unrouted_queue] }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.alerts_topic_arn]
  tags                = var.tags
}

# DLQs whose consumer is not deployed here; each deployed function alarms on its own DLQ.
resource "aws_cloudwatch_metric_alarm" "dlq" {
  for_each = local.unowned_dlqs

  alarm_name          = "${var.prefix}-${each.key}-dlq-not-empty"
  alarm_description   = "Messages are parked in ${each.value}."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = each.value }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.alerts_topic_arn]
  tags                = var.tags
}

# SNS gave up delivering to a subscription's queue (its policy or key refused SNS, or it is gone).
resource "aws_cloudwatch_metric_alarm" "subscription_dlq" {
  for_each = var.subscription_dlq_names

  alarm_name          = "${var.prefix}-${each.key}-undeliverable"
  alarm_description   = "SNS could not deliver messages of subscription ${each.key}; they are parked in ${each.value}."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = each.value }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.alerts_topic_arn]
  tags                = var.tags
}

################################################################################
# Dashboard
################################################################################

resource "aws_cloudwatch_dashboard" "this" {
  dashboard_name = var.prefix
  dashboard_body = jsonencode({
    widgets = [
      {
        type = "metric", x = 0, y = 0, width = 12, height = 6
        properties = {
          title   = "Queue depth"
          region  = local.region
          stat    = "Maximum"
          period  = 60
          metrics = [for q, name in var.queue_names : ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", name]]
        }
      },
      {
        type = "metric", x = 12, y = 0, width = 12, height = 6
        properties = {
          title   = "Oldest message age (s)"
          region  = local.region
          stat    = "Maximum"
          period  = 60
          metrics = [for q, name in var.queue_names : ["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", name]]
        }
      },
      {
        type = "metric", x = 0, y = 6, width = 12, height = 6
        properties = {
          title   = "Dead-letter queues"
          region  = local.region
          stat    = "Maximum"
          period  = 60
          metrics = [for q, name in var.dlq_names : ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", name]]
        }
      },
      {
        type = "metric", x = 12, y = 6, width = 12, height = 6
        properties = {
          title  = "Lambda errors and throttles"
          region = local.region
          stat   = "Sum"
          period = 60
          metrics = concat(
            [for f in var.function_names : ["AWS/Lambda", "Errors", "FunctionName", f]],
            [for f in var.function_names : ["AWS/Lambda", "Throttles", "FunctionName", f]],
          )
        }
      },
      {
        type = "metric", x = 0, y = 12, width = 24, height = 6
        properties = {
          title   = "Lambda duration p99 (ms)"
          region  = local.region
          stat    = "p99"
          period  = 60
          metrics = [for f in var.function_names : ["AWS/Lambda", "Duration", "FunctionName", f]]
        }
      },
    ]
  })
}
