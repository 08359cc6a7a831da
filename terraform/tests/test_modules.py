"""The real modules and env roots pass every check."""

import pytest

import checks
import hcl

EXPECTED_MODULES = {
    "network", "kms", "storage", "messaging", "ledgers", "catalog", "lambda-service", "observability", "budgets",
    "pipeline", "table-maintenance", "alarm-definitions",
}


def test_every_module_has_the_standard_layout(modules):
    from hcl import MODULES

    assert EXPECTED_MODULES <= set(modules)
    for name in modules:
        files = {p.name for p in (MODULES / name).iterdir()}
        assert {"main.tf", "variables.tf", "outputs.tf", "versions.tf", "README.md"} <= files, name


def test_every_variable_is_typed_and_described_and_every_output_described(modules, envs):
    for module in [*modules.values(), *envs.values()]:
        for name, variable in module.variables.items():
            assert "type" in variable and "description" in variable, f"{module.name}: variable {name}"
        for name, output in module.outputs.items():
            assert "description" in output, f"{module.name}: output {name}"


def test_messaging_follows_the_topology(modules):
    assert checks.messaging_follows_topology(modules["messaging"]) == []


def test_every_subscription_has_its_delivery_dead_letter_queue(modules, topology):
    assert checks.subscriptions_have_delivery_dead_letter_queues(modules["messaging"], topology) == []


def test_the_ingest_topics_only_subscription_is_unfiltered(modules, topology):
    assert checks.ingest_topic_takes_every_message(modules["messaging"], topology) == []


def test_functions_send_only_to_their_queues(modules, policies, topology):
    assert checks.function_sends_only_to_its_queues(modules["lambda-service"], modules["pipeline"], policies, topology) == []


def test_every_function_has_its_generated_policy_of_known_placeholders(policies, topology):
    assert set(policies) == {f["name"] for f in topology["functions"]}
    assert checks.function_policies_are_generated(policies, topology) == []


def test_lambda_service_attaches_the_generated_policy_with_every_placeholder_kind(modules, policies):
    assert checks.function_policies_are_attached(modules["lambda-service"], modules["pipeline"], policies) == []


def test_topology_references_resolve(topology):
    assert checks.topology_is_consistent(topology) == []


def test_storage_creates_the_topology_buckets_with_its_lifecycle(modules):
    storage = modules["storage"]
    assert "topology.json" in checks.expression(storage.locals["topology"])
    assert "local.topology.buckets" in checks.expression(storage.locals["buckets"])
    rule = storage.resources[("aws_s3_bucket_lifecycle_configuration", "this")]["rule"][0]
    source = str(rule)
    for key in ("transitionToIaDays", "transitionToGlacierDays", "expireDays"):
        assert key in source


def test_lambda_service_is_hardened(modules):
    assert checks.function_is_hardened(modules["lambda-service"]) == []


def test_every_alarm_comes_from_the_topology(modules):
    assert checks.alarms_come_from_the_topology(modules["observability"], modules["alarm-definitions"], modules["lambda-service"]) == []


def test_the_pipeline_alarms_every_dlq_consumed_queue_and_deployed_function(modules):
    call = modules["pipeline"].modules["observability"]
    assert checks.expression(call["dead_letter_queue_names"]) == "module.messaging.dead_letter_queue_names"
    assert checks.expression(call["consumed_queues"]) == "local.consumed_queues"
    assert checks.expression(call["function_names"]) == "local.function_names"
    assert checks.expression(call["topology_file"]) == "local.topology_file"
    assert checks.expression(call["thresholds"]) == "var.alarm_thresholds"


@pytest.mark.parametrize("env", ["dev", "prod"])
def test_env_roots_deploy_functions_through_lambda_service(env, envs, modules, topology):
    assert checks.roots_deploy_through_lambda_service(envs[env], modules["pipeline"], topology) == []


def test_env_roots_lock_state_and_tag_everything(envs):
    from hcl import ENVS

    for name in envs:
        text = (ENVS / name / "backend.tf").read_text()
        assert 'backend "s3"' in text and "use_lockfile = true" in text, name
        assert "default_tags" in (ENVS / name / "providers.tf").read_text(), name
        assert (ENVS / name / "terraform.tfvars.example").exists(), name


