data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  topology = jsondecode(file(coalesce(var.topology_file, "${path.module}/../../../contracts/topology.json")))
  spec     = one([for f in local.topology.functions : f if f.name == var.name])
  consumes = local.spec.consumes
  queue    = one([for q in local.topology.queues : q if q.name == local.consumes.queue])

  function_name = "${var.prefix}-${var.name}"

  # The package is hashed only when it is built, so terraform destroy needs no
  # services/*/target/function.zip (filebase64sha256/filemd5 fail on a missing file). A plan still
  # needs it, and says so: aws_s3_object.artifact's precondition (preconditions are not checked on
  # destroy).
  artifact_built = fileexists(var.artifact.path)
  account_id     = data.aws_caller_identity.current.account_id
  partition      = data.aws_partition.current.partition
  region         = data.aws_region.current.region

  # JVM with SnapStart, or a GraalVM native executable (the zip's bootstrap) on the OS-only runtime,
  # which takes no handler and no SnapStart.
  jvm     = var.runtime.kind == "jvm"
  runtime = local.jvm ? "java21" : "provided.al2023"
  handler = local.jvm ? "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest" : "not.used.in.provided.runtime"
  build_command = (local.jvm
    ? "mvn -B package -DskipTests -pl ${local.spec.module} -am"
  : "mvn -B package -DskipTests -Pnative -pl ${local.spec.module} -am, see docs/native.md")

  # The topology's reservation, unless the account cannot afford reservations (reserve_concurrency).
  reserved_concurrency = var.reserve_concurrency && local.spec.reservedConcurrency != null ? local.spec.reservedConcurrency : -1

  # The ledger tables the function writes (the topology's writesLedgers), by logical name.
  written_ledgers = { for l in local.spec.writesLedgers : l => var.ledger_tables[l] }

  # The queues the function sends to itself (validation parks what it cannot route in
  # ingest-unrouted): only these get a URL in the environment and sqs:SendMessage in the role.
  sends_to_queues = try(local.spec.sendsToQueues, [])

  # The deployed functions whose event sources this one pauses and resumes (cost-guard: the
  # topology's controlsFunctions), by logical name → deployed name. A controlled function that is not
  # deployed has no mapping to pause, so it gets no name. The role's event source mapping grant is
  # attached by the pipeline (it needs the other functions' mapping ARNs).
  controlled_functions = { for f in try(local.spec.controlsFunctions, []) : f => var.function_names[f] if contains(keys(var.function_names), f) }

  # Logical name → environment variable suffix (cost-guard → COST_GUARD, ingest-unrouted →
  # INGEST_UNROUTED), as tools/local FunctionEnvironment and application.properties spell it.
  env_name = {
    for n in distinct(concat(keys(var.topic_arns), keys(var.bucket_names), keys(local.written_ledgers), local.sends_to_queues, keys(local.controlled_functions))) :
    n => upper(replace(n, "/[^A-Za-z0-9]/", "_"))
  }

  environment = merge(
    { for t, arn in var.topic_arns : "ICEFLOW_TOPICS_${local.env_name[t]}" => arn },
    { for b, name in var.bucket_names : "ICEFLOW_BUCKETS_${local.env_name[b]}" => name },
    # iceflow.ledgers.<name> (IceflowConfig.ledgers), only for the ledgers the function writes.
    { for l, table in local.written_ledgers : "ICEFLOW_LEDGERS_${local.env_name[l]}" => table.name },
    # iceflow.queues.<name> (IceflowConfig.queues), only for the queues the function sends to.
    { for q in local.sends_to_queues : "ICEFLOW_QUEUES_${local.env_name[q]}" => var.queue_urls[q] },
    # iceflow.functions.<name> (IceflowConfig.functions), only for the functions it controls.
    { for f, name in local.controlled_functions : "ICEFLOW_FUNCTIONS_${local.env_name[f]}" => name },
    # Iceberg's REST catalog at AWS Glue's Iceberg REST endpoint, signed with SigV4 for glue; its
    # warehouse is the account's Data Catalog (CatalogFactory, CatalogProperties.glueRest).
    # https://docs.aws.amazon.com/glue/latest/dg/connect-glu-iceberg-rest.html
    {
      ICEFLOW_CATALOG_URI       = "https://glue.${local.region}.${data.aws_partition.current.dns_suffix}/iceberg"
      ICEFLOW_CATALOG_WAREHOUSE = local.account_id
    },
    local.tracing_environment,
    var.environment,
  )

  # Tracing: with the ADOT collector layer, the function's OTel SDK (common Tracing) posts spans to
  # the collector on localhost, whose config comes from an environment variable (the layer's env
  # confmap provider), so no file has to be packaged with the function. The awsxray exporter turns
  # only the attributes it is told to index into X-Ray annotations (iceflow.batch_id becomes
  # iceflow_batch_id, which the X-Ray console filters on). An upstream's W3C trace id is kept:
  # X-Ray accepts W3C trace ids, and the exporter's exporter.awsxray.skiptimestampvalidation
  # feature gate (on by default since collector v0.84.0) no longer drops them.
  # https://aws-otel.github.io/docs/getting-started/lambda/lambda-custom-configuration
  # https://github.com/open-telemetry/opentelemetry-collector-contrib/tree/main/exporter/awsxrayexporter
  tracing = var.adot_collector_layer_arn != null
  collector_config = yamlencode({
    receivers = { otlp = { protocols = { http = { endpoint = "localhost:4318" } } } }
    exporters = {
      awsxray = { indexed_attributes = ["iceflow.batch_id", "iceflow.dataset", "iceflow.stage"] }
    }
    service = { pipelines = { traces = { receivers = ["otlp"], exporters = ["awsxray"] } } }
  })
  tracing_environment = local.tracing ? {
    OTEL_EXPORTER_OTLP_ENDPOINT        = "http://localhost:4318"
    OTEL_SERVICE_NAME                  = local.function_name
    OPENTELEMETRY_COLLECTOR_CONFIG_URI = "env:ICEFLOW_COLLECTOR_CONFIG"
    ICEFLOW_COLLECTOR_CONFIG           = local.collector_config
  } : {}

  # The template variables of the generated policy (contracts PolicyVariables: a logical name in
  # lower snake case). templatefile() fails on a placeholder missing here.
  policy_variables = merge(
    {
      partition             = local.partition
      region                = local.region
      account_id            = local.account_id
      dead_letter_queue_arn = var.dlq_arn
    },
    { for q, arn in var.queue_arns : "queue_arn_${replace(lower(q), "-", "_")}" => arn },
    { for t, arn in var.topic_arns : "topic_arn_${replace(lower(t), "-", "_")}" => arn },
    { for b, name in var.bucket_names : "bucket_arn_${replace(lower(b), "-", "_")}" => "arn:${local.partition}:s3:::${name}" },
    { for l, table in var.ledger_tables : "ledger_arn_${replace(lower(l), "-", "_")}" => table.arn },
  )
}

