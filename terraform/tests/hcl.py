"""Reads Terraform modules with python-hcl2 into plain dictionaries the checks can walk.

python-hcl2 keeps HCL's own spelling: string literals keep their quotes ('"sqs:SendMessage"'),
expressions are wrapped in ${...} and block labels are quoted. The helpers here hide that.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import hcl2

TERRAFORM = Path(__file__).resolve().parent.parent
REPOSITORY = TERRAFORM.parent
MODULES = TERRAFORM / "modules"
ENVS = TERRAFORM / "envs"
TOPOLOGY = REPOSITORY / "contracts" / "topology.json"
# Each function's generated least-privilege policy (contracts FunctionPolicies, bin/generate-policies).
POLICIES = MODULES / "lambda-service" / "policies"


@dataclass
class Module:
    """The blocks of one Terraform module (all its .tf files), labels unquoted."""

    name: str
    resources: dict[tuple[str, str], dict] = field(default_factory=dict)
    data: dict[tuple[str, str], dict] = field(default_factory=dict)
    locals: dict[str, object] = field(default_factory=dict)
    modules: dict[str, dict] = field(default_factory=dict)
    variables: dict[str, dict] = field(default_factory=dict)
    outputs: dict[str, dict] = field(default_factory=dict)

    def of_type(self, resource_type: str) -> dict[str, dict]:
        return {name: body for (kind, name), body in self.resources.items() if kind == resource_type}

    def policy_documents(self) -> dict[str, dict]:
        return {name: body for (kind, name), body in self.data.items() if kind == "aws_iam_policy_document"}


def unquote(value: object) -> object:
    """'"text"' → 'text'; anything else unchanged."""
    if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


def expression(value: object) -> str:
    """The source text of a value: '${local.x}' → 'local.x', '"a"' → 'a', lists as JSON."""
    if isinstance(value, str):
        if value.startswith("${") and value.endswith("}"):
            return value[2:-1]
        return str(unquote(value))
    return json.dumps(value)


def _labelled(blocks: list[dict], depth: int) -> dict[tuple[str, ...], dict]:
    out: dict[tuple[str, ...], dict] = {}
    for block in blocks:
        for first, inner in block.items():
            if depth == 1:
                out[(unquote(first),)] = inner
            else:
                for second, body in inner.items():
                    out[(unquote(first), unquote(second))] = body
    return out


def parse(text: str, name: str = "snippet") -> Module:
    """A module from HCL source text (used for the real files and for the tests' bad snippets)."""
    return _module(name, [hcl2.loads(text)])


def load(directory: Path) -> Module:
    """A module from every .tf file in a directory."""
    documents = [hcl2.loads(path.read_text()) for path in sorted(directory.glob("*.tf"))]
    return _module(directory.name, documents)


def _module(name: str, documents: list[dict]) -> Module:
    module = Module(name)
    for doc in documents:
        module.resources.update(_labelled(doc.get("resource", []), 2))
        module.data.update(_labelled(doc.get("data", []), 2))
        module.modules.update({k[0]: v for k, v in _labelled(doc.get("module", []), 1).items()})
        module.variables.update({k[0]: v for k, v in _labelled(doc.get("variable", []), 1).items()})
        module.outputs.update({k[0]: v for k, v in _labelled(doc.get("output", []), 1).items()})
        for block in doc.get("locals", []):
            module.locals.update({k: v for k, v in block.items() if not k.startswith("__")})
    return module


def blocks(body: dict, name: str) -> list[dict]:
    """Nested blocks of a kind, static and dynamic ("content" of a dynamic block), in order."""
    found = list(body.get(name, []))
    for dynamic in body.get("dynamic", []):
        for label, inner in dynamic.items():
            if unquote(label) == name:
                found.extend(inner.get("content", []))
    return found


def modules() -> dict[str, Module]:
    return {path.name: load(path) for path in sorted(MODULES.iterdir()) if path.is_dir()}


def envs() -> dict[str, Module]:
    return {path.name: load(path) for path in sorted(ENVS.iterdir()) if path.is_dir()}


def topology() -> dict:
    return json.loads(TOPOLOGY.read_text())


def function_policies() -> dict[str, dict]:
    """The generated policy documents by function name (policies/<function>.json), their
    templatefile() placeholders (${queue_arn_commit}) as written."""
    return {path.stem: json.loads(path.read_text()) for path in sorted(POLICIES.glob("*.json"))}
