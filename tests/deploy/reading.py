"""What the deployment checks compare, read from the files themselves: the rendered Kubernetes
objects, the Dockerfile, the production scripts, and the environment variables the code reads.

Standard library and PyYAML only, so that it runs under .venv-py3 (no Rasa)."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Set, Tuple

import yaml

ROOT = Path(__file__).resolve().parents[2]
KUSTOMIZE = ROOT / "deploy" / "kubernetes"
OVERLAYS = {"base": KUSTOMIZE / "base", "production": KUSTOMIZE / "production"}
DOCKERFILE = ROOT / "Dockerfile"
PRODUCTION_COMMAND = ROOT / "scripts" / "production_command.sh"
RUN_PRODUCTION = ROOT / "scripts" / "run_production.sh"
# Our own top-level packages: imports of anything else (Rasa, the standard library) are not followed.
LOCAL_PACKAGES = {path.name for path in ROOT.iterdir() if (path / "__init__.py").is_file()}


def tool(name: str) -> str:
    """A tool from requirements-py3.txt: beside the running Python (.venv-py3/bin), else on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    for candidate in (ROOT / ".venv-py3" / "bin" / name, shutil.which(name)):
        if candidate and Path(candidate).exists():
            return str(candidate)
    raise AssertionError(f"{name} not found: run `make test-deploy`, which installs .venv-py3")


# --- Kubernetes objects ---------------------------------------------------------------------------


def render(directory: Path) -> List[dict]:
    """The objects `kubectl kustomize` renders from a kustomization directory."""
    done = subprocess.run([tool("kubectl"), "kustomize", str(directory)], capture_output=True, text=True)
    assert done.returncode == 0, f"kubectl kustomize {directory} failed:\n{done.stderr}"
    return [document for document in yaml.safe_load_all(done.stdout) if document]


@dataclass
class Workload:
    """A Deployment, CronJob or other owner of a pod template, with that template."""

    owner: dict
    pod: dict  # the pod template: metadata and spec

    @property
    def kind_name(self) -> str:
        return f"{self.owner['kind']}/{self.owner['metadata']['name']}"

    @property
    def spec(self) -> dict:
        return self.pod["spec"]

    @property
    def labels(self) -> Dict[str, str]:
        return self.pod.get("metadata", {}).get("labels", {})

    def containers(self) -> List[dict]:
        return [*self.spec.get("initContainers", []), *self.spec["containers"]]


def workloads(objects: List[dict]) -> List[Workload]:
    found = []
    for thing in objects:
        kind = thing["kind"]
        if kind in ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"):
            found.append(Workload(thing, thing["spec"]["template"]))
        elif kind == "CronJob":
            found.append(Workload(thing, thing["spec"]["jobTemplate"]["spec"]["template"]))
        elif kind == "Pod":
            found.append(Workload(thing, thing))
    return found


def of_kind(objects: List[dict], kind: str) -> List[dict]:
    return [thing for thing in objects if thing["kind"] == kind]


def named(objects: List[dict], kind: str, name: str) -> dict:
    matches = [thing for thing in of_kind(objects, kind) if thing["metadata"]["name"] == name]
    assert len(matches) == 1, f"expected one {kind} {name}, found {len(matches)}"
    return matches[0]


def selects(selector: dict, labels: Dict[str, str]) -> bool:
    """Whether a label selector ({matchLabels: ...} only) selects these labels."""
    assert not selector.get("matchExpressions"), "the checks read matchLabels only"
    return all(labels.get(key) == value for key, value in (selector.get("matchLabels") or {}).items())


def quantity(value) -> float:
    """A Kubernetes quantity as a number: CPU in cores, memory in bytes."""
    text = str(value)
    units = {"m": 1e-3, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40}
    number, unit = re.fullmatch(r"([0-9.]+)([A-Za-z]*)", text).groups()
    return float(number) * units.get(unit, 1)