def test_iam_has_no_needless_wildcards(modules, policies):
    problems = [p for m in modules.values() for p in checks.iam_has_no_needless_wildcards(m)]
    assert problems == []
    assert checks.function_policies_have_no_needless_wildcards(policies) == []


def test_every_bucket_queue_topic_and_log_group_is_kms_encrypted(modules):
    problems = [p for m in modules.values() for p in checks.stores_are_kms_encrypted(m)]
    assert problems == []


def test_schedules_send_the_schedule_tick_envelope(modules, topology):
    assert checks.schedule_ticks_follow_contract(modules["messaging"], topology) == []


def test_every_topology_ledger_is_a_table_as_the_topology_says(modules, topology):
    assert topology["ledgers"], "the topology has ledgers; this test must see at least one"
    assert checks.ledgers_follow_topology(modules["ledgers"], modules["pipeline"], topology) == []


def test_function_roles_write_only_the_ledgers_their_function_writes(modules, policies, topology):
    assert [f["name"] for f in topology["functions"] if f["writesLedgers"]], "this test must see a ledger writer"
    assert checks.roles_write_only_own_ledgers(modules["lambda-service"], policies, topology) == []


def test_function_roles_send_only_to_their_own_dlq(modules, policies, topology):
    assert checks.roles_use_only_own_queue_and_dlq(modules["lambda-service"], modules["pipeline"], policies, topology) == []


def test_functions_get_the_tables_of_the_ledgers_they_write_as_environment(modules):
    service = modules["lambda-service"]
    environment = checks.expression(service.locals["environment"])
    assert '"ICEFLOW_LEDGERS_${local.env_name[l]}" => table.name' in environment
    assert "local.written_ledgers" in environment
    assert "local.spec.writesLedgers" in checks.expression(service.locals["written_ledgers"])
    call = modules["pipeline"].modules["service"]
    assert checks.expression(call["ledger_tables"]) == "local.ledger_tables"
    assert "module.ledgers.table_arns" in checks.expression(modules["pipeline"].locals["ledger_tables"])


def test_data_key_is_usable_through_dynamodb(modules):
    """The ledger tables are encrypted with the data key: its policy must let the functions use it
    through DynamoDB (Decrypt of the table key) and the table's creator let DynamoDB create grants."""
    kms = modules["kms"]
    assert "dynamodb" in [checks.unquote(s) for s in kms.variables["via_services"]["default"]]
    assert "via_services" not in modules["pipeline"].modules["kms"], "the pipeline keeps the default services"
    policy = kms.data[("aws_iam_policy_document", "this")]
    creator = [s for s in checks.blocks(policy, "statement") if "kms:CreateGrant" in checks._strings(s.get("actions", []))]
    assert len(creator) == 1
    conditions = {checks.unquote(c["variable"]): c for c in creator[0]["condition"]}
    assert {"kms:ViaService", "kms:CallerAccount"} <= set(conditions)


def test_functions_reach_dynamodb_through_the_gateway_endpoint(modules):
    """The functions run in the private subnets, whose one route table carries the DynamoDB gateway
    endpoint's route, and their security group lets HTTPS out to the endpoint's prefix list."""
    network = modules["network"]
    assert "dynamodb" in [checks.unquote(s) for s in network.variables["gateway_endpoints"]["default"]]
    endpoint = network.resources[("aws_vpc_endpoint", "gateway")]
    assert checks._expressions(endpoint["route_table_ids"]) == ["aws_route_table.private.id"]
    association = network.resources[("aws_route_table_association", "private")]
    assert checks.expression(association["for_each"]) == "aws_subnet.private"
    assert checks.expression(association["route_table_id"]) == "aws_route_table.private.id"
    egress = network.resources[("aws_vpc_security_group_egress_rule", "functions_to_gateway_endpoints")]
    assert checks.expression(egress["for_each"]) == "aws_vpc_endpoint.gateway"
    assert checks.expression(egress["prefix_list_id"]) == "each.value.prefix_list_id"
    assert egress["from_port"] == 443 and egress["to_port"] == 443
    vpc = checks.expression(modules["pipeline"].modules["service"]["vpc"])
    assert "module.network.private_subnet_ids" in vpc and "module.network.function_security_group_id" in vpc


