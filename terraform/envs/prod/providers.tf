provider "aws" {
  region              = var.region
  allowed_account_ids = [var.account_id]

  # Every resource carries these; Project is the budget's cost-allocation tag.
  default_tags {
    tags = {
      Project     = "iceflow"
      Environment = "prod"
      ManagedBy   = "terraform"
      Repository  = "iceflow"
    }
  }
}
