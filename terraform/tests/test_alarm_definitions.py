"""modules/alarm-definitions planned for real: every alarm of the topology's observability section,
once per target, with the topology's settings and a description linking its runbook. The module
has no provider, so `terraform plan` (or `tofu plan`) runs offline; without either on PATH these
tests are skipped."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

import checks
from hcl import MODULES, REPOSITORY, TOPOLOGY, Module, unquote

BINARY = shutil.which("tofu") or shutil.which("terraform")
pytestmark = pytest.mark.skipif(BINARY is None, reason="needs tofu or terraform on PATH to plan the module")

REAL_TOPOLOGY = json.loads(TOPOLOGY.read_text())
DATASETS = sorted(json.loads(p.read_text())["dataset"] for p in (REPOSITORY / "contracts" / "datasets").glob("*.json"))
PREFIX = "iceflow-test"
RUNBOOKS = "https://example.com/iceflow/blob/abc123"
DESCRIPTION_LIMIT = 1024


class PlanFailed(Exception):
    pass


def deployed(name: str) -> str:
    """A made-up deployed name, distinct from the logical one so a test sees which was used."""
    return f"{PREFIX}-{name}-deployed"


def inputs(topology: dict) -> dict:
    """What the pipeline passes, for every queue, DLQ and function of the topology."""
    dlqs = [q["deadLetter"]["name"] for q in topology["queues"] if q.get("deadLetter")]
    dlqs += [s["deadLetter"]["name"] for s in topology["subscriptions"] if s.get("deadLetter")]
    return {
        "prefix": PREFIX,
        "runbook_base_url": RUNBOOKS,
        "queue_names": {q["name"]: deployed(q["name"]) for q in topology["queues"]},
        "dead_letter_queue_names": {d: deployed(d) for d in dlqs},
        "consumed_queues": sorted({f["consumes"]["queue"] for f in topology["functions"]}),
        "function_names": {f["name"]: deployed(f["name"]) for f in topology["functions"]},
    }


def plan(tmp_path: Path, topology: dict | None = None, **overrides: object) -> dict:
    """The module's alarms as `plan` computes them; raises PlanFailed with terraform's output."""
    root = tmp_path / "root"
    root.mkdir()
    arguments = {**inputs(topology or REAL_TOPOLOGY), **overrides}
    if topology is not None:
        (tmp_path / "topology.json").write_text(json.dumps(topology))
        arguments["topology_file"] = str(tmp_path / "topology.json")
    source = os.path.relpath(MODULES / "alarm-definitions", root)
    (root / "main.tf").write_text(
        'module "alarms" {\n'
        f"  source = {json.dumps(source)}\n"
        + "".join(f"  {k} = {json.dumps(v)}\n" for k, v in arguments.items())
        + "}\n"
        'output "alarms" {\n  value = module.alarms.alarms\n}\n'
    )
    env = {**os.environ, "CHECKPOINT_DISABLE": "1", "TF_INPUT": "0", "TF_IN_AUTOMATION": "1", "TF_CLI_CONFIG_FILE": os.devnull}

    def run(*args: str) -> str:
        done = subprocess.run([BINARY, f"-chdir={root}", *args], capture_output=True, text=True, env=env)
        if done.returncode != 0:
            raise PlanFailed(done.stdout + done.stderr)
        return done.stdout

    run("init", "-backend=false", "-no-color")
    run("plan", "-no-color", "-out=tfplan")
    return json.loads(run("show", "-json", "tfplan"))["planned_values"]["outputs"]["alarms"]["value"]


def expected_targets(alarm: dict, topology: dict) -> dict[str, tuple[str, str] | None]:
    """contracts AlarmTarget, written again here: target label → (dimension, value), None for the pipeline."""
    names = inputs(topology)
    target = alarm["target"]
    if target.startswith("queue:"):
        queue = target.removeprefix("queue:")
        return {queue: ("QueueName", names["queue_names"][queue])}
    return {
        "deadLetterQueues": lambda: {d: ("QueueName", v) for d, v in names["dead_letter_queue_names"].items()},
        "consumedQueues": lambda: {q: ("QueueName", names["queue_names"][q]) for q in names["consumed_queues"]},
        "functions": lambda: {f: ("FunctionName", v) for f, v in names["function_names"].items()},
        "datasets": lambda: {d: ("Dataset", d) for d in DATASETS},
        "pipeline": lambda: {"pipeline": None},
    }[target]()


@pytest.fixture(scope="module")
def planned(tmp_path_factory) -> dict:
    return plan(tmp_path_factory.mktemp("alarms"))


def test_every_topology_alarm_exists_once_per_target_with_the_topologys_settings(planned):
    alarms = REAL_TOPOLOGY["observability"]["alarms"]
    assert {a["target"] for a in alarms} >= {"deadLetterQueues", "consumedQueues", "functions", "datasets", "pipeline"}
    expected_keys = set()
    for alarm in alarms:
        for label, dimension in expected_targets(alarm, REAL_TOPOLOGY).items():
            key = f"{alarm['name']}/{label}"
            expected_keys.add(key)
            got = planned[key]
            assert got["alarm_name"] == (f"{PREFIX}-{alarm['name']}" if dimension is None else f"{PREFIX}-{alarm['name']}-{label}")
            assert got["dimensions"] == ({} if dimension is None else {dimension[0]: dimension[1]})
            assert got["metric"] == {"namespace": alarm["metric"]["namespace"], "name": alarm["metric"]["name"]}
            assert got["statistic"] == alarm["statistic"]
            assert got["period"] == alarm["periodSeconds"]
            assert got["evaluation_periods"] == alarm["evaluationPeriods"]
            assert got["datapoints_to_alarm"] == alarm.get("datapointsToAlarm", alarm["evaluationPeriods"])
            assert got["comparison_operator"] == alarm["comparison"]
            assert got["threshold"] == alarm["threshold"]
            assert got["treat_missing_data"] == alarm["treatMissingData"]
    assert set(planned) == expected_keys


def test_every_dead_letter_queue_redrive_and_delivery_is_alarmed(planned):
    dlqs = {d["name"] for q in REAL_TOPOLOGY["queues"] if (d := q.get("deadLetter"))}
    delivery = {d["name"] for s in REAL_TOPOLOGY["subscriptions"] if (d := s.get("deadLetter"))}
    assert dlqs and delivery
    watched = {a["dimensions"]["QueueName"] for k, a in planned.items() if k.startswith("dlq-not-empty/")}
    assert watched == {deployed(d) for d in dlqs | delivery}
    assert {a["treat_missing_data"] for k, a in planned.items() if k.startswith("dlq-not-empty/")} == {"ignore"}


def test_each_description_says_what_the_alarm_means_and_links_its_runbook_page(planned):
    for alarm in REAL_TOPOLOGY["observability"]["alarms"]:
        runbook = alarm["runbook"]
        assert runbook.startswith("runbooks/") and runbook.endswith(".md") and ".." not in runbook, runbook
        for label in expected_targets(alarm, REAL_TOPOLOGY):
            got = planned[f"{alarm['name']}/{label}"]
            assert got["runbook"] == f"{RUNBOOKS}/{runbook}"
            assert got["description"].startswith(alarm["description"])
            assert got["description"].endswith(f"Runbook: {RUNBOOKS}/{runbook}")
            assert len(got["description"]) <= DESCRIPTION_LIMIT


def test_a_ratio_alarm_is_metric_math_that_does_not_divide_by_zero(planned):
    ratio = [a for a in REAL_TOPOLOGY["observability"]["alarms"] if a.get("ratioOf")]
    assert [a["name"] for a in ratio] == ["quarantine-spike"]
    for dataset in DATASETS:
        got = planned[f"quarantine-spike/{dataset}"]
        assert got["ratio_of"] == {"namespace": "Iceflow", "name": "RecordsIn"}
        assert got["expression"] == "IF(m2 > 0, FILL(m1, 0) / m2, 0)"
    assert all(a["expression"] is None and a["ratio_of"] is None for k, a in planned.items() if not k.startswith("quarantine-spike/"))


def test_a_threshold_is_overridden_by_alarm_name_and_only_that_alarm_changes(tmp_path, planned):
    overridden = plan(tmp_path, thresholds={"oldest-message-age": 600})
    for key, alarm in overridden.items():
        assert alarm["threshold"] == (600 if key.startswith("oldest-message-age/") else planned[key]["threshold"]), key


def test_a_threshold_for_an_alarm_the_topology_does_not_have_fails_the_plan(tmp_path):
    with pytest.raises(PlanFailed, match="must be the name of an alarm"):
        plan(tmp_path, thresholds={"oldest_message_age_seconds": 600})


def test_a_runbook_base_url_with_a_trailing_slash_fails_the_plan(tmp_path):
    with pytest.raises(PlanFailed, match="without a trailing slash"):
        plan(tmp_path, runbook_base_url=RUNBOOKS + "/")


def test_a_description_longer_than_cloudwatch_takes_fails_the_plan(tmp_path):
    topology = copy.deepcopy(REAL_TOPOLOGY)
    topology["observability"]["alarms"][0]["description"] = "x" * DESCRIPTION_LIMIT
    with pytest.raises(PlanFailed, match="at most 1024 characters"):
        plan(tmp_path, topology)


def test_an_unknown_target_fails_the_plan(tmp_path):
    topology = copy.deepcopy(REAL_TOPOLOGY)
    topology["observability"]["alarms"][0]["target"] = "buckets"
    with pytest.raises(PlanFailed, match="Unknown alarm targets"):
        plan(tmp_path, topology)


def env_alarm_names(tmp_path: Path, env: Module, service: Module) -> tuple[list[str], list[str]]:
    """Every alarm name one env root creates: the topology's alarms for its deployed functions (as
    the pipeline passes them to observability) and each deployed function's own lambda-service alarms."""
    prefix = unquote(env.modules["pipeline"]["prefix"])
    deployed_functions = [unquote(f) for f in env.variables["deployed_functions"]["default"]]
    functions = [f for f in REAL_TOPOLOGY["functions"] if f["name"] in deployed_functions]
    planned = plan(
        tmp_path,
        prefix=prefix,
        function_names={f["name"]: f"{prefix}-{f['name']}" for f in functions},
        consumed_queues=sorted({f["consumes"]["queue"] for f in functions}),
    )
    names, problems = [a["alarm_name"] for a in planned.values()], []
    for function in deployed_functions:
        own, own_problems = checks.function_alarm_names(service, {"prefix": prefix, "name": function})
        names += own
        problems += own_problems
    return names, problems


