"""Floe projects as Dagster assets.

Shipped by `floe orchestrate dagster` next to `definitions.py`. It reads
`compiled_artifacts.json` when the code location loads and builds:

- one asset per seed, model and snapshot (ephemeral models are inlined, so
  they are skipped and their upstreams become direct deps), in one
  `multi_asset(can_subset=True)` whose body runs `floe build --select ...`
  through Dagster Pipes;
- sources as external upstream `AssetSpec`s;
- one asset check per data test (blocking for severity error);
- a schedule per artifacts schedule;
- for `streaming_table` models: assets materialized by `floe deploy`, a
  `flink_job_health` check per model and a sensor that polls the Flink
  JobManager REST API and reports job state, checkpoint age and restarts.

Regenerate this file with `floe orchestrate dagster` rather than editing it;
customise through `FloeProject` and by subclassing `FloeTranslator`.
"""

import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dagster as dg

__all__ = [
    "FloeArtifactsError",
    "FloePipesClient",
    "FloeProject",
    "FloeTranslator",
    "build_definitions",
    "flink_job_health",
    "load_artifacts",
]

#: The artifacts major version this loader reads (floe-core ARTIFACTS_VERSION 1.x).
SUPPORTED_ARTIFACTS_MAJOR = 1
ASSET_RESOURCE_TYPES = ("seed", "model", "snapshot")
STREAMING_MATERIALIZATION = "streaming_table"
HEALTH_CHECK_NAME = "flink_job_health"
PIPES_RESOURCE_KEY = "floe_pipes"

_NAME_INVALID = re.compile(r"[^A-Za-z0-9_]")
_TAG_INVALID = re.compile(r"[^A-Za-z0-9_.-]")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class FloeArtifactsError(Exception):
    """compiled_artifacts.json is missing, unreadable or of an unknown major version."""


# --------------------------------------------------------------------------
# Artifacts


