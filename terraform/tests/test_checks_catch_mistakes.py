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


def test_function_check_catches_missing_vpc_unencrypted_logs_and_no_partial_batch_failures():
    bad = (
        GOOD_FUNCTION.replace("vpc_config {", "dead_config {")
        .replace("kms_key_id = var.kms.logs_key_arn", "")
        .replace('["ReportBatchItemFailures"]', "[]")
    )
    problems = checks.function_is_hardened(parse(bad))
    assert any("vpc_config" in p for p in problems)
    assert any("not KMS-encrypted" in p for p in problems)
    assert any("batch item failures" in p for p in problems)


def test_alarm_check_catches_a_hand_written_alarm_and_an_argument_not_from_the_topology(modules):
    from hcl import MODULES

    text = "\n".join(p.read_text() for p in sorted((MODULES / "observability").glob("*.tf")))
    assert checks.alarms_come_from_the_topology(parse(text), modules["alarm-definitions"], modules["lambda-service"]) == []

    by_hand = text + '''
resource "aws_cloudwatch_metric_alarm" "dlq" {
  namespace  = "AWS/SQS"
  dimensions = { QueueName = var.dlq_name }
}
'''
    assert any("want only" in p for p in checks.alarms_come_from_the_topology(parse(by_hand), modules["alarm-definitions"], modules["lambda-service"]))

    fixed = text.replace("threshold           = each.value.threshold", "threshold           = 5")
    assert fixed != text
    assert any("threshold is not" in p for p in checks.alarms_come_from_the_topology(parse(fixed), modules["alarm-definitions"], modules["lambda-service"]))

    silent = text.replace("ok_actions    = [var.alerts_topic_arn]", "ok_actions    = []")
    assert silent != text
    assert any("ok_actions" in p for p in checks.alarms_come_from_the_topology(parse(silent), modules["alarm-definitions"], modules["lambda-service"]))

    service = parse('''
resource "aws_cloudwatch_metric_alarm" "errors" {
  namespace   = "AWS/Lambda"
  metric_name = "Errors"
}
''')
    assert any("repeats a topology alarm" in p for p in checks.alarms_come_from_the_topology(parse(text), modules["alarm-definitions"], service))


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
resource "aws_dynamodb_table" "aws_managed" {
  name = "d"
  server_side_encryption {
    enabled = true
  }
}
resource "aws_dynamodb_table" "aws_owned" {
  name = "o"
}
''')
    problems = checks.stores_are_kms_encrypted(bad)
    assert any("aws_s3_bucket.data is not SSE-KMS" in p for p in problems)
    assert any("aws_s3_bucket.forgotten has no encryption" in p for p in problems)
    assert any("aws_sqs_queue.plain" in p for p in problems)
    assert any("aws_sns_topic.plain" in p for p in problems)
    assert any("aws_cloudwatch_log_group.plain" in p for p in problems)
    assert any("aws_dynamodb_table.aws_managed is not encrypted with a customer-managed key" in p for p in problems)
    assert any("aws_dynamodb_table.aws_owned is not encrypted with a customer-managed key" in p for p in problems)


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


GOOD_LEDGERS = '''
locals {
  topology = jsondecode(file("${path.module}/../../../contracts/topology.json"))
  ledgers  = { for l in local.topology.ledgers : l.name => l }
}
resource "aws_dynamodb_table" "this" {
  for_each                    = local.ledgers
  name                        = "${var.prefix}-${each.key}"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = each.value.partitionKey
  deletion_protection_enabled = true
  attribute {
    name = each.value.partitionKey
    type = "S"
  }
  ttl {
    attribute_name = each.value.ttlAttribute
    enabled        = true
  }
  point_in_time_recovery {
    enabled = each.value.pointInTimeRecovery
  }
  server_side_encryption {
    enabled     = true
    kms_key_arn = var.kms_key_arn
  }
}
'''

LEDGERS_CALL = '''
module "ledgers" {
  source      = "../ledgers"
  kms_key_arn = module.kms.key_arn
}
'''

UNFILTERED_SUBSCRIPTION = '''
resource "aws_sns_topic_subscription" "this" {
  for_each            = local.subscriptions
  filter_policy       = try(jsonencode(each.value.filterPolicy), null)
  filter_policy_scope = try(each.value.filterPolicyScope, null)
}
'''


def _ledger_problems(ledgers: str, topology: dict, call: str = LEDGERS_CALL) -> list[str]:
    return checks.ledgers_follow_topology(parse(ledgers, "ledgers"), parse(call, "pipeline"), topology)


def test_ledger_check_passes_the_good_snippet(topology):
    assert topology["ledgers"]
    assert _ledger_problems(GOOD_LEDGERS, topology) == []


def test_ledger_check_catches_point_in_time_recovery_other_than_the_topology_says(topology):
    switched_off = GOOD_LEDGERS.replace("enabled = each.value.pointInTimeRecovery", "enabled = false")
    assert any("point-in-time recovery is not True" in p for p in _ledger_problems(switched_off, topology))
    no_block = GOOD_LEDGERS.replace("point_in_time_recovery {", "dead_block {")
    assert any("point-in-time recovery is not True" in p for p in _ledger_problems(no_block, topology))
    # Hard-coded on is wrong too when the topology says off: the topology decides.
    without = copy.deepcopy(topology)
    without["ledgers"][0]["pointInTimeRecovery"] = False
    always_on = GOOD_LEDGERS.replace("enabled = each.value.pointInTimeRecovery", "enabled = true")
    assert any("point-in-time recovery is not False" in p for p in _ledger_problems(always_on, without))
    assert _ledger_problems(GOOD_LEDGERS, without) == []


def test_ledger_check_catches_ttl_on_another_attribute_or_switched_off(topology):
    retyped = GOOD_LEDGERS.replace("attribute_name = each.value.ttlAttribute", 'attribute_name = "ttl"')
    assert retyped != GOOD_LEDGERS
    assert any("TTL is not enabled on the topology's ttlAttribute" in p for p in _ledger_problems(retyped, topology))
    off = GOOD_LEDGERS.replace("enabled        = true", "enabled        = false")
    assert off != GOOD_LEDGERS
    assert any("TTL is not enabled" in p for p in _ledger_problems(off, topology))


def test_ledger_check_catches_tables_not_encrypted_with_the_data_key(topology):
    aws_managed = GOOD_LEDGERS.replace("kms_key_arn = var.kms_key_arn", "")
    assert any("not encrypted with a customer-managed key" in p for p in _ledger_problems(aws_managed, topology))
    logs_key = LEDGERS_CALL.replace("module.kms.key_arn", "module.kms.logs_key_arn")
    assert any("not the data key" in p for p in _ledger_problems(GOOD_LEDGERS, topology, logs_key))
    literal = GOOD_LEDGERS.replace("kms_key_arn = var.kms_key_arn", 'kms_key_arn = "alias/aws/dynamodb"')
    assert any("not a key the pipeline passes in" in p for p in _ledger_problems(literal, topology))


def test_ledger_check_catches_retyped_ledgers_another_key_and_no_deletion_protection(topology):
    retyped = GOOD_LEDGERS.replace("for_each                    = local.ledgers", 'for_each = toset(["idempotency"])')
    assert any("does not iterate local.topology.ledgers" in p for p in _ledger_problems(retyped, topology))
    unprotected = GOOD_LEDGERS.replace("deletion_protection_enabled = true", "deletion_protection_enabled = false")
    assert any("no deletion protection" in p for p in _ledger_problems(unprotected, topology))
    other_key = GOOD_LEDGERS.replace("hash_key                    = each.value.partitionKey", 'hash_key = "id"')
    assert any("hash_key is not the topology's partitionKey" in p for p in _ledger_problems(other_key, topology))


def _changed(policies: dict, function: str, change) -> dict:
    """A deep copy of the real generated documents with function's changed by change(document)."""
    changed = copy.deepcopy(policies)
    before = copy.deepcopy(changed[function])
    change(changed[function])
    assert changed[function] != before, "the change must apply to the real document"
    return changed


def _statement(document: dict, sid: str) -> dict:
    return next(s for s in document["Statement"] if s["Sid"] == sid)


def _ledger_role_problems(modules, policies, topology, service=None) -> list[str]:
    return checks.roles_write_only_own_ledgers(service or modules["lambda-service"], policies, topology)


def test_ledger_role_check_passes_the_real_documents(modules, policies, topology):
    assert _ledger_role_problems(modules, policies, topology) == []


def test_ledger_role_check_catches_grants_on_ledgers_the_function_does_not_write(modules, policies, topology):
    other = _changed(policies, "compaction", lambda d: _statement(d, "WriteOwnLedgers")["Resource"].append("${ledger_arn_cost}"))
    assert any("compaction.json statement WriteOwnLedgers grants DynamoDB on ['${ledger_arn_cost}']" in p for p in _ledger_role_problems(modules, other, topology))
    every = _changed(policies, "commit", lambda d: _statement(d, "WriteOwnLedgers").update(Resource=["arn:${partition}:dynamodb:${region}:${account_id}:table/*"]))
    assert any("not only on the tables of the function's writesLedgers" in p for p in _ledger_role_problems(modules, every, topology))
    writer = _statement(policies["commit"], "WriteOwnLedgers")
    no_ledger = _changed(policies, "validation", lambda d: d["Statement"].append(copy.deepcopy(writer)))
    assert any("validation.json statement WriteOwnLedgers" in p and "writesLedgers []" in p for p in _ledger_role_problems(modules, no_ledger, topology))
    # The topology decides: a function that no longer writes its ledger must lose the grant.
    stale = copy.deepcopy(topology)
    next(f for f in stale["functions"] if f["name"] == "commit")["writesLedgers"] = []
    assert any("commit.json statement WriteOwnLedgers" in p for p in _ledger_role_problems(modules, policies, stale))


def test_ledger_role_check_catches_actions_beyond_or_short_of_the_ledger_calls(modules, policies, topology):
    scan = _changed(policies, "commit", lambda d: _statement(d, "WriteOwnLedgers")["Action"].extend(["dynamodb:Scan", "dynamodb:DeleteItem"]))
    assert any("dynamodb:DeleteItem" in p and "dynamodb:Scan" in p and "besides the ledger calls" in p for p in _ledger_role_problems(modules, scan, topology))
    wildcard = _changed(policies, "cost-guard", lambda d: _statement(d, "WriteOwnLedgers").update(Action=["dynamodb:*"]))
    assert any("['dynamodb:*']" in p for p in _ledger_role_problems(modules, wildcard, topology))
    short = _changed(policies, "compaction", lambda d: _statement(d, "WriteOwnLedgers")["Action"].remove("dynamodb:BatchGetItem"))
    assert any("compaction.json: cannot dynamodb:BatchGetItem" in p for p in _ledger_role_problems(modules, short, topology))


def test_ledger_role_check_catches_a_dynamodb_grant_in_the_hcl_statements(modules, policies, topology):
    sneaky = _real_with("lambda-service", 'sid       = "UseDataKey"\n    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]', 'sid       = "UseDataKey"\n    actions   = ["kms:Decrypt", "kms:GenerateDataKey", "dynamodb:GetItem"]')
    assert any("statement UseDataKey grants ['dynamodb:GetItem'] outside the generated policy" in p for p in _ledger_role_problems(modules, policies, topology, sneaky))


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


def _queue_problems(modules, policies, topology, service=None, pipeline=None) -> list[str]:
    return checks.roles_use_only_own_queue_and_dlq(service or modules["lambda-service"], pipeline or modules["pipeline"], policies, topology)


def _send_problems(modules, policies, topology, service=None, pipeline=None) -> list[str]:
    return checks.function_sends_only_to_its_queues(service or modules["lambda-service"], pipeline or modules["pipeline"], policies, topology)


def test_the_real_role_parks_and_sends_and_each_check_takes_the_other_sides_statement(modules, policies, topology):
    sids = [s["Sid"] for s in policies["validation"]["Statement"]]
    assert "ParkInOwnDeadLetterQueue" in sids and "SendOwnQueues" in sids
    assert _queue_problems(modules, policies, topology) == []
    assert _send_problems(modules, policies, topology) == []


def test_queue_role_check_catches_sending_to_other_queues(modules, policies, topology):
    other = _changed(policies, "enrichment", lambda d: _statement(d, "ParkInOwnDeadLetterQueue")["Resource"].append("${queue_arn_commit}"))
    assert any("enrichment.json statement ParkInOwnDeadLetterQueue" in p and "not only on its own DLQ" in p for p in _queue_problems(modules, other, topology))
    own_queue_too = _changed(policies, "commit", lambda d: _statement(d, "ParkInOwnDeadLetterQueue")["Resource"].append("${queue_arn_commit}"))
    assert any("not only on its own DLQ" in p for p in _queue_problems(modules, own_queue_too, topology))
    beyond = _changed(policies, "validation", lambda d: _statement(d, "SendOwnQueues")["Resource"].append("${queue_arn_enrichment}"))
    assert any("validation.json statement SendOwnQueues" in p and "${queue_arn_enrichment}" in p for p in _queue_problems(modules, beyond, topology))
    wildcard = _changed(policies, "commit", lambda d: _statement(d, "FindOwnDeadLetterQueue")["Action"].append("sqs:Send*"))
    problems = _queue_problems(modules, wildcard, topology)
    assert any("statement FindOwnDeadLetterQueue grants ['sqs:Send*']" in p for p in problems)
    assert any("statement FindOwnDeadLetterQueue" in p and "not only on its own DLQ" in p for p in problems)


def test_queue_role_check_catches_consuming_other_queues_or_the_dlq_and_other_sqs_actions(modules, policies, topology):
    other = _changed(policies, "commit", lambda d: _statement(d, "ConsumeOwnQueue").update(Resource=["${queue_arn_enrichment}"]))
    problems = _queue_problems(modules, other, topology)
    assert any("statement ConsumeOwnQueue" in p and "not only on its own queue" in p for p in problems)
    assert any("commit.json: cannot sqs:ReceiveMessage on its own queue" in p for p in problems)
    dlq = _changed(policies, "cost-guard", lambda d: _statement(d, "ConsumeOwnQueue")["Resource"].append("${dead_letter_queue_arn}"))
    assert any("cost-guard.json statement ConsumeOwnQueue" in p and "not only on its own queue" in p for p in _queue_problems(modules, dlq, topology))
    purge = _changed(policies, "compaction", lambda d: _statement(d, "ConsumeOwnQueue")["Action"].append("sqs:PurgeQueue"))
    assert any("grants ['sqs:PurgeQueue']" in p for p in _queue_problems(modules, purge, topology))
    drains = _changed(policies, "commit", lambda d: _statement(d, "ParkInOwnDeadLetterQueue")["Action"].append("sqs:ReceiveMessage"))
    assert any("commit.json statement ParkInOwnDeadLetterQueue" in p and "there is none" in p for p in _queue_problems(modules, drains, topology))
    lookup = _changed(policies, "enrichment", lambda d: _statement(d, "FindOwnDeadLetterQueue").update(Resource=["${queue_arn_enrichment}"]))
    assert any("enrichment.json: cannot look up its own queue and DLQ" in p for p in _queue_problems(modules, lookup, topology))


def test_queue_role_check_catches_a_missing_park_grant_and_does_not_take_sending_for_parking(modules, policies, topology):
    no_park = _changed(policies, "validation", lambda d: d["Statement"].remove(_statement(d, "ParkInOwnDeadLetterQueue")))
    assert any("validation.json: the role cannot send to its own DLQ" in p for p in _queue_problems(modules, no_park, topology))


def test_queue_role_check_catches_an_sqs_grant_in_the_hcl_statements(modules, policies, topology):
    park = '  statement {\n    sid       = "ParkAnywhere"\n    actions   = ["sqs:SendMessage"]\n    resources = [var.dlq_arn]\n  }\n'
    in_hcl = _real_with("lambda-service", "  # X-Ray trace segments have no resource ARN.\n", park)
    assert any("statement ParkAnywhere grants ['sqs:SendMessage'] outside the generated policy" in p for p in _queue_problems(modules, policies, topology, in_hcl))


def test_sending_check_catches_a_missing_or_wider_send_grant(modules, policies, topology):
    unsent = _changed(policies, "validation", lambda d: d["Statement"].remove(_statement(d, "SendOwnQueues")))
    assert any("validation.json: want one sqs:SendMessage statement on its sendsToQueues; found []" in p for p in _send_problems(modules, unsent, topology))
    wider = _changed(policies, "validation", lambda d: _statement(d, "SendOwnQueues")["Resource"].append("${queue_arn_validation_ingest}"))
    assert any("SendOwnQueues" in p and "not sqs:SendMessage on exactly its sendsToQueues" in p for p in _send_problems(modules, wider, topology))
    more = _changed(policies, "validation", lambda d: _statement(d, "SendOwnQueues")["Action"].append("sqs:PurgeQueue"))
    assert any("not sqs:SendMessage on exactly" in p for p in _send_problems(modules, more, topology))
    # The topology decides: validation no longer sending to ingest-unrouted must lose the grant.
    stale = copy.deepcopy(topology)
    next(f for f in stale["functions"] if f["name"] == "validation")["sendsToQueues"] = []
    assert any("validation.json: want no sqs:SendMessage statement besides parking" in p for p in _send_problems(modules, policies, stale))


def test_sending_check_catches_a_role_that_sends_to_its_consumed_queue_too(modules, policies, topology):
    send = {"Sid": "SendOwnQueues", "Effect": "Allow", "Action": ["sqs:SendMessage"], "Resource": ["${queue_arn_commit}"]}
    own = _changed(policies, "commit", lambda d: d["Statement"].append(send))
    assert any("commit.json: want no sqs:SendMessage statement besides parking" in p for p in _send_problems(modules, own, topology))
    assert any("commit.json statement SendOwnQueues" in p for p in _queue_problems(modules, own, topology))
    # Parking on the own queue too is no longer parking alone: a second send statement.
    parks_wider = _changed(policies, "validation", lambda d: _statement(d, "ParkInOwnDeadLetterQueue")["Resource"].append("${queue_arn_validation_ingest}"))
    assert any("want one sqs:SendMessage statement on its sendsToQueues" in p for p in _send_problems(modules, parks_wider, topology))


def test_sending_check_catches_a_missing_url_no_data_key_and_no_queue_urls(modules, policies, topology):
    no_url = _real_with("lambda-service", '"ICEFLOW_QUEUES_${local.env_name[q]}" => var.queue_urls[q]', '"ICEFLOW_QUEUE" => q')
    assert any("ICEFLOW_QUEUES_" in p for p in _send_problems(modules, policies, topology, no_url))
    no_key = _real_with("lambda-service", 'sid       = "UseDataKey"\n    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]', 'sid       = "UseDataKey"\n    actions   = ["kms:Decrypt"]')
    assert any("data key" in p for p in _send_problems(modules, policies, topology, no_key))
    no_urls = _real_with("pipeline", "queue_urls     = module.messaging.queue_urls", "queue_urls     = {}")
    assert any("queue_urls" in p for p in _send_problems(modules, policies, topology, pipeline=no_urls))


def _with_template(messaging, change):
    """The real messaging module with its schedule input template changed by change(template)."""
    bad = copy.deepcopy(messaging)
    transformer = bad.resources[("aws_cloudwatch_event_target", "schedule")]["input_transformer"][0]
    changed = change(transformer["input_template"])
    assert changed != transformer["input_template"], "the change must apply to the real template"
    transformer["input_template"] = changed
    return bad


def test_schedule_check_catches_fields_the_contracts_reject(modules, topology):
    messaging = modules["messaging"]
    assert checks.schedule_ticks_follow_contract(messaging, topology) == []
    # A traceparent that is not W3C's, a field the envelope does not have, a local time.
    bad = _with_template(messaging, lambda t: t.replace('"traceparent":"00-', '"traceparent":"01-').replace('"dataset":"*"', '"dataset":"*","region":"eu-west-1"'))
    problems = checks.schedule_ticks_follow_contract(bad, topology)
    assert any("traceparent" in p and "does not match" in p for p in problems)
    assert any("region is not in the contract" in p for p in problems)
    late = _with_template(messaging, lambda t: t.replace('"firedAt":"<time>"', '"firedAt":"<time>+02:00"'))
    assert any("firedAt" in p for p in checks.schedule_ticks_follow_contract(late, topology))
    lost = _with_template(messaging, lambda t: t.replace('"dataschema":"messages/schedule.tick/v1/schema.json"', '"dataschema":"messages/tick/v1/schema.json"'))
    assert any("dataschema" in p for p in checks.schedule_ticks_follow_contract(lost, topology))


def test_schedule_delivery_check_catches_a_queue_policy_without_eventbridge_and_a_key_without_events(modules):
    messaging, kms, pipeline = modules["messaging"], modules["kms"], modules["pipeline"]
    assert checks.schedules_reach_their_queues(messaging, kms, pipeline) == []

    no_rule = copy.deepcopy(messaging)
    document = no_rule.data[("aws_iam_policy_document", "queue")]
    for dynamic in document["dynamic"]:
        for statement in dynamic.get('"statement"', {}).get("content", []):
            for condition in statement.get("condition", []):
                if "aws_cloudwatch_event_rule" in str(condition["values"]):
                    condition["variable"] = '"aws:SourceAccount"'
    assert any("events.amazonaws.com" in p for p in checks.schedules_reach_their_queues(no_rule, kms, pipeline))

    no_events = copy.deepcopy(kms)
    no_events.variables["delivering_services"]["default"] = ['"sns"', '"s3"']
    assert any("lacks events" in p for p in checks.schedules_reach_their_queues(messaging, no_events, pipeline))

    overridden = copy.deepcopy(pipeline)
    overridden.modules["kms"]["delivering_services"] = ['"sns"']
    assert any("delivering_services" in p for p in checks.schedules_reach_their_queues(messaging, kms, overridden))


def _optimizer(catalog, kind):
    return next(body for body in catalog.of_type("aws_glue_catalog_table_optimizer").values() if checks.unquote(body["type"]) == kind)


def test_optimizer_check_catches_retyped_settings_kept_expired_files_and_a_missing_optimizer(modules):
    catalog = modules["catalog"]
    assert checks.table_optimizers_follow_contracts(catalog) == []

    bad = copy.deepcopy(catalog)
    retention = _optimizer(bad, "retention")["configuration"][0]["retention_configuration"][0]["iceberg_configuration"][0]
    retention["snapshot_retention_period_in_days"] = 7
    retention["clean_expired_files"] = False
    orphans = _optimizer(bad, "orphan_file_deletion")["configuration"][0]["orphan_file_deletion_configuration"][0]["iceberg_configuration"][0]
    orphans["orphan_file_retention_period_in_days"] = 3
    orphans["location"] = '"s3://warehouse/"'
    del bad.resources[("aws_glue_catalog_table_optimizer", "compaction")]
    problems = checks.table_optimizers_follow_contracts(bad)
    assert any("snapshot_retention_period_in_days is '7'" in p for p in problems)
    assert any("clean_expired_files" in p for p in problems)
    assert any("orphan_file_retention_period_in_days is '3'" in p for p in problems)
    assert any("location" in p for p in problems)
    assert any("no compaction optimizer" in p for p in problems)


def test_optimizer_check_catches_a_disabled_optimizer_another_role_source_and_an_open_trust(modules):
    bad = copy.deepcopy(modules["catalog"])
    _optimizer(bad, "compaction")["configuration"][0]["enabled"] = False
    _optimizer(bad, "retention")["for_each"] = "${var.tables}"
    _optimizer(bad, "orphan_file_deletion")["configuration"][0]["role_arn"] = '"arn:aws:iam::111122223333:role/admin"'
    del bad.data[("aws_iam_policy_document", "table_optimizer_assume")]["statement"][0]["condition"]
    problems = checks.table_optimizers_follow_contracts(bad)
    assert any("compaction is not enabled" in p for p in problems)
    assert any("retention is not for_each over module.maintenance.glue_optimizer_tables" in p for p in problems)
    assert any("orphan_file_deletion does not run with a role" in p for p in problems)
    assert any("aws:SourceAccount" in p for p in problems)


def test_optimizer_check_catches_writes_across_the_warehouse(modules):
    bad = copy.deepcopy(modules["catalog"])
    statements = bad.data[("aws_iam_policy_document", "table_optimizer")]["statement"]
    rewrite = next(s for s in statements if checks.unquote(s["sid"]) == "RewriteTableFiles")
    rewrite["resources"] = ["${var.warehouse_bucket_arn}/*"]
    problems = checks.table_optimizers_follow_contracts(bad)
    assert any("not only inside the optimized tables" in p for p in problems)


def _real_with(name: str, old: str, new: str):
    """The real module `name` parsed after replacing old (which must occur) with new in its .tf files."""
    from hcl import MODULES

    text = "\n".join(p.read_text() for p in sorted((MODULES / name).glob("*.tf")))
    assert old in text, f"{old!r} is not in modules/{name}"
    return parse(text.replace(old, new), name)


CONTROL_STATEMENT = 'actions   = ["lambda:GetEventSourceMapping", "lambda:UpdateEventSourceMapping"]'
CONTROLLED_ARNS = "resources = [for f in statement.value : module.service[f].event_source_mapping_arn]"


def _control_problems(modules, topology, pipeline=None, service=None):
    return checks.controllers_control_only_their_functions(service or modules["lambda-service"], pipeline or modules["pipeline"], topology)


def test_control_check_catches_updates_on_every_mapping_and_extra_lambda_actions(modules, topology):
    everywhere = _real_with("pipeline", CONTROLLED_ARNS, 'resources = ["*"]')
    assert any("not only on the controlled functions' mappings" in p for p in _control_problems(modules, topology, everywhere))
    deleting = _real_with("pipeline", CONTROL_STATEMENT, 'actions   = ["lambda:GetEventSourceMapping", "lambda:UpdateEventSourceMapping", "lambda:DeleteEventSourceMapping"]')
    assert any("lambda:DeleteEventSourceMapping" in p for p in _control_problems(modules, topology, deleting))
    listing_narrowly = _real_with("pipeline", 'actions   = ["lambda:ListEventSourceMappings"]', 'actions   = ["lambda:ListEventSourceMappings", "lambda:ListFunctions"]')
    assert any("lambda:ListFunctions" in p for p in _control_problems(modules, topology, listing_narrowly))


def test_control_check_catches_mappings_of_every_deployed_function_and_a_grant_on_another_role(modules, topology):
    # Every deployed function, not the controller's controlsFunctions.
    all_deployed = _real_with("pipeline", "for c in try(f.controlsFunctions, []) : c if", "for c in keys(local.functions) : c if")
    assert any("local.controllers" in p for p in _control_problems(modules, topology, all_deployed))
    other_role = _real_with("pipeline", "role   = module.service[each.key].role_name", 'role   = module.service["validation"].role_name')
    assert any("not the controller's own role" in p for p in _control_problems(modules, topology, other_role))
    # A role of lambda-service (every function's) that may update mappings.
    own_mapping = '  statement {\n    actions   = ["lambda:UpdateEventSourceMapping"]\n    resources = [aws_lambda_event_source_mapping.this.arn]\n  }\n'
    in_service = _real_with("lambda-service", "  # X-Ray trace segments have no resource ARN.\n", own_mapping)
    assert any("grants Lambda actions" in p for p in _control_problems(modules, topology, service=in_service))


def test_control_check_catches_a_controller_without_the_grant(modules, topology):
    no_control = _real_with("pipeline", CONTROL_STATEMENT, 'actions   = ["lambda:GetEventSourceMapping"]')
    assert any("cannot list, get and update" in p for p in _control_problems(modules, topology, no_control))
    unknown = copy.deepcopy(topology)
    next(f for f in unknown["functions"] if f["name"] == "validation")["controlsFunctions"] = ["validation", "ghost"]
    problems = _control_problems(modules, unknown)
    assert any("'validation', which is no other function" in p for p in problems)
    assert any("'ghost', which is no other function" in p for p in problems)


def test_metric_check_catches_reads_for_every_function_and_other_cloudwatch_actions(modules, policies, topology):
    service = modules["lambda-service"]
    assert checks.metric_readers_only_read_metrics(service, policies, topology) == []
    reads = _statement(policies["cost-guard"], "ReadMetrics")
    everyone = _changed(policies, "commit", lambda d: d["Statement"].append(copy.deepcopy(reads)))
    assert any("commit.json statement ReadMetrics" in p and "does not say readsMetrics" in p for p in checks.metric_readers_only_read_metrics(service, everyone, topology))
    more = _changed(policies, "cost-guard", lambda d: _statement(d, "ReadMetrics")["Action"].append("cloudwatch:ListMetrics"))
    assert any("cloudwatch:ListMetrics" in p for p in checks.metric_readers_only_read_metrics(service, more, topology))
    put = _changed(policies, "enrichment", lambda d: d["Statement"].append({"Sid": "PutMetrics", "Effect": "Allow", "Action": "cloudwatch:PutMetricData", "Resource": "*"}))
    assert any("enrichment.json statement PutMetrics" in p for p in checks.metric_readers_only_read_metrics(service, put, topology))
    none = _changed(policies, "cost-guard", lambda d: d["Statement"].remove(_statement(d, "ReadMetrics")))
    assert any("no role can read metrics" in p and "cost-guard readsMetrics" in p for p in checks.metric_readers_only_read_metrics(service, none, topology))
    in_hcl = _real_with("lambda-service", 'actions   = ["cloudwatch:PutMetricData"]', 'actions   = ["cloudwatch:PutMetricData", "cloudwatch:GetMetricData"]')
    assert any("statement PutOwnMetrics grants ['cloudwatch:GetMetricData'] outside the generated policy" in p for p in checks.metric_readers_only_read_metrics(in_hcl, policies, topology))


def test_metric_and_list_wildcards_are_the_only_new_unscoped_grants():
    """GetMetricData and ListEventSourceMappings take "*" (no resource types); Get and Update of a
    mapping on "*" are needless wildcards."""
    bad = parse('''