@pytest.mark.parametrize("env", ["dev", "prod"])
def test_no_two_alarms_of_an_env_share_a_name(tmp_path, env, envs, modules):
    """Finding 11: lambda-service and observability each name alarms; one name twice would make the
    second PutMetricAlarm overwrite the first."""
    assert checks.alarm_modules(modules) == checks.ALARM_MODULES, "a new module creates alarms: add its names here"
    assert checks.expression(modules["pipeline"].locals["function_names"]) == '{for name in keys(local.functions) : name => "${var.prefix}-${name}"}'
    names, problems = env_alarm_names(tmp_path, envs[env], modules["lambda-service"])
    assert problems == []
    assert f"{unquote(envs[env].modules['pipeline']['prefix'])}-compaction-throttles" in names
    assert checks.duplicate_alarm_names(names) == []


def test_the_alarm_name_check_catches_a_function_alarm_named_like_a_topology_alarm(tmp_path, envs):
    from hcl import parse

    text = "\n".join(p.read_text() for p in sorted((MODULES / "lambda-service").glob("*.tf")))
    colliding = parse(text + '''
resource "aws_cloudwatch_metric_alarm" "errors" {
  alarm_name = "${var.prefix}-function-errors-${var.name}"
}
''', "lambda-service")
    names, problems = env_alarm_names(tmp_path, envs["dev"], colliding)
    assert problems == []
    assert "iceflow-dev-function-errors-compaction (2 alarms)" in checks.duplicate_alarm_names(names)
    assert checks.function_alarm_names(parse('resource "aws_cloudwatch_metric_alarm" "x" {\n  alarm_name = "${var.other}-x"\n}\n'), {"prefix": "p"})[1]
