"""Static checks of the Terraform modules against contracts/topology.json and the security bar.

Each check takes parsed modules (see hcl.py) and returns a list of problems, empty when all is well,
so a test can feed it a deliberately bad snippet and see it fail.
"""

from __future__ import annotations

import fnmatch
import json
import re

from hcl import Module, blocks, expression, unquote

# ---------------------------------------------------------------------------------------------------
# Messaging follows the topology
# ---------------------------------------------------------------------------------------------------

TOPOLOGY_DECODE = re.compile(r"jsondecode\(file\(.*topology\.json")


def _for_each_source(module: Module, resource_type: str, name: str) -> str:
    """The topology collection a resource iterates: its for_each local's source expression."""
    body = module.resources.get((resource_type, name))
    if body is None:
        return ""
    source = expression(body.get("for_each", ""))
    match = re.fullmatch(r"local\.(\w+)", source)
    if match:
        return expression(module.locals.get(match.group(1), ""))
    return source


def messaging_follows_topology(module: Module) -> list[str]:
    """Topics, queues, DLQs and subscriptions are for_each over the decoded topology, and every
    setting the topology carries (fifo, filter policy and scope, raw delivery, redrive) is read
    from it, not retyped."""
    problems = []
    topology_local = [k for k, v in module.locals.items() if TOPOLOGY_DECODE.search(expression(v))]
    if not topology_local:
        return ["no local decodes contracts/topology.json with jsondecode(file(...))"]
    topo = f"local.{topology_local[0]}"

    iterates = {
        ("aws_sns_topic", "this"): f"{topo}.topics",
        ("aws_sqs_queue", "this"): f"{topo}.queues",
        ("aws_sqs_queue", "dlq"): f"{topo}.queues",
        ("aws_sns_topic_subscription", "this"): f"{topo}.subscriptions",
    }
    for (kind, name), collection in iterates.items():
        source = _for_each_source(module, kind, name)
        if collection not in source:
            problems.append(f"{kind}.{name} does not iterate {collection} (for_each from: {source!r})")
    if "deadLetter" not in _for_each_source(module, "aws_sqs_queue", "dlq"):
        problems.append("aws_sqs_queue.dlq is not built from the queues' deadLetter entries")

    reads = {
        ("aws_sns_topic_subscription", "this"): {
            "filter_policy": "each.value.filterPolicy",
            "filter_policy_scope": "each.value.filterPolicyScope",
            "raw_message_delivery": "each.value.rawMessageDelivery",
            "protocol": "sqs",
        },
        ("aws_sqs_queue", "this"): {
            "redrive_policy": "deadLetter.maxReceiveCount",
            "fifo_queue": "each.value.fifo",
            "name": "each.value.fifo",
            "kms_master_key_id": "var.",
        },
        ("aws_sqs_queue", "dlq"): {
            "fifo_queue": "each.value.fifo",
            "name": "each.value.fifo",
            "kms_master_key_id": "var.",
        },
        ("aws_sns_topic", "this"): {
            "fifo_topic": "each.value.fifo",
            "name": "each.value.fifo",
            "kms_master_key_id": "var.",
        },
    }
    for (kind, name), attributes in reads.items():
        body = module.resources.get((kind, name), {})
        for attribute, wanted in attributes.items():
            if wanted not in expression(body.get(attribute, "")):
                problems.append(f"{kind}.{name}.{attribute} does not use {wanted}")
    redrive = expression(module.resources.get(("aws_sqs_queue", "this"), {}).get("redrive_policy", ""))
    if "aws_sqs_queue.dlq" not in redrive:
        problems.append("aws_sqs_queue.this.redrive_policy does not target aws_sqs_queue.dlq")
    for (kind, name) in [("aws_sqs_queue", "this"), ("aws_sqs_queue", "dlq"), ("aws_sns_topic", "this")]:
        name_expression = expression(module.resources.get((kind, name), {}).get("name", ""))
        suffixes = [f"local.{k}" for k, v in module.locals.items() if unquote(v) == ".fifo"]
        if ".fifo" not in name_expression and not any(s in name_expression for s in suffixes):
            problems.append(f"{kind}.{name} never gets the .fifo suffix")
    return problems


def subscriptions_have_delivery_dead_letter_queues(module: Module, topology: dict) -> list[str]:
    """Every subscription of the topology names a dead-letter queue, and the messaging module
    builds one per subscription from those entries (the topic's kind, encrypted), points the
    subscription's redrive_policy at it, and lets only the topic's SNS deliveries in.
    https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html"""
    problems = [
        f"subscription {s['topic']} -> {s['queue']} has no deadLetter"
        for s in topology["subscriptions"]
        if not (s.get("deadLetter") or {}).get("name")
    ]
    source = _for_each_source(module, "aws_sqs_queue", "subscription_dlq")
    if ".subscriptions" not in source or "deadLetter" not in source:
        problems.append(f"aws_sqs_queue.subscription_dlq is not built from the subscriptions' deadLetter entries (for_each from: {source!r})")
    queue = module.resources.get(("aws_sqs_queue", "subscription_dlq"), {})
    for attribute, wanted in {"fifo_queue": "each.value.fifo", "name": "each.value.fifo", "kms_master_key_id": "var."}.items():
        if wanted not in expression(queue.get(attribute, "")):
            problems.append(f"aws_sqs_queue.subscription_dlq.{attribute} does not use {wanted}")
    if "fifo" not in expression(module.locals.get("subscription_dead_letters", "")):
        problems.append("the subscriptions' dead-letter queues do not take the kind (fifo) of their topic")
    redrive = expression(module.resources.get(("aws_sns_topic_subscription", "this"), {}).get("redrive_policy", ""))
    if "aws_sqs_queue.subscription_dlq" not in redrive or "deadLetterTargetArn" not in redrive:
        problems.append("aws_sns_topic_subscription.this.redrive_policy does not target aws_sqs_queue.subscription_dlq")
    policy = module.resources.get(("aws_sqs_queue_policy", "subscription_dlq"))
    if policy is None or "aws_sqs_queue.subscription_dlq" not in expression(policy.get("queue_url", "")):
        problems.append("no aws_sqs_queue_policy on the subscriptions' dead-letter queues")
    else:
        document = module.policy_documents().get("subscription_dlq", {})
        statements = blocks(document, "statement")
        lets_topic_in = any(
            "sns.amazonaws.com" in str(statement.get("principals"))
            and "aws_sns_topic.this" in str(statement.get("condition"))
            for statement in statements
        )
        if not lets_topic_in:
            problems.append("the subscriptions' dead-letter queue policy does not let the subscription's topic (sns.amazonaws.com, aws:SourceArn) in")
    return problems


def ingest_topic_takes_every_message(module: Module, topology: dict) -> list[str]:
    """The ingest topic has one subscription and it has no filter policy: SNS drops a message no
    subscription's policy matches, and a body policy matches nothing that is not a JSON object
    (https://docs.aws.amazon.com/sns/latest/dg/sns-message-filtering.html), so validation takes
    every publish and parks what it cannot route. The messaging module must then send no policy
    for a subscription without one (jsonencode(null) would be the policy "null")."""
    problems = []
    ingest = [s for s in topology["subscriptions"] if s["topic"] == "ingest"]
    if len(ingest) != 1:
        problems.append(f"the ingest topic has {len(ingest)} subscriptions ({[s['queue'] for s in ingest]}), want one")
    for s in ingest:
        for key in ("filterPolicy", "filterPolicyScope"):
            if key in s:
                problems.append(f"subscription ingest -> {s['queue']} has a {key}: {json.dumps(s[key])}")
    subscription = module.resources.get(("aws_sns_topic_subscription", "this"), {})
    for attribute, key in [("filter_policy", "filterPolicy"), ("filter_policy_scope", "filterPolicyScope")]:
        text = expression(subscription.get(attribute, ""))
        if not re.fullmatch(rf"try\((jsonencode\()?each\.value\.{key}\)?, null\)", text):
            problems.append(f"aws_sns_topic_subscription.this.{attribute} is not null for a subscription without {key}: {text!r}")
    return problems


def topology_is_consistent(topology: dict) -> list[str]:
    """Every subscription, notification, schedule and function names a topic/queue/bucket that
    exists, so the for_each lookups in messaging, storage and lambda-service resolve."""
    problems = []
    topics = {t["name"] for t in topology["topics"]}
    queues = {q["name"]: q for q in topology["queues"]}
    buckets = {b["name"] for b in topology["buckets"]}
    fifo_topics = {t["name"] for t in topology["topics"] if t["fifo"]}
    for s in topology["subscriptions"]:
        if s["topic"] not in topics or s["queue"] not in queues:
            problems.append(f"subscription {s['topic']} -> {s['queue']} names an unknown topic or queue")
        elif (s["topic"] in fifo_topics) != queues[s["queue"]]["fifo"]:
            problems.append(f"subscription {s['topic']} -> {s['queue']} mixes FIFO and standard")
        if "rawMessageDelivery" not in s:
            problems.append(f"subscription {s['topic']} -> {s['queue']} has no rawMessageDelivery")
        if ("filterPolicy" in s) != ("filterPolicyScope" in s):
            problems.append(f"subscription {s['topic']} -> {s['queue']} has a filterPolicy or a filterPolicyScope without the other")
    for b in topology["buckets"]:
        for n in b["notifications"]:
            if n["queue"] not in queues:
                problems.append(f"bucket {b['name']} notifies unknown queue {n['queue']}")
    for s in topology["schedules"]:
        if s["queue"] not in queues:
            problems.append(f"schedule {s['name']} targets unknown queue {s['queue']}")
    for f in topology["functions"]:
        if f["consumes"]["queue"] not in queues:
            problems.append(f"function {f['name']} consumes unknown queue {f['consumes']['queue']}")
        elif "deadLetter" not in queues[f["consumes"]["queue"]]:
            problems.append(f"function {f['name']} consumes a queue without a DLQ")
        problems += [f"function {f['name']} publishes to unknown topic {t}" for t in f["publishesTo"] if t not in topics]
        problems += [f"function {f['name']} sends to unknown queue {q}" for q in f.get("sendsToQueues", []) if q not in queues]
        problems += [
            f"function {f['name']} uses unknown bucket {b}"
            for b in f["readsBuckets"] + f["writesBuckets"]
            if b not in buckets
        ]
    return problems


# ---------------------------------------------------------------------------------------------------
# Deployed functions are hardened
# ---------------------------------------------------------------------------------------------------


def function_is_hardened(module: Module) -> list[str]:
    """The lambda-service module: VPC config, a KMS-encrypted log group the function logs to,
    partial batch failures and scaling from the topology (its DLQ alarm is the topology's
    dlq-not-empty: alarms_come_from_the_topology)."""
    problems = []
    functions = module.of_type("aws_lambda_function")
    if not functions:
        return ["no aws_lambda_function"]
    log_groups = module.of_type("aws_cloudwatch_log_group")
    for name, fn in functions.items():
        vpc = fn.get("vpc_config", [])
        if not vpc or not expression(vpc[0].get("subnet_ids", "")) or not expression(vpc[0].get("security_group_ids", "")):
            problems.append(f"aws_lambda_function.{name} has no (static) vpc_config with subnets and security groups")
        logging = fn.get("logging_config", [])
        target = expression(logging[0].get("log_group", "")) if logging else ""
        group = re.search(r"aws_cloudwatch_log_group\.(\w+)", target)
        if not group or group.group(1) not in log_groups:
            problems.append(f"aws_lambda_function.{name} does not log to a log group of this module")
        elif not expression(log_groups[group.group(1)].get("kms_key_id", "")):
            problems.append(f"aws_cloudwatch_log_group.{group.group(1)} is not KMS-encrypted")
        if not expression(fn.get("kms_key_arn", "")):
            problems.append(f"aws_lambda_function.{name} environment is not encrypted with a customer key")
    for name, esm in module.of_type("aws_lambda_event_source_mapping").items():
        if "ReportBatchItemFailures" not in expression(esm.get("function_response_types", "")):
            problems.append(f"aws_lambda_event_source_mapping.{name} does not report batch item failures")
        scaling = esm.get("scaling_config", [])
        if not scaling or "maximumConcurrency" not in expression(scaling[0].get("maximum_concurrency", "")):
            problems.append(f"aws_lambda_event_source_mapping.{name} does not take maximum_concurrency from the topology")
        for attribute, key in [("batch_size", "batchSize"), ("maximum_batching_window_in_seconds", "maximumBatchingWindowSeconds")]:
            if key not in expression(esm.get(attribute, "")):
                problems.append(f"aws_lambda_event_source_mapping.{name}.{attribute} is not the topology's {key}")
    if not module.of_type("aws_lambda_event_source_mapping"):
        problems.append("no SQS event source mapping")
    return problems


def function_sends_only_to_its_queues(service: Module, pipeline: Module, policies: dict[str, dict], topology: dict) -> list[str]:
    """A function may send to the queues its topology entry names (sendsToQueues) and no other: its
    generated document has one sqs:SendMessage statement on exactly those queues (besides parking in
    its own DLQ) and none without sendsToQueues; their URLs are ICEFLOW_QUEUES_<NAME>, and the role
    has the data key the queues are encrypted with (SendMessage needs kms:GenerateDataKey and
    kms:Decrypt: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html)."""
    problems = []
    sends = [name for name, value in service.locals.items() if "sendsToQueues" in expression(value)]
    if not sends:
        return ["lambda-service: no local reads the topology's sendsToQueues"]
    local = f"local.{sends[0]}"
    for function, spec in sorted(_functions(topology).items()):
        document = policies.get(function)
        if document is None:
            continue
        queues = {_arn("queue", q) for q in spec.get("sendsToQueues", [])}
        # Parking is a send on the own DLQ alone; roles_use_only_own_queue_and_dlq checks it.
        granted = [(sid, actions, resources) for sid, actions, resources in _allows(document, "sqs") if _grants(actions, SEND_MESSAGE) and resources != [DEAD_LETTER_QUEUE]]
        where = f"policies/{function}.json"
        if len(granted) != (1 if queues else 0):
            problems.append(f"{where}: want {'one sqs:SendMessage statement on its sendsToQueues' if queues else 'no sqs:SendMessage statement besides parking'}; found {[sid for sid, _, _ in granted]}")
        for sid, actions, resources in granted:
            if actions != [SEND_MESSAGE] or set(resources) != queues:
                problems.append(f"{where} statement {sid}: {actions} on {resources}, not {SEND_MESSAGE} on exactly its sendsToQueues {sorted(queues)}")
    environment = expression(service.locals.get("environment", ""))
    if not re.search(rf"for \w+ in {re.escape(local)} : \"ICEFLOW_QUEUES_\$\{{[^}}]+\}}\" => var\.queue_urls\[", environment):
        problems.append(f"lambda-service: the environment has no ICEFLOW_QUEUES_<NAME> = var.queue_urls[...] for each of {local}")
    document = service.policy_documents().get("this", {})
    data_key = [
        _strings(s.get("actions", []))
        for s in document.get("statement", [])
        if "var.kms.data_key_arn" in expression(s.get("resources", ""))
    ]
    if not any({"kms:GenerateDataKey", "kms:Decrypt"} <= set(actions) for actions in data_key):
        problems.append("lambda-service: the role cannot use the data key (kms:GenerateDataKey, kms:Decrypt) its queues are encrypted with")
    calls = [m for m in pipeline.modules.values() if unquote(m.get("source", "")).endswith("lambda-service")]
    if not calls or "module.messaging.queue_urls" not in expression(calls[0].get("queue_urls", "")):
        problems.append("pipeline: lambda-service is not given queue_urls = module.messaging.queue_urls")
    return problems