def env_sources(container: dict, objects: List[dict]) -> Dict[str, str]:
    """Each environment variable a container gets, with where from: "configmap <name>",
    "secret <name>", or "literal" / "field" for values written in the manifest."""
    sources: Dict[str, str] = {}
    for source in container.get("envFrom", []):
        assert "configMapRef" in source, f"{container['name']}: envFrom other than a ConfigMap hides which variables it sets"
        config = named(objects, "ConfigMap", source["configMapRef"]["name"])
        for key in config.get("data", {}):
            sources[source.get("prefix", "") + key] = f"configmap {config['metadata']['name']}"
    for variable in container.get("env", []):
        reference = variable.get("valueFrom", {})
        if "secretKeyRef" in reference:
            sources[variable["name"]] = f"secret {reference['secretKeyRef']['name']}"
        elif "configMapKeyRef" in reference:
            sources[variable["name"]] = f"configmap {reference['configMapKeyRef']['name']}"
        else:
            sources[variable["name"]] = "literal" if "value" in variable else "field"
    return sources


def configmap_values(container: dict, objects: List[dict]) -> Dict[str, str]:
    """The values a container gets from ConfigMaps (envFrom and configMapKeyRef)."""
    values: Dict[str, str] = {}
    for source in container.get("envFrom", []):
        if "configMapRef" in source:
            values.update(named(objects, "ConfigMap", source["configMapRef"]["name"]).get("data", {}))
    for variable in container.get("env", []):
        reference = variable.get("valueFrom", {}).get("configMapKeyRef")
        if reference:
            values[variable["name"]] = named(objects, "ConfigMap", reference["name"])["data"][reference["key"]]
    return values


# --- The Dockerfile --------------------------------------------------------------------------------


@dataclass
class Stage:
    name: str
    base: str
    instructions: List[Tuple[str, str]] = field(default_factory=list)


def dockerfile_stages(text: str = None) -> Dict[str, Stage]:
    """The Dockerfile's stages by name (unnamed stages by number), instructions in order."""
    text = DOCKERFILE.read_text(encoding="utf-8") if text is None else text
    text = re.sub(r"\\\n", " ", "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#")))
    arguments: Dict[str, str] = {}
    stages: Dict[str, Stage] = {}
    current: Optional[Stage] = None
    for line in text.splitlines():
        if not line.strip():
            continue
        keyword, _, rest = line.strip().partition(" ")
        keyword, rest = keyword.upper(), rest.strip()
        if keyword == "FROM":
            words = rest.split()
            base = re.sub(r"\$\{(\w+)\}", lambda match: arguments.get(match.group(1), match.group(0)), words[0])
            name = words[2] if len(words) >= 3 and words[1].upper() == "AS" else str(len(stages))
            current = stages[name] = Stage(name, base)
        elif current is None:
            if keyword == "ARG" and "=" in rest:
                key, _, value = rest.partition("=")
                arguments[key] = value
        else:
            current.instructions.append((keyword, rest))
    return stages


@dataclass
class ImageConfig:
    entrypoint: List[str]
    cmd: List[str]
    user: Optional[str]
    workdir: str
    chain: List[Stage]  # from the target back to the first stage built on an outside image


def image_config(stages: Dict[str, Stage], target: str) -> ImageConfig:
    """What an image built with --target starts with, following FROM <stage> back to its root."""
    chain = [stages[target]]
    while chain[-1].base in stages:
        chain.append(stages[chain[-1].base])
    entrypoint: List[str] = []
    cmd: List[str] = []
    user, workdir = None, "/"
    for stage in reversed(chain):
        for keyword, rest in stage.instructions:
            if keyword == "ENTRYPOINT":
                entrypoint = exec_form(rest)
                cmd = []  # as Docker does: a new ENTRYPOINT drops the inherited CMD
            elif keyword == "CMD":
                cmd = exec_form(rest)
            elif keyword == "USER":
                user = rest
            elif keyword == "WORKDIR":
                workdir = rest if rest.startswith("/") else f"{workdir.rstrip('/')}/{rest}"
    return ImageConfig(entrypoint, cmd, user, workdir, chain)


def exec_form(rest: str) -> List[str]:
    assert rest.startswith("["), f"ENTRYPOINT and CMD must be in exec form (JSON): {rest}"
    return yaml.safe_load(rest)


def image_target(image: str) -> str:
    """The Dockerfile target an image reference was built from: senco-rasa:local and
    registry.example.org/senco/rasa:2026-11-30 are both `rasa`."""
    repository = image.rsplit("@", 1)[0]
    last = repository.rsplit("/", 1)[-1].split(":", 1)[0]
    return last.removeprefix("senco-")


