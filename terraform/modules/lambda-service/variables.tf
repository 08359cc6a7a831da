################################################################################
# Function
################################################################################

variable "name" {
  description = "Logical function name in contracts/topology.json (validation, enrichment, ...). Memory, timeout, reserved concurrency, the queue it consumes, the topics it publishes to, the queues it sends to and the buckets it reads and writes all come from there."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*$", var.name))
    error_message = "Use the topology's lower-case logical name."
  }
}

variable "topology_file" {
  description = "Path of contracts/topology.json. Defaults to the repository's copy."
  type        = string
  default     = null
}

variable "prefix" {
  description = "Deployment prefix; the function is named <prefix>-<name>."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}$", var.prefix))
    error_message = "The prefix must be lower-case letters, digits and -."
  }
}

variable "runtime" {
  description = "kind = jvm runs java21 with SnapStart on published versions; kind = native runs a GraalVM native build on provided.al2023. architecture must match the build (native images are built per CPU)."
  type = object({
    kind         = optional(string, "jvm")
    architecture = optional(string, "x86_64")
  })
  default = {}

  validation {
    condition     = contains(["jvm", "native"], var.runtime.kind)
    error_message = "runtime.kind must be jvm or native."
  }

  validation {
    condition     = contains(["x86_64", "arm64"], var.runtime.architecture)
    error_message = "runtime.architecture must be x86_64 or arm64."
  }
}

variable "reserve_concurrency" {
  description = "Reserve the topology's reservedConcurrency for the function. Lambda refuses a reservation that leaves the account fewer than 100 unreserved concurrent executions (UnreservedConcurrentExecution minimum), so an account on a low concurrency quota (new accounts start at 10) sets false: the function then shares the unreserved pool and only its mapping's maximum concurrency bounds it. See aws lambda get-account-settings."
  type        = bool
  default     = true
}

variable "alias" {
  description = "Name of the alias that follows the latest published version and that the event source mapping invokes."
  type        = string
  default     = "live"
}

variable "environment" {
  description = "Extra environment variables (e.g. JAVA_TOOL_OPTIONS). The ICEFLOW_TOPICS_*, ICEFLOW_BUCKETS_*, ICEFLOW_LEDGERS_*, ICEFLOW_QUEUES_* and ICEFLOW_CATALOG_* variables are set from the other inputs."
  type        = map(string)
  default     = {}
}

variable "vpc" {
  description = "Private subnets and security groups the function runs in, and the groups it is moved to before it is destroyed (e.g. the VPC's empty default group), so its leftover ENIs do not hold security_group_ids."
  type = object({
    subnet_ids                     = list(string)
    security_group_ids             = list(string)
    replacement_security_group_ids = list(string)
  })

  validation {
    condition     = length(var.vpc.subnet_ids) >= 2 && length(var.vpc.security_group_ids) >= 1
    error_message = "Give at least two subnets (two AZs) and one security group."
  }

  validation {
    condition     = length(var.vpc.replacement_security_group_ids) >= 1 && length(setintersection(var.vpc.replacement_security_group_ids, var.vpc.security_group_ids)) == 0
    error_message = "Give at least one replacement security group, none of them among security_group_ids."
  }
}

variable "kms" {
  description = "data_key_arn encrypts the pipeline's data (and the function's environment); logs_key_arn the log group."
  type = object({
    data_key_arn = string
    logs_key_arn = string
  })

  validation {
    condition     = alltrue([for k in [var.kms.data_key_arn, var.kms.logs_key_arn] : can(regex("^arn:aws[a-z-]*:kms:", k))])
    error_message = "Give KMS key ARNs."
  }
}

variable "tags" {
  description = "Tags for every resource, on top of the provider's default_tags."
  type        = map(string)
  default     = {}
}

################################################################################
# Artifact
################################################################################

variable "artifact" {
  description = "The package the service module builds (services/<module>/target/function.zip for the JVM, target/native/function.zip for native: its kind must match runtime.kind) and the bucket it is uploaded to."
  type = object({
    path   = string
    bucket = string
  })

  validation {
    condition     = endswith(var.artifact.path, ".zip")
    error_message = "The artifact is a zip (Quarkus builds target/function.zip, or target/native/function.zip with -Pnative)."
  }
}