################################################################################
# Function
################################################################################

resource "aws_lambda_function" "this" {
  #checkov:skip=CKV_AWS_116:Invoked only by its SQS event source mapping; failed messages go to the source queue's redrive DLQ (the function DLQ serves asynchronous invocations only).
  #checkov:skip=CKV_AWS_272:Packages are built by this repository's CI and pinned by S3 object version and source_code_hash; code signing (AWS Signer) is not set up yet.
  function_name = local.function_name
  description   = "iceflow ${var.name} stage (${local.spec.module})"
  role          = aws_iam_role.this.arn
  runtime       = local.runtime
  handler       = local.handler
  architectures = [var.runtime.architecture]
  memory_size   = local.spec.memoryMb
  timeout       = local.spec.timeoutSeconds
  publish       = true # SnapStart snapshots published versions only; the alias follows them
  layers        = local.tracing ? [var.adot_collector_layer_arn] : []

  # -1: no reservation; the event source mapping's maximum_concurrency bounds SQS-driven scaling.
  reserved_concurrent_executions = local.reserved_concurrency

  s3_bucket         = aws_s3_object.artifact.bucket
  s3_key            = aws_s3_object.artifact.key
  s3_object_version = aws_s3_object.artifact.version_id
  source_code_hash  = local.artifact_built ? filebase64sha256(var.artifact.path) : null

  kms_key_arn = var.kms.data_key_arn

  environment {
    variables = local.environment
  }

  vpc_config {
    subnet_ids         = var.vpc.subnet_ids
    security_group_ids = var.vpc.security_group_ids
  }

  # On destroy, first move the function onto the replacement groups (the VPC's empty default group)
  # and wait for that update, then delete it: the ENIs Lambda leaves behind for up to ~40 minutes
  # then hold the replacement group, not the functions' group, whose destroy would otherwise stall.
  replace_security_groups_on_destroy = true
  replacement_security_group_ids     = var.vpc.replacement_security_group_ids

  # Lambda's own segments (init, invocation) in X-Ray; the stage spans come through the collector
  # layer when adot_collector_layer_arn is set.
  tracing_config {
    mode = "Active"
  }

  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.this.name
  }

  dynamic "snap_start" {
    for_each = local.jvm ? ["PublishedVersions"] : []
    content {
      apply_on = snap_start.value
    }
  }

  tags = merge(var.tags, { "iceflow:function" = var.name })

  # A reservation below the mapping's maximum concurrency throttles the pollers Lambda scales up to:
  # messages return to the queue and, after maxReceiveCount, reach the DLQ without ever failing.
  # https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html#events-sqs-max-concurrency
  lifecycle {
    precondition {
      condition     = local.reserved_concurrency == -1 || local.reserved_concurrency >= local.consumes.maximumConcurrency
      error_message = "${var.name} reserves ${local.reserved_concurrency} concurrent executions, below its event source mapping's maximumConcurrency of ${local.consumes.maximumConcurrency}: raise reservedConcurrency in contracts/topology.json to at least that, or lower the mapping's maximum."
    }
  }

  depends_on = [aws_iam_role_policy.this]
}

