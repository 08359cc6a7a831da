"""modules/table-maintenance planned for real: which tables go to AWS Glue's table optimizers and
with what settings, against made-up data contracts and topologies. The module has no provider, so
`terraform plan` (or `tofu plan`) runs offline; without either on PATH these tests are skipped."""

from __future__ import annotations

import copy
import json
import math
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from hcl import MODULES, REPOSITORY, TOPOLOGY

BINARY = shutil.which("tofu") or shutil.which("terraform")
pytestmark = pytest.mark.skipif(BINARY is None, reason="needs tofu or terraform on PATH to plan the module")

DAY = 86400
HOUR = 3600
FLIGHTS = json.loads((REPOSITORY / "contracts" / "datasets" / "flights.json").read_text())
WEATHER = json.loads((REPOSITORY / "contracts" / "datasets" / "seattle_weather.json").read_text())
REAL_TOPOLOGY = json.loads(TOPOLOGY.read_text())


class PlanFailed(Exception):
    pass


def plan(tmp_path: Path, contracts: list[dict] | None = None, topology: dict | None = None) -> dict:
    """The module's outputs as `plan` computes them; contracts and topology default to the repository's."""
    root = tmp_path / "root"
    root.mkdir()
    arguments = []
    if contracts is not None:
        datasets = tmp_path / "datasets"
        datasets.mkdir()
        for contract in contracts:
            (datasets / f"{contract['dataset']}.json").write_text(json.dumps(contract))
        arguments.append(f"datasets_dir = {json.dumps(str(datasets))}")
    if topology is not None:
        (tmp_path / "topology.json").write_text(json.dumps(topology))
        arguments.append(f"topology_file = {json.dumps(str(tmp_path / 'topology.json'))}")
    source = os.path.relpath(MODULES / "table-maintenance", root)
    (root / "main.tf").write_text(
        'module "maintenance" {\n'
        f"  source = {json.dumps(source)}\n" + "".join(f"  {a}\n" for a in arguments) + "}\n"
        'output "maintenance" {\n  value = module.maintenance\n}\n'
    )
    # No checkpoint (version check) call, no prompts, no user CLI configuration.
    env = {**os.environ, "CHECKPOINT_DISABLE": "1", "TF_INPUT": "0", "TF_IN_AUTOMATION": "1", "TF_CLI_CONFIG_FILE": os.devnull}

    def run(*args: str) -> str:
        done = subprocess.run([BINARY, f"-chdir={root}", *args], capture_output=True, text=True, env=env)
        if done.returncode != 0:
            raise PlanFailed(done.stdout + done.stderr)
        return done.stdout

    run("init", "-backend=false", "-no-color")
    run("plan", "-no-color", "-out=tfplan")
    return json.loads(run("show", "-json", "tfplan"))["planned_values"]["outputs"]["maintenance"]["value"]


def maintained(contract: dict, **maintenance: object) -> dict:
    """A copy of a contract whose maintenance section is exactly the given fields."""
    changed = copy.deepcopy(contract)
    changed["maintenance"] = maintenance
    return changed


def longest_wait_before_commit(topology: dict) -> int:
    """contracts Topology.longestWaitBeforeCommit, written again here to check the module against."""
    queues = {q["name"]: q for q in topology["queues"]}
    writing = max([f["timeoutSeconds"] for f in topology["functions"] if "commits" in f["publishesTo"]], default=0)
    queued = max(
        s.get("deadLetter", {}).get("messageRetentionSeconds", 0)
        + queues[s["queue"]]["messageRetentionSeconds"]
        + queues[s["queue"]].get("deadLetter", {}).get("messageRetentionSeconds", 0)
        for s in topology["subscriptions"]
        if s["topic"] == "commits"
    )
    return writing + queued


def test_the_repositorys_contracts_keep_every_table_with_the_lambda(tmp_path):
    outputs = plan(tmp_path)
    assert outputs["modes"] == {"flights": "lambda", "seattle_weather": "lambda"}
    assert outputs["glue_optimizer_tables"] == {}
    # Today: enrichment's 90 s timeout + the commit queue's 14 days, its DLQ's and its delivery DLQ's.
    assert outputs["required_orphan_window_seconds"] == longest_wait_before_commit(REAL_TOPOLOGY) == 90 + 3 * 14 * DAY


