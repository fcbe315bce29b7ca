"""The Dockerfile: hadolint finds nothing, the final images hold no build tools and run as a user
other than root, and the build context (.dockerignore) lets in everything the Dockerfile copies.
No image builder runs on the machine these tests were written on (README "Deploying"), so these
read the file instead of building it."""

import os
import re
import subprocess

import pytest

from tests.deploy.reading import DOCKERFILE, PRODUCTION_COMMAND, ROOT, dockerfile_stages, image_config, tool

TARGETS = ["rasa", "actions", "web"]
BUILD_TOOLS = re.compile(r"\b(pip3? install|apt-get|apk add|gcc|make|build-essential)\b")


def hadolint(path):
    return subprocess.run([tool("hadolint"), "--no-color", str(path)], capture_output=True, text=True)


def test_hadolint_finds_nothing_in_the_dockerfile():
    done = hadolint(DOCKERFILE)
    assert done.returncode == 0, done.stdout + done.stderr


def test_hadolint_does_find_a_bad_dockerfile(tmp_path):
    # The lint is worth something only if it can fail.
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python:latest\nRUN apt-get install gcc\nCMD python app.py\n")
    done = hadolint(bad)
    assert done.returncode != 0
    for rule in ("DL3007", "DL3008", "DL3025"):  # :latest, unpinned apt, CMD not in exec form
        assert rule in done.stdout, done.stdout


@pytest.mark.parametrize("target", TARGETS)
def test_each_final_image_runs_as_a_numeric_user_other_than_root(stages, target):
    user = image_config(stages, target).user
    assert user and re.fullmatch(r"[1-9]\d*(:[1-9]\d*)?", user), user


@pytest.mark.parametrize("target", TARGETS)
def test_no_final_image_holds_build_tools(stages, target):
    # The pinned environment is built in the builder stage; the final images only copy it.
    for stage in image_config(stages, target).chain:
        for keyword, rest in stage.instructions:
            assert not (keyword == "RUN" and BUILD_TOOLS.search(rest)), f"{stage.name}: RUN {rest}"
    removes_pip = [rest for keyword, rest in stages["builder"].instructions if keyword == "RUN" and "pip uninstall" in rest]
    assert removes_pip and " pip" in removes_pip[0].split("pip uninstall", 1)[1]


def test_the_images_are_slim_python_3_10_with_the_pinned_requirements(stages):
    assert all(stage.base.startswith("python:3.10-slim") for stage in stages.values() if stage.base not in stages)
    installs = [rest for keyword, rest in stages["builder"].instructions if keyword == "RUN" and "pip install" in rest]
    assert installs and all("-r requirements.txt" in rest and "--no-deps" in rest for rest in installs)


def test_the_entrypoint_script_is_executable():
    # COPY keeps the mode bits of the build context: a non-executable script would not start.
    assert os.access(PRODUCTION_COMMAND, os.X_OK)


def test_the_build_context_lets_in_everything_the_dockerfile_copies():
    # .dockerignore excludes everything, then lets in what the images need; a COPY of anything
    # not let in fails the build.
    rules = [
        line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines() if line.strip() and not line.startswith("#")
    ]
    assert rules[0] == "*"
    admitted = [rule[1:].rstrip("/") for rule in rules if rule.startswith("!")]
    excluded_again = [rule.rstrip("/") for rule in rules[1:] if not rule.startswith("!")]
    for stage in dockerfile_stages().values():
        for keyword, rest in stage.instructions:
            if keyword != "COPY" or rest.startswith("--from"):
                continue
            for source in [word for word in rest.split() if not word.startswith("--")][:-1]:
                source = source.rstrip("/")
                assert any(source == path or source.startswith(path + "/") for path in admitted), source
                assert (ROOT / source).exists() or source.startswith("models/"), f"{source} does not exist"
                assert not any(source == path for path in excluded_again), source
