################################################################################
# Buckets
################################################################################

output "bucket_names" {
  description = "Bucket names by logical name (the topology's buckets and the artifacts bucket)."
  value       = { for k, b in aws_s3_bucket.this : k => b.id }
}

output "bucket_arns" {
  description = "Bucket ARNs by logical name."
  value       = { for k, b in aws_s3_bucket.this : k => b.arn }
}

output "artifacts_bucket" {
  description = "Name of the bucket the Lambda packages are uploaded to, known once its versioning is enabled."
  value       = aws_s3_bucket.this[var.artifacts_bucket].id
  # The functions pin their package's object version: an upload that raced the versioning
  # configuration would get no version id (or a null one) on the first apply.
  depends_on = [aws_s3_bucket_versioning.this]
}

################################################################################
# Access logging
################################################################################

output "access_logs_bucket" {
  description = "Name of the bucket receiving S3 server access logs."
  value       = aws_s3_bucket.access_logs.id
}