def test_a_glue_optimizer_contract_gets_its_retention_rounded_up_and_the_topologys_orphan_window(tmp_path):
    # 169 hours is 7 days and an hour: Glue must keep 8 days, never fewer than the contract asks.
    # The contract's 24-hour orphan window is shorter than the topology's, so the topology's counts.
    flights = maintained(FLIGHTS, mode="glue-optimizer", snapshotRetentionHours=169, minSnapshotsToKeep=12, orphanSafetyWindowHours=24)
    weather = maintained(WEATHER, mode="lambda")
    outputs = plan(tmp_path, [flights, weather])

    assert outputs["modes"] == {"flights": "glue-optimizer", "seattle_weather": "lambda"}
    assert outputs["glue_optimizer_tables"] == {
        "flights": {
            "database": "iceflow",
            "table": "flights",
            "snapshot_retention_days": 8,
            "snapshots_to_retain": 12,
            "orphan_file_retention_days": math.ceil((90 + 3 * 14 * DAY) / DAY),
        }
    }
    assert outputs["glue_optimizer_tables"]["flights"]["orphan_file_retention_days"] == 43


def test_a_glue_optimizer_contract_without_settings_gets_the_defaults(tmp_path):
    outputs = plan(tmp_path, [maintained(WEATHER, mode="glue-optimizer")])
    assert outputs["glue_optimizer_tables"]["seattle_weather"] == {
        "database": "iceflow",
        "table": "seattle_weather",
        "snapshot_retention_days": 7,  # 168 hours
        "snapshots_to_retain": 50,
        "orphan_file_retention_days": 43,
    }


def test_a_longer_contract_orphan_window_wins_rounded_up(tmp_path):
    # 1100 hours = 45 days and 20 hours, longer than the topology's 42 days and 90 seconds.
    outputs = plan(tmp_path, [maintained(FLIGHTS, mode="glue-optimizer", orphanSafetyWindowHours=1100)])
    assert outputs["glue_optimizer_tables"]["flights"]["orphan_file_retention_days"] == 46


def test_the_orphan_window_follows_the_topology_not_a_constant(tmp_path):
    topology = copy.deepcopy(REAL_TOPOLOGY)
    queues = {q["name"]: q for q in topology["queues"]}
    # The commit queue keeps messages 4 days, its DLQ 2, its delivery DLQ 1; enrichment may run 10
    # minutes; cost-guard's longer queue is not on the commits topic, so it does not count.
    queues["commit"]["messageRetentionSeconds"] = 4 * DAY
    queues["commit"]["deadLetter"]["messageRetentionSeconds"] = 2 * DAY
    next(s for s in topology["subscriptions"] if s["topic"] == "commits")["deadLetter"]["messageRetentionSeconds"] = 1 * DAY
    next(f for f in topology["functions"] if f["name"] == "enrichment")["timeoutSeconds"] = 600
    queues["cost-guard"]["messageRetentionSeconds"] = 14 * DAY

    outputs = plan(tmp_path, [maintained(FLIGHTS, mode="glue-optimizer")], topology)

    assert outputs["required_orphan_window_seconds"] == 600 + 7 * DAY == longest_wait_before_commit(topology)
    assert outputs["glue_optimizer_tables"]["flights"]["orphan_file_retention_days"] == 8  # 7 days and 10 minutes


def test_the_worst_subscription_of_the_commits_topic_sets_the_window(tmp_path):
    topology = copy.deepcopy(REAL_TOPOLOGY)
    topology["queues"].append({"name": "commit-audit", "fifo": True, "visibilityTimeoutSeconds": 60, "messageRetentionSeconds": 30 * DAY, "receiveWaitTimeSeconds": 20})
    topology["subscriptions"].append({"topic": "commits", "queue": "commit-audit", "rawMessageDelivery": True})

    outputs = plan(tmp_path, [maintained(FLIGHTS, mode="glue-optimizer")], topology)

    assert outputs["required_orphan_window_seconds"] == 90 + 3 * 14 * DAY  # 42 days beat the audit queue's 30
    topology["queues"][-1]["messageRetentionSeconds"] = 50 * DAY
    (tmp_path / "longer").mkdir()
    outputs = plan(tmp_path / "longer", [maintained(FLIGHTS, mode="glue-optimizer")], topology)
    assert outputs["required_orphan_window_seconds"] == 90 + 50 * DAY
    assert outputs["glue_optimizer_tables"]["flights"]["orphan_file_retention_days"] == 51


def test_an_unknown_mode_fails_the_plan(tmp_path):
    with pytest.raises(PlanFailed, match="maintenance.mode must be"):
        plan(tmp_path, [maintained(FLIGHTS, mode="glue")])


def test_a_topology_without_a_commits_subscription_fails_the_plan(tmp_path):
    topology = copy.deepcopy(REAL_TOPOLOGY)
    topology["subscriptions"] = [s for s in topology["subscriptions"] if s["topic"] != "commits"]
    with pytest.raises(PlanFailed, match="No queue subscribes to the commits topic"):
        plan(tmp_path, [maintained(FLIGHTS, mode="glue-optimizer")], topology)
