"""Generates the inputs/outputs tables of each module README from its variables.tf and outputs.tf
(between the BEGIN_TF_DOCS / END_TF_DOCS markers, as terraform-docs would). Run it after changing
a variable or output:  .local/tf-venv/bin/python terraform/tests/docs.py
test_docs.py fails when a README is stale."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hcl import MODULES, expression, load, unquote  # noqa: E402

BEGIN, END = "<!-- BEGIN_TF_DOCS -->", "<!-- END_TF_DOCS -->"


def _cell(text: object) -> str:
    return re.sub(r"\s+", " ", str(text)).replace("|", "\\|").strip()


def _value(value: object) -> str:
    """A default as HCL-ish text: strings unquoted inside lists and maps, expressions bare."""
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        items = [f"{k} = {_value(v)}" for k, v in value.items() if not k.startswith("__")]
        return "{" + ", ".join(items) + "}"
    if isinstance(value, str):
        return value if value.startswith('"') else expression(value)
    return json.dumps(value)


def tables(directory: Path) -> str:
    module = load(directory)
    lines = ["## Inputs", "", "| Name | Description | Type | Default | Required |", "|---|---|---|---|:---:|"]
    for name, v in module.variables.items():
        has_default = "default" in v
        default = f"`{_cell(_value(v['default']))}`" if has_default else "n/a"
        lines.append(
            f"| {name} | {_cell(unquote(v['description']))} | `{_cell(expression(v['type']))}` | {default} | {'no' if has_default else 'yes'} |"
        )
    lines += ["", "## Outputs", "", "| Name | Description |", "|---|---|"]
    lines += [f"| {name} | {_cell(unquote(o['description']))} |" for name, o in module.outputs.items()]
    return "\n".join([BEGIN, *lines, END])


def render(readme: Path) -> str:
    text = readme.read_text()
    block = tables(readme.parent)
    if BEGIN in text:
        return re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: block, text, flags=re.S)
    return text.rstrip() + "\n\n" + block + "\n"


if __name__ == "__main__":
    for readme in sorted(MODULES.glob("*/README.md")):
        readme.write_text(render(readme))
        print(f"updated {readme.relative_to(MODULES.parent.parent)}")
