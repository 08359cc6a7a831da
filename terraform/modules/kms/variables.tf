################################################################################
# Data key
################################################################################

variable "alias" {
  description = "Alias of the data key without the alias/ prefix (the topology's kmsKey.alias, prefixed by the deployment: iceflow-dev-iceflow-data). The logs key gets <alias>-logs."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9/_-]{1,200}$", var.alias)) && !startswith(var.alias, "aws/")
    error_message = "The alias must be 1-200 letters, digits, /, _ or -, and must not start with aws/."
  }
}

variable "description" {
  description = "Description of the data key (the topology's kmsKey.description)."
  type        = string
}

variable "via_services" {
  description = "Services through which principals of this account may use the data key (kms:ViaService), e.g. s3, sqs, sns, lambda, glue, dynamodb (DynamoDB decrypts a ledger table's key as the principal calling it). Table creators may in any case let DynamoDB Encrypt, ReEncrypt and create its grants."
  type        = list(string)
  default     = ["s3", "sqs", "sns", "lambda", "glue", "dynamodb"]

  validation {
    condition     = alltrue([for s in var.via_services : can(regex("^[a-z0-9-]+$", s))])
    error_message = "Give service names as in their endpoint (s3, sqs), not full hostnames."
  }
}

variable "delivering_services" {
  description = "Service principals (without .amazonaws.com) that write into the encrypted queues (sns, s3, events) or topics (cloudwatch, budgets) on their own behalf; each gets its own statement, limited by the encryption context SQS or SNS passes to this account's queues or topics."
  type        = list(string)
  default     = ["sns", "s3", "events", "cloudwatch", "budgets"]

  validation {
    condition     = alltrue([for s in var.delivering_services : contains(["sns", "s3", "events", "cloudwatch", "budgets"], s)])
    error_message = "Give services whose destination the key policy knows: sns, s3, events (into queues), cloudwatch, budgets (into topics)."
  }
}

variable "upstream_principals" {
  description = "Principals of other accounts (account root or IAM role ARNs) that publish to the encrypted ingest topic or write the raw bucket: they may use the data key (GenerateDataKey, Decrypt) only through SNS and S3. Empty: owner-only."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for p in var.upstream_principals : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:(root|role/[A-Za-z0-9+=,.@_/-]+)$", p))])
    error_message = "Give account root ARNs (arn:aws:iam::<account>:root) or IAM role ARNs."
  }
}

################################################################################
# Both keys
################################################################################

variable "key_administrator_arns" {
  description = "IAM roles (ARNs) that administer both keys in their key policies: enable, disable, rotate, tag, schedule or cancel deletion, change the policy and aliases, but never encrypt, decrypt or create grants. Empty: only through the account root's statement (the account's IAM policies)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.key_administrator_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+$", arn))])
    error_message = "Give IAM role ARNs (arn:aws:iam::<account>:role/<name>)."
  }
}

variable "rotation_period_in_days" {
  description = "Days between automatic rotations of the key material."
  type        = number
  default     = 365

  validation {
    condition     = var.rotation_period_in_days >= 90 && var.rotation_period_in_days <= 2560
    error_message = "AWS KMS accepts rotation periods of 90 to 2560 days."
  }
}

variable "deletion_window_in_days" {
  description = "Waiting period before a scheduled key deletion takes effect."
  type        = number
  default     = 30

  validation {
    condition     = var.deletion_window_in_days >= 7 && var.deletion_window_in_days <= 30
    error_message = "AWS KMS accepts 7 to 30 days."
  }
}

variable "tags" {
  description = "Tags for the keys, on top of the provider's default_tags."
  type        = map(string)
  default     = {}
}
