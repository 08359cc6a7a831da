################################################################################
# Contracts
################################################################################

variable "topology_file" {
  description = "Path of contracts/topology.json, whose observability.alarms are instantiated; defaults to the repository's copy."
  type        = string
  default     = null
}

variable "datasets_dir" {
  description = "Directory of the data contracts (contracts/datasets): each contract's dataset is an instance of the datasets target."
  type        = string
  default     = null
}

################################################################################
# Deployment
################################################################################

variable "prefix" {
  description = "Deployment prefix: alarms are named <prefix>-<alarm>-<target> (<prefix>-<alarm> for the pipeline target)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}$", var.prefix))
    error_message = "The prefix must be lower-case letters, digits and -."
  }
}

variable "queue_names" {
  description = "Deployed queue names by logical name (the messaging module's queue_names): the consumedQueues and queue:<name> targets."
  type        = map(string)
}

variable "dead_letter_queue_names" {
  description = "Deployed names of every redrive DLQ and every subscription delivery DLQ, by the DLQ's logical name (the messaging module's dead_letter_queue_names): the deadLetterQueues target."
  type        = map(string)
}

variable "consumed_queues" {
  description = "Logical names of the queues a deployed function consumes: the consumedQueues target (a queue nobody consumes yet would alarm forever)."
  type        = list(string)
}

variable "function_names" {
  description = "Deployed function names by logical name, the deployed functions only: the functions target (dimension FunctionName)."
  type        = map(string)
}

################################################################################
# Alarms
################################################################################

variable "runbook_base_url" {
  description = "URL the topology's runbook paths (relative to the repository root, e.g. runbooks/dlq-not-empty.md) are appended to in each alarm's description: the repository's web view at the deployed revision."
  type        = string
  default     = "https://github.com/iceflow/iceflow/blob/main"
  nullable    = false # null (from the modules that pass it on) takes the default

  validation {
    condition     = can(regex("^https://[^[:space:]]+[^/]$", var.runbook_base_url))
    error_message = "runbook_base_url must be an https URL without a trailing slash (runbook paths are appended after a /)."
  }
}

variable "thresholds" {
  description = "Threshold overrides by alarm name of the topology (e.g. { \"oldest-message-age\" = 600 }); an alarm not listed keeps the topology's threshold."
  type        = map(number)
  default     = {}

  validation {
    condition     = alltrue([for name in keys(var.thresholds) : contains(local.alarm_names, name)])
    error_message = "Every key of thresholds must be the name of an alarm in the topology's observability.alarms."
  }

  validation {
    condition     = alltrue([for t in values(var.thresholds) : t >= 0])
    error_message = "Thresholds are counts, seconds, percentages or ratios: never negative."
  }
}