resource "aws_lambda_alias" "this" {
  name             = var.alias
  description      = "The version the event source mapping invokes."
  function_name    = aws_lambda_function.this.function_name
  function_version = aws_lambda_function.this.version
}

################################################################################
# Artifact
################################################################################

# Through S3: direct uploads are limited to 50 MB. The key is stable; the bucket is versioned and the
# function names the exact version, so a rollback is a re-apply of the old package.
resource "aws_s3_object" "artifact" {
  bucket      = var.artifact.bucket
  key         = "functions/${var.name}/function.zip"
  source      = var.artifact.path
  source_hash = local.artifact_built ? filemd5(var.artifact.path) : null # the ETag of an SSE-KMS object is not its MD5
  kms_key_id  = var.kms.data_key_arn
  tags        = var.tags

  lifecycle {
    precondition {
      condition     = local.artifact_built
      error_message = "No package at ${var.artifact.path}: build it (${local.build_command}) before a plan that creates or updates functions. terraform destroy does not need it."
    }
  }
}

################################################################################
# Event source mapping
################################################################################

resource "aws_lambda_event_source_mapping" "this" {
  event_source_arn = var.queue_arns[local.consumes.queue]
  function_name    = aws_lambda_alias.this.arn
  batch_size       = local.consumes.batchSize
  # FIFO queues take no batching window.
  maximum_batching_window_in_seconds = local.queue.fifo ? null : local.consumes.maximumBatchingWindowSeconds
  function_response_types            = local.consumes.reportBatchItemFailures ? ["ReportBatchItemFailures"] : []

  scaling_config {
    maximum_concurrency = local.consumes.maximumConcurrency
  }

  # cost-guard and on-call pause a stage by disabling its mapping (UpdateEventSourceMapping
  # Enabled=false); ignoring enabled after creation keeps the next apply from resuming it.
  lifecycle {
    ignore_changes = [enabled]
  }
}

################################################################################
# Log group
################################################################################

resource "aws_cloudwatch_log_group" "this" {
  #checkov:skip=CKV_AWS_338:Retention is a per-account choice passed in (prod 365 days, dev 30 days to save cost); the variable is validated against the values CloudWatch accepts.
  name              = "/aws/lambda/${local.function_name}"
  retention_in_days = var.log_retention_in_days
  kms_key_id        = var.kms.logs_key_arn
  tags              = var.tags
}

################################################################################
# Role
################################################################################

resource "aws_iam_role" "this" {
  name               = "${local.function_name}-function"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  tags               = var.tags
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_iam_role_policy" "this" {
  name   = "${var.name}-least-privilege"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.this.json
}

