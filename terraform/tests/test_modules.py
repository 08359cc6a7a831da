"""The real modules and env roots pass every check."""

import pytest

import checks

EXPECTED_MODULES = {
    "network", "kms", "storage", "messaging", "catalog", "lambda-service", "observability", "budgets", "pipeline",
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


def test_functions_send_only_to_their_queues(modules):
    assert checks.function_sends_only_to_its_queues(modules["lambda-service"], modules["pipeline"]) == []


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


def test_iam_has_no_needless_wildcards(modules):
    problems = [p for m in modules.values() for p in checks.iam_has_no_needless_wildcards(m)]
    assert problems == []


def test_every_bucket_queue_topic_and_log_group_is_kms_encrypted(modules):
    problems = [p for m in modules.values() for p in checks.stores_are_kms_encrypted(m)]
    assert problems == []


def test_schedules_send_the_schedule_tick_envelope(modules, topology):
    assert checks.schedule_ticks_follow_contract(modules["messaging"], topology) == []