def roots_deploy_through_lambda_service(env: Module, pipeline: Module, topology: dict) -> list[str]:
    """An env root deploys functions only through the pipeline's lambda-service module, for
    topology functions only, each given a VPC, keys and its DLQ."""
    problems = []
    calls = [m for m in env.modules.values() if unquote(m.get("source", "")).endswith("modules/pipeline")]
    if not calls:
        return [f"env {env.name} does not call modules/pipeline"]
    if env.of_type("aws_lambda_function"):
        problems.append(f"env {env.name} defines functions outside lambda-service")
    services = [m for m in pipeline.modules.values() if unquote(m.get("source", "")).endswith("lambda-service")]
    if len(services) != 1:
        return problems + ["the pipeline must deploy every function through one for_each lambda-service call"]
    service = services[0]
    if "local.functions" not in expression(service.get("for_each", "")):
        problems.append("lambda-service is not for_each over local.functions")
    if "deployed_functions" not in expression(pipeline.locals.get("functions", "")):
        problems.append("local.functions is not filtered by var.deployed_functions")
    for attribute in ("vpc", "kms", "dlq_arn", "alarm_topic_arn"):
        if attribute not in service:
            problems.append(f"lambda-service call does not set {attribute}")
    names = {f["name"] for f in topology["functions"]}
    for module in [env, pipeline]:
        default = module.variables.get("deployed_functions", {}).get("default", [])
        problems += [f"{module.name}: deployed function {unquote(f)} is not in the topology" for f in default if unquote(f) not in names]
    return problems


# ---------------------------------------------------------------------------------------------------
# IAM: no wildcards where a narrower grant exists
# ---------------------------------------------------------------------------------------------------

# Actions AWS does not let us scope to a resource, with why. Only these may have "*" resources.
WILDCARD_RESOURCE_ALLOWED = {
    # Lambda creates and removes the function's ENIs; Describe* has no resource-level permissions.
    "ec2:CreateNetworkInterface",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeSubnets",
    "ec2:DeleteNetworkInterface",
    "ec2:AssignPrivateIpAddresses",
    "ec2:UnassignPrivateIpAddresses",
    # X-Ray segments and sampling rules have no ARN (the AWSXRayDaemonWriteAccess actions: Lambda's
    # active tracing and the ADOT collector layer's awsxray exporter).
    "xray:PutTraceSegments",
    "xray:PutTelemetryRecords",
    "xray:GetSamplingRules",
    "xray:GetSamplingTargets",
    "xray:GetSamplingStatisticSummaries",
    # Lake Formation vends table credentials to the Glue table optimizers' role; its IAM actions
    # have no resource types (the grants in Lake Formation scope them).
    "lakeformation:GetDataAccess",
    # No resource types (Service Authorization Reference): cost-guard finds a function's event source
    # mappings with List (Get and Update are scoped to the mappings' ARNs), and reads usage metrics
    # with GetMetricData (granted only when the topology says readsMetrics).
    "lambda:ListEventSourceMappings",
    "cloudwatch:GetMetricData",
}
# Allowed with "*" only when a condition scopes them.
WILDCARD_RESOURCE_WITH_CONDITION = {"cloudwatch:PutMetricData": "cloudwatch:namespace"}


def _strings(value: object) -> list[str]:
    if isinstance(value, list):
        return [str(unquote(v)) for v in value]
    return [expression(value)]


def _key_policies(module: Module) -> set[str]:
    """Policy documents attached to KMS keys: there "*" means the key itself."""
    return {
        m.group(1)
        for key in module.of_type("aws_kms_key").values()
        if (m := re.search(r"data\.aws_iam_policy_document\.(\w+)", expression(key.get("policy", ""))))
    }


def iam_has_no_needless_wildcards(module: Module) -> list[str]:
    problems = []
    key_policies = _key_policies(module)
    for name, document in module.policy_documents().items():
        for i, statement in enumerate(blocks(document, "statement")):
            where = f"{module.name}: aws_iam_policy_document.{name} statement {unquote(statement.get('sid', i))}"
            if unquote(statement.get("effect", "Allow")) == "Deny":
                continue  # a wide Deny (e.g. TLS-only) only narrows
            actions = _strings(statement.get("actions", []))
            resources = _strings(statement.get("resources", []))
            if any(a == "*" or a.endswith(":*") for a in actions) and name not in key_policies:
                problems.append(f"{where} allows wildcard actions {actions}")
            if "*" in resources and name not in key_policies:
                conditions = {unquote(c.get("variable", "")) for c in statement.get("condition", [])}
                for action in actions:
                    needed = WILDCARD_RESOURCE_WITH_CONDITION.get(action)
                    if action in WILDCARD_RESOURCE_ALLOWED or (needed and needed in conditions):
                        continue
                    problems.append(f'{where} grants {action} on "*" although it can be scoped')
    return problems


# ---------------------------------------------------------------------------------------------------
# Encryption at rest
# ---------------------------------------------------------------------------------------------------

# S3 server access logging delivers only to SSE-S3 buckets, so that one bucket cannot use KMS.
# https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
SSE_S3_ALLOWED_BUCKETS = {"access_logs"}


def stores_are_kms_encrypted(module: Module) -> list[str]:
    problems = []
    encryption = module.of_type("aws_s3_bucket_server_side_encryption_configuration")
    for name in module.of_type("aws_s3_bucket"):
        config = encryption.get(name)
        if config is None:
            problems.append(f"{module.name}: aws_s3_bucket.{name} has no encryption configuration")
            continue
        defaults = [d for rule in config.get("rule", []) for d in rule.get("apply_server_side_encryption_by_default", [])]
        kms = any(unquote(d.get("sse_algorithm")) == "aws:kms" and d.get("kms_master_key_id") for d in defaults)
        if not kms and name not in SSE_S3_ALLOWED_BUCKETS:
            problems.append(f"{module.name}: aws_s3_bucket.{name} is not SSE-KMS with a customer key")
        if kms and not any(rule.get("bucket_key_enabled") is True for rule in config.get("rule", [])):
            problems.append(f"{module.name}: aws_s3_bucket.{name} has no S3 bucket key")
    for name, body in module.of_type("aws_dynamodb_table").items():
        # enabled without kms_key_arn is the AWS managed key aws/dynamodb, not a customer key.
        sse = (body.get("server_side_encryption") or [{}])[0]
        if sse.get("enabled") is not True or not expression(sse.get("kms_key_arn", "")):
            problems.append(f"{module.name}: aws_dynamodb_table.{name} is not encrypted with a customer-managed key")
    for kind, attribute in [
        ("aws_sqs_queue", "kms_master_key_id"),
        ("aws_sns_topic", "kms_master_key_id"),
        ("aws_cloudwatch_log_group", "kms_key_id"),
    ]:
        for name, body in module.of_type(kind).items():
            if not expression(body.get(attribute, "")):
                problems.append(f"{module.name}: {kind}.{name} has no {attribute}")
    return problems


# ---------------------------------------------------------------------------------------------------
# Ledgers follow the topology
# ---------------------------------------------------------------------------------------------------

# The data key's output in the kms module, which the pipeline hands to every store.
DATA_KEY = "module.kms.key_arn"


def _topology_local(module: Module) -> str | None:
    names = [k for k, v in module.locals.items() if TOPOLOGY_DECODE.search(expression(v))]
    return f"local.{names[0]}" if names else None


def _for_one(value: object, key: str, entry: dict) -> object:
    """What an attribute comes to for one topology entry: a literal as written, each.value.<key> as
    the topology says; None for anything else (a variable, a retyped expression)."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str) and value.startswith("${"):
        return entry.get(key) if expression(value) == f"each.value.{key}" else None
    return unquote(value)


def _calls_of(pipeline: Module, module: Module) -> list[dict]:
    return [c for c in pipeline.modules.values() if unquote(c.get("source", "")).endswith(f"/{module.name}")]


def ledgers_follow_topology(ledgers: Module, pipeline: Module, topology: dict) -> list[str]:
    """Every topology ledger has a DynamoDB table: for_each over the decoded topology's ledgers, with
    the ledger's partition key as hash key, TTL on the ledger's ttlAttribute, point-in-time recovery
    as its pointInTimeRecovery says, deletion protection, and server-side encryption with a key the
    pipeline sets to the kms module's data key."""
    topo = _topology_local(ledgers)
    if topo is None:
        return [f"{ledgers.name}: no local decodes contracts/topology.json with jsondecode(file(...))"]
    tables = ledgers.of_type("aws_dynamodb_table")
    if len(tables) != 1:
        return [f"{ledgers.name}: want one aws_dynamodb_table for_each over {topo}.ledgers, found {sorted(tables)}"]
    name, table = next(iter(tables.items()))
    where = f"{ledgers.name}: aws_dynamodb_table.{name}"
    problems = []
    source = _for_each_source(ledgers, "aws_dynamodb_table", name)
    if f"{topo}.ledgers" not in source:
        problems.append(f"{where} does not iterate {topo}.ledgers (for_each from: {source!r})")

    ttl = (table.get("ttl") or [{}])[0]
    pitr = (table.get("point_in_time_recovery") or [{}])[0]
    for ledger in topology.get("ledgers", []):
        at = f"{where} for ledger {ledger['name']}"
        if _for_one(table.get("hash_key"), "partitionKey", ledger) != ledger["partitionKey"]:
            problems.append(f"{at}: hash_key is not the topology's partitionKey {ledger['partitionKey']!r}")
        if _for_one(ttl.get("attribute_name"), "ttlAttribute", ledger) != ledger["ttlAttribute"] or ttl.get("enabled") is not True:
            problems.append(f"{at}: TTL is not enabled on the topology's ttlAttribute {ledger['ttlAttribute']!r}")
        # A missing block or enabled = false both leave point-in-time recovery off.
        if _for_one(pitr.get("enabled", False), "pointInTimeRecovery", ledger) != ledger["pointInTimeRecovery"]:
            problems.append(f"{at}: point-in-time recovery is not {ledger['pointInTimeRecovery']} as the topology says")

    if table.get("deletion_protection_enabled") is not True:
        problems.append(f"{where} has no deletion protection")

    sse = (table.get("server_side_encryption") or [{}])[0]
    key = expression(sse.get("kms_key_arn", ""))
    variable = re.fullmatch(r"var\.(\w+)", key)
    if sse.get("enabled") is not True or not key:
        problems.append(f"{where} is not encrypted with a customer-managed key (server_side_encryption with kms_key_arn)")
    elif not variable:
        problems.append(f"{where} is encrypted with {key!r}, not a key the pipeline passes in")
    else:
        calls = _calls_of(pipeline, ledgers)
        if not calls:
            problems.append(f"the pipeline does not call modules/{ledgers.name}")
        for call in calls:
            given = expression(call.get(variable.group(1), ""))
            if given != DATA_KEY:
                problems.append(f"the pipeline sets {ledgers.name}.{variable.group(1)} to {given!r}, not the data key {DATA_KEY}")
    return problems


# ---------------------------------------------------------------------------------------------------
# Function roles: their own ledgers, their own queue and DLQ
# ---------------------------------------------------------------------------------------------------

# Every call the services make on a ledger (common-iceberg BatchLedger): GetItem with ConsistentRead,
# PutItem and UpdateItem with condition expressions, BatchGetItem when compaction settles the entries
# of a snapshot it expires. Conditions need no action of their own.
LEDGER_ACTIONS = {"dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"}

# A reference to a local, except a topology entry's writesLedgers (local.spec.writesLedgers), which is
# where the expansion stops.
LOCAL_REFERENCE = re.compile(r"local\.(\w+)(?!\w|\.writesLedgers)")

# What the pipeline passes lambda-service as the queues' ARNs and as its own DLQ's ARN.
QUEUE_ARNS = "module.messaging.queue_arns"
OWN_DLQ = "module.messaging.dlq_arns[each.value.consumes.queue]"


def _statements(document: dict) -> list[tuple[dict, str]]:
    """The statements of a policy document, each with its dynamic block's for_each ("" if static)."""
    found = [(s, "") for s in document.get("statement", [])]
    for dynamic in document.get("dynamic", []):
        for label, inner in dynamic.items():
            if unquote(label) == "statement":
                found += [(s, expression(inner.get("for_each", ""))) for s in inner.get("content", [])]
    return found


def _expressions(value: object) -> list[str]:
    """A list attribute's elements as source text; a whole-list expression as one element."""
    if isinstance(value, list):
        return [expression(v) for v in value]
    return [expression(value)]


def _expand(module: Module, text: str, for_each: str) -> str:
    """Source text with statement.value replaced by its dynamic block's for_each and local.<name> by
    the local's own expression, so what a statement really grants on can be read off the text."""
    if for_each:
        text = text.replace("statement.value", f"({for_each})")
    for _ in range(5):
        expanded = LOCAL_REFERENCE.sub(
            lambda m: f"({expression(module.locals[m.group(1)])})" if m.group(1) in module.locals else m.group(0), text
        )
        if expanded == text:
            break
        text = expanded
    return text


def roles_write_only_own_ledgers(service: Module, policies: dict[str, dict], topology: dict) -> list[str]:
    """A function's generated document uses DynamoDB only with the ledger calls, exactly
    LEDGER_ACTIONS on each table of its writesLedgers (${ledger_arn_<name>}) and on nothing else;
    the HCL statements grant no DynamoDB at all."""
    problems = _hcl_grants(service, lambda a: a.startswith("dynamodb:"))
    for function, spec in sorted(_functions(topology).items()):
        document = policies.get(function)
        if document is None:
            continue
        ledgers = {_arn("ledger", l) for l in spec["writesLedgers"]}
        for sid, actions, resources in _allows(document, "dynamodb"):
            where = f"policies/{function}.json statement {sid}"
            beyond = _beyond(actions, LEDGER_ACTIONS)
            if beyond:
                problems.append(f"{where} grants {beyond} besides the ledger calls {sorted(LEDGER_ACTIONS)}")
            if not set(resources) <= ledgers:
                problems.append(f"{where} grants DynamoDB on {sorted(set(resources) - ledgers)}, not only on the tables of the function's writesLedgers {spec['writesLedgers']}")
        for action in sorted(LEDGER_ACTIONS):
            if not _grants_on(document, action, ledgers):
                problems.append(f"policies/{function}.json: cannot {action} on each table of its writesLedgers {spec['writesLedgers']}")
    return problems


