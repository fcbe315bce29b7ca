"""The facts that matter, read from the rendered objects of both kustomizations: nothing runs as
root, every server has probes on its real endpoints and every container its limits, the action
server is reachable only from the Rasa pods, every environment variable the code reads in
production comes from a ConfigMap or a Secret, and the images run what `make run-production`
runs."""

import re
import urllib.parse

from tests.deploy.reading import (
    OVERLAYS,
    ROOT,
    configmap_values,
    container_command,
    env_sources,
    image_config,
    image_target,
    iter_secret_refs,
    named,
    of_kind,
    quantity,
    readme_section,
    render,
    role_reads,
    run_production_roles,
    selects,
    shell_roles,
    workloads,
)

SCRIPT = "scripts/production_command.sh"
# Read by the code, and never to be set in production.
NOT_IN_PRODUCTION = {
    "SENCO_TODAY": "fixes 'today' for demos and tests (components/dates.py); production uses the real date",
    "WEB_QUIET": "silences serve_web.py's request log in the browser tests",
}
# The routes each role's probes may use: real endpoints of the servers, each checked below or
# part of the server's documented API.
ROUTES = {
    "rasa": {
        "/": "Rasa's root ('Hello from Rasa')",
        "/webhooks/rest/": "the REST channel's health route (channels/rest/connector.py)",
    },
    "actions": {"/health": "rasa_sdk's health route"},
    "web": {"/config.js": "scripts/serve_web.py", "/": "scripts/serve_web.py (index.html)"},
}
# PostgreSQL's default max_connections (100) less its 3 reserved for superusers.
POSTGRES_CONNECTIONS = 97


def role_of(container, stages):
    command = container_command(container, stages)
    assert command[:1] == [SCRIPT] and len(command) == 2, f"{container['name']} runs {command}, not {SCRIPT} <role>"
    return command[1]


def pods_by_role(objects, stages):
    return {role_of(container, stages): workload for workload in workloads(objects) for container in workload.spec["containers"]}


# --- Who runs what -------------------------------------------------------------------------------


def test_the_images_run_what_make_run_production_runs(objects, stages):
    command, production_roles = run_production_roles()
    assert command == SCRIPT
    servers = {
        role_of(container, stages)
        for deployment in of_kind(objects, "Deployment")
        for container in deployment["spec"]["template"]["spec"]["containers"]
    }
    assert servers == set(production_roles), (servers, production_roles)
    for role in production_roles:  # each image, built on its own, starts the same command
        config = image_config(stages, role)
        assert config.entrypoint + config.cmd == [f"{config.workdir.rstrip('/')}/{SCRIPT}", role]


def test_the_retention_job_runs_what_make_retention_runs(objects, stages):
    (job,) = of_kind(objects, "CronJob")
    (container,) = job["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"]
    assert role_of(container, stages) == "retention"
    script = re.search(r"-m (stores\.retention .*)", shell_roles()["retention"]).group(1).split()
    makefile = re.search(r"(?m)^\t\$\(PY\) -m (stores\.retention .*)$", (ROOT / "Makefile").read_text()).group(1).split()
    assert [word for word in script if word.startswith("-")] == [word for word in makefile if word.startswith("-")]
    assert script[0] == makefile[0] == "stores.retention"
    assert "endpoints.production.yml" in script


def test_every_role_the_manifests_use_exists(objects, stages):
    roles = set(shell_roles())
    for workload in workloads(objects):
        for container in workload.containers():
            assert role_of(container, stages) in roles, workload.kind_name


# --- Not root ------------------------------------------------------------------------------------