################################################################################
# Event source mapping
################################################################################

variable "queue_arns" {
  description = "Queue ARNs by logical name (the messaging module's queue_arns); the function's own queue is looked up by the topology's consumes.queue, and the role may send only to its sendsToQueues (besides parking in dlq_arn)."
  type        = map(string)
}

variable "queue_urls" {
  description = "Queue URLs by logical name (the messaging module's queue_urls); each queue of the topology's sendsToQueues becomes ICEFLOW_QUEUES_<NAME>."
  type        = map(string)
}

################################################################################
# Log group
################################################################################

variable "log_retention_in_days" {
  description = "Days the function's logs are kept."
  type        = number
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_in_days)
    error_message = "log_retention_in_days must be one of the values CloudWatch Logs accepts."
  }
}

################################################################################
# Role
################################################################################

variable "topic_arns" {
  description = "Topic ARNs by logical name, all of the topology's: each becomes ICEFLOW_TOPICS_<NAME>; the role may publish only to the topology's publishesTo."
  type        = map(string)
}

variable "bucket_names" {
  description = "Bucket names by logical name: each becomes ICEFLOW_BUCKETS_<NAME>; the role reads only readsBuckets and writes only writesBuckets."
  type        = map(string)
}

variable "ledger_tables" {
  description = "DynamoDB tables of the topology's ledgers by logical name (the ledgers module's table_names and table_arns). The ledgers in the topology's writesLedgers become ICEFLOW_LEDGERS_<NAME> (the table name), and the role may GetItem, BatchGetItem, PutItem and UpdateItem on those tables only."
  type = map(object({
    name = string
    arn  = string
  }))
  default = {}

  validation {
    condition     = alltrue([for t in values(var.ledger_tables) : can(regex("^arn:aws[a-z-]*:dynamodb:[^:]+:[0-9]{12}:table/", t.arn))])
    error_message = "Give DynamoDB table ARNs (arn:aws:dynamodb:<region>:<account>:table/<name>)."
  }
}

variable "function_names" {
  description = "Deployed function names by logical name (the pipeline's deployed functions, <prefix>-<name>). Each function of the topology's controlsFunctions that is deployed becomes ICEFLOW_FUNCTIONS_<NAME>; the other entries are ignored."
  type        = map(string)
  default     = {}
}

variable "dlq_arn" {
  description = "ARN of the dead-letter queue behind the function's queue (the messaging module's dlq_arns by the topology's consumes.queue): besides the topology's sendsToQueues, the only queue the function may send to, to park messages that can never succeed."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:sqs:", var.dlq_arn))
    error_message = "Give an SQS queue ARN."
  }
}

variable "iceberg" {
  description = "For the table stages (their Glue and warehouse grants come with the generated policy): the KMS key the account's Data Catalog is encrypted with (null: not encrypted), which the role may then use through Glue."
  type = object({
    enabled             = optional(bool, false)
    catalog_kms_key_arn = optional(string)
  })
  default = {}
}

variable "metrics_namespace" {
  description = "CloudWatch namespace the function may put custom metrics into; null grants none."
  type        = string
  default     = null
}

################################################################################
# Tracing
################################################################################

variable "adot_collector_layer_arn" {
  description = "ARN of the AWS Distro for OpenTelemetry collector Lambda layer for the function's region and architecture (aws-otel-collector-<amd64|arm64>-ver-..., https://aws-otel.github.io/docs/getting-started/lambda). With it, the function exports its stage spans over OTLP/HTTP to the collector on localhost:4318, which sends them to X-Ray with the batch id indexed as an annotation (ops trace, the X-Ray console). null: no layer, no span export (the function still propagates trace context in its messages)."
  type        = string
  default     = null

  validation {
    condition     = var.adot_collector_layer_arn == null || can(regex("^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:layer:[A-Za-z0-9_-]+:[0-9]+$", var.adot_collector_layer_arn))
    error_message = "Give a versioned Lambda layer ARN (arn:aws:lambda:<region>:<account>:layer:<name>:<version>), or null."
  }
}

################################################################################
# Alarms
################################################################################

variable "alarm_topic_arn" {
  description = "SNS topic (the topology's alerts topic) that alarms notify."
  type        = string
}