def container_command(container: dict, stages: Dict[str, Stage]) -> List[str]:
    """The command a container runs: Kubernetes' command and args over the image's entrypoint
    and CMD, with a path under the image's WORKDIR written relative to the repository."""
    config = image_config(stages, image_target(container["image"]))
    if "command" in container:
        command = container["command"] + container.get("args", [])
    else:
        command = config.entrypoint + container.get("args", config.cmd)
    workdir = config.workdir.rstrip("/") + "/"
    return [word.removeprefix(workdir) if word.startswith(workdir) else word for word in command]


# --- The production scripts ------------------------------------------------------------------------

SHELL_OWN = {"PWD", "PYTHONPATH", "HOME", "PATH"}


def shell_roles() -> Dict[str, str]:
    """production_command.sh's roles, each with the text it runs: its case branch and the bodies
    of the functions that branch calls."""
    text = PRODUCTION_COMMAND.read_text(encoding="utf-8")
    functions = dict(re.findall(r"(?ms)^(\w+)\(\)\s*\{\n(.*?)^\}", text))
    body = text[text.index('case "$role" in') :]
    roles = {}
    for role, branch in re.findall(r"(?ms)^  (\w+)\)\n(.*?)^    ;;", body):
        called = [functions[name] for name in functions if re.search(rf"(?m)^\s*{name}\s*$", branch)]
        roles[role] = "\n".join([branch, *called])
    return roles


def shell_reads(text: str) -> Set[str]:
    """Environment variables a piece of shell reads: every $NAME or ${NAME...} that the script does
    not assign itself."""
    text = "\n".join(line.split(" #", 1)[0] for line in text.splitlines() if not line.lstrip().startswith("#"))
    referenced = set(re.findall(r"\$\{([A-Za-z_]\w*)", text)) | set(re.findall(r"\$([A-Za-z_]\w*)", text))
    assigned = set(re.findall(r"(?m)^\s*([A-Za-z_]\w*)=", text)) | set(re.findall(r"read -r -a (\w+)", text))
    whole = PRODUCTION_COMMAND.read_text(encoding="utf-8")
    assigned |= set(re.findall(r"(?m)^\s*([A-Za-z_]\w*)=", whole))
    return referenced - assigned - SHELL_OWN


def run_production_roles() -> Tuple[str, List[str]]:
    """The command run_production.sh starts its processes with, and the roles it starts."""
    text = RUN_PRODUCTION.read_text(encoding="utf-8")
    command = re.search(r"(?m)^run=(\S+)$", text).group(1)
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    return command, [role for line in lines for role in re.findall(r'"\$run" (\w+) &$', line)]


# --- What the code reads ---------------------------------------------------------------------------


