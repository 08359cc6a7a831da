# State in S3, locked with an S3 lock file (use_lockfile; no DynamoDB table). bucket, key and region
# come from backend.hcl (see backend.hcl.example): terraform init -backend-config=backend.hcl
terraform {
  backend "s3" {
    encrypt      = true
    use_lockfile = true
  }
}
