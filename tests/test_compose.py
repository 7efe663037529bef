"""docker-compose.yml and deploy/ agree with each other and with the code.

There is no Docker engine in CI, so the production-like stack is checked by
reading it: every service gets the settings that have no safe production
default, listens where it is published and health-checked, has its own
database in the init SQL, depends only on services that exist, is built from
files that exist, and sends traces to a collector that exports to Jaeger.

Each check returns a list of problems; the last tests feed it broken copies of
the real files to show that it notices.
"""

from __future__ import annotations

import ast
import copy
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from bostad_common.settings import Settings

ROOT = Path(__file__).resolve().parents[1]

# Settings whose default is only right on a developer's machine (localhost,
# SQLite, an in-process store, the development issuer, a public key).
REQUIRED_IN_PRODUCTION = (
    "database_url",
    "kafka_bootstrap",
    "redis_url",
    "oidc_issuer",
    "oidc_audience",
    "oidc_jwks_url",
    "pseudonym_key",
)
# ... of which these come from whoever runs the stack: `${VAR:?message}`.
FROM_OPERATOR = ("oidc_issuer", "oidc_audience", "oidc_jwks_url", "pseudonym_key")
# Settings compose must set to a fixed value.
FIXED_IN_COMPOSE = {"environment": "production", "http_host": "0.0.0.0"}
# Settings whose default is right in production too.
SAFE_DEFAULTS = {
    "service_name",
    "http_port",  # checked separately: equals the published container port
    "var_dir",
    "landlord_requests_per_minute",
    "relay_interval_seconds",
    "consumer_max_attempts",
    "consumer_session_timeout_ms",  # aiokafka's default; only the test suite shortens it
    "consumer_heartbeat_interval_ms",
    "max_request_body_bytes",
    "log_level",
    "otlp_endpoint",  # OTEL_EXPORTER_OTLP_ENDPOINT: checked with the telemetry below
    "demo_data",  # off unless ./bostad up sets BOSTAD_DEMO_DATA=1
    # Unset: only with the demo data or in development; compose fixes production,
    # and a production image lacks the demo users (it would fail to start, not seed).
    "seed_demo_directory",
    "trusted_proxies",  # empty: no proxy trusted until the operator names one
}

INTERPOLATION = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}")
VALID_CONDITIONS = {"service_started", "service_healthy", "service_completed_successfully"}


def env_var(setting: str) -> str:
    return f"{Settings.model_config.get('env_prefix', '')}{setting}".upper()


def interpolated(value: str) -> str:
    """The value with `${VAR...}` replaced by VAR, for parsing URLs and ports."""
    return INTERPOLATION.sub(lambda match: match.group(1), value)


@dataclass(frozen=True)
class Member:
    name: str
    module: str
    default_port: int | None


def _default_port(app_py: Path) -> int | None:
    """`default_port=` in the service's ServiceDefinition, read without importing it."""
    for node in ast.walk(ast.parse(app_py.read_text())):
        if isinstance(node, ast.keyword) and node.arg == "default_port":
            if isinstance(node.value, ast.Constant) and isinstance(node.value.value, int):
                return node.value.value
    return None


def workspace_members() -> dict[str, Member]:
    members: dict[str, Member] = {}
    for pyproject in sorted(
        [*ROOT.glob("libs/*/pyproject.toml"), *ROOT.glob("services/*/pyproject.toml")]
    ):
        data = tomllib.loads(pyproject.read_text())
        packages = data["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"]
        module = Path(packages[0]).name
        app_py = pyproject.parent / "src" / module / "app.py"
        port = _default_port(app_py) if app_py.exists() else None
        members[data["project"]["name"]] = Member(data["project"]["name"], module, port)
    return members


def service_members() -> dict[str, Member]:
    return {
        name: member
        for name, member in workspace_members().items()
        if (ROOT / "services" / name).is_dir()
    }


