################################################################################
# Keys
################################################################################

variable "prefix" {
  description = "Deployment prefix of every name (iceflow-dev, iceflow-prod)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}$", var.prefix))
    error_message = "The prefix must be lower-case letters, digits and - (as tools/local ResourceNames requires)."
  }
}

variable "key_administrator_arns" {
  description = "IAM roles (ARNs) that administer the data and logs keys in their key policies (manage, never encrypt or decrypt); empty: the account root's statement only (the kms module)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.key_administrator_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+$", arn))])
    error_message = "Give IAM role ARNs (arn:aws:iam::<account>:role/<name>)."
  }
}

variable "upstream_principals" {
  description = "Upstream in other accounts: account IDs or IAM role ARNs that may publish to the ingest topic, put objects under incoming/ and claims/ in the raw bucket, and use the data key for that through SNS and S3 only. Empty (default): owner-only."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for p in var.upstream_principals : can(regex("^([0-9]{12}|arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+)$", p))])
    error_message = "Give 12-digit account IDs or IAM role ARNs (arn:aws:iam::<account>:role/<name>)."
  }
}

variable "topology_file" {
  description = "Path of contracts/topology.json; defaults to the repository's copy."
  type        = string
  default     = null
}

variable "repository_root" {
  description = "Root of the iceflow checkout (where services/*/target/function.zip are built); defaults to this module's repository."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags on top of the provider's default_tags."
  type        = map(string)
  default     = {}
}

################################################################################
# Network
################################################################################

variable "network" {
  description = "VPC CIDR block, how many availability zones get a private subnet (each interface endpoint is billed per zone-hour: 2 to 6, validated by the network module) and, optionally, which zones by name (exactly that many; empty: the region's first ones)."
  type = object({
    cidr_block              = optional(string, "10.40.0.0/16")
    availability_zone_count = optional(number, 2)
    availability_zones      = optional(list(string), [])
  })
  default = {}
}

################################################################################
# Storage and messaging
################################################################################

variable "force_destroy_buckets" {
  description = "Let terraform destroy non-empty buckets (throw-away accounts only)."
  type        = bool
  default     = false
}

################################################################################
# Catalog
################################################################################

variable "manage_glue_catalog_encryption" {
  description = "Encrypt the account's Glue Data Catalog with the pipeline's data key. Off by default: the setting is account-wide (every principal using the catalog then needs this key) and outlives the pipeline (objects encrypted with it stay so once destroy schedules the key's deletion), so an account-baseline stack should own it; give its key in glue_catalog_kms_key_arn."
  type        = bool
  default     = false
}

variable "glue_catalog_kms_key_arn" {
  description = "The KMS key another stack (the account baseline) encrypts the account's Glue Data Catalog with; the table stages and the Glue table optimizers may use it through Glue. null: the catalog is not encrypted, or manage_glue_catalog_encryption encrypts it with the data key."
  type        = string
  default     = null

  validation {
    condition     = var.glue_catalog_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:", var.glue_catalog_kms_key_arn))
    error_message = "Give a KMS key ARN."
  }

  validation {
    condition     = !(var.manage_glue_catalog_encryption && var.glue_catalog_kms_key_arn != null)
    error_message = "Give glue_catalog_kms_key_arn only when another stack encrypts the catalog (manage_glue_catalog_encryption = false)."
  }
}

variable "lake_formation_enabled" {
  description = "Register the warehouse with Lake Formation and grant the table stages their permissions there."
  type        = bool
  default     = false
}

################################################################################
# Services
################################################################################

variable "deployed_functions" {
  description = "Topology functions to deploy. A function is listed once its service module builds target/function.zip; the queues, topics and schedules of all functions exist regardless, so messages wait (within retention) for a stage deployed later."
  type        = list(string)
  default     = ["validation", "enrichment", "commit", "compaction", "cost-guard"]

  validation {
    condition     = alltrue([for f in var.deployed_functions : contains([for t in jsondecode(file("${path.module}/../../../contracts/topology.json")).functions : t.name], f)])
    error_message = "Every deployed function must be a function of contracts/topology.json."
  }
}

variable "runtime" {
  description = "How the functions run. kind: jvm (java21 + SnapStart, services/<module>/target/function.zip) or native (provided.al2023, the GraalVM build services/<module>/target/native/function.zip) for every deployed function; kinds: per-function overrides of kind, e.g. { validation = \"native\" } while the others stay on the JVM; architecture: the CPU the packages were built for (a native executable runs only on the CPU it was built for)."
  type = object({
    kind         = optional(string, "jvm")
    kinds        = optional(map(string), {})
    architecture = optional(string, "x86_64")
  })
  default = {}

  validation {
    condition     = alltrue([for k in concat([var.runtime.kind], values(var.runtime.kinds)) : contains(["jvm", "native"], k)])
    error_message = "runtime.kind and every value of runtime.kinds must be jvm or native."
  }

  validation {
    condition     = alltrue([for f in keys(var.runtime.kinds) : contains([for t in jsondecode(file("${path.module}/../../../contracts/topology.json")).functions : t.name], f)])
    error_message = "Every key of runtime.kinds must be a function of contracts/topology.json."
  }
}

variable "reserve_concurrency" {
  description = "Reserve each function's topology reservedConcurrency (compaction, cost-guard). false in an account whose concurrency quota cannot leave 100 unreserved executions beside the reservations (Lambda refuses them then; new accounts start at 10): see terraform/README.md."
  type        = bool
  default     = true
}

variable "function_environment" {
  description = "Extra environment variables for every function."
  type        = map(string)
  default     = {}
}

variable "adot_collector_layer_arn" {
  description = "ARN of the ADOT collector Lambda layer for the region and the functions' architecture: every function exports its stage spans through it to X-Ray (see the lambda-service module). null: spans are not exported."
  type        = string
  default     = null
}

variable "log_retention_in_days" {
  description = "Days function, flow and Glue table optimizer logs are kept."
  type        = number
  default     = 365
}

################################################################################
# Observability
################################################################################

variable "alarm_thresholds" {
  description = "Threshold overrides by the name of a topology alarm (contracts/topology.json observability.alarms), e.g. { \"oldest-message-age\" = 600 }; the others keep the topology's. An unknown name fails the plan."
  type        = map(number)
  default     = {}
}

variable "runbook_base_url" {
  description = "URL the topology's runbook paths (runbooks/<page>.md) are appended to in the alarm descriptions: the repository's web view at the deployed revision; null takes modules/alarm-definitions' default."
  type        = string
  default     = null
}

################################################################################
# Budgets
################################################################################

variable "budget" {
  description = "Monthly cost budget of the pipeline (notifies at 50/80/100 % actual and forecast). The tagged budget measures only once cost_allocation_tag is an active cost-allocation tag: activate_cost_allocation_tags does it, in the organization's payer (management) account only. account_budget is the unfiltered backstop on the account's spend (the budgets module's account_budget)."
  type = object({
    limit_amount                  = number
    email_addresses               = optional(list(string), [])
    activate_cost_allocation_tags = optional(bool, false)
    account_budget = optional(object({
      enabled      = optional(bool, true)
      limit_amount = optional(number)
    }), {})
  })
}

variable "cost_allocation_tag" {
  description = "Tag that selects the pipeline's spend in the budget; the env roots set it through default_tags."
  type = object({
    key   = string
    value = string
  })
  default = {
    key   = "Project"
    value = "iceflow"
  }
}