def roles_use_only_own_queue_and_dlq(service: Module, pipeline: Module, policies: dict[str, dict], topology: dict) -> list[str]:
    """A function's SQS permissions (its generated document) name its own queue and its own DLQ
    only: the consume calls (CONSUME_ACTIONS) on its own queue alone, sqs:GetQueueUrl on both, and
    sqs:SendMessage on its DLQ, where common DeadLetterParking parks messages that can never
    succeed, and, alone in its statement, on the queues of its sendsToQueues
    (function_sends_only_to_its_queues checks that grant); no other SQS action. Own means what the
    template variables hold: ${queue_arn_<consumes.queue>} from module.messaging.queue_arns, and
    ${dead_letter_queue_arn}, module.messaging.dlq_arns[each.value.consumes.queue]
    (function_policies_are_attached). The HCL statements grant no SQS at all."""
    problems = _hcl_grants(service, lambda a: a.startswith("sqs:"))
    known = CONSUME_ACTIONS | {LOOKUP_QUEUE_URL, SEND_MESSAGE}
    for function, spec in sorted(_functions(topology).items()):
        document = policies.get(function)
        if document is None:
            continue
        own = _arn("queue", spec["consumes"]["queue"])
        sent = {_arn("queue", q) for q in spec.get("sendsToQueues", [])}
        parks = False
        for sid, actions, resources in _allows(document, "sqs"):
            where = f"policies/{function}.json statement {sid}"
            sqs = [a for a in actions if a == "*" or a.lower().startswith("sqs:")]
            beyond = _beyond(sqs, known)
            if beyond:
                problems.append(f"{where} grants {beyond} besides {sorted(known)}")
            # Each kind of call narrows where the statement may grant: a statement that both
            # consumes and sends has no queue it may name.
            allowed, wanted = {own, DEAD_LETTER_QUEUE}, "its own queue and DLQ"
            if any(_grants(sqs, a) for a in CONSUME_ACTIONS):
                allowed, wanted = {own}, "its own queue"
            if _grants(sqs, SEND_MESSAGE):
                allowed = (allowed & {DEAD_LETTER_QUEUE}) | (sent if actions == [SEND_MESSAGE] else set())
                wanted = "its own DLQ (or, with sqs:SendMessage alone, its sendsToQueues)" if DEAD_LETTER_QUEUE in allowed else "a queue it both consumes and sends to (there is none)"
                parks = parks or DEAD_LETTER_QUEUE in resources
            strangers = [r for r in resources if r not in allowed]
            if strangers:
                problems.append(f"{where} grants {sqs} on {strangers}, not only on {wanted}")
        if not parks:
            problems.append(f"policies/{function}.json: the role cannot send to its own DLQ ({DEAD_LETTER_QUEUE}), so the function cannot park messages")
        for action in sorted(CONSUME_ACTIONS):
            if not _grants_on(document, action, {own}):
                problems.append(f"policies/{function}.json: cannot {action} on its own queue {own}")
        if not _grants_on(document, LOOKUP_QUEUE_URL, {own, DEAD_LETTER_QUEUE}):
            problems.append(f"policies/{function}.json: cannot look up its own queue and DLQ ({LOOKUP_QUEUE_URL}) to park a message")
    return problems


# ---------------------------------------------------------------------------------------------------
# Generated function policies (contracts FunctionPolicies → lambda-service/policies/<function>.json)
# ---------------------------------------------------------------------------------------------------

# What templatefile() fills in: ${name}. The names are contracts PolicyVariables': a few fixed ones
# and, per logical name of a kind, <kind>_arn_<name in lower snake case> (validation-ingest →
# queue_arn_validation_ingest).
PLACEHOLDER = re.compile(r"\$\{([^}]*)\}")
FIXED_POLICY_VARIABLES = {"partition", "region", "account_id", "dead_letter_queue_arn"}
# Kind prefix → the topology collection naming its entries, the lambda-service variable local.<policy
# variables> builds them from, and what each entry's value must be (\2: the for expression's value).
POLICY_VARIABLE_KINDS = {
    "queue_arn_": ("queues", "queue_arns", r"\2"),
    "topic_arn_": ("topics", "topic_arns", r"\2"),
    "bucket_arn_": ("buckets", "bucket_names", r'"arn:\$\{local\.partition\}:s3:::\$\{\2\}"'),
    "ledger_arn_": ("ledgers", "ledger_tables", r"\2\.arn"),
}
# How lambda-service attaches the generated document to the role's policy document.
GENERATED_SOURCE = re.compile(r'templatefile\("\$\{path\.module\}/policies/\$\{var\.name\}\.json", local\.(\w+)\)')
DEAD_LETTER_QUEUE = "${dead_letter_queue_arn}"

# The SQS calls of a function on its own queue: the event source mapping's receive, delete and
# visibility change, and DeadLetterParking's read of the RedrivePolicy. GetQueueUrl looks up its
# queue and DLQ by name, SendMessage parks in the DLQ and sends to its sendsToQueues.
CONSUME_ACTIONS = {"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"}
LOOKUP_QUEUE_URL = "sqs:GetQueueUrl"
SEND_MESSAGE = "sqs:SendMessage"
S3_READS = {"s3:GetObject", "s3:GetObjectVersion"}
S3_LIST = "s3:ListBucket"
# Buckets several stages write: each writes only under its own prefix (the topology's writePrefixes:
# validation's valid records under validated/, enrichment's file lists under staged-files/, each
# stage's quarantine under <stage>/), so no stage can overwrite another's objects.
SHARED_BUCKETS = {"staging", "quarantine"}
# The Iceberg warehouse: its writers read it too (finding 1: loadTable reads metadata.json).
WAREHOUSE = "warehouse"


def _snake(name: str) -> str:
    return name.lower().replace("-", "_")


def _arn(kind: str, name: str) -> str:
    """The placeholder of a logical name's ARN: _arn("queue", "cost-guard") → ${queue_arn_cost_guard}."""
    return "${" + f"{kind}_arn_{_snake(name)}" + "}"


def _listed(value: object) -> list[str]:
    """A statement's Action or Resource as a list (IAM takes a string or a list)."""
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _allows(document: dict, service: str) -> list[tuple[str, list[str], list[str]]]:
    """(Sid, actions, resources) of each Allow statement of a generated document that grants an
    action of service (or "*")."""
    found = []
    for i, statement in enumerate(_listed_statements(document)):
        actions = _listed(statement.get("Action"))
        if statement.get("Effect") != "Allow" or not any(a == "*" or a.lower().startswith(f"{service}:") for a in actions):
            continue
        found.append((str(statement.get("Sid", i)), actions, _listed(statement.get("Resource"))))
    return found


def _listed_statements(document: dict) -> list[dict]:
    statements = document.get("Statement", [])
    return [s for s in (statements if isinstance(statements, list) else [statements]) if isinstance(s, dict)]


def _grants(actions: list[str], action: str) -> bool:
    """Whether an action list allows an action (IAM action names are case-insensitive, * a wildcard)."""
    return any(fnmatch.fnmatchcase(action.lower(), a.lower()) for a in actions)


def _beyond(actions: list[str], allowed: set[str]) -> list[str]:
    """The actions of a list that are not exactly one of allowed (a wildcard is beyond them)."""
    known = {a.lower() for a in allowed}
    return [a for a in actions if a.lower() not in known]


def _functions(topology: dict) -> dict[str, dict]:
    return {f["name"]: f for f in topology["functions"]}


def _hcl_grants(service: Module, wanted) -> list[str]:
    """Where lambda-service's own (HCL) statements grant an action wanted(action) holds for: the
    topology's grants come from the generated document only."""
    found = []
    for name, document in service.policy_documents().items():
        for i, (statement, _) in enumerate(_statements(document)):
            actions = [a for a in _strings(statement.get("actions", [])) if a == "*" or wanted(a.lower())]
            if actions and unquote(statement.get("effect", "Allow")) != "Deny":
                found.append(f"{service.name}: aws_iam_policy_document.{name} statement {unquote(statement.get('sid', i))} grants {actions} outside the generated policy")
    return found


def function_policies_are_generated(policies: dict[str, dict], topology: dict) -> list[str]:
    """Every topology function has its generated document and no other file is there; each is an
    IAM policy of Allow statements with distinct Sids, Action and Resource (no NotAction,
    NotResource or Principal), whose placeholders are all variables lambda-service provides: the
    fixed ones, or <kind>_arn_<name> for a topology name of that kind (templatefile() fails on any
    other)."""
    problems = []
    names = set(_functions(topology))
    problems += [f"policies/{f}.json is missing: function {f} gets no topology grants" for f in sorted(names - set(policies))]
    problems += [f"policies/{f}.json belongs to no topology function" for f in sorted(set(policies) - names)]
    known = set(FIXED_POLICY_VARIABLES)
    for prefix, (collection, _, _) in POLICY_VARIABLE_KINDS.items():
        known |= {prefix + _snake(entry["name"]) for entry in topology.get(collection, [])}
    for function, document in sorted(policies.items()):
        where = f"policies/{function}.json"
        if document.get("Version") != "2012-10-17":
            problems.append(f"{where}: Version is {document.get('Version')!r}, not 2012-10-17")
        statements = _listed_statements(document)
        if not statements:
            problems.append(f"{where}: no statements")
        sids = [s.get("Sid") for s in statements]
        if any(not sid for sid in sids) or len(set(sids)) != len(sids):
            problems.append(f"{where}: Sids {sids} are not all present and distinct")
        for statement in statements:
            sid = statement.get("Sid", "?")
            if statement.get("Effect") != "Allow":
                problems.append(f"{where}: statement {sid} is not Effect Allow")
            if not _listed(statement.get("Action")) or not _listed(statement.get("Resource")):
                problems.append(f"{where}: statement {sid} lacks Action or Resource")
            odd = sorted({"NotAction", "NotResource", "Principal", "NotPrincipal"} & set(statement))
            if odd:
                problems.append(f"{where}: statement {sid} has {odd}")
        text = json.dumps(document)
        for variable in sorted(set(PLACEHOLDER.findall(text)) - known):
            problems.append(f"{where}: ${{{variable}}} is no variable lambda-service provides")
        if "%{" in text:
            problems.append(f"{where}: has a template directive (%{{...}})")
    return problems


def _policy_variables(service: Module) -> tuple[str | None, str]:
    """The local the role's document fills the generated template from, and its expression."""
    value = service.policy_documents().get("this", {}).get("source_policy_documents", "")
    sources = _expressions(value)
    match = GENERATED_SOURCE.fullmatch(sources[0].strip()) if isinstance(value, list) and len(sources) == 1 else None
    if not match:
        return None, " ".join(sources)
    return match.group(1), expression(service.locals.get(match.group(1), ""))


def _variable_of(variables: str, prefix: str) -> str | None:
    """The lambda-service variable a kind's entries come from: {for k, v in var.<x> :
    "<prefix>${replace(lower(k), "-", "_")}" => <value>}, with the value the kind needs."""
    value = POLICY_VARIABLE_KINDS[prefix][2]
    match = re.search(rf'for (\w+), (\w+) in var\.(\w+) : "{prefix}\$\{{replace\(lower\(\1\), "-", "_"\)\}}" => {value}\s*\}}', variables)
    return match.group(3) if match else None


def function_policies_are_attached(service: Module, pipeline: Module, policies: dict[str, dict]) -> list[str]:
    """lambda-service attaches the function's generated document: the role's policy document
    (data.aws_iam_policy_document.this, the role policy's document) takes source_policy_documents =
    [templatefile("${path.module}/policies/${var.name}.json", local.<variables>)], with no override
    document and no statement of its own with a generated Sid (it would replace that statement);
    local.<variables> provides every placeholder kind the generated documents use (the fixed names
    as keys, each <kind>_arn_ from the module variable of that kind, named as PolicyVariables names
    them), and the pipeline passes those variables."""
    problems = []
    document = service.policy_documents().get("this", {})
    attached = [b for b in service.of_type("aws_iam_role_policy").values() if expression(b.get("policy", "")) == "data.aws_iam_policy_document.this.json"]
    if not attached or any(expression(b.get("role", "")) != "aws_iam_role.this.id" for b in attached):
        problems.append(f"{service.name}: aws_iam_policy_document.this is not the role policy of aws_iam_role.this")
    local, variables = _policy_variables(service)
    if local is None:
        problems.append(f"{service.name}: aws_iam_policy_document.this does not take source_policy_documents = [templatefile(\"${{path.module}}/policies/${{var.name}}.json\", local.<variables>)] (it has {variables!r})")
    if "override_policy_documents" in document:
        problems.append(f"{service.name}: aws_iam_policy_document.this has override_policy_documents, which would replace generated statements")
    generated = {s.get("Sid") for d in policies.values() for s in _listed_statements(d)}
    for statement, _ in _statements(document):
        if unquote(statement.get("sid", "")) in generated:
            problems.append(f"{service.name}: aws_iam_policy_document.this statement {unquote(statement['sid'])} has a generated Sid, so it replaces the generated statement")
    if local is None:
        return problems
    if local not in service.locals:
        return problems + [f"{service.name}: no local.{local}"]
    used = {v for d in policies.values() for v in PLACEHOLDER.findall(json.dumps(d))}
    for name in sorted(FIXED_POLICY_VARIABLES & used):
        if not re.search(rf"[{{,]\s*{name}\s*=", variables):
            problems.append(f"{service.name}: local.{local} has no {name}, which the generated policies use")
    calls = _calls_of(pipeline, service)
    given = {
        "queue_arns": QUEUE_ARNS,
        "topic_arns": "module.messaging.topic_arns",
        "bucket_names": "local.topology_buckets",
        "ledger_tables": "local.ledger_tables",
    }
    for prefix in sorted({p for p in POLICY_VARIABLE_KINDS for v in used if v.startswith(p)}):
        wanted = POLICY_VARIABLE_KINDS[prefix][1]
        variable = _variable_of(variables, prefix)
        if variable != wanted:
            problems.append(f"{service.name}: local.{local} does not name each entry of var.{wanted} {prefix}<name in lower snake case> (found {variable!r})")
        for call in calls:
            if expression(call.get(wanted, "")) != given[wanted]:
                problems.append(f"{pipeline.name}: lambda-service's {wanted} is {expression(call.get(wanted, ''))!r}, not {given[wanted]}")
    dlq = re.search(r"[{,]\s*dead_letter_queue_arn\s*=\s*var\.(\w+)\s*[,}]", variables)
    if "dead_letter_queue_arn" in used and (not dlq or any(expression(c.get(dlq.group(1), "")) != OWN_DLQ for c in calls)):
        problems.append(f"{service.name}: dead_letter_queue_arn is not the variable the pipeline passes {OWN_DLQ}")
    if not calls:
        problems.append(f"the pipeline does not call modules/{service.name}")
    return problems