def load_artifacts(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Reads compiled_artifacts.json and refuses an unknown major artifactsVersion."""
    p = Path(path)
    if not p.is_file():
        raise FloeArtifactsError(
            f"{p} does not exist. Run `floe compile` in the project first, or point"
            " FLOE_ARTIFACTS_PATH at the compiled_artifacts.json to load."
        )
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise FloeArtifactsError(f"{p} is not readable JSON: {exc}") from exc
    version = data.get("artifactsVersion") if isinstance(data, dict) else None
    if not isinstance(version, str) or not re.fullmatch(r"\d+\.\d+\.\d+", version):
        raise FloeArtifactsError(
            f"{p} has no valid artifactsVersion; re-create it with `floe compile`."
        )
    major = int(version.split(".")[0])
    if major != SUPPORTED_ARTIFACTS_MAJOR:
        raise FloeArtifactsError(
            f"{p} has artifactsVersion {version}, but this floe_dagster.py reads"
            f" {SUPPORTED_ARTIFACTS_MAJOR}.x. Re-run `floe orchestrate dagster` with the Floe"
            " version that compiled the project, so loader and artifacts match."
        )
    for key in ("project", "environment", "nodes", "sources", "schedules", "computes"):
        if key not in data:
            raise FloeArtifactsError(f"{p} lacks the required field `{key}`.")
    return data


# --------------------------------------------------------------------------
# Settings


@dataclass(frozen=True)
class FloeProject:
    """Where the project lives and how to run Floe.

    Environment variables override the generated values at load time:
    FLOE_PROJECT_DIR, FLOE_ARTIFACTS_PATH, FLOE_COMMAND (a shell-quoted command,
    e.g. "npx floe") and FLOE_FLINK_JOBMANAGER_URL.
    """

    project_dir: str
    artifacts_path: str
    floe_command: Sequence[str] | None = None
    asset_key_prefix: Sequence[str] = ()
    env: Mapping[str, str] = field(default_factory=dict)
    flink_sensor_interval_seconds: int = 60
    max_checkpoint_age_seconds: float = 600.0
    flink_request_timeout_seconds: float = 5.0
    #: A health result is re-reported at least this often even when unchanged.
    health_report_interval_seconds: float = 900.0

    @classmethod
    def from_env(cls, **defaults: Any) -> "FloeProject":
        values = dict(defaults)
        if os.environ.get("FLOE_PROJECT_DIR"):
            values["project_dir"] = os.environ["FLOE_PROJECT_DIR"]
        if os.environ.get("FLOE_ARTIFACTS_PATH"):
            values["artifacts_path"] = os.environ["FLOE_ARTIFACTS_PATH"]
        return cls(**values)

    def resolved_floe_command(self) -> list[str]:
        """FLOE_COMMAND, else the configured command, else `floe` on PATH, else `npx --no-install floe`."""
        from_env = os.environ.get("FLOE_COMMAND")
        if from_env:
            return shlex.split(from_env)
        if self.floe_command:
            return list(self.floe_command)
        found = shutil.which("floe")
        if found:
            return [found]
        return ["npx", "--no-install", "floe"]


# --------------------------------------------------------------------------
# Naming


def sanitize_name(value: str) -> str:
    """A Dagster name: ^[A-Za-z0-9_]+$."""
    cleaned = _NAME_INVALID.sub("_", value)
    return cleaned or "_"


def sanitize_tag_part(value: str, allow_empty: bool) -> str:
    """A Dagster strict tag key or value: [A-Za-z0-9_.-], at most 63 characters."""
    cleaned = _TAG_INVALID.sub("_", value)[:63]
    if not cleaned and not allow_empty:
        return ""
    return cleaned


def escape_asset_key(key: dg.AssetKey) -> str:
    """The escaped user string Pipes uses for asset keys."""
    return key.to_escaped_user_string()


class FloeTranslator:
    """Maps artifacts nodes onto Dagster names; subclass to customise (like DagsterDbtTranslator)."""

    def __init__(self, asset_key_prefix: Sequence[str] = ()) -> None:
        self.asset_key_prefix = [sanitize_name(p) for p in asset_key_prefix]

    def get_asset_key(self, node: Mapping[str, Any]) -> dg.AssetKey:
        return dg.AssetKey([*self.asset_key_prefix, sanitize_name(node["name"])])

    def get_source_asset_key(self, source: Mapping[str, Any]) -> dg.AssetKey:
        return dg.AssetKey(
            [*self.asset_key_prefix, sanitize_name(source["sourceName"]), sanitize_name(source["name"])]
        )

    def get_group_name(self, node: Mapping[str, Any]) -> str:
        override = _dagster_meta(node).get("group")
        if isinstance(override, str) and override:
            return sanitize_name(override)
        # The first folder under the resource root: models/staging/x.sql -> staging.
        parts = [p for p in str(node.get("path", "")).replace("\\", "/").split("/") if p]
        return sanitize_name(parts[1]) if len(parts) >= 3 else "default"

    def get_description(self, node: Mapping[str, Any]) -> str | None:
        return node.get("description") or None

    def get_tags(self, node: Mapping[str, Any]) -> dict[str, str]:
        tags: dict[str, str] = {}
        for tag in node.get("tags", []):
            key = sanitize_tag_part(str(tag), allow_empty=False)
            if key:
                tags[key] = ""
        materialized = sanitize_tag_part(str(node.get("materialized", "")), allow_empty=True)
        tags["floe/materialized"] = materialized
        tags["floe/resource_type"] = sanitize_tag_part(str(node["resourceType"]), allow_empty=True)
        return tags

    def get_owners(self, node: Mapping[str, Any]) -> list[str]:
        raw = node.get("meta", {}).get("owner")
        candidates = raw if isinstance(raw, list) else [raw]
        owners = []
        for owner in candidates:
            if not isinstance(owner, str):
                continue
            if _EMAIL.match(owner) or (owner.startswith("team:") and len(owner) > 5):
                owners.append(owner)
        return owners

    def get_kinds(self, node: Mapping[str, Any]) -> set[str]:
        return {"floe", str(node.get("targetType") or "sql")}

    def get_metadata(self, node: Mapping[str, Any], project_dir: str) -> dict[str, Any]:
        metadata: dict[str, Any] = {
            "floe/unique_id": node["id"],
            "floe/path": node.get("path", ""),
            "floe/compute": node.get("compute", ""),
        }
        relation = node.get("relation")
        if relation:
            parts = [relation.get("database"), relation.get("schema"), relation.get("identifier")]
            metadata["dagster/table_name"] = ".".join(p for p in parts if p)
            metadata["floe/relation"] = relation.get("rendered", "")
        columns = node.get("columns") or []
        if columns:
            metadata["dagster/column_schema"] = dg.TableSchema(
                columns=[
                    dg.TableColumn(
                        name=c["name"],
                        type=c.get("dataType") or "unknown",
                        description=c.get("description"),
                    )
                    for c in columns
                ]
            )
        if node.get("path"):
            location = node.get("location") or {}
            metadata["dagster/code_references"] = dg.CodeReferencesMetadataValue(
                code_references=[
                    dg.LocalFileCodeReference(
                        file_path=str(Path(project_dir, node["path"]).resolve()),
                        line_number=location.get("line"),
                    )
                ]
            )
        return metadata

    def get_check_name(self, test: Mapping[str, Any]) -> str:
        return sanitize_name(test["name"])


def _dagster_meta(node: Mapping[str, Any]) -> Mapping[str, Any]:
    meta = node.get("meta") or {}
    value = meta.get("dagster") if isinstance(meta, Mapping) else None
    return value if isinstance(value, Mapping) else {}


# --------------------------------------------------------------------------
# The graph as Dagster sees it


@dataclass
class _Check:
    test: Mapping[str, Any]
    asset_id: str
    key: dg.AssetCheckKey
    spec: dg.AssetCheckSpec


@dataclass
class FloeGraph:
    """Artifacts resolved into Dagster keys: assets, sources, checks."""

    artifacts: Mapping[str, Any]
    translator: FloeTranslator
    project_dir: str
    asset_nodes: dict[str, Mapping[str, Any]] = field(default_factory=dict)
    keys: dict[str, dg.AssetKey] = field(default_factory=dict)
    checks: dict[str, _Check] = field(default_factory=dict)
    unattached_tests: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        nodes = self.artifacts["nodes"]
        for node_id, node in sorted(nodes.items()):
            if node["resourceType"] in ASSET_RESOURCE_TYPES and node.get("materialized") != "ephemeral":
                self.asset_nodes[node_id] = node
                self.keys[node_id] = self.translator.get_asset_key(node)
        for source_id, source in sorted(self.artifacts["sources"].items()):
            self.keys[source_id] = self.translator.get_source_asset_key(source)
        for node_id, node in sorted(nodes.items()):
            if node["resourceType"] != "test":
                continue
            target = self._test_target(node)
            if target is None:
                self.unattached_tests.append(node_id)
                continue
            severity = (node.get("test") or {}).get("severity", "error")
            name = self.translator.get_check_name(node)
            asset_key = self.keys[target]
            spec = dg.AssetCheckSpec(
                name=name,
                asset=asset_key,
                blocking=severity == "error",
                description=node.get("description") or _test_description(node),
                metadata={"floe/unique_id": node_id, "floe/severity": severity},
            )
            self.checks[node_id] = _Check(node, target, dg.AssetCheckKey(asset_key, name), spec)

    def _test_target(self, test: Mapping[str, Any]) -> str | None:
        attached = (test.get("test") or {}).get("attachedTo")
        if attached in self.asset_nodes or attached in self.artifacts["sources"]:
            return attached
        if attached:
            return None  # attached to an ephemeral model or an unknown node
        # A singular test with exactly one asset upstream is attached to it.
        upstream = {k for k in self.upstream_ids(test["id"])}
        return next(iter(upstream)) if len(upstream) == 1 else None

    def upstream_ids(self, node_id: str, _seen: set[str] | None = None) -> list[str]:
        """Asset and source ids a node depends on, looking through ephemeral models."""
        seen = _seen if _seen is not None else set()
        out: list[str] = []
        node = self.artifacts["nodes"].get(node_id)
        for dep in (node or {}).get("dependsOn", []):
            if dep in seen:
                continue
            seen.add(dep)
            if dep in self.asset_nodes or dep in self.artifacts["sources"]:
                out.append(dep)
            elif dep in self.artifacts["nodes"]:
                out.extend(self.upstream_ids(dep, seen))
        return out

    def is_streaming(self, node_id: str) -> bool:
        return self.asset_nodes[node_id].get("materialized") == STREAMING_MATERIALIZATION

    def spec(self, node_id: str) -> dg.AssetSpec:
        node = self.asset_nodes[node_id]
        t = self.translator
        return dg.AssetSpec(
            key=self.keys[node_id],
            deps=[self.keys[d] for d in self.upstream_ids(node_id)],
            description=t.get_description(node),
            metadata=t.get_metadata(node, self.project_dir),
            group_name=t.get_group_name(node),
            code_version=node.get("checksum") or None,
            owners=t.get_owners(node),
            tags=t.get_tags(node),
            kinds=t.get_kinds(node),
            skippable=True,
        )

    def source_spec(self, source_id: str) -> dg.AssetSpec:
        source = self.artifacts["sources"][source_id]
        tags = {}
        for tag in source.get("tags", []):
            key = sanitize_tag_part(str(tag), allow_empty=False)
            if key:
                tags[key] = ""
        return dg.AssetSpec(
            key=self.keys[source_id],
            description=source.get("description") or None,
            group_name=sanitize_name(source["sourceName"]),
            metadata={"floe/unique_id": source_id},
            tags=tags,
            kinds={"floe", "source"},
        )

    def node_id_for_key(self) -> dict[dg.AssetKey, str]:
        return {v: k for k, v in self.keys.items()}


def _test_description(test: Mapping[str, Any]) -> str:
    spec = test.get("test") or {}
    name = spec.get("testName") or test["name"]
    column = spec.get("column")
    return f"{name} on {column}" if column else str(name)


# --------------------------------------------------------------------------
# Running Floe through Pipes


class FloePipesClient(dg.PipesSubprocessClient):
    """PipesSubprocessClient that keeps what Floe reported when it exits non-zero.

    Floe exits 1 when a node or test failed; the materializations and check
    results reported before that must still reach Dagster, so this client
    returns the exit code instead of raising, and the asset body fails the
    step after yielding them.
    """

    def run_floe(
        self,
        *,
        context: dg.AssetExecutionContext | dg.OpExecutionContext,
        command: Sequence[str],
        extras: Mapping[str, Any] | None = None,
        env: Mapping[str, str] | None = None,
        cwd: str | None = None,
    ) -> tuple[dg.PipesClientCompletedInvocation, int]:
        with dg.open_pipes_session(
            context=context,
            context_injector=self.context_injector,
            message_reader=self.message_reader,
            extras=extras,
        ) as session:
            process = subprocess.Popen(
                list(command),
                cwd=cwd or self.cwd,
                env={**os.environ, **self.env, **(env or {}), **session.get_bootstrap_env_vars()},
                stdout=None if self.forward_stdio else subprocess.DEVNULL,
                stderr=None if self.forward_stdio else subprocess.DEVNULL,
            )
            try:
                process.wait()
            except BaseException:
                # Interrupted (run terminated): let Floe stop cleanly, as PipesSubprocessClient does.
                if self.forward_termination and process.poll() is None:
                    process.send_signal(signal.SIGINT)
                    try:
                        process.wait(timeout=self.termination_timeout_seconds)
                    except subprocess.TimeoutExpired:
                        process.kill()
                raise
        return dg.PipesClientCompletedInvocation(session), process.returncode


def _run_floe(
    context: dg.AssetExecutionContext,
    client: dg.PipesSubprocessClient,
    project: FloeProject,
    command: list[str],
    extras: Mapping[str, Any],
    implicit_materializations: bool = True,
) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    context.log.info(f"running {shlex.join(command)}")
    if isinstance(client, FloePipesClient):
        invocation, code = client.run_floe(
            context=context, command=command, extras=extras, env=project.env, cwd=project.project_dir
        )
    else:
        invocation = client.run(
            context=context, command=command, extras=extras, env=dict(project.env), cwd=project.project_dir
        )
        code = 0
    # On success every selected asset was built, reported or not; on failure only
    # what Floe reported counts.
    yield from invocation.get_results(implicit_materializations=implicit_materializations and code == 0)
    if code != 0:
        raise dg.Failure(
            description=f"`{shlex.join(command)}` exited with code {code}",
            metadata={"exit_code": code},
        )


def _selection_args(
    graph: FloeGraph,
    context: dg.AssetExecutionContext,
    asset_ids: Sequence[str],
    check_ids: Sequence[str],
) -> tuple[list[str], list[str], dict[str, Any]]:
    """Floe --select/--exclude names for the selected subset, and Pipes extras."""
    by_key = graph.node_id_for_key()
    selected_assets = [by_key[k] for k in context.selected_asset_keys if k in by_key]
    selected_check_keys = set(context.selected_asset_check_keys)
    selected_checks = [c for c in check_ids if graph.checks[c].key in selected_check_keys]
    unselected_checks = [
        c
        for c in check_ids
        if graph.checks[c].key not in selected_check_keys and graph.checks[c].asset_id in selected_assets
    ]
    nodes = graph.artifacts["nodes"]
    select = sorted({nodes[i]["name"] for i in selected_assets} | {nodes[c]["name"] for c in selected_checks})
    exclude = sorted({nodes[c]["name"] for c in unselected_checks})
    extras = {
        "floe": {
            "artifacts_version": graph.artifacts["artifactsVersion"],
            "environment": graph.artifacts["environment"],
            # Node id -> escaped asset key, and test id -> check, so the CLI reports
            # exactly the names this code location declared.
            "asset_keys": {i: escape_asset_key(graph.keys[i]) for i in selected_assets},
            "checks": {
                c: {
                    "asset_key": escape_asset_key(graph.checks[c].key.asset_key),
                    "check_name": graph.checks[c].key.name,
                }
                for c in selected_checks
            },
        }
    }
    return select, exclude, extras


def _floe_args(project: FloeProject, graph: FloeGraph, verb: str, select: list[str], exclude: list[str]) -> list[str]:
    command = [*project.resolved_floe_command(), verb, "--select", *select]
    if exclude:
        command += ["--exclude", *exclude]
    return command + ["--project-dir", project.project_dir, "--env", graph.artifacts["environment"]]


def _floe_multi_asset(graph: FloeGraph, name: str, asset_ids: list[str], command: str):
    """The shared `multi_asset` decorator of a group of Floe assets and the ids of their checks."""
    check_ids = [c for c, chk in graph.checks.items() if chk.asset_id in asset_ids]
    decorator = dg.multi_asset(
        name=name,
        specs=[graph.spec(i) for i in asset_ids],
        check_specs=[graph.checks[c].spec for c in check_ids],
        can_subset=True,
        required_resource_keys={PIPES_RESOURCE_KEY},
        op_tags={"floe/command": command},
    )
    return decorator, check_ids


def _build_batch_assets(graph: FloeGraph, project: FloeProject, name: str, asset_ids: list[str]) -> dg.AssetsDefinition:
    floe_assets, check_ids = _floe_multi_asset(graph, name, asset_ids, "build")

    @floe_assets
    def _floe_build(context: dg.AssetExecutionContext):
        select, exclude, extras = _selection_args(graph, context, asset_ids, check_ids)
        command = _floe_args(project, graph, "build", select, exclude)
        yield from _run_floe(context, getattr(context.resources, PIPES_RESOURCE_KEY), project, command, extras)

    return _floe_build


def _build_streaming_assets(
    graph: FloeGraph, project: FloeProject, name: str, asset_ids: list[str]
) -> dg.AssetsDefinition:
    floe_assets, check_ids = _floe_multi_asset(graph, name, asset_ids, "deploy")

    @floe_assets
    def _floe_deploy(context: dg.AssetExecutionContext):
        select, exclude, extras = _selection_args(graph, context, asset_ids, check_ids)
        client = getattr(context.resources, PIPES_RESOURCE_KEY)
        models = [graph.artifacts["nodes"][i]["name"] for i in asset_ids if i in extras["floe"]["asset_keys"]]
        tests = sorted(set(select) - set(models))
        if models:
            command = _floe_args(project, graph, "deploy", models, [])
            yield from _run_floe(context, client, project, command, extras)
        if tests:
            command = _floe_args(project, graph, "test", tests, [])
            results = _run_floe(context, client, project, command, extras, implicit_materializations=False)
            yield from (r for r in results if isinstance(r, dg.AssetCheckResult))

    return _floe_deploy


def _build_source_checks(graph: FloeGraph, project: FloeProject, name: str, check_ids: list[str]):
    """Tests on sources run as standalone checks through `floe test`."""

    @dg.multi_asset_check(
        name=name,
        specs=[graph.checks[c].spec for c in check_ids],
        can_subset=True,
        required_resource_keys={PIPES_RESOURCE_KEY},
    )
    def _floe_source_tests(context: dg.AssetCheckExecutionContext):
        selected = set(context.selected_asset_check_keys)
        chosen = [c for c in check_ids if graph.checks[c].key in selected]
        extras = {
            "floe": {
                "artifacts_version": graph.artifacts["artifactsVersion"],
                "environment": graph.artifacts["environment"],
                "asset_keys": {},
                "checks": {
                    c: {
                        "asset_key": escape_asset_key(graph.checks[c].key.asset_key),
                        "check_name": graph.checks[c].key.name,
                    }
                    for c in chosen
                },
            }
        }
        names = sorted(graph.artifacts["nodes"][c]["name"] for c in chosen)
        command = _floe_args(project, graph, "test", names, [])
        client = getattr(context.resources, PIPES_RESOURCE_KEY)
        results = _run_floe(
            context.op_execution_context,  # type: ignore[arg-type]
            client,
            project,
            command,
            extras,
            implicit_materializations=False,
        )
        yield from (r for r in results if isinstance(r, dg.AssetCheckResult))

    return _floe_source_tests


# --------------------------------------------------------------------------
# Flink health


def _jobmanager_url(artifacts: Mapping[str, Any], node: Mapping[str, Any]) -> str | None:
    override = os.environ.get("FLOE_FLINK_JOBMANAGER_URL")
    if override:
        return override.rstrip("/")
    compute = artifacts["computes"].get(node.get("compute", ""), {})
    value = (compute.get("config") or {}).get("jobmanager")
    if isinstance(value, Mapping):
        value = value.get("url")
    return value.rstrip("/") if isinstance(value, str) and value else None


def _redact_url(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, "", ""))


def _get_json(url: str, timeout: float) -> Any:
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (configured URL)
        return json.loads(response.read().decode("utf-8"))


def flink_job_name(artifacts: Mapping[str, Any], node: Mapping[str, Any]) -> str:
    """The `pipeline.name` of a streaming model's job: the one the compiler recorded
    (node.target.data.flink.job.name), else Floe's rule floe.<project>.<environment>.<model>."""
    job = (((node.get("target") or {}).get("data") or {}).get("flink") or {}).get("job") or {}
    name = job.get("name") if isinstance(job, Mapping) else None
    if isinstance(name, str) and name:
        return name
    return f"floe.{artifacts['project']['name']}.{artifacts['environment']}.{node['name']}"


def flink_job_health(
    jobmanager_url: str,
    job_name: str,
    *,
    max_checkpoint_age_seconds: float,
    timeout_seconds: float = 5.0,
    now: float | None = None,
) -> tuple[bool, dict[str, Any], str]:
    """Polls the JobManager REST API; returns (healthy, metadata, description)."""
    now = time.time() if now is None else now
    base = jobmanager_url.rstrip("/")
    metadata: dict[str, Any] = {"jobmanager": _redact_url(base), "job_name": job_name}
    try:
        overview = _get_json(f"{base}/jobs/overview", timeout_seconds)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        metadata["state"] = "UNREACHABLE"
        return False, metadata, f"JobManager not reachable: {type(exc).__name__}"
    jobs = [j for j in overview.get("jobs", []) if j.get("name") == job_name]
    if not jobs:
        metadata["state"] = "NOT_FOUND"
        return False, metadata, f"no Flink job named {job_name}"
    running = [j for j in jobs if j.get("state") == "RUNNING"]
    job = max(running or jobs, key=lambda j: j.get("start-time", 0))
    state = str(job.get("state"))
    job_id = str(job.get("jid"))
    metadata["state"] = state
    metadata["job_id"] = job_id
    start_ms = job.get("start-time") or 0
    if start_ms > 0:
        metadata["uptime_seconds"] = float(max(0.0, now - start_ms / 1000.0))
    try:
        checkpoints = _get_json(f"{base}/jobs/{job_id}/checkpoints", timeout_seconds)
    except (urllib.error.URLError, OSError, ValueError):
        checkpoints = {}
    counts = checkpoints.get("counts") or {}
    metadata["failed_checkpoints"] = int(counts.get("failed") or 0)
    completed = (checkpoints.get("latest") or {}).get("completed") or {}
    ack_ms = completed.get("latest_ack_timestamp") or completed.get("trigger_timestamp")
    age: float | None = None
    if ack_ms:
        age = float(max(0.0, now - ack_ms / 1000.0))
        metadata["last_checkpoint_age_seconds"] = age
    try:
        metrics = _get_json(f"{base}/jobs/{job_id}/metrics?get=numRestarts", timeout_seconds)
        restarts = next((m.get("value") for m in metrics if m.get("id") == "numRestarts"), None)
        if restarts is not None:
            metadata["restarts"] = int(float(restarts))
    except (urllib.error.URLError, OSError, ValueError, TypeError):
        pass
    if state != "RUNNING":
        return False, metadata, f"job {job_name} is {state}"
    if age is None:
        uptime = metadata.get("uptime_seconds", 0.0)
        if uptime > max_checkpoint_age_seconds:
            return False, metadata, f"no completed checkpoint after {uptime:.0f}s"
        return True, metadata, "running, no checkpoint yet"
    if age > max_checkpoint_age_seconds:
        return False, metadata, f"last checkpoint {age:.0f}s ago (limit {max_checkpoint_age_seconds:.0f}s)"
    return True, metadata, f"running, last checkpoint {age:.0f}s ago"


def _build_flink_health(graph: FloeGraph, project: FloeProject, name: str, asset_ids: list[str]):
    targets: dict[dg.AssetCheckKey, tuple[str, str | None]] = {}
    specs = []
    for node_id in asset_ids:
        node = graph.asset_nodes[node_id]
        key = dg.AssetCheckKey(graph.keys[node_id], HEALTH_CHECK_NAME)
        targets[key] = (flink_job_name(graph.artifacts, node), _jobmanager_url(graph.artifacts, node))
        specs.append(
            dg.AssetCheckSpec(
                name=HEALTH_CHECK_NAME,
                asset=graph.keys[node_id],
                description="Flink job is RUNNING and checkpoints recently (JobManager REST).",
            )
        )

    def evaluate(key: dg.AssetCheckKey) -> tuple[bool, dict[str, Any], str]:
        job_name, url = targets[key]
        if url is None:
            return False, {"job_name": job_name, "state": "NO_JOBMANAGER"}, "no jobmanager URL in the compute config"
        return flink_job_health(
            url,
            job_name,
            max_checkpoint_age_seconds=project.max_checkpoint_age_seconds,
            timeout_seconds=project.flink_request_timeout_seconds,
        )

    @dg.multi_asset_check(name=f"{name}_health", specs=specs, can_subset=True)
    def _health_checks(context: dg.AssetCheckExecutionContext):
        for key in sorted(context.selected_asset_check_keys, key=lambda k: k.to_user_string()):
            passed, metadata, description = evaluate(key)
            yield dg.AssetCheckResult(
                asset_key=key.asset_key,
                check_name=key.name,
                passed=passed,
                metadata=metadata,
                description=description,
                severity=dg.AssetCheckSeverity.ERROR,
            )

    @dg.sensor(
        name=f"{name}_flink_health",
        minimum_interval_seconds=project.flink_sensor_interval_seconds,
        description="Polls the Flink JobManager and records each streaming model's health as an asset check.",
        default_status=dg.DefaultSensorStatus.STOPPED,
    )
    def _health_sensor(context: dg.SensorEvaluationContext):
        previous: dict[str, Any] = json.loads(context.cursor) if context.cursor else {}
        now = time.time()
        events = []
        cursor: dict[str, Any] = {}
        for key in sorted(targets, key=lambda k: k.to_user_string()):
            passed, metadata, description = evaluate(key)
            ident = key.to_user_string()
            state = f"{passed}:{metadata.get('state')}"
            last = previous.get(ident) or {}
            due = now - float(last.get("at", 0)) >= project.health_report_interval_seconds
            if last.get("state") != state or due:
                events.append(
                    dg.AssetCheckEvaluation(
                        asset_key=key.asset_key,
                        check_name=key.name,
                        passed=passed,
                        metadata=metadata,
                        description=description,
                        severity=dg.AssetCheckSeverity.ERROR,
                    )
                )
                cursor[ident] = {"state": state, "at": now}
            else:
                cursor[ident] = last
        return dg.SensorResult(asset_events=events, cursor=json.dumps(cursor, sort_keys=True))

    return _health_checks, _health_sensor


# --------------------------------------------------------------------------
# Schedules


def _build_schedules(graph: FloeGraph, name: str) -> list[dg.ScheduleDefinition]:
    schedules = []
    for schedule in graph.artifacts.get("schedules", []):
        asset_keys = [graph.keys[i] for i in schedule["nodes"] if i in graph.asset_nodes]
        check_keys = [graph.checks[i].key for i in schedule["nodes"] if i in graph.checks]
        if not asset_keys and not check_keys:
            warnings.warn(f"floe schedule {schedule['name']!r} selects no asset or check; skipped")
            continue
        selection = dg.AssetSelection.assets(*asset_keys).without_checks() | dg.AssetSelection.checks(*check_keys)
        job_name = sanitize_name(f"{name}_{schedule['name']}")
        job = dg.define_asset_job(
            name=job_name,
            selection=selection,
            description=f"Floe schedule {schedule['name']}: {schedule['select']}",
        )
        schedules.append(
            dg.ScheduleDefinition(
                name=f"{job_name}_schedule",
                cron_schedule=schedule["cron"],
                execution_timezone=schedule["timezone"],
                job=job,
                description=f"Floe schedule {schedule['name']} ({schedule['select']})",
            )
        )
    return schedules


# --------------------------------------------------------------------------
# Entry point


def build_definitions(
    project: FloeProject,
    translator: FloeTranslator | None = None,
    pipes_client: dg.PipesSubprocessClient | None = None,
) -> dg.Definitions:
    """Everything Floe contributes to a code location, from compiled_artifacts.json."""
    artifacts = load_artifacts(project.artifacts_path)
    graph = FloeGraph(artifacts, translator or FloeTranslator(project.asset_key_prefix), project.project_dir)
    name = sanitize_name(f"floe_{artifacts['project']['name']}")

    batch_ids = [i for i in graph.asset_nodes if not graph.is_streaming(i)]
    streaming_ids = [i for i in graph.asset_nodes if graph.is_streaming(i)]
    source_check_ids = [c for c, chk in graph.checks.items() if chk.asset_id in artifacts["sources"]]

    assets: list[Any] = [graph.source_spec(s) for s in sorted(artifacts["sources"])]
    asset_checks: list[Any] = []
    sensors: list[dg.SensorDefinition] = []
    if batch_ids:
        assets.append(_build_batch_assets(graph, project, name, batch_ids))
    if streaming_ids:
        assets.append(_build_streaming_assets(graph, project, f"{name}_streaming", streaming_ids))
        health_checks, health_sensor = _build_flink_health(graph, project, name, streaming_ids)
        asset_checks.append(health_checks)
        sensors.append(health_sensor)
    if source_check_ids:
        asset_checks.append(_build_source_checks(graph, project, f"{name}_source_tests", source_check_ids))

    return dg.Definitions(
        assets=assets,
        asset_checks=asset_checks,
        schedules=_build_schedules(graph, name),
        sensors=sensors,
        resources={PIPES_RESOURCE_KEY: pipes_client or FloePipesClient()},
    )
