"""Check the README's Python examples against the Python sources jsii-pacmak generated.

Each ```python block must parse, every name it imports from cdk_identity_pool must be a
class of the generated module, and every `Name.method(` / `obj.method(` call on one of them
must be a method the generated module defines. Run after `npx projen pacmak`.
"""
import ast
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parent.parent
module = (root / "dist/python/src/cdk_identity_pool/__init__.py").read_text()
classes = set(re.findall(r"^class (\w+)", module, re.M))
methods = set(re.findall(r"^    def (\w+)\(", module, re.M))
readme = (root / "README.md").read_text()
blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
problems = []
if not blocks:
    problems.append("README has no python example")
for block in blocks:
    tree = ast.parse(block)
    ours = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "cdk_identity_pool":
            for alias in node.names:
                ours.add(alias.name)
                if alias.name not in classes:
                    problems.append(f"imports {alias.name}, which the generated module does not define")
    # Variables holding one of our objects: assigned from a call rooted at one of our names.
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            func = node.value.func
            root_name = func.id if isinstance(func, ast.Name) else getattr(func.value, "id", None) if isinstance(func, ast.Attribute) else None
            if root_name in ours:
                ours.update(t.id for t in node.targets if isinstance(t, ast.Name))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = node.func.attr
            if isinstance(owner, ast.Name) and owner.id in ours and name not in methods:
                problems.append(f"calls {owner.id}.{name}, which the generated module does not define")
print(f"README python examples: {len(blocks)} blocks, {len(problems)} problems")
for problem in problems:
    print(f"  {problem}")
sys.exit(1 if problems else 0)