def function_policies_have_no_needless_wildcards(policies: dict[str, dict]) -> list[str]:
    """As iam_has_no_needless_wildcards for the generated documents: no wildcard actions, and "*"
    only for actions without resource types (or scoped by their condition key)."""
    problems = []
    for function, document in sorted(policies.items()):
        for i, statement in enumerate(_listed_statements(document)):
            if statement.get("Effect") == "Deny":
                continue
            where = f"policies/{function}.json statement {statement.get('Sid', i)}"
            actions, resources = _listed(statement.get("Action")), _listed(statement.get("Resource"))
            if any(a == "*" or a.endswith(":*") for a in actions):
                problems.append(f"{where} allows wildcard actions {actions}")
            if "*" in resources:
                conditions = {key for block in (statement.get("Condition") or {}).values() for key in block}
                for action in actions:
                    needed = WILDCARD_RESOURCE_WITH_CONDITION.get(action)
                    if action in WILDCARD_RESOURCE_ALLOWED or (needed and needed in conditions):
                        continue
                    problems.append(f'{where} grants {action} on "*" although it can be scoped')
    return problems


def functions_write_only_their_buckets_and_prefixes(policies: dict[str, dict], topology: dict) -> list[str]:
    """A function writes (any S3 action but the reads and the list) only objects of its
    writesBuckets, each of them; a shared bucket (staging, quarantine) only under the function's
    writePrefixes entry for it, a prefix ending in / that no other writer's prefix overlaps."""
    problems = []
    writers: dict[str, dict[str, str]] = {}
    for function, spec in sorted(_functions(topology).items()):
        prefixes = spec.get("writePrefixes") or {}
        problems += [f"topology: {function} has a writePrefixes entry for {b}, which it does not write" for b in sorted(set(prefixes) - set(spec["writesBuckets"]))]
        for bucket in SHARED_BUCKETS & set(spec["writesBuckets"]):
            prefix = prefixes.get(bucket, "")
            if not prefix.endswith("/"):
                problems.append(f"topology: {function} writes all of the shared bucket {bucket} (writePrefixes {prefix!r})")
            writers.setdefault(bucket, {})[function] = prefix
        document = policies.get(function)
        if document is None:
            continue
        written = set()
        for sid, actions, resources in _allows(document, "s3"):
            writes = _beyond(actions, S3_READS | {S3_LIST})
            if not writes:
                continue
            where = f"policies/{function}.json statement {sid}"
            for resource in resources:
                bucket = next((b for b in spec["writesBuckets"] if resource.startswith(_arn("bucket", b) + "/")), None)
                if bucket is None:
                    problems.append(f"{where} grants {writes} on {resource}, which is no object of its writesBuckets {spec['writesBuckets']}")
                    continue
                written.add(bucket)
                if bucket in SHARED_BUCKETS and resource != f"{_arn('bucket', bucket)}/{prefixes.get(bucket, '')}*":
                    problems.append(f"{where} grants {writes} on {resource}, not only under its prefix {prefixes.get(bucket, '')!r} of the shared bucket {bucket}")
        if not _grants_on(document, "s3:PutObject", {f"{_arn('bucket', b)}/{prefixes.get(b, '')}*" for b in spec["writesBuckets"]}):
            problems.append(f"policies/{function}.json: cannot put objects in each of its writesBuckets {spec['writesBuckets']}")
    for bucket, prefixes in sorted(writers.items()):
        for a, pa in prefixes.items():
            for b, pb in prefixes.items():
                if a < b and (pa.startswith(pb) or pb.startswith(pa)):
                    problems.append(f"topology: {a} ({pa!r}) and {b} ({pb!r}) write overlapping prefixes of {bucket}")
    return problems


def _grants_on(document: dict, action: str, resources: set[str]) -> bool:
    """Whether the document allows action on each of the resources (a resource exactly as written)."""
    covered = set()
    for statement in _listed_statements(document):
        if statement.get("Effect") == "Allow" and _grants(_listed(statement.get("Action")), action):
            covered |= set(_listed(statement.get("Resource")))
    return resources <= covered


def functions_read_only_their_buckets(policies: dict[str, dict], topology: dict) -> list[str]:
    """A function reads (GetObject, GetObjectVersion) the objects and lists (ListBucket) the
    buckets of its readsBuckets, each of them and no other; every warehouse writer reads the
    warehouse too (finding 1: Iceberg's loadTable reads metadata.json before a commit)."""
    problems = []
    for function, spec in sorted(_functions(topology).items()):
        if WAREHOUSE in spec["writesBuckets"] and WAREHOUSE not in spec["readsBuckets"]:
            problems.append(f"topology: {function} writes the {WAREHOUSE} but does not read it (readsBuckets), which loading a table needs")
        document = policies.get(function)
        if document is None:
            continue
        objects = {f"{_arn('bucket', b)}/*" for b in spec["readsBuckets"]}
        buckets = {_arn("bucket", b) for b in spec["readsBuckets"]}
        for sid, actions, resources in _allows(document, "s3"):
            where = f"policies/{function}.json statement {sid}"
            reads = [a for a in actions if a == "*" or _grants([a], "s3:GetObject") or _grants([a], "s3:GetObjectVersion")]
            if reads and not set(resources) <= objects:
                problems.append(f"{where} grants {reads} on {sorted(set(resources) - objects)}, not only on the objects of its readsBuckets {spec['readsBuckets']}")
            lists = [a for a in actions if a == "*" or _grants([a], S3_LIST)]
            if lists and not set(resources) <= buckets:
                problems.append(f"{where} grants {lists} on {sorted(set(resources) - buckets)}, not only on its readsBuckets {spec['readsBuckets']}")
        for action in sorted(S3_READS):
            if not _grants_on(document, action, objects):
                problems.append(f"policies/{function}.json: cannot {action} in each of its readsBuckets {spec['readsBuckets']}")
        if not _grants_on(document, S3_LIST, buckets):
            problems.append(f"policies/{function}.json: cannot {S3_LIST} each of its readsBuckets {spec['readsBuckets']}")
    return problems


# What a table stage does in the Glue Data Catalog through its Iceberg REST endpoint (config, load,
# create and commit tables, each authorized as the Glue action AWS lists for the REST operation:
# https://docs.aws.amazon.com/glue/latest/dg/iceberg-rest-apis.html), on the catalog, the database
# and its tables of this account and region.
GLUE_TABLE_ACTIONS = {"glue:GetCatalog", "glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:CreateTable", "glue:UpdateTable"}
GLUE_RESOURCE = re.compile(r"arn:\$\{partition\}:glue:\$\{region\}:\$\{account_id\}:(catalog|database/[\w-]+|table/[\w-]+/(\*|[\w-]+))")


def functions_publish_only_to_their_topics(service: Module, policies: dict[str, dict], topology: dict) -> list[str]:
    """A function publishes (sns:Publish alone) to each topic of its publishesTo and no other; the
    HCL statements grant no SNS at all."""
    problems = _hcl_grants(service, lambda a: a.startswith("sns:"))
    for function, spec in sorted(_functions(topology).items()):
        document = policies.get(function)
        if document is None:
            continue
        topics = {_arn("topic", t) for t in spec["publishesTo"]}
        for sid, actions, resources in _allows(document, "sns"):
            where = f"policies/{function}.json statement {sid}"
            if actions != ["sns:Publish"] or not set(resources) <= topics:
                problems.append(f"{where}: {actions} on {resources}, not sns:Publish on its publishesTo {sorted(topics)}")
        if not _grants_on(document, "sns:Publish", topics):
            problems.append(f"policies/{function}.json: cannot publish to each topic of its publishesTo {spec['publishesTo']}")
    return problems


def table_stages_alone_use_the_catalog(service: Module, policies: dict[str, dict], topology: dict) -> list[str]:
    """Only the warehouse writers (the table stages) get Glue, the table calls of GLUE_TABLE_ACTIONS
    and nothing more, on the catalog, databases and tables of the account and region the template
    fills in; the HCL statements grant no Glue at all."""
    problems = _hcl_grants(service, lambda a: a.startswith("glue:"))
    for function, spec in sorted(_functions(topology).items()):
        document = policies.get(function)
        if document is None:
            continue
        granted: set[str] = set()
        for sid, actions, resources in _allows(document, "glue"):
            where = f"policies/{function}.json statement {sid}"
            if WAREHOUSE not in spec["writesBuckets"]:
                problems.append(f"{where}: grants Glue, but {function} writes no table (the {WAREHOUSE})")
            beyond = _beyond(actions, GLUE_TABLE_ACTIONS)
            if beyond:
                problems.append(f"{where}: grants {beyond} besides {sorted(GLUE_TABLE_ACTIONS)}")
            strangers = [r for r in resources if not GLUE_RESOURCE.fullmatch(r)]
            if strangers:
                problems.append(f"{where}: grants Glue on {strangers}, not the catalog, databases and tables of its account and region")
            granted |= set(actions)
        missing = sorted(GLUE_TABLE_ACTIONS - granted)
        if WAREHOUSE in spec["writesBuckets"] and missing:
            problems.append(f"policies/{function}.json: {function} writes tables but cannot {missing} in the catalog")
    return problems

def heredoc_body(text: str) -> str:
    """python-hcl2 keeps a heredoc's markers ('<<-EOT\n ... \nEOT'): the text between them."""
    match = re.match(r"^<<-?(\w+)\n(.*)\n\s*\1$", text, re.DOTALL)
    return match.group(2).strip() if match else text


def render_schedule_input(template: str, schedule: dict, tick_version: str) -> dict:
    """The schedule target's input template as EventBridge fills it in, for one schedule."""
    import hashlib

    name = schedule["name"]
    rendered = (
        template.replace("${each.key}", name)
        .replace("${local.schedule_tick_type}", "schedule.tick")
        .replace("${local.schedule_tick_version}", tick_version)
        .replace("${md5(each.key)}", hashlib.md5(name.encode()).hexdigest())
        .replace("${substr(sha1(each.key), 0, 16)}", hashlib.sha1(name.encode()).hexdigest()[:16])
        .replace("${each.value.rateMinutes}", str(schedule["rateMinutes"]))
        .replace("<id>", "5c8f2f0e-3e1b-4c2a-9d7e-6b1f0a2c4d8e")
        .replace("<time>", "2026-11-26T12:00:00Z")
    )
    return json.loads(rendered)


def schema_problems(value: object, schema: dict, where: str) -> list[str]:
    """What breaks the parts of JSON Schema the message contracts use: type, required,
    additionalProperties = false, pattern, enum, minimum, maximum, format date-time (RFC 3339 in
    UTC, as the contracts say)."""
    import datetime

    kinds = {"object": dict, "string": str, "integer": int, "array": list}
    kind = schema.get("type")
    if kind in kinds and (not isinstance(value, kinds[kind]) or isinstance(value, bool)):
        return [f"{where}: {value!r} is not {kind}"]
    problems = []
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        problems += [f"{where}: lacks {f}" for f in schema.get("required", []) if f not in value]
        if schema.get("additionalProperties") is False:
            problems += [f"{where}: {f} is not in the contract" for f in value if f not in properties]
        for f, v in value.items():
            if f in properties:
                problems += schema_problems(v, properties[f], f"{where}.{f}")
    if "pattern" in schema and isinstance(value, str) and not re.search(schema["pattern"], value):
        problems.append(f"{where}: {value!r} does not match {schema['pattern']}")
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{where}: {value!r} is not one of {schema['enum']}")
    if isinstance(value, int) and not schema.get("minimum", value) <= value <= schema.get("maximum", value):
        problems.append(f"{where}: {value} is out of range")
    if schema.get("format") == "date-time" and isinstance(value, str):
        try:
            if datetime.datetime.fromisoformat(value.replace("Z", "+00:00")).utcoffset() != datetime.timedelta(0):
                problems.append(f"{where}: {value!r} is not in UTC")
        except ValueError:
            problems.append(f"{where}: {value!r} is not an RFC 3339 date-time")
    return problems


def schedule_ticks_follow_contract(messaging: Module, topology: dict) -> list[str]:
    """Each schedule's EventBridge target turns the scheduled event into a schedule.tick envelope
    that the envelope schema and the schedule.tick payload schema both accept."""
    from hcl import REPOSITORY

    contracts = REPOSITORY / "contracts" / "messages"
    envelope = json.loads((contracts / "envelope" / "v1.schema.json").read_text())
    tick = json.loads((contracts / "schedule.tick" / "v1" / "schema.json").read_text())
    problems: list[str] = []
    targets = messaging.of_type("aws_cloudwatch_event_target")
    target = targets.get("schedule")
    if target is None:
        return ["messaging: no aws_cloudwatch_event_target.schedule"]
    transformers = target.get("input_transformer") or []
    if not transformers:
        return ["messaging: the schedule target has no input_transformer (consumers expect schedule.tick)"]
    transformer = transformers[0]
    paths = {k: unquote(v) for k, v in (transformer.get("input_paths") or {}).items()}
    if paths != {"id": "$.id", "time": "$.time"}:
        problems.append(f"messaging: schedule input_paths are {paths}, want id and time of the event")
    template = heredoc_body(str(unquote(transformer.get("input_template", ""))))
    for schedule in topology["schedules"]:
        try:
            message = render_schedule_input(template, schedule, tick["x-version"])
        except json.JSONDecodeError as e:
            problems.append(f"schedule {schedule['name']}: input template is not JSON once filled in: {e}")
            continue
        missing = [f for f in envelope["required"] if f not in message]
        if missing:
            problems.append(f"schedule {schedule['name']}: envelope lacks {missing}")
        if message.get("type") != "schedule.tick" or message.get("version") != tick["x-version"]:
            problems.append(f"schedule {schedule['name']}: sends {message.get('type')} {message.get('version')}")
        data = message.get("data", {})
        if sorted(data) != sorted(tick["required"]) or data.get("schedule") != schedule["name"]:
            problems.append(f"schedule {schedule['name']}: payload {data} does not match schedule.tick")
        if data.get("rateMinutes") != schedule["rateMinutes"]:
            problems.append(f"schedule {schedule['name']}: rateMinutes {data.get('rateMinutes')} differs from the topology")
        problems += schema_problems(message, envelope, f"schedule {schedule['name']}: envelope")
        problems += schema_problems(data, tick, f"schedule {schedule['name']}: schedule.tick payload")
        if message.get("dataschema") and not (contracts.parent / message["dataschema"]).is_file():
            problems.append(f"schedule {schedule['name']}: dataschema {message['dataschema']} is no file under contracts/")
    return problems


# ---------------------------------------------------------------------------------------------------
# Schedules reach their queues
# ---------------------------------------------------------------------------------------------------

EVENTBRIDGE = "events.amazonaws.com"