@dataclass
class Stack:
    compose: dict[str, Any]
    init_sql: str
    collector: dict[str, Any]
    dockerfile: str

    @classmethod
    def load(cls) -> Stack:
        return cls(
            compose=yaml.safe_load((ROOT / "docker-compose.yml").read_text()),
            init_sql="\n".join(
                path.read_text() for path in sorted((ROOT / "deploy/postgres-init").glob("*.sql"))
            ),
            collector=yaml.safe_load((ROOT / "deploy/otel-collector.yaml").read_text()),
            dockerfile=(ROOT / "deploy/Dockerfile").read_text(),
        )

    @property
    def services(self) -> dict[str, dict[str, Any]]:
        return self.compose["services"]

    def env(self, service: str) -> dict[str, str]:
        raw = self.services[service].get("environment") or {}
        if isinstance(raw, list):
            raw = dict(item.split("=", 1) for item in raw)
        return {key: "" if value is None else str(value) for key, value in raw.items()}

    def services_with_image(self, prefix: str) -> list[str]:
        return [
            name
            for name, spec in self.services.items()
            if str(spec.get("image", "")).split(":")[0] == prefix
        ]


Check = Callable[[Stack], list[str]]


# ---------------------------------------------------------------- checks


def check_required_settings(stack: Stack) -> list[str]:
    problems = []
    for name in service_members():
        if name not in stack.services:
            problems.append(f"{name}: not in docker-compose.yml")
            continue
        env = stack.env(name)
        for setting in REQUIRED_IN_PRODUCTION:
            var = env_var(setting)
            value = env.get(var, "")
            if not value.strip():
                problems.append(f"{name}: {var} is not set")
            elif setting in FROM_OPERATOR and not re.fullmatch(r"\$\{[A-Z0-9_]+:\?[^}]*\}", value):
                problems.append(
                    f"{name}: {var} must be required from the environment (${{{var}:?...}})"
                )
        for setting, expected in FIXED_IN_COMPOSE.items():
            var = env_var(setting)
            if env.get(var) != expected:
                problems.append(f"{name}: {var} must be {expected!r}, not {env.get(var)!r}")
    return problems


def _published(spec: dict[str, Any]) -> list[tuple[int, int]]:
    pairs = []
    for entry in spec.get("ports") or []:
        parts = interpolated(str(entry)).split("/")[0].split(":")
        pairs.append((int(parts[-2]), int(parts[-1])) if len(parts) >= 2 else (0, int(parts[0])))
    return pairs


def _healthcheck_text(spec: dict[str, Any]) -> str:
    test = (spec.get("healthcheck") or {}).get("test") or []
    return " ".join(test) if isinstance(test, list) else str(test)


def check_ports_and_healthchecks(stack: Stack) -> list[str]:
    problems = []
    for name, member in service_members().items():
        spec = stack.services.get(name)
        if spec is None:
            continue
        raw_port = stack.env(name).get(env_var("http_port"), "")
        if not raw_port.isdigit():
            problems.append(f"{name}: {env_var('http_port')} is not a port: {raw_port!r}")
            continue
        port = int(raw_port)
        if member.default_port is not None and port != member.default_port:
            problems.append(
                f"{name}: listens on {port}, its default (the contract) is {member.default_port}"
            )
        published = _published(spec)
        if (port, port) not in published:
            problems.append(f"{name}: listens on {port} but publishes {published}")
        health = _healthcheck_text(spec)
        if not re.search(rf"(127\.0\.0\.1|localhost):{port}/health/ready\b", health):
            problems.append(f"{name}: healthcheck does not ask :{port}/health/ready ({health!r})")
    return problems