def module_file(dotted: str) -> Optional[Path]:
    if dotted.split(".")[0] not in LOCAL_PACKAGES:
        return None
    path = ROOT.joinpath(*dotted.split("."))
    for candidate in (path.with_suffix(".py"), path / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_files(entries: List[Path]) -> Set[Path]:
    """The entry files and every file of ours they import, directly or not (imports inside
    functions included)."""
    seen: Set[Path] = set()
    pending = list(entries)
    while pending:
        path = pending.pop()
        if path in seen:
            continue
        seen.add(path)
        if path.is_relative_to(ROOT) and path.name != "__init__.py":
            parent = path.parent
            while (parent / "__init__.py").is_file():  # importing a.b.c runs a and a.b first
                pending.append(parent / "__init__.py")
                parent = parent.parent
        package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: List[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join([*anchor, base] if base else anchor)
                names = [base] + [f"{base}.{alias.name}" for alias in node.names]
            for name in names:
                found = module_file(name)
                if found:
                    pending.append(found)
    return seen


ENV_CALLS = {("os", "environ", "get"), ("os", "getenv"), ("environ", "get")}


def _dotted(node: ast.AST) -> Tuple[str, ...]:
    if isinstance(node, ast.Name):
        return (node.id,)
    if isinstance(node, ast.Attribute):
        return _dotted(node.value) + (node.attr,)
    return ()


def python_reads(path: Path) -> Set[str]:
    """Environment variables a Python file reads: os.environ.get / os.getenv / os.environ[...]
    with a string, or a module-level string constant; a module that passes a variable through a
    helper names it in a module-level *_ENV constant."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    constants: Dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                pairs = (
                    zip(target.elts, node.value.elts, strict=True)
                    if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple)
                    else [(target, node.value)]
                )
                for name, value in pairs:
                    if isinstance(name, ast.Name) and isinstance(value, ast.Constant) and isinstance(value.value, str):
                        constants[name.id] = value.value
    named_env = {value for key, value in constants.items() if key.endswith("_ENV")}
    reads = set(named_env)
    for node in ast.walk(tree):
        argument = None
        if isinstance(node, ast.Call) and _dotted(node.func) in ENV_CALLS and node.args:
            argument = node.args[0]
        elif isinstance(node, ast.Subscript) and _dotted(node.value) in {("os", "environ"), ("environ",)}:
            argument = node.slice
        if argument is None:
            continue
        if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
            reads.add(argument.value)
        elif isinstance(argument, ast.Name) and argument.id in constants:
            reads.add(constants[argument.id])
        else:
            assert named_env, (
                f"{path.relative_to(ROOT)}:{node.lineno}: cannot tell which environment "
                "variable this reads; name it in a module-level *_ENV constant"
            )
    return reads


def endpoint_types(path: Path) -> List[str]:
    """Dotted class names an endpoints or credentials file loads (type: a.b.C, or top-level keys)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    found = [key for key in data if "." in key]
    for value in data.values():
        if isinstance(value, dict) and "." in str(value.get("type", "")):
            found.append(value["type"])
    return found


def file_variables(path: Path) -> Set[str]:
    """${VARIABLE}s that Rasa expands in a YAML file."""
    return set(re.findall(r"\$\{(\w+)\}", path.read_text(encoding="utf-8")))


def module_of_class(dotted_class: str) -> Optional[Path]:
    return module_file(dotted_class.rpartition(".")[0])


@dataclass
class RoleReads:
    variables: Dict[str, str]  # variable -> where it is read
    files: Set[Path]


# Variables Rasa itself reads that our settings use (README "Environment variables"). Rasa reads
# many more; these are the ones we set on purpose.
RASA_READS = {
    "LOG_LEVEL": "the rasa command line (rasa.utils.common), for the servers it starts",
    "SQL_POOL_SIZE": "rasa.core.tracker_store, for a PostgreSQL tracker store",
    "SQL_MAX_OVERFLOW": "rasa.core.tracker_store, for a PostgreSQL tracker store",
}


def role_reads(branch: str) -> RoleReads:
    """Every environment variable a role of production_command.sh reads, and where: the shell
    itself, the YAML files it hands Rasa, our Python code it loads, and Rasa's own settings."""
    variables = {name: "scripts/production_command.sh" for name in shell_reads(branch)}
    entries: List[Path] = []
    runs_rasa = '"$BIN/rasa"' in branch
    for option in ("--credentials", "--endpoints"):
        match = re.search(rf"{option} (\S+)", branch)
        if match:
            path = ROOT / match.group(1)
            variables.update({name: match.group(1) for name in file_variables(path)})
            entries += [found for found in map(module_of_class, endpoint_types(path)) if found]
            if option == "--endpoints":
                store = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("tracker_store") or {}
                if store.get("dialect") == "postgresql":
                    variables.update({name: f"Rasa: {where}" for name, where in RASA_READS.items() if name.startswith("SQL_")})
    if runs_rasa and "--model" in branch:
        config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
        components = [step["name"] for step in config.get("pipeline", []) + config.get("policies", [])]
        entries += [found for found in map(module_of_class, components) if found]
    match = re.search(r"--actions (\S+)", branch)
    if match:
        entries += sorted((ROOT / match.group(1)).rglob("*.py"))
    match = re.search(r" -m ([\w.]+)", branch)
    if match:
        entries.append(module_file(match.group(1)))
    entries += [ROOT / script for script in re.findall(r"(scripts/\w+\.py)", branch)]
    if runs_rasa:
        variables["LOG_LEVEL"] = f"Rasa: {RASA_READS['LOG_LEVEL']}"
    files = imported_files([entry for entry in entries if entry])
    for path in sorted(files):
        variables.update({name: str(path.relative_to(ROOT)) for name in python_reads(path) if name not in variables})
    return RoleReads(variables, files)


def readme_section(title: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else None]


def iter_secret_refs(container: dict) -> Iterator[Tuple[str, str, bool]]:
    for variable in container.get("env", []):
        reference = variable.get("valueFrom", {}).get("secretKeyRef")
        if reference:
            yield reference["name"], reference["key"], bool(reference.get("optional"))
