"""Each check fails on a deliberately bad snippet: the checks can fail."""

import copy

import checks
from hcl import parse

GOOD_MESSAGING = '''
locals {
  topology      = jsondecode(file("${path.module}/../../../contracts/topology.json"))
  topics        = { for t in local.topology.topics : t.name => t }
  queues        = { for q in local.topology.queues : q.name => q }
  dead_letters  = { for q in local.topology.queues : q.name => q.deadLetter if try(q.deadLetter, null) != null }
  subscriptions = { for s in local.topology.subscriptions : "${s.topic}-${s.queue}" => s }
}
resource "aws_sns_topic" "this" {
  for_each          = local.topics
  name              = "${var.prefix}-${each.key}${each.value.fifo ? ".fifo" : ""}"
  fifo_topic        = each.value.fifo
  kms_master_key_id = var.kms_key_arn
}
resource "aws_sqs_queue" "this" {
  for_each          = local.queues
  name              = "${var.prefix}-${each.key}${each.value.fifo ? ".fifo" : ""}"
  fifo_queue        = each.value.fifo
  kms_master_key_id = var.kms_key_arn
  redrive_policy    = jsonencode({ deadLetterTargetArn = aws_sqs_queue.dlq[each.key].arn, maxReceiveCount = each.value.deadLetter.maxReceiveCount })
}
resource "aws_sqs_queue" "dlq" {
  for_each          = local.dead_letters
  name              = "${var.prefix}-${each.value.name}${each.value.fifo ? ".fifo" : ""}"
  fifo_queue        = each.value.fifo
  kms_master_key_id = var.kms_key_arn
}
resource "aws_sns_topic_subscription" "this" {
  for_each             = local.subscriptions
  protocol             = "sqs"
  raw_message_delivery = each.value.rawMessageDelivery
  filter_policy        = jsonencode(each.value.filterPolicy)
  filter_policy_scope  = each.value.filterPolicyScope
  redrive_policy       = jsonencode({ deadLetterTargetArn = aws_sqs_queue.subscription_dlq[each.key].arn })
}
'''

SUBSCRIPTION_DLQ = '''
locals {
  subscription_dead_letters = { for k, s in local.subscriptions : k => merge(s.deadLetter, { topic = s.topic, fifo = local.topics[s.topic].fifo }) }
}
resource "aws_sqs_queue" "subscription_dlq" {
  for_each          = local.subscription_dead_letters
  name              = "${var.prefix}-${each.value.name}${each.value.fifo ? ".fifo" : ""}"
  fifo_queue        = each.value.fifo
  kms_master_key_id = var.kms_key_arn
}
resource "aws_sqs_queue_policy" "subscription_dlq" {
  for_each  = local.subscription_dead_letters
  queue_url = aws_sqs_queue.subscription_dlq[each.key].id
  policy    = data.aws_iam_policy_document.subscription_dlq[each.key].json
}
data "aws_iam_policy_document" "subscription_dlq" {
  for_each = local.subscription_dead_letters
  statement {
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.subscription_dlq[each.key].arn]
    principals {
      type        = "Service"
      identifiers = ["sns.amazonaws.com"]
    }
    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_sns_topic.this[each.value.topic].arn]
    }
  }
}
'''


def test_messaging_check_passes_the_good_snippet():
    assert checks.messaging_follows_topology(parse(GOOD_MESSAGING)) == []


def test_messaging_check_catches_retyped_queues():
    bad = GOOD_MESSAGING.replace("for_each          = local.queues", 'for_each          = toset(["enrichment", "commit"])')
    assert any("aws_sqs_queue.this does not iterate" in p for p in checks.messaging_follows_topology(parse(bad)))


def test_messaging_check_catches_a_hard_coded_filter_policy_and_scope():
    bad = GOOD_MESSAGING.replace(
        "filter_policy        = jsonencode(each.value.filterPolicy)", 'filter_policy = jsonencode({ type = ["x"] })'
    ).replace("filter_policy_scope  = each.value.filterPolicyScope", 'filter_policy_scope = "MessageBody"')
    problems = checks.messaging_follows_topology(parse(bad))
    assert any("filter_policy does not use" in p for p in problems)
    assert any("filter_policy_scope does not use" in p for p in problems)