def check_databases(stack: Stack) -> list[str]:
    problems = []
    created = set(re.findall(r"CREATE\s+DATABASE\s+\"?(\w+)\"?", stack.init_sql, re.IGNORECASE))
    postgres = stack.services_with_image("postgres")
    if len(postgres) != 1:
        return [f"expected one postgres service, found {postgres}"]
    pg_env = stack.env(postgres[0])
    owner = {}
    for name in service_members():
        if name not in stack.services:
            continue
        url = urlsplit(interpolated(stack.env(name).get(env_var("database_url"), "")))
        database = url.path.lstrip("/")
        if url.scheme != "postgresql+asyncpg":
            problems.append(f"{name}: database URL scheme {url.scheme!r} is not postgresql+asyncpg")
        if url.hostname != postgres[0]:
            problems.append(
                f"{name}: database host {url.hostname!r} is not the {postgres[0]} service"
            )
        if url.username != pg_env.get("POSTGRES_USER", "postgres"):
            problems.append(f"{name}: database user {url.username!r} is not POSTGRES_USER")
        if url.password != "POSTGRES_PASSWORD":
            problems.append(f"{name}: database password must be ${{POSTGRES_PASSWORD}}")
        if database not in created:
            problems.append(f"{name}: database {database!r} is not created in deploy/postgres-init")
        if database in owner:
            problems.append(f"{name}: shares database {database!r} with {owner[database]}")
        owner[database] = name
    return problems


def check_broker_and_cache(stack: Stack) -> list[str]:
    problems = []
    kafka = stack.services_with_image("apache/kafka")
    redis = stack.services_with_image("redis")
    if len(kafka) != 1 or len(redis) != 1:
        return [f"expected one apache/kafka and one redis service, found {kafka} and {redis}"]
    kafka_env = stack.env(kafka[0])
    roles = set(kafka_env.get("KAFKA_PROCESS_ROLES", "").split(","))
    if roles != {"broker", "controller"}:
        problems.append(f"{kafka[0]}: not a single KRaft node (KAFKA_PROCESS_ROLES={roles})")
    advertised = {
        listener.split("://", 1)[1]
        for listener in kafka_env.get("KAFKA_ADVERTISED_LISTENERS", "").split(",")
        if "://" in listener
    }
    clients = [name for name in stack.services if env_var("kafka_bootstrap") in stack.env(name)]
    for name in clients:
        bootstrap = stack.env(name)[env_var("kafka_bootstrap")]
        if bootstrap not in advertised:
            problems.append(f"{name}: bootstrap {bootstrap!r} is not advertised by {kafka[0]}")
    for name in service_members():
        if name not in stack.services:
            continue
        url = urlsplit(stack.env(name).get(env_var("redis_url"), ""))
        if url.scheme != "redis" or url.hostname != redis[0]:
            problems.append(f"{name}: Redis URL does not point at the {redis[0]} service")
    topics_jobs = [
        name
        for name in clients
        if "ensure_topics" in " ".join(stack.services[name].get("command") or [])
    ]
    if not topics_jobs:
        problems.append(
            "no one-shot service creates the topics (bostad_common.kafka_admin.ensure_topics)"
        )
    for name in service_members():
        depends = (stack.services.get(name) or {}).get("depends_on") or {}
        for job in topics_jobs:
            if (depends.get(job) or {}).get("condition") != "service_completed_successfully":
                problems.append(f"{name}: does not wait for {job} to complete")
    return problems


def check_depends_on(stack: Stack) -> list[str]:
    problems = []
    for name, spec in stack.services.items():
        depends = spec.get("depends_on") or {}
        if isinstance(depends, list):
            depends = {dep: {"condition": "service_started"} for dep in depends}
        for dep, options in depends.items():
            if dep not in stack.services:
                problems.append(f"{name}: depends on undefined service {dep!r}")
                continue
            condition = (options or {}).get("condition", "service_started")
            if condition not in VALID_CONDITIONS:
                problems.append(f"{name}: unknown depends_on condition {condition!r}")
            if condition == "service_healthy" and "healthcheck" not in stack.services[dep]:
                problems.append(f"{name}: waits for {dep} to be healthy, but it has no healthcheck")
    for name in service_members():
        depends = (stack.services.get(name) or {}).get("depends_on") or {}
        for infrastructure in ("postgres", "apache/kafka", "redis"):
            for dep in stack.services_with_image(infrastructure):
                if (depends.get(dep) or {}).get("condition") != "service_healthy":
                    problems.append(f"{name}: does not wait for {dep} to be healthy")
    return problems