def test_shared_buckets_are_written_only_under_each_writers_prefix(policies, topology):
    """staging and quarantine are written by several stages: each writes under its own prefix
    (enrichment's file lists under staged-files/), so no stage can overwrite another's objects."""
    prefixes = {f["name"]: f.get("writePrefixes", {}) for f in topology["functions"]}
    assert prefixes["enrichment"]["staging"] == "staged-files/" and prefixes["validation"]["staging"] == "validated/"
    assert checks.functions_write_only_their_buckets_and_prefixes(policies, topology) == []


def test_functions_read_their_buckets_and_every_warehouse_writer_reads_the_warehouse(policies, topology):
    """Finding 1: Iceberg's loadTable reads metadata.json, so every table stage reads the warehouse."""
    writers = [f["name"] for f in topology["functions"] if "warehouse" in f["writesBuckets"]]
    assert "enrichment" in writers
    assert checks.functions_read_only_their_buckets(policies, topology) == []


def test_schedules_reach_their_queues_through_the_queue_policy_and_the_key(modules):
    assert checks.schedules_reach_their_queues(modules["messaging"], modules["kms"], modules["pipeline"]) == []


def test_glue_table_optimizers_follow_the_contracts(modules):
    assert checks.table_optimizers_follow_contracts(modules["catalog"]) == []


def test_the_pipeline_gives_the_catalog_the_topology_and_the_keys_of_the_optimizers(modules):
    call = modules["pipeline"].modules["catalog"]
    assert checks.expression(call["topology_file"]) == "local.topology_file"
    optimizers = checks.expression(call["table_optimizers"])
    assert "module.kms.key_arn" in optimizers and "module.kms.logs_key_arn" in optimizers


def test_ledger_writers_get_every_ledger_call_the_services_make(policies, topology):
    """common-iceberg BatchLedger reads with GetItem and, settling a snapshot's entries before
    compaction expires it, BatchGetItem; it writes with PutItem and UpdateItem."""
    for function in topology["functions"]:
        granted = [
            set(checks._listed(statement["Action"]))
            for statement in policies[function["name"]]["Statement"]
            if any(a.startswith("dynamodb:") for a in checks._listed(statement["Action"]))
        ]
        assert granted == ([checks.LEDGER_ACTIONS] if function["writesLedgers"] else []), function["name"]
    assert "dynamodb:BatchGetItem" in checks.LEDGER_ACTIONS


@pytest.mark.parametrize("module", ["pipeline", "dev", "prod"])
def test_the_default_deployed_functions_are_the_topology_functions_with_a_service_module(module, modules, envs, topology):
    """A function is deployed by default once its service module exists (it builds
    target/function.zip); a function without one would wait in its queue."""
    from hcl import REPOSITORY

    variables = (modules.get(module) or envs[module]).variables
    default = [checks.unquote(f) for f in variables["deployed_functions"]["default"]]
    built = [f["name"] for f in topology["functions"] if (REPOSITORY / f["module"] / "pom.xml").is_file()]
    assert default == built
    assert "compaction" in default


def test_controllers_list_get_and_update_only_the_mappings_of_the_functions_they_control(modules, topology):
    cost_guard = next(f for f in topology["functions"] if f["name"] == "cost-guard")
    assert cost_guard["controlsFunctions"], "cost-guard controls the other stages; this test must see one controller"
    assert checks.controllers_control_only_their_functions(modules["lambda-service"], modules["pipeline"], topology) == []


def test_functions_publish_only_to_their_topics(modules, policies, topology):
    assert checks.functions_publish_only_to_their_topics(modules["lambda-service"], policies, topology) == []


def test_only_table_stages_use_the_catalog(modules, policies, topology):
    assert checks.table_stages_alone_use_the_catalog(modules["lambda-service"], policies, topology) == []


