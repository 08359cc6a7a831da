################################################################################
# Buckets
################################################################################

variable "topology_file" {
  description = "Path of contracts/topology.json; its buckets are created here."
  type        = string
  default     = null
}

variable "prefix" {
  description = "Deployment prefix of every name (iceflow-dev). Buckets are named <prefix>-<logical name>-<account id>."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}$", var.prefix))
    error_message = "The prefix must be lower-case letters, digits and - (as tools/local ResourceNames requires)."
  }
}

variable "artifacts_bucket" {
  description = "Logical name of the extra bucket that holds the Lambda packages."
  type        = string
  default     = "artifacts"
}

variable "kms_key_arn" {
  description = "ARN of the customer-managed key for SSE-KMS on every bucket."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "Give a KMS key ARN."
  }
}

variable "force_destroy" {
  description = "Let terraform destroy non-empty buckets. Keep false outside throw-away accounts."
  type        = bool
  default     = false
}

variable "bucket_writers" {
  description = "Principals of other accounts (account root or IAM role ARNs) allowed to s3:PutObject under the given prefixes, by logical bucket name (upstream to raw: incoming/, claims/). Empty: every bucket stays owner-only."
  type = map(object({
    prefixes   = list(string)
    principals = list(string)
  }))
  default = {}

  validation {
    condition     = alltrue([for w in values(var.bucket_writers) : alltrue([for p in w.principals : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:(root|role/[A-Za-z0-9+=,.@_/-]+)$", p))])])
    error_message = "Give account root ARNs (arn:aws:iam::<account>:root) or IAM role ARNs."
  }

  validation {
    condition     = alltrue([for w in values(var.bucket_writers) : length(w.prefixes) > 0 && alltrue([for p in w.prefixes : can(regex("^[A-Za-z0-9_.-]+/$", p))])])
    error_message = "Give each writer at least one prefix like incoming/ (no wildcard: writers get only their prefixes)."
  }
}

variable "tags" {
  description = "Tags for every bucket, on top of the provider's default_tags."
  type        = map(string)
  default     = {}
}

################################################################################
# Lifecycle
################################################################################

variable "noncurrent_version_expiration_days" {
  description = "Days after which overwritten or deleted object versions are removed from versioned buckets."
  type        = number
  default     = 30

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1
    error_message = "Use at least 1 day."
  }
}

################################################################################
# Access logging
################################################################################

variable "access_log_expiration_days" {
  description = "Days the S3 server access logs are kept."
  type        = number
  default     = 365

  validation {
    condition     = var.access_log_expiration_days >= 1
    error_message = "Use at least 1 day."
  }
}

################################################################################
# Event notifications
################################################################################

variable "queue_arns" {
  description = "Queue ARNs by logical queue name (the messaging module's queue_arns), for the topology's bucket notifications."
  type        = map(string)
}
