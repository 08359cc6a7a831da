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

variable "availability_zone_count" {
  description = "How many availability zones get a private subnet (and an ENI of every interface endpoint, each billed per zone-hour). At least two for Lambda's resilience; dev uses 2, prod 3."
  type        = number
  default     = 2

  validation {
    condition     = var.availability_zone_count >= 2 && var.availability_zone_count <= 6 && floor(var.availability_zone_count) == var.availability_zone_count
    error_message = "Use a whole number of 2 to 6 availability zones."
  }
}

variable "availability_zones" {
  description = "Which zones, by name, when some must be avoided (an endpoint service or Lambda missing in a zone); exactly availability_zone_count distinct names. Empty: the region's first availability_zone_count zones (by name, no opt-in)."
  type        = list(string)
  default     = []

  validation {
    condition     = length(var.availability_zones) == 0 || (length(var.availability_zones) == var.availability_zone_count && length(distinct(var.availability_zones)) == length(var.availability_zones))
    error_message = "Name exactly availability_zone_count distinct zones, or none."
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
  description = "Services the functions call that have no gateway endpoint, each reached through an interface endpoint with private DNS (billed per zone-hour): the pipeline derives the list from what its functions call (monitoring is CloudWatch). No default, so no endpoint exists that nothing calls."
  type        = list(string)

  validation {
    condition     = alltrue([for s in var.interface_endpoints : can(regex("^[a-z0-9.-]+$", s))])
    error_message = "Give the service part of the endpoint name (com.amazonaws.<region>.<service>)."
  }
}