def test_messaging_check_catches_missing_raw_delivery_redrive_and_fifo():
    bad = (
        GOOD_MESSAGING.replace("raw_message_delivery = each.value.rawMessageDelivery", "")
        .replace("maxReceiveCount = each.value.deadLetter.maxReceiveCount", "maxReceiveCount = 5")
        .replace('${each.value.fifo ? ".fifo" : ""}', "")
    )
    problems = checks.messaging_follows_topology(parse(bad))
    assert any("raw_message_delivery" in p for p in problems)
    assert any("redrive_policy" in p for p in problems)
    assert any(".fifo" in p for p in problems)


def test_messaging_check_catches_a_module_that_does_not_read_the_topology():
    bad = GOOD_MESSAGING.replace('jsondecode(file("${path.module}/../../../contracts/topology.json"))', "var.topology")
    assert checks.messaging_follows_topology(parse(bad)) != []


def test_subscription_dlq_check_passes_the_good_snippet(topology):
    module = parse(GOOD_MESSAGING + SUBSCRIPTION_DLQ)
    assert checks.subscriptions_have_delivery_dead_letter_queues(module, topology) == []


def test_subscription_dlq_check_catches_a_subscription_without_redrive_policy(topology):
    bad = GOOD_MESSAGING.replace(
        "redrive_policy       = jsonencode({ deadLetterTargetArn = aws_sqs_queue.subscription_dlq[each.key].arn })", ""
    )
    problems = checks.subscriptions_have_delivery_dead_letter_queues(parse(bad + SUBSCRIPTION_DLQ), topology)
    assert any("redrive_policy" in p for p in problems)


def test_subscription_dlq_check_catches_a_missing_queue_policy_and_a_standard_dlq_for_a_fifo_topic(topology):
    bad = SUBSCRIPTION_DLQ.replace("fifo_queue        = each.value.fifo", "")
    bad = bad[: bad.index('resource "aws_sqs_queue_policy"')]
    problems = checks.subscriptions_have_delivery_dead_letter_queues(parse(GOOD_MESSAGING + bad), topology)
    assert any("fifo_queue" in p for p in problems)
    assert any("aws_sqs_queue_policy" in p for p in problems)


def test_subscription_dlq_check_catches_a_topology_subscription_without_dead_letter(topology, modules):
    broken = copy.deepcopy(topology)
    del broken["subscriptions"][0]["deadLetter"]
    problems = checks.subscriptions_have_delivery_dead_letter_queues(modules["messaging"], broken)
    assert problems == [f"subscription {broken['subscriptions'][0]['topic']} -> {broken['subscriptions'][0]['queue']} has no deadLetter"]


def test_topology_check_catches_dangling_references(topology):
    broken = copy.deepcopy(topology)
    broken["subscriptions"].append({"topic": "nope", "queue": "enrichment"})
    broken["functions"][0]["publishesTo"].append("missing-topic")
    broken["schedules"][0]["queue"] = "missing-queue"
    problems = checks.topology_is_consistent(broken)
    assert len(problems) >= 3


GOOD_FUNCTION = '''
resource "aws_lambda_function" "this" {
  kms_key_arn = var.kms.data_key_arn
  vpc_config {
    subnet_ids         = var.vpc.subnet_ids
    security_group_ids = var.vpc.security_group_ids
  }
  logging_config {
    log_group = aws_cloudwatch_log_group.this.name
  }
}
resource "aws_cloudwatch_log_group" "this" {
  kms_key_id = var.kms.logs_key_arn
}
resource "aws_cloudwatch_metric_alarm" "dlq" {
  namespace  = "AWS/SQS"
  dimensions = { QueueName = var.dlq_name }
}
resource "aws_lambda_event_source_mapping" "this" {
  batch_size                         = local.consumes.batchSize
  maximum_batching_window_in_seconds = local.consumes.maximumBatchingWindowSeconds
  function_response_types            = ["ReportBatchItemFailures"]
  scaling_config {
    maximum_concurrency = local.consumes.maximumConcurrency
  }
}
'''


def test_function_check_passes_the_good_snippet():
    assert checks.function_is_hardened(parse(GOOD_FUNCTION)) == []


def test_function_check_catches_missing_vpc_unencrypted_logs_and_no_dlq_alarm():
    bad = (
        GOOD_FUNCTION.replace("vpc_config {", "dead_config {")
        .replace("kms_key_id = var.kms.logs_key_arn", "")
        .replace('namespace  = "AWS/SQS"', 'namespace  = "AWS/Lambda"')
        .replace('["ReportBatchItemFailures"]', "[]")
    )
    problems = checks.function_is_hardened(parse(bad))
    assert any("vpc_config" in p for p in problems)
    assert any("not KMS-encrypted" in p for p in problems)
    assert any("dead-letter" in p for p in problems)
    assert any("batch item failures" in p for p in problems)


