from hcl import MODULES

import docs


def test_module_readmes_have_current_inputs_and_outputs_tables():
    stale = [str(r) for r in sorted(MODULES.glob("*/README.md")) if r.read_text() != docs.render(r)]
    assert stale == [], "run .local/tf-venv/bin/python terraform/tests/docs.py"