def check_builds(stack: Stack) -> list[str]:
    problems = []
    members = workspace_members()
    for name, spec in stack.services.items():
        build = spec.get("build")
        if build is None:
            continue
        context = ROOT / build.get("context", ".")
        dockerfile = context / build.get("dockerfile", "Dockerfile")
        if not context.is_dir():
            problems.append(f"{name}: build context {context} does not exist")
        if not dockerfile.is_file():
            problems.append(f"{name}: Dockerfile {dockerfile} does not exist")
        args = build.get("args") or {}
        package = args.get("SERVICE_PACKAGE")
        member = members.get(package)
        if member is None:
            problems.append(f"{name}: SERVICE_PACKAGE {package!r} is not a workspace package")
        elif (args.get("SERVICE_MODULE") or member.module) != member.module:
            problems.append(
                f"{name}: SERVICE_MODULE {args.get('SERVICE_MODULE')!r} is not {member.module!r}"
            )
        if name in service_members() and package != name:
            problems.append(f"{name}: built from package {package!r}")
    if 'uv sync --locked --package "$SERVICE_PACKAGE" --no-dev' not in stack.dockerfile:
        problems.append(
            "deploy/Dockerfile does not install with uv sync --locked --package ... --no-dev"
        )
    for member_dir in sorted([*ROOT.glob("libs/*/"), *ROOT.glob("services/*/")]):
        relative = member_dir.relative_to(ROOT).as_posix()
        if (
            member_dir / "pyproject.toml"
        ).exists() and f"COPY {relative}/pyproject.toml" not in stack.dockerfile:
            problems.append(
                f"deploy/Dockerfile does not copy {relative}/pyproject.toml (uv needs it)"
            )
    for name, spec in stack.services.items():
        for volume in spec.get("volumes") or []:
            source = str(volume).split(":")[0]
            if source.startswith(".") and not (ROOT / source).exists():
                problems.append(f"{name}: mounts {source}, which does not exist")
    return problems


def _otlp_receiver_ports(collector: dict[str, Any]) -> set[int]:
    protocols = ((collector.get("receivers") or {}).get("otlp") or {}).get("protocols") or {}
    ports = set()
    for protocol, options in protocols.items():
        endpoint = (options or {}).get("endpoint") or f":{4317 if protocol == 'grpc' else 4318}"
        ports.add(int(str(endpoint).rsplit(":", 1)[1]))
    return ports


