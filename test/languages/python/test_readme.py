"""Every ```python block of README.md, executed against the installed package and synthesized."""
import pathlib
import re

import pytest
from aws_cdk import App

README = pathlib.Path(__file__).resolve().parents[3] / "README.md"
TEXT = README.read_text()
# Each block, preceded by as many blank lines as README.md has before it: a traceback then
# names the README's own line numbers.
BLOCKS = ["\n" * TEXT.count("\n", 0, m.start(1)) + m.group(1) for m in re.finditer(r"```python\n(.*?)```", TEXT, re.S)]


def test_readme_has_python_examples():
    assert BLOCKS, "README.md has no ```python block"


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block{i + 1}" for i in range(len(BLOCKS))])
def test_readme_python_block_runs_and_synthesizes(block):
    namespace = {"__name__": "readme_example"}
    exec(compile(block, str(README), "exec"), namespace)
    apps = [value for value in namespace.values() if isinstance(value, App)]
    assert apps, "the example makes no App to synthesize"
    pools = 0
    for app in apps:
        for stack in app.synth().stacks:
            pools += sum(1 for r in stack.template["Resources"].values() if r["Type"] == "AWS::Cognito::IdentityPool")
    assert pools, "the example synthesizes no identity pool"
