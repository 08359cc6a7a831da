# No provider: the module only reads the contracts, so it plans offline (terraform/tests evaluate it
# against the repository's topology and made-up deployed names).
terraform {
  required_version = ">= 1.11"
}
