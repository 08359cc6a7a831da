################################################################################
# Database
################################################################################

variable "datasets_dir" {
  description = "Directory of the data contracts (contracts/datasets); each names the Iceberg namespace (Glue database) of its table."
  type        = string
  default     = null
}

variable "prefix" {
  description = "Deployment prefix; the table optimizers' role is named <prefix>-table-optimizer."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}$", var.prefix))
    error_message = "The prefix must be lower-case letters, digits and -."
  }
}

variable "warehouse_bucket" {
  description = "Name of the warehouse bucket; databases live under s3://<bucket>/<namespace>.db."
  type        = string
}

variable "warehouse_bucket_arn" {
  description = "ARN of the warehouse bucket (registered with Lake Formation when that is on)."
  type        = string
}

variable "tags" {
  description = "Tags for the databases, on top of the provider's default_tags."
  type        = map(string)
  default     = {}
}

################################################################################
# Catalog encryption
################################################################################

variable "catalog_encryption" {
  description = "The account's Glue Data Catalog encryption. enabled: this stack sets it, with kms_key_arn (account-wide and outliving the stack, so off by default: an account-baseline stack should own it). kms_key_arn: the key the catalog is encrypted with, here or by that other stack; the optimizers' role (and, through output catalog_kms_key_arn, the table stages) may use it. null: not encrypted."
  type = object({
    enabled     = optional(bool, false)
    kms_key_arn = optional(string)
  })
  default = {}

  validation {
    condition     = !var.catalog_encryption.enabled || can(regex("^arn:aws[a-z-]*:kms:", var.catalog_encryption.kms_key_arn))
    error_message = "Give kms_key_arn when catalog encryption is enabled."
  }
}

################################################################################
# Lake Formation
################################################################################

variable "lake_formation" {
  description = "Optionally register the warehouse with Lake Formation and grant the table-writing roles their database, table and location permissions."
  type = object({
    enabled            = optional(bool, false)
    table_writer_roles = optional(map(string), {}) # role ARN by function name (keys known at plan time)
  })
  default = {}
}

################################################################################
# Table optimizers
################################################################################

variable "topology_file" {
  description = "Path of contracts/topology.json, from which the orphan-file window of the Glue table optimizers is derived; defaults to the repository's copy."
  type        = string
  default     = null
}

variable "table_optimizers" {
  description = "For the tables whose contract says maintenance.mode = glue-optimizer: the data key the warehouse and catalog are encrypted with (the optimizers' role may use it), and the logs key and retention of the optimizers' log groups."
  type = object({
    data_key_arn          = string
    logs_key_arn          = string
    log_retention_in_days = optional(number, 365)
  })

  validation {
    condition     = alltrue([for k in [var.table_optimizers.data_key_arn, var.table_optimizers.logs_key_arn] : can(regex("^arn:aws[a-z-]*:kms:", k))])
    error_message = "Give KMS key ARNs."
  }

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.table_optimizers.log_retention_in_days)
    error_message = "log_retention_in_days must be one of the values CloudWatch Logs accepts."
  }
}
