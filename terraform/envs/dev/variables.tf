variable "region" {
  description = "AWS region of this deployment."
  type        = string
}

variable "account_id" {
  description = "The AWS account this root deploys into; the provider refuses any other."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "An AWS account id is 12 digits."
  }
}

variable "availability_zone_count" {
  description = "How many availability zones get a private subnet. Every interface endpoint is billed per zone-hour ($0.01 in us-east-1, about $7.30 a month each), so this is the network's cost lever (dev: 2)."
  type        = number
  default     = 2

  validation {
    condition     = var.availability_zone_count >= 2 && var.availability_zone_count <= 6 && floor(var.availability_zone_count) == var.availability_zone_count
    error_message = "Use a whole number of 2 to 6 availability zones (two at least, for Lambda's resilience)."
  }
}

variable "availability_zones" {
  description = "Which zones by name, only when some must be avoided (a service or Lambda missing in one): exactly availability_zone_count names. Empty: the region's first availability_zone_count zones."
  type        = list(string)
  default     = []
}

variable "deployed_functions" {
  description = "Topology functions whose artifacts are built and deployed (see terraform/README.md)."
  type        = list(string)
  default     = ["validation", "enrichment", "commit", "compaction", "cost-guard"]
}

variable "runtime_kind" {
  description = "jvm (java21 + SnapStart) or native (provided.al2023, built with -Pnative: docs/native.md) for every deployed function."
  type        = string
  default     = "jvm"

  validation {
    condition     = contains(["jvm", "native"], var.runtime_kind)
    error_message = "runtime_kind must be jvm or native."
  }
}

variable "runtime_kinds" {
  description = "Per-function overrides of runtime_kind, e.g. { validation = \"native\" } to run only validation's native build."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for k in values(var.runtime_kinds) : contains(["jvm", "native"], k)])
    error_message = "Every value of runtime_kinds must be jvm or native."
  }
}

variable "budget_limit_usd" {
  description = "Monthly budget of the pipeline in USD."
  type        = number
}

variable "activate_cost_allocation_tags" {
  description = "Activate the Project tag (and Environment, iceflow:function) as cost-allocation tags, without which the pipeline's tagged budget measures $0. Only the organization's payer (management) account can: set true only when this root is applied there (a standalone account is its own payer); in a member account leave false and activate the tags in the payer account (terraform/README.md)."
  type        = bool
  default     = false
}

variable "account_budget_limit_usd" {
  description = "Monthly limit in USD of the unfiltered backstop budget on the whole account's spend, which measures before the tag is active; null: budget_limit_usd (an account per environment). Raise it when other workloads share the account."
  type        = number
  default     = null

  validation {
    condition     = var.account_budget_limit_usd == null ? true : var.account_budget_limit_usd > 0
    error_message = "The account budget's limit must be positive."
  }
}

variable "budget_email_addresses" {
  description = "Who gets the budget notifications by e-mail, besides the alerts topic."
  type        = list(string)
  default     = []
}

variable "manage_glue_catalog_encryption" {
  description = "Encrypt the account's Glue Data Catalog with the pipeline's data key. Account-wide and outliving the pipeline: leave false and let the account-baseline stack own it (see terraform/README.md)."
  type        = bool
  default     = false
}

variable "glue_catalog_kms_key_arn" {
  description = "The KMS key the account-baseline stack encrypts the Glue Data Catalog with, so the table stages may use it; null if the catalog is not encrypted."
  type        = string
  default     = null
}

variable "adot_collector_layer_arn" {
  description = "ARN of the ADOT collector Lambda layer for the region and the functions' architecture (aws-otel-collector-<amd64|arm64>-ver-...): the functions' stage spans go through it to X-Ray. null: not exported."
  type        = string
  default     = null
}

variable "key_administrator_arns" {
  description = "IAM roles (ARNs) that administer the pipeline's KMS keys (enable, disable, rotate, change the policy, schedule deletion; never encrypt or decrypt). Empty: through the account's IAM policies only (the key policies' root statement)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.key_administrator_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+$", arn))])
    error_message = "Give IAM role ARNs (arn:aws:iam::<account>:role/<name>)."
  }
}

variable "upstream_principals" {
  description = "Upstream in other accounts: 12-digit account IDs or IAM role ARNs that may publish to the ingest topic, put files under incoming/ and claims/ in raw, and use the data key for that through SNS and S3 (their own IAM policies must allow the same). Empty: owner-only."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for p in var.upstream_principals : can(regex("^([0-9]{12}|arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+)$", p))])
    error_message = "Give 12-digit account IDs or IAM role ARNs (arn:aws:iam::<account>:role/<name>)."
  }
}

variable "reserve_concurrency" {
  description = "Reserve the topology's reservedConcurrency for compaction and cost-guard. Lambda refuses reservations that leave fewer than 100 unreserved concurrent executions in the account, so set false where the quota is low (aws lambda get-account-settings: AccountLimit.ConcurrentExecutions; new accounts start at 10). See terraform/README.md."
  type        = bool
  default     = true
}
