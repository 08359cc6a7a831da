################################################################################
# Alerts topic
################################################################################

variable "prefix" {
  description = "Deployment prefix of the alarm and dashboard names."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}$", var.prefix))
    error_message = "The prefix must be lower-case letters, digits and -."
  }
}

variable "alerts_topic_arn" {
  description = "ARN of the topology's alerts topic; every alarm notifies it."
  type        = string
}

variable "tags" {
  description = "Tags for the alarms, on top of the provider's default_tags."
  type        = map(string)
  default     = {}
}

################################################################################
# Queue alarms
################################################################################

variable "queue_names" {
  description = "Queue names by logical name (the messaging module's queue_names)."
  type        = map(string)
}

variable "dlq_names" {
  description = "Dead-letter queue names by the logical name of the queue they serve."
  type        = map(string)
}

variable "consumed_queues" {
  description = "Logical names of the queues a deployed function consumes: their oldest-message age is alarmed (a queue nobody consumes yet would alarm forever)."
  type        = list(string)
}

variable "unowned_dlqs" {
  description = "Logical names of queues whose DLQ no deployed function alarms on; alarmed here so every DLQ is watched exactly once."
  type        = list(string)
  default     = []
}

variable "subscription_dlq_names" {
  description = "Names of the queues that hold what SNS could not deliver, by subscription (the messaging module's subscription_dlq_names); each is alarmed."
  type        = map(string)
  default     = {}
}

variable "unrouted_queue" {
  description = "Logical name of the queue validation parks what it cannot route in (every publish to the ingest topic reaches validation)."
  type        = string
  default     = "ingest-unrouted"
}

variable "thresholds" {
  description = "Alarm thresholds."
  type = object({
    oldest_message_age_seconds = optional(number, 900)
  })
  default = {}

  validation {
    condition     = var.thresholds.oldest_message_age_seconds >= 60
    error_message = "oldest_message_age_seconds below a minute would page on normal batching."
  }
}

################################################################################
# Dashboard
################################################################################

variable "function_names" {
  description = "Names of the deployed functions shown on the dashboard."
  type        = list(string)
}
