################################################################################
# Budget
################################################################################

variable "name" {
  description = "Name of the budget (e.g. iceflow-dev-monthly)."
  type        = string
}

variable "limit_amount" {
  description = "Budget limit per time unit, in limit_unit."
  type        = number

  validation {
    condition     = var.limit_amount > 0
    error_message = "The limit must be positive."
  }
}

variable "limit_unit" {
  description = "Currency of the limit."
  type        = string
  default     = "USD"
}

variable "time_unit" {
  description = "Budget period."
  type        = string
  default     = "MONTHLY"

  validation {
    condition     = contains(["MONTHLY", "QUARTERLY", "ANNUALLY"], var.time_unit)
    error_message = "Use MONTHLY, QUARTERLY or ANNUALLY."
  }
}

variable "thresholds_percent" {
  description = "Percentages of the limit that notify, each on actual and on forecasted spend."
  type        = list(number)
  default     = [50, 80, 100]

  validation {
    condition     = length(var.thresholds_percent) > 0 && alltrue([for t in var.thresholds_percent : t > 0 && t <= 1000])
    error_message = "Give one or more percentages between 0 and 1000."
  }
}

variable "alerts_topic_arn" {
  description = "SNS topic budgets notify (the topology's alerts topic)."
  type        = string
}

variable "subscriber_email_addresses" {
  description = "Addresses that also get the budget notifications by e-mail."
  type        = list(string)
  default     = []
}

variable "cost_allocation_tag" {
  description = "The tag (as set by the provider's default_tags) that selects the pipeline's spend."
  type = object({
    key   = string
    value = string
  })
  default = {
    key   = "Project"
    value = "iceflow"
  }
}

variable "account_budget" {
  description = "The unfiltered backstop budget on the whole account's spend (named <name>-account), which measures from day one, before the cost-allocation tag is active and including untagged spend. limit_amount defaults to limit_amount (an account of its own per environment); set it to the account's expected spend when other workloads share the account, or disable it where another stack already budgets the account."
  type = object({
    enabled      = optional(bool, true)
    limit_amount = optional(number)
  })
  default = {}

  validation {
    condition     = var.account_budget.limit_amount == null ? true : var.account_budget.limit_amount > 0
    error_message = "The account budget's limit must be positive."
  }

  validation {
    condition     = var.account_budget.limit_amount == null ? true : var.account_budget.limit_amount >= var.limit_amount
    error_message = "The account's spend includes the pipeline's: its limit cannot be below limit_amount."
  }
}

variable "tags" {
  description = "Tags for the budget, on top of the provider's default_tags."
  type        = map(string)
  default     = {}
}

################################################################################
# Cost allocation tags
################################################################################

variable "activate_cost_allocation_tags" {
  description = "Activate cost_allocation_tag_keys. Only the organization's payer (management) account can; leave false in member accounts and activate there."
  type        = bool
  default     = false
}

variable "cost_allocation_tag_keys" {
  description = "Tag keys to activate for cost allocation."
  type        = list(string)
  default     = ["Project", "Environment", "iceflow:function"]

  validation {
    condition     = contains(var.cost_allocation_tag_keys, var.cost_allocation_tag.key)
    error_message = "Activate the key the budget filters on (cost_allocation_tag.key)."
  }
}
