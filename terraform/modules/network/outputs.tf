################################################################################
# VPC
################################################################################

output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.this.id
}

################################################################################
# Private subnets
################################################################################

output "private_subnet_ids" {
  description = "IDs of the private subnets the functions run in."
  value       = [for s in aws_subnet.private : s.id]
}

################################################################################
# Security groups
################################################################################

output "function_security_group_id" {
  description = "Security group for the Lambda functions (HTTPS egress to the endpoints only)."
  value       = aws_security_group.functions.id
}

output "default_security_group_id" {
  description = "The VPC's default security group, emptied of rules: the Lambda functions are moved onto it before they are destroyed, so their leftover ENIs do not hold the functions' group."
  value       = aws_default_security_group.this.id
}

################################################################################
# VPC endpoints
################################################################################

output "interface_endpoint_ids" {
  description = "Interface endpoint IDs by service."
  value       = { for k, e in aws_vpc_endpoint.interface : k => e.id }
}

output "gateway_endpoint_ids" {
  description = "Gateway endpoint IDs by service."
  value       = { for k, e in aws_vpc_endpoint.gateway : k => e.id }
}
