################################################################################
# VPC
################################################################################

variable "name" {
  description = "Name of the VPC and prefix of its parts (e.g. iceflow-dev)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,40}$", var.name))
    error_message = "Use lower-case letters, digits and -, starting with a letter."
  }
}

variable "cidr_block" {
  description = "IPv4 CIDR block of the VPC."
  type        = string
  default     = "10.40.0.0/16"

  validation {
    condition     = can(cidrhost(var.cidr_block, 0))
    error_message = "Give a valid IPv4 CIDR block, e.g. 10.40.0.0/16."
  }
}

variable "tags" {
  description = "Tags for every resource, on top of the provider's default_tags."
  type        = map(string)
  default     = {}
}

################################################################################
# Private subnets
################################################################################

variable "availability_zones" {
  description = "Availability zones, one private subnet each. Use at least two for Lambda's resilience."
  type        = list(string)

  validation {
    condition     = length(var.availability_zones) >= 2 && length(distinct(var.availability_zones)) == length(var.availability_zones)
    error_message = "Give at least two distinct availability zones."
  }
}

variable "subnet_newbits" {
  description = "Bits added to the VPC prefix for each subnet (4 turns a /16 into /20s)."
  type        = number
  default     = 4

  validation {
    condition     = var.subnet_newbits >= 1 && var.subnet_newbits <= 12
    error_message = "Use 1 to 12 new bits."
  }
}

################################################################################
# Flow logs
################################################################################

variable "flow_logs" {
  description = "Where the VPC flow logs go: a log group encrypted with this KMS key, kept this many days."
  type = object({
    kms_key_arn       = string
    retention_in_days = optional(number, 365)
  })

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.flow_logs.retention_in_days)
    error_message = "retention_in_days must be one of the values CloudWatch Logs accepts."
  }
}

################################################################################
# VPC endpoints
################################################################################

variable "gateway_endpoints" {
  description = "Services reached through gateway endpoints (free, routed through the private route table)."
  type        = list(string)
  default     = ["s3", "dynamodb"]
}

variable "interface_endpoints" {
  description = "Services reached through interface endpoints with private DNS. logs and monitoring are CloudWatch Logs and CloudWatch."
  type        = list(string)
  default     = ["sqs", "sns", "kms", "glue", "sts", "lambda", "logs", "monitoring", "xray"]

  validation {
    condition     = alltrue([for s in var.interface_endpoints : can(regex("^[a-z0-9.-]+$", s))])
    error_message = "Give the service part of the endpoint name (com.amazonaws.<region>.<service>)."
  }
}