def check_telemetry(stack: Stack) -> list[str]:
    problems = []
    collectors = stack.services_with_image("otel/opentelemetry-collector-contrib")
    jaegers = stack.services_with_image("jaegertracing/all-in-one")
    if len(collectors) != 1 or len(jaegers) != 1:
        return [f"expected one collector and one jaeger service, found {collectors}, {jaegers}"]
    collector, jaeger = collectors[0], jaegers[0]
    receiver_ports = _otlp_receiver_ports(stack.collector)
    for name in service_members():
        if name not in stack.services:
            continue
        env = stack.env(name)
        endpoint = urlsplit(env.get("OTEL_EXPORTER_OTLP_ENDPOINT", ""))
        if endpoint.hostname != collector or endpoint.port not in receiver_ports:
            problems.append(
                f"{name}: OTEL_EXPORTER_OTLP_ENDPOINT does not reach {collector}'s OTLP receiver"
            )
        if env.get("OTEL_SERVICE_NAME") != name:
            problems.append(f"{name}: OTEL_SERVICE_NAME is {env.get('OTEL_SERVICE_NAME')!r}")
    spec = stack.services[collector]
    mounts = {str(v).split(":")[1]: str(v).split(":")[0] for v in spec.get("volumes") or []}
    config_arg = next((a for a in spec.get("command") or [] if a.startswith("--config=")), "")
    if mounts.get(config_arg.removeprefix("--config=")) != "./deploy/otel-collector.yaml":
        problems.append(f"{collector}: does not load deploy/otel-collector.yaml")
    pipelines = (stack.collector.get("service") or {}).get("pipelines") or {}
    traces = pipelines.get("traces") or {}
    for kind in ("receivers", "processors", "exporters"):
        for item in traces.get(kind) or []:
            if item not in (stack.collector.get(kind) or {}):
                problems.append(f"collector: traces pipeline uses undefined {kind[:-1]} {item!r}")
    to_jaeger = [
        item
        for item in traces.get("exporters") or []
        if urlsplit(
            "//"
            + str(((stack.collector.get("exporters") or {}).get(item) or {}).get("endpoint", ""))
        ).hostname
        == jaeger
    ]
    if not to_jaeger:
        problems.append(f"collector: the traces pipeline exports nothing to the {jaeger} service")
    if str(stack.env(jaeger).get("COLLECTOR_OTLP_ENABLED", "true")).lower() != "true":
        problems.append(f"{jaeger}: OTLP ingestion is disabled")
    return problems


CHECKS: dict[str, Check] = {
    "required settings": check_required_settings,
    "ports and healthchecks": check_ports_and_healthchecks,
    "databases": check_databases,
    "broker and cache": check_broker_and_cache,
    "depends_on": check_depends_on,
    "builds": check_builds,
    "telemetry": check_telemetry,
}


# ---------------------------------------------------------------- the real files


def test_required_settings_are_real_settings_and_every_setting_is_classified() -> None:
    fields = set(Settings.model_fields)
    assert set(REQUIRED_IN_PRODUCTION) <= fields
    unclassified = fields - set(REQUIRED_IN_PRODUCTION) - set(FIXED_IN_COMPOSE) - SAFE_DEFAULTS
    assert not unclassified, (
        f"new settings {sorted(unclassified)}: add each to REQUIRED_IN_PRODUCTION "
        "(and docker-compose.yml) or SAFE_DEFAULTS"
    )


def test_compose_has_all_five_services() -> None:
    assert set(service_members()) == {
        "intake",
        "allocation",
        "tenancy",
        "eviction-prevention",
        "notifications",
    }
    assert set(service_members()) <= set(Stack.load().services)


@pytest.mark.parametrize("check", CHECKS.values(), ids=CHECKS.keys())
def test_stack_is_consistent(check: Check) -> None:
    assert check(Stack.load()) == []


# ---------------------------------------------------------------- the checks can fail


def _env(stack: Stack, service: str) -> dict[str, Any]:
    return stack.services[service]["environment"]