def test_only_metric_readers_read_metrics(modules, policies, topology):
    assert [f["name"] for f in topology["functions"] if f.get("readsMetrics")] == ["cost-guard"]
    assert checks.metric_readers_only_read_metrics(modules["lambda-service"], policies, topology) == []


def test_controllers_get_the_deployed_names_of_the_functions_they_control(modules):
    assert checks.controllers_get_the_names_of_their_functions(modules["lambda-service"], modules["pipeline"]) == []


def test_a_paused_stage_stays_paused_across_applies(modules):
    assert modules["lambda-service"].of_type("aws_lambda_event_source_mapping")
    assert checks.paused_mappings_stay_paused(modules["lambda-service"]) == []


def test_cost_guard_writes_only_its_ledger_and_reads_no_bucket(topology):
    """cost-guard's ledger calls (a conditional Put and an Update ADD in TransactWriteItems, GetItem)
    are among LEDGER_ACTIONS, which roles_write_only_own_ledgers holds every ledger grant to."""
    cost_guard = next(f for f in topology["functions"] if f["name"] == "cost-guard")
    assert cost_guard["writesLedgers"] == ["cost"] and cost_guard["readsBuckets"] == [] and cost_guard["writesBuckets"] == []
    assert {"dynamodb:PutItem", "dynamodb:UpdateItem"} <= checks.LEDGER_ACTIONS
    assert not {"dynamodb:DeleteItem", "dynamodb:ConditionCheckItem", "dynamodb:Query", "dynamodb:Scan"} & checks.LEDGER_ACTIONS


def test_every_schedule_has_an_eventbridge_rule_to_its_queue(modules, topology):
    """compaction-sweep and cost-guard-tick alike: the rule and target iterate the topology's
    schedules, so a schedule added there is deployed without retyping it."""
    messaging = modules["messaging"]
    assert {s["name"] for s in topology["schedules"]} >= {"compaction-sweep", "cost-guard-tick"}
    assert checks.expression(messaging.locals["schedules"]) == "{for s in local.topology.schedules : s.name => s}"
    for kind in ("aws_cloudwatch_event_rule", "aws_cloudwatch_event_target"):
        assert checks.expression(messaging.resources[(kind, "schedule")]["for_each"]) == "local.schedules"
    assert next(s for s in topology["schedules"] if s["name"] == "cost-guard-tick")["queue"] == "cost-guard"


def test_a_region_without_a_price_table_fails_the_plan_when_cost_guard_is_deployed(modules):
    """cost-guard loads contracts/prices/aws-<region>.json at start; a region without one must fail
    the plan (an output precondition), not the function's first invocation."""
    output = modules["pipeline"].outputs["functions"]
    conditions = [checks.expression(p["condition"]) for p in output.get("precondition", [])]
    assert any(
        '"cost-guard"' in c and "contracts/prices/aws-${data.aws_region.current.region}.json" in c and "fileexists(" in c
        for c in conditions
    ), conditions
    assert ("aws_region", "current") in modules["pipeline"].data
    prices = sorted(p.name for p in (hcl.REPOSITORY / "contracts" / "prices").glob("aws-*.json"))
    assert prices, "the repository has price tables"


def test_every_root_and_module_requires_terraform_with_ga_state_locking():
    """Finding 14: use_lockfile is GA from Terraform 1.11; every versions.tf says so, and the README
    promises no older version."""
    from hcl import ENVS, MODULES, TERRAFORM

    files = sorted([*ENVS.glob("*/versions.tf"), *MODULES.glob("*/versions.tf")])
    assert len(files) == len(list(ENVS.iterdir())) + len(list(MODULES.iterdir()))
    problems = [p for f in files for p in checks.requires_terraform_with_native_state_locking(str(f.relative_to(TERRAFORM)), f.read_text())]
    assert problems == []
    readme = (TERRAFORM / "README.md").read_text()
    assert "Terraform >= 1.11" in readme and "1.10" not in readme