def test_no_container_runs_as_root(objects, stages):
    broken = []
    for workload in workloads(objects):
        pod = workload.spec
        pod_context = pod.get("securityContext", {})
        for flag in ("hostNetwork", "hostPID", "hostIPC"):
            if pod.get(flag):
                broken.append(f"{workload.kind_name}: {flag}")
        broken += [
            f"{workload.kind_name}: hostPath volume {volume['name']}" for volume in pod.get("volumes", []) if "hostPath" in volume
        ]
        if pod.get("automountServiceAccountToken") is not False:
            broken.append(f"{workload.kind_name}: mounts a service account token it does not need")
        for container in workload.containers():
            where = f"{workload.kind_name} {container['name']}"
            context = {**pod_context, **container.get("securityContext", {})}
            if context.get("runAsNonRoot") is not True:
                broken.append(f"{where}: runAsNonRoot is not true")
            user = context.get("runAsUser")
            image_user = image_config(stages, image_target(container["image"])).user
            if not user or user == 0:
                broken.append(f"{where}: no runAsUser other than 0")
            elif not image_user or image_user.split(":")[0] != str(user):
                broken.append(f"{where}: runs as {user}, the image as {image_user}")
            if context.get("allowPrivilegeEscalation") is not False:
                broken.append(f"{where}: allowPrivilegeEscalation is not false")
            if context.get("privileged"):
                broken.append(f"{where}: privileged")
            if context.get("readOnlyRootFilesystem") is not True:
                broken.append(f"{where}: the root filesystem is writable")
            if context.get("capabilities", {}).get("drop") != ["ALL"] or context.get("capabilities", {}).get("add"):
                broken.append(f"{where}: capabilities not dropped")
            if context.get("seccompProfile", {}).get("type") != "RuntimeDefault":
                broken.append(f"{where}: no RuntimeDefault seccomp profile")
            broken += [f"{where}: hostPort" for port in container.get("ports", []) if "hostPort" in port]
    assert not broken, "\n".join(broken)


# --- Probes and limits ---------------------------------------------------------------------------


def test_every_server_has_readiness_and_liveness_probes_on_its_real_endpoints(objects, stages):
    broken = []
    for deployment in of_kind(objects, "Deployment"):
        for container in deployment["spec"]["template"]["spec"]["containers"]:
            role = role_of(container, stages)
            ports = {port.get("name") for port in container.get("ports", [])} | {
                port["containerPort"] for port in container.get("ports", [])
            }
            for kind in ("startupProbe", "readinessProbe", "livenessProbe"):
                probe = container.get(kind)
                if probe is None:
                    if kind != "startupProbe":
                        broken.append(f"{container['name']}: no {kind}")
                    continue
                get = probe.get("httpGet")
                if not get:
                    broken.append(f"{container['name']}: {kind} is not an HTTP check of the server")
                elif get["path"] not in ROUTES[role]:
                    broken.append(f"{container['name']}: {kind} on {get['path']}, not a route of {role}")
                elif get["port"] not in ports:
                    broken.append(f"{container['name']}: {kind} on port {get['port']}, not one it listens on")
    assert not broken, "\n".join(broken)


def test_the_probed_routes_of_our_own_servers_exist():
    connector = (ROOT / "channels" / "rest" / "connector.py").read_text()
    assert 'Blueprint("senco_rest_webhook"' in connector and '@webhook.route("/", methods=["GET"])' in connector
    assert 'path == "/config.js"' in (ROOT / "scripts" / "serve_web.py").read_text()


def test_every_container_has_requests_and_limits_from_the_measured_memory(objects, stages):
    # README "Deploying": "**Memory:** our Rasa server 775 MB, action server 134 MB, ...".
    memory_line = re.search(r"\*\*Memory:\*\*([^\n]*(?:\n  [^\n]*)*)", readme_section("Deploying")).group(1)
    measured = {
        role: float(re.search(rf"{words} (\d[\d,]*) MB", memory_line).group(1).replace(",", "")) * 1e6
        for role, words in {
            "rasa": "our Rasa server",
            "actions": "action server",
            "web": "web pages",
            "retention": "retention job",
        }.items()
    }
    broken = []
    for workload in workloads(objects):
        for container in workload.containers():
            where = f"{workload.kind_name} {container['name']}"
            resources = container.get("resources", {})
            for resource in ("cpu", "memory"):
                request = resources.get("requests", {}).get(resource)
                limit = resources.get("limits", {}).get(resource)
                if request is None or limit is None:
                    broken.append(f"{where}: no {resource} request and limit")
                elif quantity(request) > quantity(limit):
                    broken.append(f"{where}: {resource} request above its limit")
            role = role_of(container, stages)
            memory = resources.get("requests", {}).get("memory")
            limit = resources.get("limits", {}).get("memory")
            if memory and quantity(memory) < measured[role]:
                broken.append(f"{where}: requests {memory}, measured {measured[role] / 1e6:.0f} MB")
            if limit and quantity(limit) < 1.5 * measured[role]:
                broken.append(f"{where}: limit {limit} leaves under half again the measured {measured[role] / 1e6:.0f} MB")
    assert not broken, "\n".join(broken)


# --- The action server stays inside ---------------------------------------------------------------


