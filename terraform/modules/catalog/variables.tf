################################################################################
# Database
################################################################################

variable "datasets_dir" {
  description = "Directory of the data contracts (contracts/datasets); each names the Iceberg namespace (Glue database) of its table."
  type        = string
  default     = null
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
  description = "Encrypt the account's Glue Data Catalog with this key. Account-wide: leave disabled when another stack manages it."
  type = object({
    enabled     = optional(bool, true)
    kms_key_arn = optional(string)
  })

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
