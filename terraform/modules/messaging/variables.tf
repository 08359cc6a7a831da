################################################################################
# Topic
################################################################################

variable "topology_file" {
  description = "Path of contracts/topology.json. Defaults to the repository's copy; every topic, queue, DLQ, subscription and schedule comes from it."
  type        = string
  default     = null
}

variable "prefix" {
  description = "Deployment prefix of every name (iceflow-dev gives iceflow-dev-ingest, iceflow-dev-commits.fifo)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}$", var.prefix))
    error_message = "The prefix must be lower-case letters, digits and - (as tools/local ResourceNames requires)."
  }
}

variable "kms_key_arn" {
  description = "ARN of the customer-managed key that encrypts every topic and queue."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "Give a KMS key ARN."
  }
}

variable "topic_publishers" {
  description = "Principals of other accounts (account root or IAM role ARNs) allowed to sns:Publish, by logical topic name (upstream to ingest). Empty: every topic stays owner-only."
  type        = map(list(string))
  default     = {}

  validation {
    condition     = alltrue([for principals in values(var.topic_publishers) : alltrue([for p in principals : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:(root|role/[A-Za-z0-9+=,.@_/-]+)$", p))])])
    error_message = "Give account root ARNs (arn:aws:iam::<account>:root) or IAM role ARNs."
  }
}

variable "tags" {
  description = "Tags for every resource, on top of the provider's default_tags."
  type        = map(string)
  default     = {}
}

################################################################################
# Queue
################################################################################

variable "kms_data_key_reuse_period_seconds" {
  description = "How long SQS reuses a data key before asking KMS again (AWS's default, written out for review)."
  type        = number
  default     = 300

  validation {
    condition     = var.kms_data_key_reuse_period_seconds >= 60 && var.kms_data_key_reuse_period_seconds <= 86400
    error_message = "SQS accepts 60 to 86400 seconds."
  }
}

################################################################################
# Queue policy
################################################################################

variable "bucket_arns" {
  description = "Bucket ARNs by logical name (the storage module's bucket_arns): the sources allowed to send S3 event notifications to the queues the topology names."
  type        = map(string)
}
