################################################################################
# Budget
################################################################################

output "budget_name" {
  description = "Name of the budget."
  value       = aws_budgets_budget.this.name
}

output "account_budget_name" {
  description = "Name of the unfiltered account budget, or null when account_budget.enabled is false."
  value       = one(aws_budgets_budget.account[*].name)
}

################################################################################
# Cost allocation tags
################################################################################

output "active_cost_allocation_tags" {
  description = "Tag keys this module activated."
  value       = [for t in aws_ce_cost_allocation_tag.this : t.tag_key]
}