data "aws_iam_policy_document" "this" {
  statement {
    actions   = ["lambda:ListEventSourceMappings", "cloudwatch:GetMetricData", "lambda:UpdateEventSourceMapping"]
    resources = ["*"]
  }
}
''')
    problems = checks.iam_has_no_needless_wildcards(bad)
    assert any("lambda:UpdateEventSourceMapping" in p for p in problems)
    assert not any("ListEventSourceMappings" in p or "GetMetricData" in p for p in problems)


def test_function_names_check_catches_another_naming_rule_and_missing_environment(modules):
    service, pipeline = modules["lambda-service"], modules["pipeline"]
    assert checks.controllers_get_the_names_of_their_functions(service, pipeline) == []
    renamed = _real_with("pipeline", 'name => "${var.prefix}-${name}"', 'name => "${var.prefix}-fn-${name}"')
    assert any("as lambda-service does" in p for p in checks.controllers_get_the_names_of_their_functions(service, renamed))
    unnamed = _real_with("lambda-service", '"ICEFLOW_FUNCTIONS_${local.env_name[f]}" => name', '"ICEFLOW_FUNCTIONS_${local.env_name[f]}" => f')
    assert any("ICEFLOW_FUNCTIONS_<NAME>" in p for p in checks.controllers_get_the_names_of_their_functions(unnamed, pipeline))
    everything = _real_with("lambda-service", "for f in try(local.spec.controlsFunctions, []) : f =>", "for f in keys(var.function_names) : f =>")
    assert any("controlled_functions" in p for p in checks.controllers_get_the_names_of_their_functions(everything, pipeline))


def test_pause_check_catches_a_mapping_whose_enabled_is_managed(modules):
    assert checks.paused_mappings_stay_paused(modules["lambda-service"]) == []
    managed = _real_with("lambda-service", "ignore_changes = [enabled]", "ignore_changes = [tags]")
    assert any("resumes a paused stage" in p for p in checks.paused_mappings_stay_paused(managed))


def test_terraform_version_check_catches_a_version_with_experimental_state_locking():
    def problems(constraint: str) -> list[str]:
        return checks.requires_terraform_with_native_state_locking("x", f'terraform {{\n  required_version = "{constraint}"\n}}\n')

    assert problems(">= 1.11") == [] and problems("~> 1.12") == [] and problems(">= 1.11, < 2.0") == []
    assert any("below 1.11" in p for p in problems(">= 1.10"))
    assert any("below 1.11" in p for p in problems("~> 1.9"))
    assert any("no lower bound" in p for p in problems("< 2.0"))
    assert any("no lower bound" in p for p in checks.requires_terraform_with_native_state_locking("x", "terraform {}\n"))


def test_destroy_check_catches_a_function_that_keeps_its_security_group(modules):
    service, pipeline, network = modules["lambda-service"], modules["pipeline"], modules["network"]
    assert checks.functions_release_their_security_groups_on_destroy(service, pipeline, network) == []
    kept = _real_with("lambda-service", "replace_security_groups_on_destroy = true", "replace_security_groups_on_destroy = false")
    assert any("waits on its ENIs" in p for p in checks.functions_release_their_security_groups_on_destroy(kept, pipeline, network))
    unset = _real_with("lambda-service", "replacement_security_group_ids     = var.vpc.replacement_security_group_ids", "")
    assert any("replacement_security_group_ids is not" in p for p in checks.functions_release_their_security_groups_on_destroy(unset, pipeline, network))
    own = _real_with("pipeline", "replacement_security_group_ids = [module.network.default_security_group_id]", "replacement_security_group_ids = [module.network.function_security_group_id]")
    assert any("not the network's default security group" in p for p in checks.functions_release_their_security_groups_on_destroy(service, own, network))
    open_group = _real_with("network", "vpc_id = aws_vpc.this.id\n  tags   = merge(var.tags, { Name = \"${var.name}-default-unused\" })", "vpc_id = aws_vpc.this.id\n  egress {\n    protocol = \"-1\"\n  }")
    assert any("has rules" in p for p in checks.functions_release_their_security_groups_on_destroy(service, pipeline, open_group))


def test_upload_check_catches_an_upload_that_can_race_versioning(modules):
    storage, service, pipeline = modules["storage"], modules["lambda-service"], modules["pipeline"]
    assert checks.packages_upload_after_versioning(storage, service, pipeline) == []
    racing = _real_with("storage", "depends_on = [aws_s3_bucket_versioning.this]\n}", "}")
    assert any("can race versioning" in p for p in checks.packages_upload_after_versioning(racing, service, pipeline))
    direct = _real_with("pipeline", "bucket = module.storage.artifacts_bucket", 'bucket = "iceflow-dev-artifacts"')
    assert any("not module.storage.artifacts_bucket" in p for p in checks.packages_upload_after_versioning(storage, service, direct))


def test_catalog_key_check_catches_a_role_without_encrypt_and_a_wider_encrypt(modules):
    service, catalog, pipeline = modules["lambda-service"], modules["catalog"], modules["pipeline"]
    assert checks.catalog_clients_use_the_catalog_key(service, catalog, pipeline) == []
    grant = 'sid       = "UseCatalogKeyThroughGlue"\n      actions   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]'
    no_encrypt = grant.replace('"kms:Encrypt", ', "")
    assert any("found 0" in p for p in checks.catalog_clients_use_the_catalog_key(_real_with("lambda-service", grant, no_encrypt), catalog, pipeline))
    assert any("found 0" in p for p in checks.catalog_clients_use_the_catalog_key(service, _real_with("catalog", grant, no_encrypt), pipeline))
    anywhere = _real_with("lambda-service", 'values   = ["glue.${local.region}.amazonaws.com"]', 'values   = ["s3.${local.region}.amazonaws.com"]')
    assert any("not limited to kms:ViaService" in p for p in checks.catalog_clients_use_the_catalog_key(anywhere, catalog, pipeline))
    wider = _real_with("lambda-service", 'sid       = "UseDataKey"\n    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]', 'sid       = "UseDataKey"\n    actions   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]')
    assert any("UseDataKey grants kms:Encrypt" in p for p in checks.catalog_clients_use_the_catalog_key(wider, catalog, pipeline))
    every_function = _real_with("lambda-service", "for_each = var.iceberg.enabled && var.iceberg.catalog_kms_key_arn != null", "for_each = var.iceberg.catalog_kms_key_arn != null")
    assert any("no table stage" in p for p in checks.catalog_clients_use_the_catalog_key(every_function, catalog, pipeline))
    unpassed = _real_with("pipeline", "catalog_kms_key_arn = module.catalog.catalog_kms_key_arn", "catalog_kms_key_arn = null")
    assert any("pipeline" in p for p in checks.catalog_clients_use_the_catalog_key(service, catalog, unpassed))


def test_catalog_encryption_check_catches_encryption_on_by_default(modules, envs):
    catalog, pipeline = modules["catalog"], modules["pipeline"]
    assert checks.catalog_encryption_is_opt_in(catalog, pipeline, envs) == []
    on = _real_with("pipeline", "type        = bool\n  default     = false\n}\n\nvariable \"glue_catalog_kms_key_arn\"", "type        = bool\n  default     = true\n}\n\nvariable \"glue_catalog_kms_key_arn\"")
    assert any("pipeline: manage_glue_catalog_encryption" in p for p in checks.catalog_encryption_is_opt_in(catalog, on, envs))
    module_on = _real_with("catalog", "enabled     = optional(bool, false)", "enabled     = optional(bool, true)")
    assert any("catalog: catalog_encryption.enabled" in p for p in checks.catalog_encryption_is_opt_in(module_on, pipeline, envs))
    own_key_only = _real_with("pipeline", "kms_key_arn = var.manage_glue_catalog_encryption ? module.kms.key_arn : var.glue_catalog_kms_key_arn", "kms_key_arn = module.kms.key_arn")
    assert any("glue_catalog_kms_key_arn" in p for p in checks.catalog_encryption_is_opt_in(catalog, own_key_only, envs))
    hardcoded = dict(envs, dev=parse('module "pipeline" {\n  manage_glue_catalog_encryption = true\n}\n'))
    assert any("dev: module.pipeline does not get manage_glue_catalog_encryption" in p for p in checks.catalog_encryption_is_opt_in(catalog, pipeline, hardcoded))


def test_package_check_catches_an_unguarded_hash_and_a_missing_precondition(modules):
    service = modules["lambda-service"]
    assert checks.packages_are_read_only_when_built(service) == []
    unguarded = _real_with("lambda-service", "local.artifact_built ? filebase64sha256(var.artifact.path) : null", "filebase64sha256(var.artifact.path)")
    assert any("aws_lambda_function.this: reads the package without fileexists()" in p for p in checks.packages_are_read_only_when_built(unguarded))
    md5 = _real_with("lambda-service", "local.artifact_built ? filemd5(var.artifact.path) : null", "filemd5(var.artifact.path)")
    assert any("aws_s3_object.artifact: reads the package" in p for p in checks.packages_are_read_only_when_built(md5))
    unchecked = _real_with("lambda-service", "condition     = local.artifact_built", "condition     = true")
    assert any("no precondition" in p for p in checks.packages_are_read_only_when_built(unchecked))
    in_local = parse('locals {\n  hash = filemd5(var.artifact.path)\n}\n', "lambda-service")
    assert any("local.hash" in p for p in checks.packages_are_read_only_when_built(in_local))


def test_budget_check_catches_a_tag_only_budget_and_an_unexposed_activation_flag(modules, envs):
    budgets, pipeline = modules["budgets"], modules["pipeline"]
    assert checks.budgets_measure_spend(budgets, pipeline, envs) == []
    tag_only = parse('resource "aws_budgets_budget" "this" {\n  cost_filter {\n    name = "TagKeyValue"\n  }\n}\n', "budgets")
    problems = checks.budgets_measure_spend(tag_only, pipeline, envs)
    assert any("none watches the account's spend" in p for p in problems)
    assert any("no aws_ce_cost_allocation_tag" in p for p in problems)
    unvalidated = _real_with("budgets", "condition     = contains(var.cost_allocation_tag_keys, var.cost_allocation_tag.key)", "condition     = true")
    assert any("cost_allocation_tag_keys is not validated" in p for p in checks.budgets_measure_spend(unvalidated, pipeline, envs))
    dropped = _real_with("pipeline", "account_budget                = var.budget.account_budget\n", "")
    assert any("module.budgets does not get account_budget" in p for p in checks.budgets_measure_spend(budgets, dropped, envs))
    old_env = parse('module "pipeline" {\n  budget = {\n    limit_amount = var.budget_limit_usd\n  }\n}\n', "dev")
    problems = checks.budgets_measure_spend(budgets, pipeline, dict(envs, dev=old_env))
    assert any("dev: no variable activate_cost_allocation_tags" in p for p in problems)
    assert any("dev: module.pipeline's budget does not get activate_cost_allocation_tags" in p for p in problems)
    assert any("dev: no validated variable account_budget_limit_usd" in p for p in problems)


def test_endpoint_check_catches_the_fixed_list_of_nine_and_three_zones(modules, envs):
    network, pipeline = modules["network"], modules["pipeline"]
    clients = {"s3", "dynamodb", "sqs", "sns", "lambda", "cloudwatch"}
    assert checks.interface_endpoints_follow_the_calls(network, pipeline, envs, clients) == []
    # HEAD 904014a: a default of nine endpoints the pipeline did not override, zones as a plain list.
    old_network = _real_with("network", '  type        = list(string)\n\n  validation {\n    condition     = alltrue([for s in var.interface_endpoints', '  type        = list(string)\n  default     = ["sqs", "sns", "kms", "glue", "sts", "lambda", "logs", "monitoring", "xray"]\n\n  validation {\n    condition     = alltrue([for s in var.interface_endpoints')
    assert any("interface_endpoints has a default" in p for p in checks.interface_endpoints_follow_the_calls(old_network, pipeline, envs, clients))
    unpassed = _real_with("pipeline", "  interface_endpoints     = local.interface_endpoints\n", "")
    assert any("does not get interface_endpoints" in p for p in checks.interface_endpoints_follow_the_calls(network, unpassed, envs, clients))
    kms = _real_with("pipeline", "    sqs = length(local.functions) > 0\n", "    sqs = length(local.functions) > 0\n    kms = true\n")
    assert any("endpoint for kms, which no function calls" in p for p in checks.interface_endpoints_follow_the_calls(network, kms, envs, clients))
    always = _real_with("pipeline", "monitoring = anytrue([for f in local.functions : try(f.readsMetrics, false)])", "monitoring = true")
    assert any("monitoring endpoint does not depend on readsMetrics" in p for p in checks.interface_endpoints_follow_the_calls(network, always, envs, clients))
    assert any("derives no glue endpoint" in p for p in checks.interface_endpoints_follow_the_calls(network, parse('locals {\n  calls_service = { sqs = local.functions }\n}\n', "pipeline"), envs, {"glue"}))
    assert any("no endpoint for sts" in p or "for sts" in p for p in checks.interface_endpoints_follow_the_calls(network, pipeline, envs, {"sts"}))
    three = dict(envs, dev=parse('variable "availability_zones" {\n  type = list(string)\n}\nmodule "pipeline" {\n  network = { availability_zones = var.availability_zones }\n}\n', "dev"))
    problems = checks.interface_endpoints_follow_the_calls(network, pipeline, three, clients)
    assert any("dev: no validated variable availability_zone_count" in p for p in problems)
    assert any("dev: module.pipeline's network does not get" in p for p in problems)


OLD_DELIVERY_STATEMENT = '''
locals {
  delivering_services = [for s in var.delivering_services : "${s}.amazonaws.com"]
}
variable "delivering_services" {
  default = ["sns", "s3", "events", "cloudwatch", "budgets"]
}
data "aws_iam_policy_document" "this" {
  statement {
    sid       = "ServicesDeliverIntoEncryptedQueuesAndTopics"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey*"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = local.delivering_services
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}
'''


def test_delivery_check_catches_one_statement_for_every_service_under_source_account(modules):
    assert checks.delivering_services_have_their_own_statements(modules["kms"]) == []
    problems = checks.delivering_services_have_their_own_statements(parse(OLD_DELIVERY_STATEMENT, "kms"))
    assert any("lets several services in at once" in p for p in problems)
    assert any("aws:SourceAccount" in p for p in problems)
    assert any("encryption context" in p for p in problems)
    wrong = _real_with("kms", '    cloudwatch = "topic"', '    cloudwatch = "queue"')
    assert any("cloudwatch is scoped by kms:EncryptionContext:aws:sqs:arn" in p for p in checks.delivering_services_have_their_own_statements(wrong))


def test_undeliverable_check_catches_a_dlq_open_to_any_topic_or_unalarmed(modules):
    messaging, kms, pipeline = modules["messaging"], modules["kms"], modules["pipeline"]
    assert checks.undeliverable_messages_are_kept_and_alarmed(messaging, kms, pipeline) == []
    any_topic = _real_with("messaging", '      test     = "ArnEquals"\n      variable = "aws:SourceArn"\n      values   = [aws_sns_topic.this[each.value.topic].arn]', '      test     = "StringEquals"\n      variable = "aws:SourceAccount"\n      values   = [local.account_id]')
    assert any("not SNS for the subscription's own topic" in p for p in checks.undeliverable_messages_are_kept_and_alarmed(any_topic, kms, pipeline))
    standard = _real_with("messaging", "fifo = local.topics[s.topic].fifo", "fifo = false")
    assert any("kind (fifo)" in p for p in checks.undeliverable_messages_are_kept_and_alarmed(standard, kms, pipeline))
    redrive_only = _real_with("messaging", "    { for k, q in aws_sqs_queue.subscription_dlq : local.subscription_dead_letters[k].name => q.name },\n", "")
    assert any("leaves out the subscriptions' DLQs" in p for p in checks.undeliverable_messages_are_kept_and_alarmed(redrive_only, kms, pipeline))
    no_sns = _real_with("kms", 'default     = ["sns", "s3", "events", "cloudwatch", "budgets"]', 'default     = ["s3", "events", "cloudwatch", "budgets"]')
    assert any("SNS may not encrypt" in p for p in checks.undeliverable_messages_are_kept_and_alarmed(messaging, no_sns, pipeline))
    unwatched = _real_with("pipeline", "dead_letter_queue_names = module.messaging.dead_letter_queue_names", "dead_letter_queue_names = {}")
    assert any("no alarm watches the DLQs" in p for p in checks.undeliverable_messages_are_kept_and_alarmed(messaging, kms, unwatched))


def test_via_service_check_catches_a_direct_decrypt_and_administrators_who_decrypt(modules, envs):
    service, catalog, kms, pipeline = modules["lambda-service"], modules["catalog"], modules["kms"], modules["pipeline"]

    def problems(service=service, catalog=catalog, kms=kms, pipeline=pipeline, envs=envs):
        return checks.kms_is_used_only_through_services(service, catalog, kms, pipeline, envs)

    assert problems() == []
    via = '\n\n    condition {\n      test     = "StringEquals"\n      variable = "kms:ViaService"\n      values   = [for s in ["s3", "sqs", "sns", "dynamodb", "lambda"] : "${s}.${local.region}.amazonaws.com"]\n    }\n'
    direct = _real_with("lambda-service", via, "\n")  # HEAD 904014a: UseDataKey with no condition
    assert any("lambda-service: this statement UseDataKey grants" in p for p in problems(service=direct))
    optimizer = _real_with("catalog", '\n\n    condition {\n      test     = "StringEquals"\n      variable = "kms:ViaService"\n      values   = [for s in ["s3", "glue"] : "${s}.${local.region}.amazonaws.com"]\n    }\n', "\n")
    assert any("catalog: table_optimizer statement UseDataKey grants" in p for p in problems(catalog=optimizer))
    decrypting = _real_with("kms", '    "kms:RotateKeyOnDemand",\n  ]', '    "kms:RotateKeyOnDemand",\n    "kms:Decrypt",\n  ]')
    assert any("lets the key administrators use the key: ['kms:Decrypt']" in p for p in problems(kms=decrypting))
    root_only = _real_with("kms", "for_each = length(var.key_administrator_arns) > 0 ? [var.key_administrator_arns] : []", "for_each = []")
    assert any("no statement for var.key_administrator_arns" in p for p in problems(kms=root_only))
    unscoped = _real_with("kms", '''    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = local.via_services
    }''', "")
    assert any("AccountPrincipalsThroughPipelineServices" in p and "without kms:ViaService" in p for p in problems(kms=unscoped))
    unwired = dict(envs, dev=parse('module "pipeline" {\n}\n', "dev"))
    found = problems(envs=unwired)
    assert any("dev: no validated variable key_administrator_arns" in p for p in found)
    assert any("dev: module.pipeline does not get var.key_administrator_arns" in p for p in found)


def test_upstream_check_catches_owner_only_policies_and_wider_grants(modules, envs, topology):
    messaging, storage, kms, pipeline = modules["messaging"], modules["storage"], modules["kms"], modules["pipeline"]

    def problems(messaging=messaging, storage=storage, kms=kms, pipeline=pipeline, envs=envs):
        return checks.upstreams_may_publish_and_drop_files_only(messaging, storage, kms, pipeline, envs, topology)

    assert problems() == []
    # HEAD 904014a: no upstream variable anywhere, owner-only topic, bucket and key policies.
    old = problems(
        messaging=parse('resource "aws_sns_topic" "this" {\n}\n', "messaging"),
        storage=parse('resource "aws_s3_bucket_policy" "this" {\n  policy = data.aws_iam_policy_document.tls_only[each.key].json\n}\n', "storage"),
        kms=parse('data "aws_iam_policy_document" "this" {\n}\n', "kms"),
        pipeline=parse('module "kms" {\n}\n', "pipeline"),
        envs=dict(envs, dev=parse('module "pipeline" {\n}\n', "dev")),
    )
    for wanted in ("pipeline: no validated variable upstream_principals", "dev: module.pipeline does not get", "module.messaging does not get topic_publishers",
                   "no UpstreamPublishes", "no UpstreamPutsObjects", "kms: upstream principals may not use the data key"):
        assert any(wanted in p for p in old), wanted
    everywhere = _real_with("storage", 'resources = [for prefix in statement.value.prefixes : "arn:${data.aws_partition.current.partition}:s3:::${each.value}/${prefix}*"]', 'resources = ["arn:${data.aws_partition.current.partition}:s3:::${each.value}/*"]')
    assert any("outside its prefixes" in p for p in problems(storage=everywhere))
    subscribing = _real_with("messaging", 'sid       = "UpstreamPublishes"\n    actions   = ["sns:Publish"]', 'sid       = "UpstreamPublishes"\n    actions   = ["sns:Publish", "sns:Subscribe"]')
    assert any("sns:Publish alone" in p for p in problems(messaging=subscribing))
    direct = _real_with("kms", 'values   = ["sns.${local.region}.amazonaws.com", "s3.${local.region}.amazonaws.com"]', 'values   = ["sns.${local.region}.amazonaws.com", "s3.${local.region}.amazonaws.com", "lambda.${local.region}.amazonaws.com"]')
    assert any("limited to SNS and S3" in p for p in problems(kms=direct))
    open_by_default = _real_with("pipeline", 'upstream_prefixes = ["incoming/", "claims/"]', 'upstream_prefixes = ["incoming/", "claims/", "validated/"]')
    assert any("not the ingest topic and raw's incoming/ and claims/" in p for p in problems(pipeline=open_by_default))


def test_reservation_check_catches_a_reservation_below_the_maximum_and_no_way_out(modules, envs, topology):
    service, pipeline = modules["lambda-service"], modules["pipeline"]
    assert checks.reservations_cover_maximum_concurrency(service, pipeline, envs) == []
    # HEAD 904014a: the topology's value reserved as it is, no precondition, no variable.
    old = parse('resource "aws_lambda_function" "this" {\n  reserved_concurrent_executions = coalesce(local.spec.reservedConcurrency, -1)\n}\n', "lambda-service")
    problems = checks.reservations_cover_maximum_concurrency(old, pipeline, envs)
    assert any("behind var.reserve_concurrency" in p for p in problems)
    assert any("no precondition" in p for p in problems)
    assert any("lambda-service: no variable reserve_concurrency" in p for p in problems)
    unwired = dict(envs, prod=parse('module "pipeline" {\n}\n', "prod"))
    assert any("prod: module.pipeline does not get var.reserve_concurrency" in p for p in checks.reservations_cover_maximum_concurrency(service, pipeline, unwired))
    throttling = copy.deepcopy(topology)
    guard = next(f for f in throttling["functions"] if f["name"] == "cost-guard")
    guard["reservedConcurrency"], guard["consumes"]["maximumConcurrency"] = 1, 2  # HEAD 904014a's cost-guard
    assert checks.topology_reservations_cover_maximum_concurrency(throttling) == ["cost-guard reserves 1, below its mapping's maximumConcurrency 2"]
    guard["reservedConcurrency"] = 2
    assert checks.topology_reservations_cover_maximum_concurrency(throttling) == []


# ---------------------------------------------------------------------------------------------------
# The generated policies: files, placeholders, wiring, buckets, wildcards
# ---------------------------------------------------------------------------------------------------


def test_generated_check_catches_a_missing_or_stray_file_and_unknown_placeholders(policies, topology):
    assert checks.function_policies_are_generated(policies, topology) == []
    missing = {f: d for f, d in policies.items() if f != "compaction"}
    assert any("policies/compaction.json is missing" in p for p in checks.function_policies_are_generated(missing, topology))
    stray = dict(policies, ghost=policies["commit"])
    assert any("policies/ghost.json belongs to no topology function" in p for p in checks.function_policies_are_generated(stray, topology))
    unknown = _changed(policies, "commit", lambda d: _statement(d, "PublishOwnTopics")["Resource"].extend(["${topic_arn_ghost}", "${function_arn_commit}", "${queue_arn_Cost-Guard}"]))
    problems = checks.function_policies_are_generated(unknown, topology)
    for variable in ("topic_arn_ghost", "function_arn_commit", "queue_arn_Cost-Guard"):
        assert any(f"${{{variable}}} is no variable lambda-service provides" in p for p in problems), variable


def test_generated_check_catches_odd_statements(policies, topology):
    def odd(document):
        _statement(document, "ConsumeOwnQueue")["Sid"] = "PublishOwnTopics"
        document["Statement"][1]["Effect"] = "Deny"
        document["Statement"][2]["NotResource"] = document["Statement"][2].pop("Resource")
        document["Version"] = "2008-10-17"

    problems = checks.function_policies_are_generated(_changed(policies, "commit", odd), topology)
    assert any("are not all present and distinct" in p for p in problems)
    assert any("is not Effect Allow" in p for p in problems)
    assert any("lacks Action or Resource" in p for p in problems) and any("['NotResource']" in p for p in problems)
    assert any("Version is '2008-10-17'" in p for p in problems)


def _attach_problems(modules, policies, service=None, pipeline=None) -> list[str]:
    return checks.function_policies_are_attached(service or modules["lambda-service"], pipeline or modules["pipeline"], policies)


SOURCE = 'source_policy_documents = [templatefile("${path.module}/policies/${var.name}.json", local.policy_variables)]'


def test_attach_check_catches_another_template_or_no_template(modules, policies):
    assert _attach_problems(modules, policies) == []
    for other in [
        SOURCE.replace("${var.name}.json", "commit.json"),
        SOURCE.replace("templatefile(", "file(").replace(", local.policy_variables", ""),
        "source_policy_documents = []",
        "",
    ]:
        problems = _attach_problems(modules, policies, _real_with("lambda-service", SOURCE, other))
        assert any("does not take source_policy_documents" in p for p in problems), other
    overriding = _real_with("lambda-service", SOURCE, SOURCE + '\n  override_policy_documents = [file("${path.module}/extra.json")]')
    assert any("override_policy_documents" in p for p in _attach_problems(modules, policies, overriding))
    same_sid = _real_with("lambda-service", 'sid       = "UseDataKey"', 'sid       = "ParkInOwnDeadLetterQueue"')
    assert any("statement ParkInOwnDeadLetterQueue has a generated Sid" in p for p in _attach_problems(modules, policies, same_sid))


LEDGER_VARIABLES = '{ for l, table in var.ledger_tables : "ledger_arn_${replace(lower(l), "-", "_")}" => table.arn },'


def test_attach_check_catches_a_placeholder_kind_the_template_variables_lack(modules, policies):
    for change, problem in [
        ((LEDGER_VARIABLES, ""), "does not name each entry of var.ledger_tables ledger_arn_"),
        ((LEDGER_VARIABLES, LEDGER_VARIABLES.replace("table.arn", "table.name")), "var.ledger_tables ledger_arn_"),
        (('"bucket_arn_${replace(lower(b), "-", "_")}"', '"bucket_arn_${b}"'), "var.bucket_names bucket_arn_"),
        (("for q, arn in var.queue_arns", "for q, arn in var.queue_urls"), "var.queue_arns queue_arn_"),
        (("      partition             = local.partition\n", ""), "has no partition"),
        (("      dead_letter_queue_arn = var.dlq_arn\n", ""), "has no dead_letter_queue_arn"),
        (("dead_letter_queue_arn = var.dlq_arn", "dead_letter_queue_arn = var.queue_arns[local.consumes.queue]"), "dead_letter_queue_arn is not"),
    ]:
        assert any(problem in p for p in _attach_problems(modules, policies, _real_with("lambda-service", *change))), change
    other_dlq = _real_with("pipeline", "dlq_arn               = module.messaging.dlq_arns[each.value.consumes.queue]", 'dlq_arn               = module.messaging.dlq_arns["commit"]')
    assert any("dead_letter_queue_arn is not" in p for p in _attach_problems(modules, policies, pipeline=other_dlq))
    no_ledgers = _real_with("pipeline", "ledger_tables  = local.ledger_tables", "ledger_tables  = {}")
    assert any("lambda-service's ledger_tables is '{}'" in p for p in _attach_problems(modules, policies, pipeline=no_ledgers))


def _write_problems(policies, topology) -> list[str]:
    return checks.functions_write_only_their_buckets_and_prefixes(policies, topology)


def test_write_check_catches_a_shared_bucket_written_beyond_the_prefix(policies, topology):
    assert _write_problems(policies, topology) == []
    whole = _changed(policies, "validation", lambda d: _statement(d, "WriteOwnPrefixes")["Resource"].__setitem__(0, "${bucket_arn_staging}/*"))
    assert any("validation.json statement WriteOwnPrefixes" in p and "not only under its prefix 'validated/' of the shared bucket staging" in p for p in _write_problems(whole, topology))
    other = _changed(policies, "enrichment", lambda d: _statement(d, "WriteOwnPrefixes")["Resource"].append("${bucket_arn_staging}/validated/*"))
    assert any("enrichment.json" in p and "staging}/validated/*" in p for p in _write_problems(other, topology))
    unprefixed = copy.deepcopy(topology)
    del next(f for f in unprefixed["functions"] if f["name"] == "validation")["writePrefixes"]["staging"]
    assert any("topology: validation writes all of the shared bucket staging" in p for p in _write_problems(policies, unprefixed))
    overlapping = copy.deepcopy(topology)
    next(f for f in overlapping["functions"] if f["name"] == "enrichment")["writePrefixes"]["staging"] = "validated/files/"
    assert any("enrichment ('validated/files/') and validation ('validated/') write overlapping prefixes of staging" in p for p in _write_problems(policies, overlapping))


def test_write_check_catches_writes_outside_the_writes_buckets_and_a_missing_write(policies, topology):
    quarantine = _changed(policies, "commit", lambda d: _statement(d, "WriteOwnPrefixes")["Resource"].append("${bucket_arn_quarantine}/commit/*"))
    assert any("commit.json statement WriteOwnPrefixes" in p and "no object of its writesBuckets" in p for p in _write_problems(quarantine, topology))
    bucket = _changed(policies, "compaction", lambda d: _statement(d, "IcebergDeletesTableFiles").update(Resource=["${bucket_arn_warehouse}"]))
    assert any("compaction.json statement IcebergDeletesTableFiles" in p for p in _write_problems(bucket, topology))
    raw = _changed(policies, "validation", lambda d: _statement(d, "ReadOwnBuckets")["Action"].append("s3:DeleteObject"))
    assert any("validation.json statement ReadOwnBuckets grants ['s3:DeleteObject']" in p for p in _write_problems(raw, topology))
    dropped = _changed(policies, "enrichment", lambda d: _statement(d, "WriteOwnPrefixes")["Resource"].remove("${bucket_arn_quarantine}/enrichment/*"))
    assert any("enrichment.json: cannot put objects in each of its writesBuckets" in p for p in _write_problems(dropped, topology))


def _read_problems(policies, topology) -> list[str]:
    return checks.functions_read_only_their_buckets(policies, topology)


def test_read_check_catches_a_warehouse_writer_that_cannot_read_it_and_reads_beyond_reads_buckets(policies, topology):
    assert _read_problems(policies, topology) == []
    unread = _changed(policies, "enrichment", lambda d: _statement(d, "ReadOwnBuckets")["Resource"].remove("${bucket_arn_warehouse}/*"))
    assert any("enrichment.json: cannot s3:GetObject in each of its readsBuckets" in p for p in _read_problems(unread, topology))
    unlisted = _changed(policies, "commit", lambda d: _statement(d, "ListOwnBuckets")["Resource"].remove("${bucket_arn_warehouse}"))
    assert any("commit.json: cannot s3:ListBucket" in p for p in _read_problems(unlisted, topology))
    before = copy.deepcopy(topology)
    next(f for f in before["functions"] if f["name"] == "enrichment")["readsBuckets"].remove("warehouse")
    assert any("topology: enrichment writes the warehouse but does not read it" in p for p in _read_problems(policies, before))
    beyond = _changed(policies, "validation", lambda d: _statement(d, "ReadOwnBuckets")["Resource"].append("${bucket_arn_warehouse}/*"))
    assert any("validation.json statement ReadOwnBuckets" in p and "not only on the objects of its readsBuckets" in p for p in _read_problems(beyond, topology))
    listing = _changed(policies, "validation", lambda d: _statement(d, "ListOwnBuckets")["Resource"].append("${bucket_arn_quarantine}"))
    assert any("validation.json statement ListOwnBuckets" in p for p in _read_problems(listing, topology))


def test_generated_wildcard_check_catches_unscoped_grants_and_wildcard_actions(policies):
    assert checks.function_policies_have_no_needless_wildcards(policies) == []
    assert _statement(policies["cost-guard"], "ReadMetrics")["Resource"] == ["*"], "GetMetricData takes * and passes"
    unscoped = _changed(policies, "commit", lambda d: _statement(d, "PublishOwnTopics").update(Resource="*"))
    assert any('commit.json statement PublishOwnTopics grants sns:Publish on "*"' in p for p in checks.function_policies_have_no_needless_wildcards(unscoped))
    wide = _changed(policies, "enrichment", lambda d: _statement(d, "ReadOwnBuckets").update(Action=["s3:*"]))
    assert any("enrichment.json statement ReadOwnBuckets allows wildcard actions" in p for p in checks.function_policies_have_no_needless_wildcards(wide))
    put = {"Sid": "PutMetrics", "Effect": "Allow", "Action": "cloudwatch:PutMetricData", "Resource": "*"}
    unconditioned = _changed(policies, "commit", lambda d: d["Statement"].append(put))
    assert any("cloudwatch:PutMetricData" in p for p in checks.function_policies_have_no_needless_wildcards(unconditioned))
    scoped = _changed(policies, "commit", lambda d: d["Statement"].append(dict(put, Condition={"StringEquals": {"cloudwatch:namespace": "Iceflow"}})))
    assert checks.function_policies_have_no_needless_wildcards(scoped) == []


def test_publish_check_catches_other_topics_other_actions_and_a_missing_topic(modules, policies, topology):
    service = modules["lambda-service"]
    assert checks.functions_publish_only_to_their_topics(service, policies, topology) == []
    alerts = _changed(policies, "commit", lambda d: _statement(d, "PublishOwnTopics")["Resource"].append("${topic_arn_alerts}"))
    assert any("commit.json statement PublishOwnTopics" in p for p in checks.functions_publish_only_to_their_topics(service, alerts, topology))
    subscribe = _changed(policies, "enrichment", lambda d: _statement(d, "PublishOwnTopics")["Action"].append("sns:Subscribe"))
    assert any("sns:Subscribe" in p for p in checks.functions_publish_only_to_their_topics(service, subscribe, topology))
    silent = _changed(policies, "enrichment", lambda d: _statement(d, "PublishOwnTopics")["Resource"].remove("${topic_arn_commits}"))
    assert any("enrichment.json: cannot publish to each topic" in p for p in checks.functions_publish_only_to_their_topics(service, silent, topology))
    in_hcl = _real_with("lambda-service", 'sid       = "UseDataKey"\n    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]', 'sid       = "UseDataKey"\n    actions   = ["kms:Decrypt", "kms:GenerateDataKey", "sns:Publish"]')
    assert any("grants ['sns:Publish'] outside the generated policy" in p for p in checks.functions_publish_only_to_their_topics(in_hcl, policies, topology))


def test_catalog_check_catches_glue_for_a_stage_without_tables_and_wider_glue_grants(modules, policies, topology):
    service = modules["lambda-service"]
    assert checks.table_stages_alone_use_the_catalog(service, policies, topology) == []
    glue = _statement(policies["commit"], "IcebergGlueCatalog")
    validation = _changed(policies, "validation", lambda d: d["Statement"].append(copy.deepcopy(glue)))
    assert any("validation.json statement IcebergGlueCatalog: grants Glue, but validation writes no table" in p for p in checks.table_stages_alone_use_the_catalog(service, validation, topology))
    dropping = _changed(policies, "compaction", lambda d: _statement(d, "IcebergGlueCatalog")["Action"].append("glue:DeleteTable"))
    assert any("grants ['glue:DeleteTable']" in p for p in checks.table_stages_alone_use_the_catalog(service, dropping, topology))
    elsewhere = _changed(policies, "enrichment", lambda d: _statement(d, "IcebergGlueCatalog")["Resource"].append("arn:aws:glue:*:*:table/*"))
    assert any("arn:aws:glue:*:*:table/*" in p for p in checks.table_stages_alone_use_the_catalog(service, elsewhere, topology))
    cannot = _changed(policies, "commit", lambda d: _statement(d, "IcebergGlueCatalog")["Action"].remove("glue:UpdateTable"))
    assert any("commit.json: commit writes tables but cannot ['glue:UpdateTable']" in p for p in checks.table_stages_alone_use_the_catalog(service, cannot, topology))


def test_package_kind_check_catches_a_native_function_given_the_jvm_zip(modules, envs):
    service, pipeline = modules["lambda-service"], modules["pipeline"]
    assert checks.functions_run_the_package_of_their_kind(service, pipeline, envs) == []
    same_zip = _real_with("pipeline", 'native = "target/native/function.zip"', 'native = "target/function.zip"')
    assert any("package_paths.native" in p for p in checks.functions_run_the_package_of_their_kind(service, same_zip, envs))
    fixed_path = _real_with("pipeline", "${local.package_paths[local.function_kinds[each.key]]}", "target/function.zip")
    assert any("artifact path" in p for p in checks.functions_run_the_package_of_their_kind(service, fixed_path, envs))
    one_kind = _real_with("pipeline", "kind = local.function_kinds[each.key]", "kind = var.runtime.kind")
    assert any("runtime.kind is not the function's own kind" in p for p in checks.functions_run_the_package_of_their_kind(service, one_kind, envs))
    no_override = _real_with("pipeline", "lookup(var.runtime.kinds, name, var.runtime.kind)", "var.runtime.kind")
    assert any("does not let runtime.kinds override" in p for p in checks.functions_run_the_package_of_their_kind(service, no_override, envs))
    old_env = parse('module "pipeline" {\n  runtime = { kind = var.runtime_kind }\n}\n', "dev")
    assert any("dev: module.pipeline" in p for p in checks.functions_run_the_package_of_their_kind(service, pipeline, dict(envs, dev=old_env)))