def schedules_reach_their_queues(messaging: Module, kms: Module, pipeline: Module) -> list[str]:
    """A schedule's EventBridge target is its topology queue, the queue's policy lets EventBridge
    send for that rule only (aws:SourceArn), and the data key the queue is encrypted with lets
    EventBridge encrypt (the kms module's delivering_services holds events, and the pipeline keeps
    that default). https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sqs-permissions"""
    problems = []
    target = messaging.resources.get(("aws_cloudwatch_event_target", "schedule"), {})
    if expression(target.get("arn", "")) != "aws_sqs_queue.this[each.value.queue].arn":
        problems.append(f"messaging: the schedule target sends to {expression(target.get('arn', ''))!r}, not the schedule's queue")
    senders = expression(messaging.locals.get("queue_senders", ""))
    if not re.search(r"schedules\s*=\s*\[for \w+ in local\.\w+\.schedules\s*:", senders):
        problems.append("messaging: the queue policies do not take the topology's schedules as senders")
    document = messaging.policy_documents().get("queue", {})
    lets_rule_in = any(
        for_each == "each.value.schedules"
        and EVENTBRIDGE in [unquote(i) for p in statement.get("principals", []) for i in p.get("identifiers", [])]
        and any(
            unquote(c.get("variable")) == "aws:SourceArn" and "aws_cloudwatch_event_rule.schedule[statement.value]" in str(c.get("values"))
            for c in statement.get("condition", [])
        )
        and "sqs:SendMessage" in _strings(statement.get("actions", []))
        for statement, for_each in _statements(document)
    )
    if not lets_rule_in:
        problems.append(f"messaging: no queue policy statement lets {EVENTBRIDGE} send for the schedule's rule (aws:SourceArn)")
    delivering = [unquote(s) for s in kms.variables.get("delivering_services", {}).get("default", [])]
    if "events" not in delivering:
        problems.append(f"kms: delivering_services {delivering} lacks events: EventBridge cannot encrypt into the schedules' queues")
    for call in _calls_of(pipeline, kms):
        if "delivering_services" in call:
            problems.append(f"pipeline: sets kms.delivering_services to {expression(call['delivering_services'])!r} instead of the default with events")
    return problems


# ---------------------------------------------------------------------------------------------------
# Glue table optimizers follow the data contracts
# ---------------------------------------------------------------------------------------------------

OPTIMIZER_TYPES = {"compaction", "retention", "orphan_file_deletion"}

# What the table-maintenance module derives for each glue-optimizer table, and where it goes.
OPTIMIZER_SETTINGS = {
    ("retention", "retention_configuration", "snapshot_retention_period_in_days"): "each.value.snapshot_retention_days",
    ("retention", "retention_configuration", "number_of_snapshots_to_retain"): "each.value.snapshots_to_retain",
    ("orphan_file_deletion", "orphan_file_deletion_configuration", "orphan_file_retention_period_in_days"): "each.value.orphan_file_retention_days",
}


def _first(body: dict, *path: str) -> dict:
    """The first nested block along a path of block names ({} where one is missing)."""
    for name in path:
        found = blocks(body, name)
        body = found[0] if found else {}
    return body


def table_optimizers_follow_contracts(catalog: Module) -> list[str]:
    """The catalog module gives each table the contracts hand to Glue (table-maintenance's
    glue_optimizer_tables) a compaction, a retention and an orphan-file optimizer, enabled, with the
    derived settings (retention days, snapshots kept, expired files cleaned, the orphan window in
    days, the table's location), run by a role only glue.amazonaws.com of this account assumes."""
    calls = {name: c for name, c in catalog.modules.items() if unquote(c.get("source", "")).endswith("/table-maintenance")}
    if len(calls) != 1:
        return [f"{catalog.name}: does not call modules/table-maintenance once (calls: {sorted(calls)})"]
    (call_name, call), = calls.items()
    problems = [f"{catalog.name}: table-maintenance is not given {a}" for a in ("datasets_dir", "topology_file") if a not in call]
    tables = f"module.{call_name}.glue_optimizer_tables"

    optimizers = {unquote(body.get("type")): (name, body) for name, body in catalog.of_type("aws_glue_catalog_table_optimizer").items()}
    problems += [f"{catalog.name}: no {t} optimizer" for t in sorted(OPTIMIZER_TYPES - set(optimizers))]
    roles = set()
    for kind, (name, body) in optimizers.items():
        where = f"{catalog.name}: aws_glue_catalog_table_optimizer.{name}"
        if _expand(catalog, expression(body.get("for_each", "")), "").strip("()") != tables:
            problems.append(f"{where} is not for_each over {tables}")
        configuration = _first(body, "configuration")
        if configuration.get("enabled") is not True:
            problems.append(f"{where} is not enabled")
        role = re.fullmatch(r"aws_iam_role\.(\w+)(\[0\])?\.arn", expression(configuration.get("role_arn", "")))
        if not role:
            problems.append(f"{where} does not run with a role of this module")
        else:
            roles.add(role.group(1))
    for (kind, block, attribute), wanted in OPTIMIZER_SETTINGS.items():
        if kind in optimizers:
            iceberg = _first(_first(optimizers[kind][1], "configuration"), block, "iceberg_configuration")
            if expression(iceberg.get(attribute, "")) != wanted:
                problems.append(f"{catalog.name}: the {kind} optimizer's {attribute} is {expression(iceberg.get(attribute, ''))!r}, not {wanted}")
    if "retention" in optimizers:
        iceberg = _first(_first(optimizers["retention"][1], "configuration"), "retention_configuration", "iceberg_configuration")
        if iceberg.get("clean_expired_files") is not True:
            problems.append(f"{catalog.name}: the retention optimizer keeps the files of expired snapshots (clean_expired_files)")
    if "orphan_file_deletion" in optimizers:
        iceberg = _first(_first(optimizers["orphan_file_deletion"][1], "configuration"), "orphan_file_deletion_configuration", "iceberg_configuration")
        location = _expand(catalog, expression(iceberg.get("location", "")), "")
        if not re.search(r"s3://\$\{var\.warehouse_bucket\}/\$\{\w+\.database\}\.db/\$\{\w+\.table\}/", location):
            problems.append(f"{catalog.name}: the orphan-file optimizer's location {location!r} is not the table's (s3://<warehouse>/<database>.db/<table>/)")

    for role in sorted(roles):
        trust = re.search(r"data\.aws_iam_policy_document\.(\w+)", expression(catalog.resources.get(("aws_iam_role", role), {}).get("assume_role_policy", "")))
        statements = blocks(catalog.policy_documents().get(trust.group(1), {}), "statement") if trust else []
        glue_only = statements and all(
            [unquote(i) for p in s.get("principals", []) for i in p.get("identifiers", [])] == ["glue.amazonaws.com"]
            and any(unquote(c.get("variable")) == "aws:SourceAccount" for c in s.get("condition", []))
            for s in statements
        )
        if not glue_only:
            problems.append(f"{catalog.name}: aws_iam_role.{role} is not assumed by glue.amazonaws.com of this account only (aws:SourceAccount)")

    # The optimizers write and delete inside the optimized tables only, never across the warehouse.
    for name, document in catalog.policy_documents().items():
        for statement, for_each in _statements(document):
            actions = {a.lower() for a in _strings(statement.get("actions", []))}
            if actions & {"s3:putobject", "s3:deleteobject", "s3:*", "*"}:
                resources = _expand(catalog, " ".join(_expressions(statement.get("resources", []))), for_each)
                if not re.fullmatch(r"\(?\[for \w+ in .*: \"\$\{var\.warehouse_bucket_arn\}/\$\{\w+\.database\}\.db/\$\{\w+\.table\}/\*\"\]\)?", resources):
                    problems.append(f"{catalog.name}: aws_iam_policy_document.{name} writes or deletes on {resources!r}, not only inside the optimized tables")
    return problems


# ---------------------------------------------------------------------------------------------------
# Control of other functions' event sources (cost-guard) and metric reads
# ---------------------------------------------------------------------------------------------------

# What a controlling function may do to event source mappings, and on what. Get and Update support
# the eventSourceMapping resource type (and lambda:FunctionArn); List has no resource types.
# https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslambda.html
LIST_EVENT_SOURCE_MAPPINGS = "lambda:ListEventSourceMappings"
CONTROL_EVENT_SOURCE_MAPPING = {"lambda:GetEventSourceMapping", "lambda:UpdateEventSourceMapping"}
# The controlled stages' mappings: [for f in <the controller's deployed controlsFunctions> : module.service[f].event_source_mapping_arn].
CONTROLLED_MAPPING_ARNS = re.compile(r"\[\s*for\s+(\w+)\s+in\s+statement\.value\s*:\s*module\.service\[\1\]\.event_source_mapping_arn\s*\]")
METRIC_READS = {"cloudwatch:GetMetricData"}


def _lambda_grants(module: Module) -> list[tuple[str, dict, str, list[str]]]:
    """Every Allow statement of a module that grants a lambda: action (or "*"): document, statement,
    its dynamic for_each and its actions."""
    found = []
    for name, document in module.policy_documents().items():
        for statement, for_each in _statements(document):
            actions = _strings(statement.get("actions", []))
            if unquote(statement.get("effect", "Allow")) != "Deny" and any(a == "*" or a.lower().startswith("lambda:") for a in actions):
                found.append((name, statement, for_each, actions))
    return found


def controllers_control_only_their_functions(service: Module, pipeline: Module, topology: dict) -> list[str]:
    """A function whose topology entry lists controlsFunctions (cost-guard) may list event source
    mappings ("*": no resource types) and get and update only the mappings of the deployed functions
    it controls (their ARNs, from lambda-service's event_source_mapping_arn output); no role gets any
    other Lambda action, and no function without controlsFunctions gets any."""
    problems = []
    for f in topology["functions"]:
        names = {g["name"] for g in topology["functions"]}
        for controlled in f.get("controlsFunctions", []):
            if controlled not in names or controlled == f["name"]:
                problems.append(f"topology: {f['name']} controls {controlled!r}, which is no other function")

    if _lambda_grants(service):
        problems.append(f"{service.name}: a role statement grants Lambda actions; the pipeline grants them to controllers only")
    output = expression(service.outputs.get("event_source_mapping_arn", {}).get("value", ""))
    if output != "aws_lambda_event_source_mapping.this.arn":
        problems.append(f"{service.name}: output event_source_mapping_arn is {output!r}, not aws_lambda_event_source_mapping.this.arn")
    if expression(service.outputs.get("role_name", {}).get("value", "")) != "aws_iam_role.this.name":
        problems.append(f"{service.name}: output role_name is not aws_iam_role.this.name")

    controllers = expression(pipeline.locals.get("controllers", ""))
    if not re.search(r"for \w+ in try\((\w+)\.controlsFunctions, \[\]\) : \w+ if contains\(keys\(local\.functions\), \w+\)", controllers) or "local.functions" not in controllers:
        problems.append(f"{pipeline.name}: local.controllers is not the deployed functions' controlsFunctions, limited to deployed functions ({controllers!r})")
    attachments = pipeline.of_type("aws_iam_role_policy")
    grants = _lambda_grants(pipeline)
    documents = {name for name, _, _, _ in grants}
    for document in documents:
        attached = [
            body for body in attachments.values()
            if expression(body.get("policy", "")) == f"data.aws_iam_policy_document.{document}[each.key].json"
        ]
        if len(attached) != 1:
            problems.append(f"{pipeline.name}: aws_iam_policy_document.{document} is not attached once, per controller, with aws_iam_role_policy")
            continue
        if expression(attached[0].get("for_each", "")) != "local.controllers" or expression(pipeline.data[("aws_iam_policy_document", document)].get("for_each", "")) != "local.controllers":
            problems.append(f"{pipeline.name}: the grant of aws_iam_policy_document.{document} is not for_each over local.controllers")
        if expression(attached[0].get("role", "")) != "module.service[each.key].role_name":
            problems.append(f"{pipeline.name}: aws_iam_policy_document.{document} is attached to {expression(attached[0].get('role', ''))!r}, not the controller's own role")
    listed = controlled = False
    for document, statement, for_each, actions in grants:
        where = f"{pipeline.name}: aws_iam_policy_document.{document} statement {unquote(statement.get('sid', ''))}"
        resources = _expressions(statement.get("resources", []))
        if actions == [LIST_EVENT_SOURCE_MAPPINGS]:
            listed = True
            if resources != ["*"]:
                problems.append(f"{where}: {LIST_EVENT_SOURCE_MAPPINGS} on {resources}, which it cannot be scoped to")
        elif set(actions) <= CONTROL_EVENT_SOURCE_MAPPING:
            controlled = controlled or set(actions) == CONTROL_EVENT_SOURCE_MAPPING
            text = " ".join(resources)
            if not CONTROLLED_MAPPING_ARNS.fullmatch(text.strip()) or not re.fullmatch(r"length\(each\.value\) > 0 \? \[each\.value\] : \[\]|\[each\.value\]", for_each):
                problems.append(f"{where}: {sorted(actions)} on {text!r} (for_each {for_each!r}), not only on the controlled functions' mappings")
        else:
            problems.append(f"{where}: grants {sorted(set(actions) - CONTROL_EVENT_SOURCE_MAPPING - {LIST_EVENT_SOURCE_MAPPINGS})} besides {LIST_EVENT_SOURCE_MAPPINGS} and {sorted(CONTROL_EVENT_SOURCE_MAPPING)}")
    if any(f.get("controlsFunctions") for f in topology["functions"]) and not (listed and controlled):
        problems.append(f"{pipeline.name}: the controllers cannot list, get and update the event source mappings of their functions")
    return problems


def metric_readers_only_read_metrics(service: Module, policies: dict[str, dict], topology: dict) -> list[str]:
    """cloudwatch:GetMetricData (no resource types, so "*") goes alone, in the generated document of
    a function whose topology entry says readsMetrics, and each such function gets it; no other
    CloudWatch action is generated, and the HCL statements read no metrics (PutOwnMetrics puts
    them, scoped to the namespace)."""
    problems = _hcl_grants(service, lambda a: a.startswith("cloudwatch:") and a != "cloudwatch:putmetricdata")
    for function, spec in sorted(_functions(topology).items()):
        document = policies.get(function)
        if document is None:
            continue
        granted = False
        for sid, actions, _ in _allows(document, "cloudwatch"):
            where = f"policies/{function}.json statement {sid}"
            if set(actions) != METRIC_READS:
                problems.append(f"{where}: grants {actions}, not {sorted(METRIC_READS)} alone")
            elif not spec.get("readsMetrics", False):
                problems.append(f"{where}: grants {sorted(METRIC_READS)}, but its topology entry does not say readsMetrics")
            else:
                granted = True
        if spec.get("readsMetrics", False) and not granted:
            problems.append(f"policies/{function}.json: no role can read metrics ({sorted(METRIC_READS)}) although {function} readsMetrics")
    return problems


