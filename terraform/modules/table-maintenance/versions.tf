# No provider: the module only reads the contracts, so it plans offline (terraform/tests evaluate it
# against made-up contracts and topologies).
terraform {
  required_version = ">= 1.11"
}
