data "aws_caller_identity" "current" {}
data "aws_region" "current" {}
data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.region
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
# Alarms
################################################################################

# The topology's observability.alarms, one per alarm and target, built where the tests can plan
# them offline (the module has no provider).
module "definitions" {
  source = "../alarm-definitions"

  topology_file           = var.topology_file
  datasets_dir            = var.datasets_dir
  prefix                  = var.prefix
  queue_names             = var.queue_names
  dead_letter_queue_names = var.dead_letter_queue_names
  consumed_queues         = var.consumed_queues
  function_names          = var.function_names
  runbook_base_url        = var.runbook_base_url
  thresholds              = var.thresholds
}

# A plain alarm watches its metric; a ratio alarm (the topology's ratioOf) watches the metric-math
# expression e1 over m1 (metric) and m2 (ratioOf), same statistic, period and dimensions. Alarm
# names come from the topology, so a renamed alarm or target is replaced (alarms keep no data:
# CloudWatch re-evaluates the new one from the metric at once), and no moved block is needed.
# https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create-alarm-on-metric-math-expression.html
resource "aws_cloudwatch_metric_alarm" "this" {
  for_each = module.definitions.alarms

  alarm_name          = each.value.alarm_name
  alarm_description   = each.value.description
  comparison_operator = each.value.comparison_operator
  threshold           = each.value.threshold
  evaluation_periods  = each.value.evaluation_periods
  datapoints_to_alarm = each.value.datapoints_to_alarm
  treat_missing_data  = each.value.treat_missing_data

  namespace   = each.value.ratio_of == null ? each.value.metric.namespace : null
  metric_name = each.value.ratio_of == null ? each.value.metric.name : null
  dimensions  = each.value.ratio_of == null ? each.value.dimensions : null
  statistic   = each.value.ratio_of == null ? each.value.statistic : null
  period      = each.value.ratio_of == null ? each.value.period : null

  dynamic "metric_query" {
    for_each = each.value.ratio_of == null ? [] : [each.value]
    content {
      id          = "e1"
      expression  = metric_query.value.expression
      label       = "${metric_query.value.metric.name} / ${metric_query.value.ratio_of.name}"
      return_data = true
    }
  }

  dynamic "metric_query" {
    for_each = each.value.ratio_of == null ? {} : { m1 = each.value.metric, m2 = each.value.ratio_of }
    content {
      id          = metric_query.key
      return_data = false

      metric {
        namespace   = metric_query.value.namespace
        metric_name = metric_query.value.name
        dimensions  = each.value.dimensions
        stat        = each.value.statistic
        period      = each.value.period
      }
    }
  }

  alarm_actions = [var.alerts_topic_arn]
  ok_actions    = [var.alerts_topic_arn]
  tags          = merge(var.tags, { "iceflow:alarm" = split("/", each.key)[0] })
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
          metrics = [for q, name in var.dead_letter_queue_names : ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", name]]
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
            [for f in values(var.function_names) : ["AWS/Lambda", "Errors", "FunctionName", f]],
            [for f in values(var.function_names) : ["AWS/Lambda", "Throttles", "FunctionName", f]],
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
          metrics = [for f in values(var.function_names) : ["AWS/Lambda", "Duration", "FunctionName", f]]
        }
      },
    ]
  })
}