def controllers_get_the_names_of_their_functions(service: Module, pipeline: Module) -> list[str]:
    """A controlling function gets ICEFLOW_FUNCTIONS_<NAME> = the deployed name of each deployed
    function of its controlsFunctions (IceflowConfig.functions), named as lambda-service names a
    function, <prefix>-<name>."""
    problems = []
    controlled = expression(service.locals.get("controlled_functions", ""))
    if not re.fullmatch(r"\{for (\w+) in try\(local\.\w+\.controlsFunctions, \[\]\) : \1 => var\.function_names\[\1\] if contains\(keys\(var\.function_names\), \1\)\}", controlled):
        problems.append(f"{service.name}: local.controlled_functions is {controlled!r}, not the topology's controlsFunctions by deployed name")
    environment = expression(service.locals.get("environment", ""))
    if not re.search(r"for (\w+), (\w+) in local\.controlled_functions : \"ICEFLOW_FUNCTIONS_\$\{local\.env_name\[\1\]\}\" => \2", environment):
        problems.append(f"{service.name}: the environment has no ICEFLOW_FUNCTIONS_<NAME> for each controlled function")
    if "local.controlled_functions" not in expression(service.locals.get("env_name", "")):
        problems.append(f"{service.name}: local.env_name does not spell the controlled functions' names")
    own = unquote(service.locals.get("function_name", ""))
    names = expression(pipeline.locals.get("function_names", ""))
    match = re.fullmatch(r"\{for (\w+) in keys\(local\.functions\) : \1 => \"(.*)\"\}", names)
    if not match or match.group(2).replace(f"${{{match.group(1)}}}", "${var.name}") != own:
        problems.append(f"{pipeline.name}: local.function_names ({names!r}) does not name the deployed functions as lambda-service does ({own!r})")
    calls = _calls_of(pipeline, service)
    if not calls or any(expression(c.get("function_names", "")) != "local.function_names" for c in calls):
        problems.append(f"{pipeline.name}: lambda-service is not given function_names = local.function_names")
    return problems


def paused_mappings_stay_paused(service: Module) -> list[str]:
    """Every event source mapping ignores enabled after creation: a pause (UpdateEventSourceMapping
    Enabled=false by cost-guard or on-call) is not undone by the next apply."""
    problems = []
    for name, esm in service.of_type("aws_lambda_event_source_mapping").items():
        ignored = [unquote(i) for block in esm.get("lifecycle", []) for i in (block.get("ignore_changes") or [])]
        if "enabled" not in ignored and "all" not in ignored:
            problems.append(f"{service.name}: aws_lambda_event_source_mapping.{name} does not ignore changes to enabled, so an apply resumes a paused stage")
    return problems


# ---------------------------------------------------------------------------------------------------
# Alarms come from the topology
# ---------------------------------------------------------------------------------------------------

# The alarm of each target kind the topology names (contracts AlarmTarget): anything else alarmed by
# hand would be a second source.
TOPOLOGY_ALARM_RESOURCE = "this"


def alarms_come_from_the_topology(observability: Module, definitions: Module, service: Module) -> list[str]:
    """The observability module's only metric alarm is one per entry of alarm-definitions' alarms
    (which reads the topology), with every argument taken from the entry and notifying the alerts
    topic on ALARM and OK; lambda-service alarms on nothing the topology declares (its DLQ, its
    errors)."""
    problems = []
    alarms = observability.of_type("aws_cloudwatch_metric_alarm")
    if set(alarms) != {TOPOLOGY_ALARM_RESOURCE}:
        problems.append(f"observability: want only aws_cloudwatch_metric_alarm.{TOPOLOGY_ALARM_RESOURCE}; found {sorted(alarms)}")
    call = [m for m in observability.modules.values() if unquote(m.get("source", "")).endswith("alarm-definitions")]
    if len(call) != 1:
        return problems + ["observability: does not call modules/alarm-definitions once"]
    name = next(k for k, m in observability.modules.items() if m is call[0])
    alarm = alarms.get(TOPOLOGY_ALARM_RESOURCE, {})
    if expression(alarm.get("for_each", "")) != f"module.{name}.alarms":
        problems.append(f"observability: the alarm is not for_each over module.{name}.alarms")
    for argument, field in [
        ("alarm_name", "alarm_name"),
        ("alarm_description", "description"),
        ("comparison_operator", "comparison_operator"),
        ("threshold", "threshold"),
        ("evaluation_periods", "evaluation_periods"),
        ("datapoints_to_alarm", "datapoints_to_alarm"),
        ("treat_missing_data", "treat_missing_data"),
    ]:
        if expression(alarm.get(argument, "")) != f"each.value.{field}":
            problems.append(f"observability: {argument} is not each.value.{field}")
    for argument in ("alarm_actions", "ok_actions"):
        if "var.alerts_topic_arn" not in expression(alarm.get(argument, "")):
            problems.append(f"observability: {argument} does not notify var.alerts_topic_arn")
    if "local.topology.observability.alarms" not in expression(definitions.locals.get("specs", "")):
        problems.append("alarm-definitions: local.specs is not the topology's observability.alarms")
    for name, body in service.of_type("aws_cloudwatch_metric_alarm").items():
        dimensions = expression(body.get("dimensions", ""))
        if expression(body.get("namespace", "")) == "AWS/SQS" or expression(body.get("metric_name", "")) == "Errors":
            problems.append(f"lambda-service: aws_cloudwatch_metric_alarm.{name} ({dimensions}) repeats a topology alarm")
    return problems


# ---------------------------------------------------------------------------------------------------
# Terraform version: the S3 backend's use_lockfile is experimental in 1.10, generally available in 1.11
# ---------------------------------------------------------------------------------------------------

MINIMUM_TERRAFORM = (1, 11)
_LOWER_BOUND = re.compile(r"(?:>=|~>)\s*v?(\d+)\.(\d+)")


def requires_terraform_with_native_state_locking(where: str, versions_tf: str) -> list[str]:
    """The terraform block's required_version has a lower bound of at least 1.11, so no Terraform
    on which use_lockfile is still experimental plans the roots (or runs the modules)."""
    import hcl2

    blocks_ = hcl2.loads(versions_tf).get("terraform", [])
    constraint = str(unquote(blocks_[0].get("required_version", ""))) if blocks_ else ""
    bounds = [(int(major), int(minor)) for major, minor in _LOWER_BOUND.findall(constraint)]
    if not bounds:
        return [f"{where}: required_version {constraint!r} has no lower bound (>= or ~>)"]
    if max(bounds) < MINIMUM_TERRAFORM:
        wanted = ".".join(map(str, MINIMUM_TERRAFORM))
        return [f"{where}: required_version {constraint!r} allows Terraform below {wanted}, where use_lockfile is experimental"]
    return []


# ---------------------------------------------------------------------------------------------------
# Destroy does not stall on the ENIs Lambda leaves behind
# ---------------------------------------------------------------------------------------------------


def functions_release_their_security_groups_on_destroy(service: Module, pipeline: Module, network: Module) -> list[str]:
    """Every function in a VPC is moved onto replacement security groups before it is deleted
    (replace_security_groups_on_destroy with replacement_security_group_ids, which the provider
    requires with it), and the pipeline passes the network's empty default group as the
    replacement, never the functions' own group."""
    problems = []
    for name, fn in service.of_type("aws_lambda_function").items():
        if not fn.get("vpc_config"):
            continue
        if fn.get("replace_security_groups_on_destroy") is not True:
            problems.append(f"aws_lambda_function.{name}: replace_security_groups_on_destroy is not true, so destroy waits on its ENIs")
        if expression(fn.get("replacement_security_group_ids", "")) != "var.vpc.replacement_security_group_ids":
            problems.append(f"aws_lambda_function.{name}: replacement_security_group_ids is not var.vpc.replacement_security_group_ids")
    vpc = pipeline.modules.get("service", {}).get("vpc", {})
    replacement = _expressions(vpc.get("replacement_security_group_ids", [])) if isinstance(vpc, dict) else []
    if replacement != ["module.network.default_security_group_id"]:
        problems.append(f"pipeline: module.service's vpc.replacement_security_group_ids is {replacement}, not the network's default security group")
    output = expression(network.outputs.get("default_security_group_id", {}).get("value", ""))
    if output != "aws_default_security_group.this.id":
        problems.append(f"network: output default_security_group_id is {output!r}, not the emptied aws_default_security_group")
    elif any(k in network.resources[("aws_default_security_group", "this")] for k in ("ingress", "egress")):
        problems.append("network: the default security group the functions are moved onto has rules")
    return problems


# ---------------------------------------------------------------------------------------------------
# The first package upload waits for the artifacts bucket's versioning
# ---------------------------------------------------------------------------------------------------


def packages_upload_after_versioning(storage: Module, service: Module, pipeline: Module) -> list[str]:
    """lambda-service uploads its package to var.artifact.bucket and pins the object's version; the
    pipeline passes storage's artifacts_bucket output, which depends on the buckets' versioning, so
    no first apply uploads before versioning is enabled."""
    problems = []
    for name, body in service.of_type("aws_s3_object").items():
        if expression(body.get("bucket", "")) != "var.artifact.bucket":
            problems.append(f"lambda-service: aws_s3_object.{name} is not uploaded to var.artifact.bucket")
    artifact = pipeline.modules.get("service", {}).get("artifact", {})
    bucket = expression(artifact.get("bucket", "")) if isinstance(artifact, dict) else ""
    if bucket != "module.storage.artifacts_bucket":
        problems.append(f"pipeline: the packages go to {bucket!r}, not module.storage.artifacts_bucket")
    output = storage.outputs.get("artifacts_bucket", {})
    if "aws_s3_bucket_versioning.this" not in _expressions(output.get("depends_on", [])):
        problems.append("storage: output artifacts_bucket does not depend on aws_s3_bucket_versioning.this, so the first upload can race versioning")
    return problems


# ---------------------------------------------------------------------------------------------------
# Alarm names are unique across modules
# ---------------------------------------------------------------------------------------------------

# The modules that create CloudWatch metric alarms: the topology's (observability, one per alarm ×
# target, named by alarm-definitions) and each function's own (lambda-service, per deployed function).
ALARM_MODULES = {"observability", "lambda-service"}
_INTERPOLATION = re.compile(r"\$\{(local|var)\.(\w+)\}")


def alarm_modules(modules: dict[str, Module]) -> set[str]:
    """The modules that declare an aws_cloudwatch_metric_alarm."""
    return {name for name, m in modules.items() if m.of_type("aws_cloudwatch_metric_alarm")}


def function_alarm_names(service: Module, variables: dict[str, str]) -> tuple[list[str], list[str]]:
    """The alarm_name of every alarm lambda-service creates for one function, its template's
    ${local.x} and ${var.x} filled from the module's locals and the given variables; and the
    problems: an alarm repeated by count/for_each, a name this cannot render."""
    names, problems = [], []
    for name, alarm in service.of_type("aws_cloudwatch_metric_alarm").items():
        if "count" in alarm or "for_each" in alarm:
            problems.append(f"{service.name}: aws_cloudwatch_metric_alarm.{name} is repeated; its names cannot be listed here")
            continue
        text = str(unquote(alarm.get("alarm_name", "")))
        for _ in range(5):
            text = _INTERPOLATION.sub(
                lambda m: str(unquote(service.locals.get(m.group(2), m.group(0)))) if m.group(1) == "local" else variables.get(m.group(2), m.group(0)),
                text,
            )
        if "${" in text or not text:
            problems.append(f"{service.name}: aws_cloudwatch_metric_alarm.{name}: cannot render alarm_name {text!r}")
        else:
            names.append(text)
    return names, problems


def duplicate_alarm_names(names: list[str]) -> list[str]:
    """Alarm names that occur more than once: PutMetricAlarm overwrites an alarm of the same name,
    so the second silently replaces the first and destroying either deletes both."""
    seen: dict[str, int] = {}
    for n in names:
        seen[n] = seen.get(n, 0) + 1
    return sorted(f"{n} ({count} alarms)" for n, count in seen.items() if count > 1)


# ---------------------------------------------------------------------------------------------------
# Clients of an encrypted Data Catalog may use its key (Encrypt too), only through Glue
# ---------------------------------------------------------------------------------------------------

# https://docs.aws.amazon.com/glue/latest/dg/set-up-encryption.html: any client that accesses or
# writes to an encrypted catalog needs these on the catalog's key.
CATALOG_CLIENT_KMS_ACTIONS = {"kms:GenerateDataKey", "kms:Decrypt", "kms:Encrypt"}


def _via_glue(statement: dict) -> bool:
    return any(
        unquote(c.get("variable", "")) == "kms:ViaService" and unquote(c.get("test", "")) == "StringEquals"
        and _expressions(c.get("values", [])) == ["glue.${local.region}.amazonaws.com"]
        for c in statement.get("condition", [])
    )


def _catalog_key_statements(module: Module, document: dict, key: str) -> list[dict]:
    """Statements granting the catalog client actions on the catalog key (for_each over `key`)."""
    return [
        s for s, for_each in _statements(document)
        if CATALOG_CLIENT_KMS_ACTIONS <= set(_strings(s.get("actions", [])))
        and key in _expand(module, " ".join(_expressions(s.get("resources", []))), for_each)
    ]


def catalog_clients_use_the_catalog_key(service: Module, catalog: Module, pipeline: Module) -> list[str]:
    """The table stages' roles (lambda-service, when iceberg is enabled) and the Glue table
    optimizers' role (catalog) get GenerateDataKey, Decrypt and Encrypt on the key the catalog is
    encrypted with, through Glue only; the pipeline hands the catalog's key to lambda-service; and
    kms:Encrypt is granted nowhere else in these modules."""
    problems = []
    roles = [
        (service, service.policy_documents().get("this", {}), "var.iceberg.catalog_kms_key_arn"),
        # _expand reads local.catalog_kms_key_arn as its expression, checked below
        (catalog, catalog.policy_documents().get("table_optimizer", {}), "var.catalog_encryption.kms_key_arn"),
    ]
    for module, document, key in roles:
        found = _catalog_key_statements(module, document, key)
        if len(found) != 1:
            problems.append(f"{module.name}: want one statement granting {sorted(CATALOG_CLIENT_KMS_ACTIONS)} on {key}; found {len(found)}")
        elif not _via_glue(found[0]):
            problems.append(f"{module.name}: the catalog key statement is not limited to kms:ViaService glue.<region>")
        for statement, for_each in _statements(document):
            if "kms:Encrypt" in _strings(statement.get("actions", [])) and statement not in found:
                problems.append(f"{module.name}: statement {unquote(statement.get('sid', '?'))} grants kms:Encrypt beyond the catalog key")
    gate = [f for s, f in _statements(service.policy_documents().get("this", {})) if s in _catalog_key_statements(service, service.policy_documents().get("this", {}), "var.iceberg.catalog_kms_key_arn")]
    if gate and "var.iceberg.enabled" not in gate[0]:
        problems.append("lambda-service: the catalog key is granted to functions that are no table stage")
    if "var.catalog_encryption.kms_key_arn" not in expression(catalog.locals.get("catalog_kms_key_arn", "")):
        problems.append("catalog: local.catalog_kms_key_arn is not the catalog encryption's key")
    iceberg = pipeline.modules.get("service", {}).get("iceberg", {})
    if expression(iceberg.get("catalog_kms_key_arn", "") if isinstance(iceberg, dict) else "") != "module.catalog.catalog_kms_key_arn":
        problems.append("pipeline: module.service's iceberg.catalog_kms_key_arn is not module.catalog.catalog_kms_key_arn")
    return problems


# ---------------------------------------------------------------------------------------------------
# The account-wide catalog encryption is opt-in
# ---------------------------------------------------------------------------------------------------