def test_roots_check_catches_a_function_defined_in_an_env_root(modules, topology):
    env = parse('''
module "pipeline" {
  source = "../../modules/pipeline"
}
resource "aws_lambda_function" "sneaky" {
  function_name = "iceflow-dev-sneaky"
}
variable "deployed_functions" {
  type        = list(string)
  description = "x"
  default     = ["validation", "not-in-topology"]
}
''', "bad-env")
    problems = checks.roots_deploy_through_lambda_service(env, modules["pipeline"], topology)
    assert any("outside lambda-service" in p for p in problems)
    assert any("not-in-topology" in p for p in problems)


def test_iam_check_catches_wildcards():
    bad = parse('''
data "aws_iam_policy_document" "this" {
  statement {
    sid       = "TooWide"
    actions   = ["s3:*"]
    resources = ["*"]
  }
  statement {
    sid       = "UnscopedMetrics"
    actions   = ["cloudwatch:PutMetricData", "xray:PutTraceSegments"]
    resources = ["*"]
  }
  dynamic "statement" {
    for_each = [1]
    content {
      actions   = ["sns:Publish"]
      resources = ["*"]
    }
  }
}
''')
    problems = checks.iam_has_no_needless_wildcards(bad)
    assert any("wildcard actions" in p for p in problems)
    assert any("s3:*" in p and '"*"' in p for p in problems)
    assert any("cloudwatch:PutMetricData" in p for p in problems)
    assert any("sns:Publish" in p for p in problems)
    assert not any("xray:PutTraceSegments" in p for p in problems)


def test_iam_check_accepts_a_scoped_metric_grant_and_a_deny():
    good = parse('''
data "aws_iam_policy_document" "this" {
  statement {
    actions   = ["cloudwatch:PutMetricData"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "cloudwatch:namespace"
      values   = ["Iceflow"]
    }
  }
  statement {
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = ["*"]
  }
}
''')
    assert checks.iam_has_no_needless_wildcards(good) == []


def test_encryption_check_catches_sse_s3_buckets_and_plain_queues_topics_and_logs():
    bad = parse('''
resource "aws_s3_bucket" "data" {
  bucket = "x"
}
resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}
resource "aws_s3_bucket" "forgotten" {
  bucket = "y"
}
resource "aws_sqs_queue" "plain" {
  name = "q"
}
resource "aws_sns_topic" "plain" {
  name = "t"
}
resource "aws_cloudwatch_log_group" "plain" {
  name = "l"
}
''')
    problems = checks.stores_are_kms_encrypted(bad)
    assert any("aws_s3_bucket.data is not SSE-KMS" in p for p in problems)
    assert any("aws_s3_bucket.forgotten has no encryption" in p for p in problems)
    assert any("aws_sqs_queue.plain" in p for p in problems)
    assert any("aws_sns_topic.plain" in p for p in problems)
    assert any("aws_cloudwatch_log_group.plain" in p for p in problems)


RAW_SCHEDULE_TARGET = '''
resource "aws_cloudwatch_event_target" "schedule" {
  for_each = local.schedules
  rule     = aws_cloudwatch_event_rule.schedule[each.key].name
  arn      = aws_sqs_queue.this[each.value.queue].arn
}
'''

WRONG_PAYLOAD_TARGET = '''
resource "aws_cloudwatch_event_target" "schedule" {
  for_each = local.schedules
  rule     = aws_cloudwatch_event_rule.schedule[each.key].name
  arn      = aws_sqs_queue.this[each.value.queue].arn
  input_transformer {
    input_paths = {
      id   = "$.id"
      time = "$.time"
    }
    input_template = <<-EOT
      {"id":"schedule.${each.key}.<id>","type":"schedule.tick","version":"1.0","source":"urn:iceflow:scheduler","time":"<time>","dataset":"*","correlationId":"x","traceparent":"00-${md5(each.key)}-${substr(sha1(each.key), 0, 16)}-00","data":{"schedule":"${each.key}"}}
    EOT
  }
}
'''


def test_schedule_check_catches_a_raw_eventbridge_event_and_a_short_payload(topology):
    raw = checks.schedule_ticks_follow_contract(parse(RAW_SCHEDULE_TARGET), topology)
    assert any("input_transformer" in p for p in raw)
    short = checks.schedule_ticks_follow_contract(parse(WRONG_PAYLOAD_TARGET), topology)
    assert any("does not match schedule.tick" in p for p in short)