def test_functions_release_their_security_group_before_they_are_destroyed(modules):
    """Finding 15: without it, destroying the functions' security group waits on Lambda's ENIs."""
    assert checks.functions_release_their_security_groups_on_destroy(modules["lambda-service"], modules["pipeline"], modules["network"]) == []


def test_the_first_package_upload_waits_for_the_artifacts_bucket_versioning(modules):
    """Finding 12: the functions pin the package's object version, which needs versioning first."""
    assert checks.packages_upload_after_versioning(modules["storage"], modules["lambda-service"], modules["pipeline"]) == []


def test_clients_of_the_encrypted_catalog_may_encrypt_with_its_key_through_glue(modules):
    """Finding 2: Glue's docs ask GenerateDataKey, Decrypt and Encrypt of every catalog client."""
    assert checks.catalog_clients_use_the_catalog_key(modules["lambda-service"], modules["catalog"], modules["pipeline"]) == []


def test_the_account_wide_catalog_encryption_is_off_unless_asked_for(modules, envs):
    """Finding 3: an account-baseline stack should own it (terraform/README.md says so)."""
    from hcl import TERRAFORM

    assert checks.catalog_encryption_is_opt_in(modules["catalog"], modules["pipeline"], envs) == []
    assert "account-baseline stack" in (TERRAFORM / "README.md").read_text()
    assert "account-baseline stack should" in (TERRAFORM / "modules" / "catalog" / "README.md").read_text()


def test_a_destroy_needs_no_built_package(modules):
    """Finding 10: the package is hashed only once built; a plan without it names the missing zip."""
    from hcl import TERRAFORM

    assert checks.packages_are_read_only_when_built(modules["lambda-service"]) == []
    assert "`terraform\ndestroy` needs no build" in (TERRAFORM / "README.md").read_text()


def test_the_budgets_measure_spend_before_and_after_the_tag_is_active(modules, envs):
    """Finding 7: a budget on an inactive cost-allocation tag measures $0."""
    from hcl import TERRAFORM

    assert checks.budgets_measure_spend(modules["budgets"], modules["pipeline"], envs) == []
    readme = (TERRAFORM / "README.md").read_text()
    assert "activate_cost_allocation_tags = true" in readme and "payer (management) account" in readme
    assert "backstop budget" in readme


def _service_sources() -> list[str]:
    return [p.read_text() for p in (hcl.REPOSITORY / "services").glob("*/src/main/java/**/*.java")]


def test_interface_endpoints_are_the_services_the_functions_call(modules, envs):
    clients = checks.sdk_clients(_service_sources())
    assert {"s3", "sqs", "sns"} <= clients, "the scan of services/*/src/main found the SDK clients"
    assert checks.interface_endpoints_follow_the_calls(modules["network"], modules["pipeline"], envs, clients) == []


def test_each_delivering_service_has_its_own_key_statement(modules):
    assert checks.delivering_services_have_their_own_statements(modules["kms"]) == []


def test_what_sns_cannot_deliver_is_kept_encrypted_and_alarmed(modules):
    assert checks.undeliverable_messages_are_kept_and_alarmed(modules["messaging"], modules["kms"], modules["pipeline"]) == []


def test_keys_are_used_only_through_the_storing_services_and_administered_by_name(modules, envs):
    assert checks.kms_is_used_only_through_services(modules["lambda-service"], modules["catalog"], modules["kms"], modules["pipeline"], envs) == []


def test_upstream_accounts_may_only_publish_drop_files_and_use_the_key_for_that(modules, envs, topology):
    assert checks.upstreams_may_publish_and_drop_files_only(modules["messaging"], modules["storage"], modules["kms"], modules["pipeline"], envs, topology) == []


def test_reservations_can_be_turned_off_and_never_fall_below_the_maximum_concurrency(modules, envs):
    # The topology's own values: the lead's TopologyTest (contracts) checks reserved >= maximum.
    assert checks.reservations_cover_maximum_concurrency(modules["lambda-service"], modules["pipeline"], envs) == []


def test_each_function_runs_the_package_of_its_runtime_kind(modules, envs):
    assert checks.functions_run_the_package_of_their_kind(modules["lambda-service"], modules["pipeline"], envs) == []
