################################################################################
# Table
################################################################################

variable "topology_file" {
  description = "Path of contracts/topology.json; a table is created for each of its ledgers."
  type        = string
  default     = null
}

variable "prefix" {
  description = "Deployment prefix of every name (iceflow-dev). Tables are named <prefix>-<logical name>, as tools/local names them."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}$", var.prefix))
    error_message = "The prefix must be lower-case letters, digits and - (as tools/local ResourceNames requires)."
  }
}

variable "kms_key_arn" {
  description = "ARN of the customer-managed key (the pipeline's data key) that encrypts every table. Its key policy must let principals of the account use it through DynamoDB."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "Give a KMS key ARN."
  }
}

variable "tags" {
  description = "Tags for every table, on top of the provider's default_tags."
  type        = map(string)
  default     = {}
}