UNFILTERED_SUBSCRIPTION = '''
resource "aws_sns_topic_subscription" "this" {
  for_each            = local.subscriptions
  filter_policy       = try(jsonencode(each.value.filterPolicy), null)
  filter_policy_scope = try(each.value.filterPolicyScope, null)
}
'''


def test_ingest_check_passes_one_unfiltered_subscription(topology):
    assert checks.ingest_topic_takes_every_message(parse(UNFILTERED_SUBSCRIPTION), topology) == []


def test_ingest_check_catches_the_body_filtered_pair_that_dropped_non_json_publishes(topology):
    # the previous topology: validation took known datasets, ingest-unrouted the complement
    before = copy.deepcopy(topology)
    validation = next(s for s in before["subscriptions"] if s["topic"] == "ingest")
    validation.update(filterPolicyScope="MessageBody", filterPolicy={"dataset": ["flights", "seattle_weather"]})
    before["subscriptions"].append(
        {
            "topic": "ingest",
            "queue": "ingest-unrouted",
            "rawMessageDelivery": True,
            "filterPolicyScope": "MessageBody",
            "filterPolicy": {"dataset": [{"exists": False}, {"anything-but": ["flights", "seattle_weather"]}]},
        }
    )
    problems = checks.ingest_topic_takes_every_message(parse(UNFILTERED_SUBSCRIPTION), before)
    assert any("has 2 subscriptions" in p for p in problems)
    assert any("ingest -> validation-ingest has a filterPolicy" in p for p in problems)


def test_ingest_check_catches_a_module_that_sends_the_policy_null(topology):
    problems = checks.ingest_topic_takes_every_message(parse(GOOD_MESSAGING), topology)
    assert any("filter_policy is not null" in p for p in problems)
    assert any("filter_policy_scope is not null" in p for p in problems)


SENDING_FUNCTION = '''
locals {
  sends_to_queues = try(local.spec.sendsToQueues, [])
  environment = merge(
    { for q in local.sends_to_queues : "ICEFLOW_QUEUES_${local.env_name[q]}" => var.queue_urls[q] },
    var.environment,
  )
}
data "aws_iam_policy_document" "this" {
  dynamic "statement" {
    for_each = length(local.sends_to_queues) > 0 ? [local.sends_to_queues] : []
    content {
      actions   = ["sqs:SendMessage"]
      resources = [for q in statement.value : var.queue_arns[q]]
    }
  }
  statement {
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.kms.data_key_arn]
  }
}
'''

PIPELINE_CALL = '''
module "service" {
  source     = "../lambda-service"
  for_each   = local.functions
  queue_arns = module.messaging.queue_arns
  queue_urls = module.messaging.queue_urls
}
'''


def test_sending_check_passes_the_good_snippet():
    assert checks.function_sends_only_to_its_queues(parse(SENDING_FUNCTION), parse(PIPELINE_CALL)) == []


def test_sending_check_catches_a_grant_on_every_queue_a_missing_url_and_no_data_key():
    bad = (
        SENDING_FUNCTION.replace("[for q in statement.value : var.queue_arns[q]]", '["*"]')
        .replace('"ICEFLOW_QUEUES_${local.env_name[q]}" => var.queue_urls[q]', '"ICEFLOW_QUEUE" => q')
        .replace('["kms:Decrypt", "kms:GenerateDataKey"]', '["kms:Decrypt"]')
    )
    problems = checks.function_sends_only_to_its_queues(parse(bad), parse(PIPELINE_CALL.replace("queue_urls", "queue_names")))
    assert any("sqs:SendMessage is not on var.queue_arns" in p for p in problems)
    assert any("ICEFLOW_QUEUES_" in p for p in problems)
    assert any("data key" in p for p in problems)
    assert any("queue_urls" in p for p in problems)


def test_sending_check_catches_a_role_that_sends_to_its_consumed_queue_too():
    bad = SENDING_FUNCTION.replace(
        "  statement {\n    actions   = [\"kms:Decrypt\"",
        "  statement {\n    actions   = [\"sqs:SendMessage\"]\n    resources = [var.queue_arns[local.consumes.queue]]\n  }\n"
        "  statement {\n    actions   = [\"kms:Decrypt\"",
    )
    assert bad != SENDING_FUNCTION
    problems = checks.function_sends_only_to_its_queues(parse(bad), parse(PIPELINE_CALL))
    assert any("want one sqs:SendMessage statement" in p for p in problems)