def test_the_action_server_is_not_exposed_outside_the_namespace(objects, stages):
    by_role = pods_by_role(objects, stages)
    actions, rasa = by_role["actions"], by_role["rasa"]
    action_ports = {port["containerPort"] for container in actions.spec["containers"] for port in container.get("ports", [])} | {
        port["name"] for container in actions.spec["containers"] for port in container.get("ports", [])
    }
    services = [
        service
        for service in of_kind(objects, "Service")
        if service["spec"].get("selector") and selects({"matchLabels": service["spec"]["selector"]}, actions.labels)
    ]
    assert services, "no Service for the action server"
    for service in services:
        spec = service["spec"]
        assert spec.get("type", "ClusterIP") == "ClusterIP", f"{service['metadata']['name']}: {spec.get('type')}"
        assert not spec.get("externalIPs") and not spec.get("externalName")
    backends = {
        path["backend"]["service"]["name"]
        for ingress in of_kind(objects, "Ingress")
        for rule in ingress["spec"].get("rules", [])
        for path in rule.get("http", {}).get("paths", [])
    }
    assert not backends & {service["metadata"]["name"] for service in services}, "an Ingress routes to actions"

    policies = [
        policy
        for policy in of_kind(objects, "NetworkPolicy")
        if selects(policy["spec"]["podSelector"], actions.labels) and "Ingress" in policy["spec"].get("policyTypes", ["Ingress"])
    ]
    assert policies, "no NetworkPolicy limits who reaches the action server"
    others = [workload for workload in workloads(objects) if workload.kind_name != rasa.kind_name]
    for policy in policies:
        for rule in policy["spec"].get("ingress", []):
            assert rule.get("from"), f"{policy['metadata']['name']}: a rule with no `from` admits everyone"
            assert rule.get("ports") and all(port["port"] in action_ports for port in rule["ports"]), (
                f"{policy['metadata']['name']}: opens other ports"
            )
            for peer in rule["from"]:
                assert set(peer) == {"podSelector"}, (
                    f"{policy['metadata']['name']}: admits {sorted(set(peer) - {'podSelector'})}, not only pods here"
                )
                assert selects(peer["podSelector"], rasa.labels), "the Rasa pods are not admitted"
                admitted = [workload.kind_name for workload in others if selects(peer["podSelector"], workload.labels)]
                assert not admitted, f"also admits {admitted}"


def test_the_rasa_servers_call_the_action_server_through_its_service(objects, stages):
    by_role = pods_by_role(objects, stages)
    (rasa,) = by_role["rasa"].spec["containers"]
    url = urllib.parse.urlsplit(configmap_values(rasa, objects)["ACTION_ENDPOINT_URL"])
    service = named(objects, "Service", url.hostname.split(".")[0])
    assert selects({"matchLabels": service["spec"]["selector"]}, by_role["actions"].labels)
    assert url.port in {port["port"] for port in service["spec"]["ports"]}
    assert url.path == "/webhook"


def test_each_server_listens_on_the_port_its_settings_name(objects, stages):
    setting = {"rasa": "RASA_PORT", "actions": "ACTION_PORT", "web": "WEB_PORT"}
    for deployment in of_kind(objects, "Deployment"):
        for container in deployment["spec"]["template"]["spec"]["containers"]:
            role = role_of(container, stages)
            ports = [port["containerPort"] for port in container["ports"]]
            assert ports == [int(configmap_values(container, objects)[setting[role]])], container["name"]


# --- Settings ------------------------------------------------------------------------------------


def test_every_variable_the_code_reads_in_production_comes_from_a_configmap_or_a_secret(objects, stages):
    roles = shell_roles()
    broken = []
    for workload in workloads(objects):
        for container in workload.containers():
            where = f"{workload.kind_name} {container['name']}"
            reads = role_reads(roles[role_of(container, stages)]).variables
            given = env_sources(container, objects)
            for name, place in sorted(reads.items()):
                if name in NOT_IN_PRODUCTION:
                    if name in given:
                        broken.append(f"{where}: sets {name}, which {NOT_IN_PRODUCTION[name]}")
                elif name not in given:
                    broken.append(f"{where}: {name} (read by {place}) is not set")
                elif not given[name].startswith(("configmap ", "secret ")):
                    broken.append(f"{where}: {name} is a {given[name]} value, not from a ConfigMap or Secret")
    assert not broken, "\n".join(broken)