def catalog_encryption_is_opt_in(catalog: Module, pipeline: Module, envs: dict[str, Module]) -> list[str]:
    """Encrypting the account's Data Catalog is off unless asked for, at every level (the catalog
    module, the pipeline, each env root, which passes its own variable through), and a catalog
    encrypted by another stack still gives its key to the roles."""
    problems = []
    encryption_type = expression(catalog.variables.get("catalog_encryption", {}).get("type", ""))
    if "enabled = optional(bool, false)" not in encryption_type.replace("enabled=", "enabled = "):
        problems.append(f"catalog: catalog_encryption.enabled does not default to false ({encryption_type})")
    for where, module in [("pipeline", pipeline), *envs.items()]:
        variable = module.variables.get("manage_glue_catalog_encryption")
        if variable is None or variable.get("default") is not False:
            problems.append(f"{where}: manage_glue_catalog_encryption does not default to false")
    for name, env in envs.items():
        call = env.modules.get("pipeline", {})
        for argument in ("manage_glue_catalog_encryption", "glue_catalog_kms_key_arn"):
            if expression(call.get(argument, "")) != f"var.{argument}":
                problems.append(f"{name}: module.pipeline does not get {argument} from var.{argument}")
    key = expression(pipeline.modules.get("catalog", {}).get("catalog_encryption", {}).get("kms_key_arn", ""))
    if "var.glue_catalog_kms_key_arn" not in key:
        problems.append("pipeline: the catalog's kms_key_arn ignores glue_catalog_kms_key_arn, the key of a catalog another stack encrypts")
    return problems


# ---------------------------------------------------------------------------------------------------
# A missing package breaks no destroy
# ---------------------------------------------------------------------------------------------------

_PACKAGE_READS = re.compile(r"\b(filebase64sha256|filemd5|filesha256|filebase64|file)\(var\.artifact\.path\)")


def _values(value: object) -> list[str]:
    """Every string in an attribute value, nested blocks included."""
    if isinstance(value, dict):
        return [s for v in value.values() for s in _values(v)]
    if isinstance(value, list):
        return [s for v in value for s in _values(v)]
    return [value] if isinstance(value, str) else []


def packages_are_read_only_when_built(service: Module) -> list[str]:
    """lambda-service reads var.artifact.path (hashes it) only behind fileexists(), so a destroy
    or a checkout without services/*/target/function.zip does not fail on the file functions; the
    upload has a precondition on the package, so a plan without a build says which zip is missing."""
    problems = []
    built = [k for k, v in service.locals.items() if expression(v) == "fileexists(var.artifact.path)"]
    guard = f"local.{built[0]}" if built else None
    if guard is None:
        problems.append("lambda-service: no local is fileexists(var.artifact.path)")
    for (kind, name), body in service.resources.items():
        for text in _values(body):
            text = expression(text)
            if _PACKAGE_READS.search(text) and not (guard and text.startswith(f"{guard} ?")):
                problems.append(f"{kind}.{name}: reads the package without fileexists(): {text}")
    for key, value in service.locals.items():
        text = expression(value)
        if _PACKAGE_READS.search(text) and not (guard and text.startswith(f"{guard} ?")):
            problems.append(f"local.{key}: reads the package without fileexists(): {text}")
    upload = service.resources.get(("aws_s3_object", "artifact"), {})
    conditions = [expression(p.get("condition", "")) for lc in upload.get("lifecycle", []) for p in lc.get("precondition", [])]
    if guard is None or guard not in conditions:
        problems.append("aws_s3_object.artifact: no precondition that the package is built, so a plan without it fails at apply")
    return problems


# ---------------------------------------------------------------------------------------------------
# The budgets measure spend
# ---------------------------------------------------------------------------------------------------


def budgets_measure_spend(budgets: Module, pipeline: Module, envs: dict[str, Module]) -> list[str]:
    """A budget filtered on a user tag measures $0 until the tag is an active cost-allocation tag,
    which only the payer account can make it: the env roots expose that flag (default false, said to
    be for the payer account) down to the budgets module, and an unfiltered budget on the account's
    spend, with validated limits, watches spend meanwhile."""
    problems = []
    budgets_ = budgets.of_type("aws_budgets_budget")
    if not any(not blocks(b, "cost_filter") for b in budgets_.values()):
        problems.append("budgets: every budget is filtered; none watches the account's spend before the tag is active")
    if any(blocks(b, "cost_filter") for b in budgets_.values()) and not budgets.of_type("aws_ce_cost_allocation_tag"):
        problems.append("budgets: a tag-filtered budget but no aws_ce_cost_allocation_tag to activate the tag")
    account = budgets.variables.get("account_budget", {})
    if not account.get("validation"):
        problems.append("budgets: variable account_budget (the backstop's limit) is not validated")
    if not any("cost_allocation_tag.key" in expression(v.get("condition", "")) for v in budgets.variables.get("cost_allocation_tag_keys", {}).get("validation", [])):
        problems.append("budgets: cost_allocation_tag_keys is not validated to include the key the budget filters on")
    call = pipeline.modules.get("budgets", {})
    for argument in ("activate_cost_allocation_tags", "account_budget"):
        if expression(call.get(argument, "")) != f"var.budget.{argument}":
            problems.append(f"pipeline: module.budgets does not get {argument} from var.budget.{argument}")
    for name, env in envs.items():
        flag = env.variables.get("activate_cost_allocation_tags")
        if flag is None or flag.get("default") is not False or "payer" not in str(flag.get("description", "")):
            problems.append(f"{name}: no variable activate_cost_allocation_tags defaulting to false and documented as payer-account only")
        limit = env.variables.get("account_budget_limit_usd")
        if limit is None or not limit.get("validation"):
            problems.append(f"{name}: no validated variable account_budget_limit_usd")
        budget = env.modules.get("pipeline", {}).get("budget", {})
        budget = budget if isinstance(budget, dict) else {}
        if expression(budget.get("activate_cost_allocation_tags", "")) != "var.activate_cost_allocation_tags":
            problems.append(f"{name}: module.pipeline's budget does not get activate_cost_allocation_tags from var.activate_cost_allocation_tags")
        if "var.account_budget_limit_usd" not in expression(budget.get("account_budget", "")):
            problems.append(f"{name}: module.pipeline's budget does not get the account budget's limit from var.account_budget_limit_usd")
    return problems


# ---------------------------------------------------------------------------------------------------
# Interface endpoints only for what the functions call
# ---------------------------------------------------------------------------------------------------

# Each interface endpoint the pipeline may create, and what in its condition says a deployed function
# calls that API itself. kms, sts and logs are absent on purpose: S3, SQS, SNS, DynamoDB and Glue call
# KMS for the functions, and Lambda gets credentials and ships logs outside the VPC.
ENDPOINT_CALLERS = {
    "sqs": "local.functions",  # every function parks in its own DLQ (common DeadLetterParking)
    "sns": "publishesTo",
    "glue": "local.iceberg_functions",
    "lambda": "local.controllers",
    "monitoring": "readsMetrics",
    "xray": "var.adot_collector_layer_arn",
}
# The AWS SDK client packages (software.amazon.awssdk.services.<package>) and the endpoint each needs.
SDK_ENDPOINTS = {"s3": "s3", "dynamodb": "dynamodb", "sqs": "sqs", "sns": "sns", "glue": "glue", "lambda": "lambda", "cloudwatch": "monitoring", "xray": "xray"}
SDK_CLIENT = re.compile(r"software\.amazon\.awssdk\.services\.(\w+)")


def sdk_clients(java_sources: list[str]) -> set[str]:
    """The SDK service packages the services' main code imports."""
    return {m.group(1) for text in java_sources for m in SDK_CLIENT.finditer(text)}


def interface_endpoints_follow_the_calls(network: Module, pipeline: Module, envs: dict[str, Module], clients: set[str]) -> list[str]:
    """The network creates exactly the interface endpoints it is given (no default list), in
    availability_zone_count zones (validated, 2 by default); the pipeline gives it one endpoint per
    service a deployed function calls, each gated on what in the topology makes a function call it;
    every SDK client the services build has an endpoint; each env root sets the zone count through a
    validated variable, dev 2."""
    problems = []
    endpoints = network.variables.get("interface_endpoints", {})
    if "default" in endpoints:
        problems.append(f"network: interface_endpoints has a default ({_strings(endpoints['default'])}): endpoints nothing calls cost per zone-hour")
    interface = network.resources.get(("aws_vpc_endpoint", "interface"), {})
    if "var.interface_endpoints" not in expression(interface.get("for_each", "")):
        problems.append("network: aws_vpc_endpoint.interface is not one per var.interface_endpoints")
    count = network.variables.get("availability_zone_count")
    if count is None or not count.get("validation") or count.get("default") != 2:
        problems.append("network: no validated variable availability_zone_count defaulting to 2")
    if "var.availability_zone_count" not in expression(network.locals.get("availability_zones", "")) or "local.availability_zones" not in expression(network.locals.get("subnets", "")):
        problems.append("network: the subnets are not in availability_zone_count zones")
    call = pipeline.modules.get("network", {})
    if expression(call.get("interface_endpoints", "")) != "local.interface_endpoints":
        problems.append("pipeline: module.network does not get interface_endpoints = local.interface_endpoints")
    if expression(call.get("availability_zone_count", "")) != "var.network.availability_zone_count":
        problems.append("pipeline: module.network does not get availability_zone_count from var.network")
    if "local.calls_service" not in expression(pipeline.locals.get("interface_endpoints", "")):
        problems.append("pipeline: local.interface_endpoints is not the services of local.calls_service that are called")
    calls = pipeline.locals.get("calls_service", {})
    calls = calls if isinstance(calls, dict) else {}
    for service, condition in calls.items():
        needed = ENDPOINT_CALLERS.get(service)
        if needed is None:
            problems.append(f"pipeline: an interface endpoint for {service}, which no function calls itself")
        elif needed not in expression(condition):
            problems.append(f"pipeline: the {service} endpoint does not depend on {needed}: {expression(condition)}")
    gateways = {unquote(g) for g in network.variables.get("gateway_endpoints", {}).get("default", [])}
    for client in sorted(clients):
        endpoint = SDK_ENDPOINTS.get(client)
        if endpoint is None:
            problems.append(f"the services build an SDK client for {client}, which the checks know no endpoint for")
        elif endpoint not in gateways and endpoint not in calls:
            problems.append(f"the services call {client}, but the pipeline derives no {endpoint} endpoint")
    for name, env in envs.items():
        variable = env.variables.get("availability_zone_count")
        if variable is None or not variable.get("validation"):
            problems.append(f"{name}: no validated variable availability_zone_count")
        elif name == "dev" and variable.get("default") != 2:
            problems.append(f"dev: availability_zone_count defaults to {variable.get('default')}, not 2")
        network_arg = env.modules.get("pipeline", {}).get("network", {})
        if "var.availability_zone_count" not in expression(network_arg):
            problems.append(f"{name}: module.pipeline's network does not get var.availability_zone_count")
    return problems


# ---------------------------------------------------------------------------------------------------
# Each delivering service has its own key policy statement, scoped by encryption context
# ---------------------------------------------------------------------------------------------------

# What each AWS service delivers into, and the encryption context SQS or SNS passes on the KMS call.
DELIVERY_CONTEXT = {
    "sns": "kms:EncryptionContext:aws:sqs:arn",
    "s3": "kms:EncryptionContext:aws:sqs:arn",
    "events": "kms:EncryptionContext:aws:sqs:arn",
    "cloudwatch": "kms:EncryptionContext:aws:sns:topicArn",
    "budgets": "kms:EncryptionContext:aws:sns:topicArn",
}
SOURCE_KEYS = {"aws:SourceAccount", "aws:SourceArn", "aws:SourceOrgID"}


def _service_principals(statement: dict) -> list[str]:
    return [i for p in statement.get("principals", []) if unquote(p.get("type")) == "Service" for i in _strings(p.get("identifiers", []))]


def delivering_services_have_their_own_statements(kms: Module) -> list[str]:
    """In the data key's policy every service principal is alone in its statement, and the services
    that deliver into the encrypted queues and topics (sns, s3, events into queues; cloudwatch,
    budgets into topics) are limited by the encryption context of this account's queues or topics,
    not by aws:Source* keys, which not every service passes on the KMS call it triggers."""
    problems = []
    document = kms.policy_documents().get("this", {})
    for statement, _ in _statements(document):
        sid = unquote(statement.get("sid", "?"))
        principals = _service_principals(statement)
        if len(principals) > 1 or any("[for " in p or "local." in p for p in principals):
            problems.append(f"kms: statement {sid} lets several services in at once ({principals}); give each its own statement and conditions")
        if principals:
            variables = {expression(c.get("variable", "")) for c in statement.get("condition", [])}
            if variables & SOURCE_KEYS:
                problems.append(f"kms: statement {sid} conditions a service on {sorted(variables & SOURCE_KEYS)}, which not every service passes on the KMS call")
            if not any("kms:EncryptionContext" in v or v == "statement.value.variable" for v in variables):
                problems.append(f"kms: statement {sid} does not limit its service by the encryption context of this account's queues or topics")
    destinations = kms.locals.get("delivery_destinations", {})
    destinations = destinations if isinstance(destinations, dict) else {}
    contexts = kms.locals.get("encryption_context", {})
    contexts = contexts if isinstance(contexts, dict) else {}
    for service in _strings(kms.variables.get("delivering_services", {}).get("default", [])):
        kind = unquote(destinations.get(service, ""))
        wanted = DELIVERY_CONTEXT.get(service)
        got = unquote((contexts.get(kind) or {}).get("variable", "")) if kind else ""
        if wanted is None:
            problems.append(f"kms: {service} delivers into nothing the checks know")
        elif got != wanted:
            problems.append(f"kms: {service} is scoped by {got or 'nothing'}, not {wanted}")
    return problems


# ---------------------------------------------------------------------------------------------------
# What SNS cannot deliver is kept, can be encrypted, and is alarmed
# ---------------------------------------------------------------------------------------------------


