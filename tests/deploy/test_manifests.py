"""Both kustomizations render, and every object they render is valid Kubernetes: checked offline
against the Kubernetes OpenAPI schemas (kubernetes-validate, strict: unknown fields fail), for
the oldest Kubernetes we support and the newest schemas the validator has."""

import copy

import pytest

from tests.deploy.reading import named, of_kind

# 1.30: the first release where a preStop `sleep` is on by default. Newest: the validator's latest.
KUBERNETES_VERSIONS = ["1.30.0", "latest"]


def versions():
    from kubernetes_validate.utils import latest_version

    return [latest_version() if version == "latest" else version for version in KUBERNETES_VERSIONS]


def problems(thing: dict, version: str):
    import kubernetes_validate
    from kubernetes_validate.utils import SchemaNotFoundError, ValidationError

    try:
        kubernetes_validate.validate(thing, version, strict=True)
    except ValidationError as error:
        return f"{'.'.join(map(str, error.path))}: {error.message}"
    except SchemaNotFoundError as error:
        return error.message
    return None


def test_each_kustomization_renders_the_whole_application(overlay):
    name, objects = overlay
    kinds = sorted({thing["kind"] for thing in objects})
    for kind in (
        "ConfigMap",
        "CronJob",
        "Deployment",
        "HorizontalPodAutoscaler",
        "NetworkPolicy",
        "PodDisruptionBudget",
        "Service",
    ):
        assert kind in kinds, f"{name}: no {kind}"
    assert {thing["metadata"]["name"] for thing in of_kind(objects, "Deployment")} == {"senco-rasa", "senco-actions", "senco-web"}


def test_every_rendered_object_is_valid_kubernetes(objects):
    found = [
        f"{thing['kind']}/{thing['metadata']['name']} on {version}: {problem}"
        for version in versions()
        for thing in objects
        for problem in [problems(thing, version)]
        if problem
    ]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("mistake", ["a misspelt field", "a wrong type", "a missing required field"])
def test_the_validator_catches_a_broken_object(objects, mistake):
    # The check above is worth something only if it can fail: break a real object three ways.
    deployment = copy.deepcopy(named(objects, "Deployment", "senco-rasa"))
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    if mistake == "a misspelt field":
        container["livenessProbes"] = container.pop("livenessProbe")
    elif mistake == "a wrong type":
        container["ports"][0]["containerPort"] = "five thousand and five"
    else:
        del container["name"]
    assert problems(deployment, versions()[-1]), mistake
