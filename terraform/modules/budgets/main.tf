locals {
  # 50/80/100 % of the limit, each on actual and on forecasted spend.
  notifications = {
    for pair in setproduct(var.thresholds_percent, ["ACTUAL", "FORECASTED"]) : "${pair[1]}-${pair[0]}" => {
      threshold = pair[0]
      type      = pair[1]
    }
  }
}

################################################################################
# Budget
################################################################################

resource "aws_budgets_budget" "this" {
  name         = var.name
  budget_type  = "COST"
  limit_amount = format("%.2f", var.limit_amount)
  limit_unit   = var.limit_unit
  time_unit    = var.time_unit

  # Only the pipeline's spend: resources carry the cost-allocation tag through default_tags.
  cost_filter {
    name   = "TagKeyValue"
    values = [format("user:%s$%s", var.cost_allocation_tag.key, var.cost_allocation_tag.value)]
  }

  dynamic "notification" {
    for_each = local.notifications
    content {
      comparison_operator        = "GREATER_THAN"
      threshold                  = notification.value.threshold
      threshold_type             = "PERCENTAGE"
      notification_type          = notification.value.type
      subscriber_sns_topic_arns  = [var.alerts_topic_arn]
      subscriber_email_addresses = var.subscriber_email_addresses
    }
  }

  tags = var.tags
}

# Backstop: the whole account's spend, unfiltered. The tagged budget above measures $0 until the
# cost-allocation tag is activated in the payer account (and only from then on, never backwards),
# and misses untagged spend (data transfer, CloudWatch, KMS requests); this one needs neither.
resource "aws_budgets_budget" "account" {
  count = var.account_budget.enabled ? 1 : 0

  name         = "${var.name}-account"
  budget_type  = "COST"
  limit_amount = format("%.2f", coalesce(var.account_budget.limit_amount, var.limit_amount))
  limit_unit   = var.limit_unit
  time_unit    = var.time_unit

  dynamic "notification" {
    for_each = local.notifications
    content {
      comparison_operator        = "GREATER_THAN"
      threshold                  = notification.value.threshold
      threshold_type             = "PERCENTAGE"
      notification_type          = notification.value.type
      subscriber_sns_topic_arns  = [var.alerts_topic_arn]
      subscriber_email_addresses = var.subscriber_email_addresses
    }
  }

  tags = var.tags
}

################################################################################
# Cost allocation tags
################################################################################

# Activating a tag makes it usable in Budgets and Cost Explorer (payer account only).
resource "aws_ce_cost_allocation_tag" "this" {
  for_each = var.activate_cost_allocation_tags ? toset(var.cost_allocation_tag_keys) : toset([])

  tag_key = each.key
  status  = "Active"
}