def undeliverable_messages_are_kept_and_alarmed(messaging: Module, kms: Module, pipeline: Module) -> list[str]:
    """Beyond subscriptions_have_delivery_dead_letter_queues: every subscription's DLQ has the kind of
    its own topic (FIFO for the FIFO topic), its policy lets in only sqs:SendMessage from SNS for that
    subscription's own topic (ArnEquals aws:SourceArn), SNS may encrypt into it with the data key
    (the key's sns statement covers queues), and the DLQ is among the queues the dlq-not-empty alarm
    watches (messaging's dead_letter_queue_names, passed by the pipeline to observability).
    https://docs.aws.amazon.com/sns/latest/dg/sns-configure-dead-letter-queue.html"""
    problems = []
    if "local.topics[s.topic].fifo" not in expression(messaging.locals.get("subscription_dead_letters", "")).replace(" ", ""):
        problems.append("messaging: a subscription's DLQ does not take the kind (fifo) of the subscription's own topic")
    subscription = messaging.resources.get(("aws_sns_topic_subscription", "this"), {})
    if "aws_sqs_queue.subscription_dlq[each.key].arn" not in expression(subscription.get("redrive_policy", "")):
        problems.append("messaging: a subscription's redrive_policy is not its own DLQ (aws_sqs_queue.subscription_dlq[each.key])")
    statements = blocks(messaging.policy_documents().get("subscription_dlq", {}), "statement")
    for statement in statements:
        sid = unquote(statement.get("sid", "?"))
        if _strings(statement.get("actions", [])) != ["sqs:SendMessage"]:
            problems.append(f"messaging: subscription DLQ policy statement {sid} allows {_strings(statement.get('actions', []))}, not only sqs:SendMessage")
        own_topic = [
            c for c in statement.get("condition", [])
            if expression(c.get("variable", "")) == "aws:SourceArn" and unquote(c.get("test", "")) == "ArnEquals"
            and _expressions(c.get("values", [])) == ["aws_sns_topic.this[each.value.topic].arn"]
        ]
        if _service_principals(statement) != ["sns.amazonaws.com"] or not own_topic:
            problems.append(f"messaging: subscription DLQ policy statement {sid} is not SNS for the subscription's own topic (ArnEquals aws:SourceArn)")
    if not statements:
        problems.append("messaging: the subscriptions' DLQs have no policy statement letting their topic in")
    if "sns" not in _strings(kms.variables.get("delivering_services", {}).get("default", [])) or unquote(kms.locals.get("delivery_destinations", {}).get("sns", "")) != "queue":
        problems.append("kms: SNS may not encrypt into the encrypted queues (the subscription DLQs among them)")
    output = expression(messaging.outputs.get("dead_letter_queue_names", {}).get("value", ""))
    if "aws_sqs_queue.subscription_dlq" not in output:
        problems.append("messaging: output dead_letter_queue_names leaves out the subscriptions' DLQs, so no alarm watches them")
    if expression(pipeline.modules.get("observability", {}).get("dead_letter_queue_names", "")) != "module.messaging.dead_letter_queue_names":
        problems.append("pipeline: observability does not get module.messaging.dead_letter_queue_names, so no alarm watches the DLQs")
    return problems


# ---------------------------------------------------------------------------------------------------
# The data key is used only through the services that store the data; named administrators
# ---------------------------------------------------------------------------------------------------

KMS_USE_ACTIONS = {"kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:*", "kms:Create*"}


def _has_via_service(statement: dict) -> bool:
    return any(expression(c.get("variable", "")) == "kms:ViaService" and unquote(c.get("test", "")) == "StringEquals" for c in statement.get("condition", []))


def kms_is_used_only_through_services(service: Module, catalog: Module, kms: Module, pipeline: Module, envs: dict[str, Module]) -> list[str]:
    """Every statement of a function role (lambda-service) and of the Glue optimizers' role (catalog)
    that grants a KMS action carries kms:ViaService; in the key policies only the account root's
    statement (which AWS requires) and the named administrators' go without it, the administrators
    get no action that uses the key, and their role ARNs are a validated variable passed from each
    env root through the pipeline."""
    problems = []
    for module in (service, catalog):
        for name, document in module.policy_documents().items():
            for statement, _ in _statements(document):
                actions = [a for a in _strings(statement.get("actions", [])) if a.startswith("kms:")]
                if actions and not _has_via_service(statement):
                    problems.append(f"{module.name}: {name} statement {unquote(statement.get('sid', '?'))} grants {actions} without kms:ViaService")
    for name in _key_policies(kms):
        document = kms.policy_documents().get(name, {})
        administrators = False
        for statement, for_each in _statements(document):
            sid = unquote(statement.get("sid", "?"))
            aws = [i for p in statement.get("principals", []) if unquote(p.get("type")) == "AWS" for i in _strings(p.get("identifiers", []))]
            if not aws:
                continue
            actions = _strings(statement.get("actions", []))
            if actions == ["kms:*"] and aws == ["${local.root_arn}"]:
                continue
            if "var.key_administrator_arns" in for_each:
                administrators = True
                granted = set(_strings(kms.locals.get("key_administrator_actions", []))) if actions == ["local.key_administrator_actions"] else set(actions)
                if granted & KMS_USE_ACTIONS:
                    problems.append(f"kms: {name} statement {sid} lets the key administrators use the key: {sorted(granted & KMS_USE_ACTIONS)}")
                continue
            if not _has_via_service(statement):
                problems.append(f"kms: {name} statement {sid} lets {aws} use the key without kms:ViaService")
        if not administrators:
            problems.append(f"kms: {name} has no statement for var.key_administrator_arns")
    for where, module in [("kms", kms), ("pipeline", pipeline), *envs.items()]:
        if not module.variables.get("key_administrator_arns", {}).get("validation"):
            problems.append(f"{where}: no validated variable key_administrator_arns")
    if expression(pipeline.modules.get("kms", {}).get("key_administrator_arns", "")) != "var.key_administrator_arns":
        problems.append("pipeline: module.kms does not get var.key_administrator_arns")
    for name, env in envs.items():
        if expression(env.modules.get("pipeline", {}).get("key_administrator_arns", "")) != "var.key_administrator_arns":
            problems.append(f"{name}: module.pipeline does not get var.key_administrator_arns")
    return problems


# ---------------------------------------------------------------------------------------------------
# Cross-account upstreams: named, validated, and limited to publishing, dropping files and the key
# ---------------------------------------------------------------------------------------------------


def _statement(document: dict, sid: str) -> dict | None:
    return next((s for s, _ in _statements(document) if unquote(s.get("sid", "")) == sid), None)


def upstreams_may_publish_and_drop_files_only(messaging: Module, storage: Module, kms: Module, pipeline: Module, envs: dict[str, Module], topology: dict) -> list[str]:
    """Upstream principals of other accounts are one validated variable (default empty: owner-only)
    from each env root through the pipeline, which gives them sns:Publish on the ingest topic only,
    s3:PutObject under raw's incoming/ and claims/ only (objects owned by the bucket owner:
    BucketOwnerEnforced), and the data key's GenerateDataKey and Decrypt through SNS and S3 only."""
    problems = []
    if "ingest" not in {t["name"] for t in topology["topics"]} or "raw" not in {b["name"] for b in topology["buckets"]}:
        problems.append("the topology has no ingest topic or no raw bucket for upstream")
    for where, module in [("pipeline", pipeline), *envs.items()]:
        variable = module.variables.get("upstream_principals", {})
        if not variable.get("validation") or variable.get("default") != []:
            problems.append(f"{where}: no validated variable upstream_principals defaulting to [] (owner-only)")
    for name, env in envs.items():
        if expression(env.modules.get("pipeline", {}).get("upstream_principals", "")) != "var.upstream_principals":
            problems.append(f"{name}: module.pipeline does not get var.upstream_principals")
    calls = {
        "kms": ("upstream_principals", ["local.upstream_principals"]),
        "messaging": ("topic_publishers", ["local.upstream_topic", "local.upstream_principals"]),
        "storage": ("bucket_writers", ["local.upstream_bucket", "local.upstream_prefixes", "local.upstream_principals"]),
    }
    for module_name, (argument, wanted) in calls.items():
        text = expression(pipeline.modules.get(module_name, {}).get(argument, ""))
        if not all(w in text for w in wanted):
            problems.append(f"pipeline: module.{module_name} does not get {argument} from the upstream principals")
    locals_ = {k: _strings(v) if isinstance(v, list) else unquote(v) for k, v in pipeline.locals.items() if k.startswith("upstream_") and k != "upstream_principals"}
    if locals_ != {"upstream_topic": "ingest", "upstream_bucket": "raw", "upstream_prefixes": ["incoming/", "claims/"]}:
        problems.append(f"pipeline: upstream reaches {locals_}, not the ingest topic and raw's incoming/ and claims/")
    for (kind, name), wanted_for_each in [(("aws_sns_topic_policy", "publishers"), "length(principals) > 0")]:
        if wanted_for_each not in expression(messaging.resources.get((kind, name), {}).get("for_each", "")):
            problems.append(f"messaging: {kind}.{name} is not only for topics with publishers (the others keep the owner-only default)")
    publish = _statement(messaging.policy_documents().get("publishers", {}), "UpstreamPublishes")
    if publish is None or _strings(publish.get("actions", [])) != ["sns:Publish"]:
        problems.append("messaging: no UpstreamPublishes statement granting sns:Publish alone")
    put = _statement(storage.policy_documents().get("bucket", {}), "UpstreamPutsObjects")
    if put is None or _strings(put.get("actions", [])) != ["s3:PutObject"]:
        problems.append("storage: no UpstreamPutsObjects statement granting s3:PutObject alone")
    elif "${prefix}*" not in " ".join(_strings(put.get("resources", []))):
        problems.append("storage: upstream may write outside its prefixes")
    if expression(storage.resources.get(("aws_s3_bucket_policy", "this"), {}).get("policy", "")) != "data.aws_iam_policy_document.bucket[each.key].json":
        problems.append("storage: the bucket policies are not the documents that carry the upstream writers")
    ownership = storage.resources.get(("aws_s3_bucket_ownership_controls", "this"), {})
    if "BucketOwnerEnforced" not in json.dumps(ownership):
        problems.append("storage: objects upstream writes are not owned by the bucket owner (BucketOwnerEnforced)")
    key = _statement(kms.policy_documents().get("this", {}), "UpstreamsThroughSnsAndS3")
    if key is None:
        problems.append("kms: upstream principals may not use the data key")
    else:
        if not set(_strings(key.get("actions", []))) <= {"kms:GenerateDataKey", "kms:Decrypt"}:
            problems.append(f"kms: upstream may {_strings(key.get('actions', []))} on the data key")
        via = [c for c in key.get("condition", []) if expression(c.get("variable", "")) == "kms:ViaService"]
        if not via or sorted(_expressions(via[0].get("values", []))) != ["s3.${local.region}.amazonaws.com", "sns.${local.region}.amazonaws.com"]:
            problems.append("kms: upstream's use of the data key is not limited to SNS and S3 (kms:ViaService)")
    return problems


# ---------------------------------------------------------------------------------------------------
# A reservation is never below the mapping's maximum concurrency, and can be turned off
# ---------------------------------------------------------------------------------------------------


def topology_reservations_cover_maximum_concurrency(topology: dict) -> list[str]:
    """A function's reservedConcurrency, when set, is at least its mapping's maximumConcurrency."""
    return [
        f"{f['name']} reserves {f['reservedConcurrency']}, below its mapping's maximumConcurrency {f['consumes']['maximumConcurrency']}"
        for f in topology["functions"]
        if f.get("reservedConcurrency") is not None and f["reservedConcurrency"] < f["consumes"]["maximumConcurrency"]
    ]


def reservations_cover_maximum_concurrency(service: Module, pipeline: Module, envs: dict[str, Module]) -> list[str]:
    """lambda-service reserves the topology's reservedConcurrency only while reserve_concurrency is
    true (each env root's variable, through the pipeline; accounts below Lambda's 100 unreserved
    executions turn it off), and a precondition on the function fails the plan when a reservation is
    below the event source mapping's maximum concurrency."""
    problems = []
    function = service.resources.get(("aws_lambda_function", "this"), {})
    reserved = expression(function.get("reserved_concurrent_executions", ""))
    source = expression(service.locals.get(reserved.removeprefix("local."), "")) if reserved.startswith("local.") else reserved
    if "var.reserve_concurrency" not in source or "reservedConcurrency" not in source:
        problems.append(f"lambda-service: reserved_concurrent_executions ({source}) is not the topology's reservation behind var.reserve_concurrency")
    conditions = [expression(p.get("condition", "")) for lc in function.get("lifecycle", []) for p in lc.get("precondition", [])]
    if not any(reserved in c and ">= local.consumes.maximumConcurrency" in c for c in conditions):
        problems.append("lambda-service: no precondition that the reservation is at least the mapping's maximumConcurrency")
    for where, module in [("lambda-service", service), ("pipeline", pipeline), *envs.items()]:
        variable = module.variables.get("reserve_concurrency", {})
        if variable.get("default") is not True or "100" not in str(variable.get("description", "")):
            problems.append(f"{where}: no variable reserve_concurrency defaulting to true that names Lambda's 100 unreserved executions")
    if expression(pipeline.modules.get("service", {}).get("reserve_concurrency", "")) != "var.reserve_concurrency":
        problems.append("pipeline: module.service does not get var.reserve_concurrency")
    for name, env in envs.items():
        if expression(env.modules.get("pipeline", {}).get("reserve_concurrency", "")) != "var.reserve_concurrency":
            problems.append(f"{name}: module.pipeline does not get var.reserve_concurrency")
    return problems


# ---------------------------------------------------------------------------------------------------
# Each function runs the package of its runtime kind
# ---------------------------------------------------------------------------------------------------

# Where a service module's builds write their packages: Quarkus's JVM build, and the native profile
# (-Pnative, docs/native.md), which must not overwrite the JVM zip.
PACKAGE_PATHS = {"jvm": "target/function.zip", "native": "target/native/function.zip"}


def functions_run_the_package_of_their_kind(service: Module, pipeline: Module, envs: dict[str, Module]) -> list[str]:
    """A function's runtime kind (runtime.kinds overrides runtime.kind, so validation can run natively
    while the others stay on the JVM) picks both its Lambda runtime and its package: a native
    executable uploaded to java21, or a JVM zip to provided.al2023, would fail at its first invoke."""
    problems = []
    paths = pipeline.locals.get("package_paths", {})
    for kind, path in PACKAGE_PATHS.items():
        if unquote(paths.get(kind, "")) != path:
            problems.append(f"pipeline: local.package_paths.{kind} is not {path!r}")
    kinds = expression(pipeline.locals.get("function_kinds", ""))
    if "lookup(var.runtime.kinds, name, var.runtime.kind)" not in kinds:
        problems.append(f"pipeline: local.function_kinds ({kinds}) does not let runtime.kinds override runtime.kind")
    call = pipeline.modules.get("service", {})
    if expression(_attribute(call, "runtime", "kind")) != "local.function_kinds[each.key]":
        problems.append("pipeline: module.service's runtime.kind is not the function's own kind")
    if "local.package_paths[local.function_kinds[each.key]]" not in expression(_attribute(call, "artifact", "path")):
        problems.append("pipeline: module.service's artifact path is not the package of the function's kind")
    runtime = expression(service.locals.get("runtime", ""))
    if runtime != 'local.jvm ? "java21" : "provided.al2023"' or expression(service.locals.get("jvm", "")) != 'var.runtime.kind == "jvm"':
        problems.append(f"lambda-service: the Lambda runtime ({runtime}) does not follow runtime.kind")
    for name, env in envs.items():
        call = env.modules.get("pipeline", {})
        if expression(_attribute(call, "runtime", "kind")) != "var.runtime_kind" or expression(_attribute(call, "runtime", "kinds")) != "var.runtime_kinds":
            problems.append(f"{name}: module.pipeline does not get runtime_kind and runtime_kinds")
    return problems


def _attribute(body: dict, name: str, key: str) -> object:
    """One key of an object-valued argument (`runtime = { kind = ... }`), or "" when absent."""
    value = body.get(name, {})
    return value.get(key, "") if isinstance(value, dict) else ""