def test_the_role_reading_finds_what_the_code_reads():
    # The check above is only as good as this reading: spot-check it against known reads.
    roles = shell_roles()
    rasa = role_reads(roles["rasa"]).variables
    assert rasa["TRACKER_RETRY_SECONDS"] == "stores/sql.py"  # through RETRY_ENV
    assert rasa["SLACK_SIGNING_SECRET"] == "channels/slack/connector.py"  # through a helper
    assert rasa["REDIS_KEY_PREFIX"] == "endpoints.production.yml"
    assert rasa["RASA_AUTH_TOKEN"] == SCRIPT
    assert "SQL_POOL_SIZE" in rasa and "LOG_LEVEL" in rasa
    assert set(role_reads(roles["web"]).variables) >= {"WEB_HOST", "WEB_PORT", "RASA_URL"}
    assert role_reads(roles["actions"]).variables["SQL_POOL_SIZE"] == "stores/share.py"  # the share links' pool
    assert role_reads(roles["web"]).variables["DB_HOST"] == SCRIPT  # the share links' database


def test_secrets_are_referenced_by_name_and_none_is_in_the_manifests(objects):
    assert not of_kind(objects, "Secret"), "secret values belong in the cluster, not in git"
    documented = readme_section("Deploying").replace("\\\n", " ")  # shell line continuations
    for workload in workloads(objects):
        for container in workload.containers():
            for name, key, _ in iter_secret_refs(container):
                commands = re.findall(rf"create secret generic {name} [^\n]*", documented)
                assert commands, f"README does not say how to create the Secret {name}"
                assert any(f"--from-literal={key}=" in command for command in commands), f"README: {name} without {key}"


def test_the_connection_pools_fit_in_postgresql_at_the_most_instances(objects, stages):
    by_role = pods_by_role(objects, stages)
    (hpa,) = of_kind(objects, "HorizontalPodAutoscaler")
    total = 0
    # The action server and the web pages open the same database for share links (stores/share.py).
    fixed = {role: by_role[role].owner["spec"]["replicas"] for role in ("actions", "web")}
    for role, instances in (("rasa", hpa["spec"]["maxReplicas"]), ("retention", 1), *fixed.items()):
        (container,) = by_role[role].spec["containers"]
        settings = configmap_values(container, objects)
        total += instances * (int(settings["SQL_POOL_SIZE"]) + int(settings["SQL_MAX_OVERFLOW"]))
    assert total <= POSTGRES_CONNECTIONS, f"{total} connections at {hpa['spec']['maxReplicas']} instances"


# --- Scaling and disruptions ----------------------------------------------------------------------


def test_the_rasa_servers_scale_on_cpu_and_keep_one_up_in_a_disruption(objects, stages):
    rasa = pods_by_role(objects, stages)["rasa"]
    (hpa,) = of_kind(objects, "HorizontalPodAutoscaler")
    assert hpa["spec"]["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": rasa.owner["metadata"]["name"],
    }
    assert [metric["resource"]["name"] for metric in hpa["spec"]["metrics"]] == ["cpu"]
    assert all(container["resources"]["requests"].get("cpu") for container in rasa.spec["containers"]), (
        "CPU utilisation is measured against the request"
    )
    assert "replicas" not in rasa.owner["spec"], "a fixed count would undo the autoscaler on every apply"
    assert hpa["spec"]["minReplicas"] >= 2
    budgets = [budget for budget in of_kind(objects, "PodDisruptionBudget") if selects(budget["spec"]["selector"], rasa.labels)]
    assert len(budgets) == 1
    assert budgets[0]["spec"].get("maxUnavailable", hpa["spec"]["minReplicas"]) < hpa["spec"]["minReplicas"]


def test_production_runs_in_a_namespace_that_enforces_the_restricted_pod_standard():
    objects = render(OVERLAYS["production"])  # the base leaves the namespace to you
    (namespace,) = of_kind(objects, "Namespace")
    assert namespace["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
    assert {thing["metadata"].get("namespace") for thing in objects if thing["kind"] != "Namespace"} == {
        namespace["metadata"]["name"]
    }


def test_the_model_in_the_rasa_image_is_the_one_the_servers_load(objects, stages):
    (rasa,) = pods_by_role(objects, stages)["rasa"].spec["containers"]
    model = configmap_values(rasa, objects)["MODEL"]
    copies = [
        rest.split() for stage in image_config(stages, "rasa").chain for keyword, rest in stage.instructions if keyword == "COPY"
    ]
    assert [model, "models/"] in copies or [model, model] in copies, copies
    assert re.search(rf"(?m)^MODEL := {re.escape(model)}$", (ROOT / "Makefile").read_text())