MUTATIONS: dict[str, tuple[Check, Callable[[Stack], None], str]] = {
    "missing pseudonym key": (
        check_required_settings,
        lambda s: _env(s, "notifications").pop("BOSTAD_PSEUDONYM_KEY"),
        "notifications: BOSTAD_PSEUDONYM_KEY is not set",
    ),
    "missing redis url": (
        check_required_settings,
        lambda s: _env(s, "tenancy").pop("BOSTAD_REDIS_URL"),
        "tenancy: BOSTAD_REDIS_URL is not set",
    ),
    "issuer with a default": (
        check_required_settings,
        lambda s: _env(s, "intake").update(BOSTAD_OIDC_ISSUER="${BOSTAD_OIDC_ISSUER:-http://x}"),
        "intake: BOSTAD_OIDC_ISSUER must be required",
    ),
    "not production": (
        check_required_settings,
        lambda s: _env(s, "allocation").update(BOSTAD_ENVIRONMENT="development"),
        "allocation: BOSTAD_ENVIRONMENT must be 'production'",
    ),
    "published port differs": (
        check_ports_and_healthchecks,
        lambda s: s.services["intake"].update(ports=["8001:8011"]),
        "intake: listens on 8001 but publishes",
    ),
    "healthcheck on another port": (
        check_ports_and_healthchecks,
        lambda s: s.services["tenancy"]["healthcheck"].update(
            test=["CMD", "curl", "-f", "http://127.0.0.1:8001/health/ready"]
        ),
        "tenancy: healthcheck does not ask :8003/health/ready",
    ),
    "database not created": (
        check_databases,
        lambda s: setattr(s, "init_sql", s.init_sql.replace("eviction_prevention", "evictions")),
        "eviction-prevention: database 'eviction_prevention' is not created",
    ),
    "shared database": (
        check_databases,
        lambda s: _env(s, "allocation").update(
            BOSTAD_DATABASE_URL=_env(s, "intake")["BOSTAD_DATABASE_URL"]
        ),
        "shares database 'intake'",
    ),
    "wrong bootstrap": (
        check_broker_and_cache,
        lambda s: _env(s, "notifications").update(BOSTAD_KAFKA_BOOTSTRAP="kafka:9093"),
        "notifications: bootstrap 'kafka:9093' is not advertised",
    ),
    "no topic creation": (
        check_broker_and_cache,
        lambda s: s.services.pop("kafka-topics"),
        "no one-shot service creates the topics",
    ),
    "undefined dependency": (
        check_depends_on,
        lambda s: s.services["otel-collector"].update(
            depends_on={"zipkin": {"condition": "service_started"}}
        ),
        "otel-collector: depends on undefined service 'zipkin'",
    ),
    "healthy without healthcheck": (
        check_depends_on,
        lambda s: s.services["redis"].pop("healthcheck"),
        "waits for redis to be healthy, but it has no healthcheck",
    ),
    "missing dockerfile": (
        check_builds,
        lambda s: s.services["allocation"].update(
            build={**s.services["allocation"]["build"], "dockerfile": "deploy/Nope.Dockerfile"}
        ),
        "allocation: Dockerfile",
    ),
    "unknown package": (
        check_builds,
        lambda s: s.services["tenancy"].update(
            build={**s.services["tenancy"]["build"], "args": {"SERVICE_PACKAGE": "tenant"}}
        ),
        "tenancy: SERVICE_PACKAGE 'tenant' is not a workspace package",
    ),
    "member pyproject not copied": (
        check_builds,
        lambda s: setattr(
            s, "dockerfile", s.dockerfile.replace("COPY services/tenancy/pyproject.toml", "#")
        ),
        "does not copy services/tenancy/pyproject.toml",
    ),
    "traces to the wrong host": (
        check_telemetry,
        lambda s: _env(s, "intake").update(OTEL_EXPORTER_OTLP_ENDPOINT="http://jaeger:4318"),
        "intake: OTEL_EXPORTER_OTLP_ENDPOINT does not reach otel-collector",
    ),
    "collector exports elsewhere": (
        check_telemetry,
        lambda s: s.collector["exporters"]["otlp/jaeger"].update(endpoint="tempo:4317"),
        "exports nothing to the jaeger service",
    ),
}


@pytest.mark.parametrize("mutation", MUTATIONS.values(), ids=MUTATIONS.keys())
def test_checks_catch_a_broken_stack(mutation: tuple[Check, Callable[[Stack], None], str]) -> None:
    check, mutate, expected = mutation
    stack = copy.deepcopy(Stack.load())
    # YAML anchors share objects between services: give each service its own copy.
    for name, spec in stack.services.items():
        stack.services[name] = copy.deepcopy(spec)
    mutate(stack)
    problems = check(stack)
    assert any(expected in problem for problem in problems), problems
