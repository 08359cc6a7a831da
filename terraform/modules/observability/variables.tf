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
# Alarms
################################################################################

variable "topology_file" {
  description = "Path of contracts/topology.json, whose observability.alarms become the alarms; defaults to the repository's copy."
  type        = string
  default     = null
}

variable "datasets_dir" {
  description = "Directory of the data contracts (contracts/datasets): one alarm per dataset for the alarms whose target is datasets; defaults to the repository's."
  type        = string
  default     = null
}

variable "queue_names" {
  description = "Queue names by logical name (the messaging module's queue_names): the consumedQueues and queue:<name> targets, and the dashboard."
  type        = map(string)
}

variable "dead_letter_queue_names" {
  description = "Every redrive and delivery DLQ's name by its logical name (the messaging module's dead_letter_queue_names): the deadLetterQueues target, and the dashboard."
  type        = map(string)
}

variable "consumed_queues" {
  description = "Logical names of the queues a deployed function consumes: the consumedQueues target (a queue nobody consumes yet would alarm forever)."
  type        = list(string)
}

variable "function_names" {
  description = "Deployed function names by logical name: the functions target, and the dashboard."
  type        = map(string)
}

variable "runbook_base_url" {
  description = "URL the topology's runbook paths (relative to the repository root) are appended to in each alarm's description: the repository's web view at the deployed revision; null takes modules/alarm-definitions' default."
  type        = string
  default     = null
}

variable "thresholds" {
  description = "Threshold overrides by the topology's alarm name (e.g. { \"oldest-message-age\" = 600 }); validated in modules/alarm-definitions: every key must be an alarm of the topology."
  type        = map(number)
  default     = {}
}
