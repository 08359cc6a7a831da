################################################################################
# Topic
################################################################################

output "topic_arns" {
  description = "Topic ARNs by logical topic name."
  value       = { for k, t in aws_sns_topic.this : k => t.arn }
}

################################################################################
# Queue
################################################################################

output "queue_arns" {
  description = "Queue ARNs by logical queue name, available once the queue policies are in place (S3 and SNS check them when wiring up)."
  value       = { for k, q in aws_sqs_queue.this : k => q.arn }
  depends_on  = [aws_sqs_queue_policy.this]
}

output "queue_names" {
  description = "Queue names by logical queue name."
  value       = { for k, q in aws_sqs_queue.this : k => q.name }
}

output "queue_urls" {
  description = "Queue URLs by logical queue name, for the functions that send to a queue themselves (the topology's sendsToQueues)."
  value       = { for k, q in aws_sqs_queue.this : k => q.url }
}

################################################################################
# Dead Letter Queue
################################################################################

output "dlq_arns" {
  description = "Dead-letter queue ARNs by the logical name of the queue they serve."
  value       = { for k, q in aws_sqs_queue.dlq : k => q.arn }
}

output "dlq_names" {
  description = "Dead-letter queue names by the logical name of the queue they serve."
  value       = { for k, q in aws_sqs_queue.dlq : k => q.name }
}

################################################################################
# Subscription
################################################################################

output "subscription_arns" {
  description = "Subscription ARNs by <topic>-to-<queue>."
  value       = { for k, s in aws_sns_topic_subscription.this : k => s.arn }
}

################################################################################
# Subscription Dead Letter Queue
################################################################################

output "subscription_dlq_arns" {
  description = "ARNs of the queues that hold what SNS could not deliver, by subscription (<topic>-to-<queue>)."
  value       = { for k, q in aws_sqs_queue.subscription_dlq : k => q.arn }
}

output "subscription_dlq_names" {
  description = "Names of the queues that hold what SNS could not deliver, by subscription (<topic>-to-<queue>)."
  value       = { for k, q in aws_sqs_queue.subscription_dlq : k => q.name }
}

output "dead_letter_queue_names" {
  description = "Names of every dead-letter queue, the redrive DLQs and the subscriptions' delivery DLQs, by the DLQ's own logical name (enrichment-dlq, enrichment-delivery-dlq): what the dlq-not-empty alarm watches."
  value = merge(
    { for k, q in aws_sqs_queue.dlq : local.dead_letters[k].name => q.name },
    { for k, q in aws_sqs_queue.subscription_dlq : local.subscription_dead_letters[k].name => q.name },
  )
}

################################################################################
# Schedule
################################################################################

output "schedule_rule_arns" {
  description = "EventBridge rule ARNs by schedule name."
  value       = { for k, r in aws_cloudwatch_event_rule.schedule : k => r.arn }
}
