terraform {
  # use_lockfile (S3-native state locking) needs Terraform 1.10 or later.
  required_version = ">= 1.10"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }
}
