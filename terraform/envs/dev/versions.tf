terraform {
  # use_lockfile (S3-native state locking) is generally available from Terraform 1.11 (experimental in 1.10).
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }
}