data "aws_iam_policy_document" "this" {
  #checkov:skip=CKV_AWS_111:Only the VPC network-interface, X-Ray and CloudWatch PutMetricData statements here (and GetMetricData in the generated policy) use "*": those actions do not support resource-level permissions (see their comments).
  #checkov:skip=CKV_AWS_356:Same statements as CKV_AWS_111: AWS requires "*" for them.
  # What the topology says the function touches: its queue and DLQ, topics, buckets, ledgers, the
  # Glue catalog (through its Iceberg REST endpoint) for table stages, metrics for a reader. Generated from contracts/topology.json
  # (FunctionPolicies, bin/generate-policies); the local platform enforces the same document. The
  # statements below depend on the account: keys, logs, network, tracing.
  source_policy_documents = [templatefile("${path.module}/policies/${var.name}.json", local.policy_variables)]

  # Every client of an encrypted Data Catalog, reading or writing, needs GenerateDataKey, Decrypt
  # and Encrypt on the catalog's key; only through Glue, so Encrypt is no wider than that.
  # https://docs.aws.amazon.com/glue/latest/dg/set-up-encryption.html
  dynamic "statement" {
    for_each = var.iceberg.enabled && var.iceberg.catalog_kms_key_arn != null ? [var.iceberg.catalog_kms_key_arn] : []
    content {
      sid       = "UseCatalogKeyThroughGlue"
      actions   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]
      resources = [statement.value]

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["glue.${local.region}.amazonaws.com"]
      }
    }
  }

  # Sending to an SSE-KMS queue or topic takes GenerateDataKey and Decrypt; reading SSE-KMS objects
  # and messages takes Decrypt; DynamoDB decrypts a ledger table's key as the calling principal; and
  # Lambda decrypts the function's environment (kms_key_arn) with the execution role at start-up.
  # Only through those services (kms:ViaService, here and in the key policy): the role can never call
  # kms:Decrypt on the data key itself, so a leaked credential decrypts no copied ciphertext. Glue's
  # use of a catalog key is UseCatalogKeyThroughGlue's.
  # https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html
  # https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html
  # https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service
  statement {
    sid       = "UseDataKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.kms.data_key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = [for s in ["s3", "sqs", "sns", "dynamodb", "lambda"] : "${s}.${local.region}.amazonaws.com"]
    }
  }

  statement {
    sid       = "WriteOwnLogGroup"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.this.arn}:*"]
  }

  # Lambda manages the function's network interfaces with the execution role; EC2 does not support
  # resource-level permissions for the Describe calls, and Lambda creates interfaces with generated
  # ids. https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html#configuration-vpc-permissions
  statement {
    sid = "VpcNetworkInterfaces"
    actions = [
      "ec2:CreateNetworkInterface",
      "ec2:DescribeNetworkInterfaces",
      "ec2:DescribeSubnets",
      "ec2:DeleteNetworkInterface",
      "ec2:AssignPrivateIpAddresses",
      "ec2:UnassignPrivateIpAddresses",
    ]
    resources = ["*"]
  }

  # X-Ray trace segments have no resource ARN.
  # These are the AWSXRayDaemonWriteAccess actions: Lambda's active tracing and the collector
  # layer's awsxray exporter write segments with the role, and the exporter reads sampling rules.
  # https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsx-ray.html
  # https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSXRayDaemonWriteAccess.html
  statement {
    sid = "XRayTraces"
    actions = [
      "xray:PutTraceSegments",
      "xray:PutTelemetryRecords",
      "xray:GetSamplingRules",
      "xray:GetSamplingTargets",
      "xray:GetSamplingStatisticSummaries",
    ]
    resources = ["*"]
  }

  # PutMetricData has no resource ARN; the namespace condition is how it is scoped.
  # https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/iam-cw-condition-keys-namespace.html
  dynamic "statement" {
    for_each = var.metrics_namespace == null ? [] : [var.metrics_namespace]
    content {
      sid       = "PutOwnMetrics"
      actions   = ["cloudwatch:PutMetricData"]
      resources = ["*"]

      condition {
        test     = "StringEquals"
        variable = "cloudwatch:namespace"
        values   = [statement.value]
      }
    }
  }
}

################################################################################
# Alarms
################################################################################

# The DLQ and errors alarms are the topology's (dlq-not-empty, function-errors), created with all
# the others by the observability module. Throttles is not an on-call alarm of the topology.
resource "aws_cloudwatch_metric_alarm" "throttles" {
  alarm_name          = "${local.function_name}-throttles"
  alarm_description   = "${var.name} is throttled: account or reserved concurrency is exhausted."
  namespace           = "AWS/Lambda"
  metric_name         = "Throttles"
  dimensions          = { FunctionName = aws_lambda_function.this.function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.alarm_topic_arn]
  tags                = var.tags
}
