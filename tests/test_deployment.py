"""The production stack's files: docker-compose.yml against the Compose Specification, the
configuration documented in one place, and the CI entry point."""

import re
from pathlib import Path

import yaml
from compose_spec import PyCompose

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def settings_variables() -> set[str]:
    """Every environment variable the settings read (``env("X")``, ``env.bool("X")``, …)."""
    source = "".join(p.read_text() for p in (ROOT / "linkwork" / "settings").glob("*.py"))
    return set(re.findall(r"\benv(?:\.\w+)?\(\s*\"([A-Z][A-Z0-9_]+)\"", source))


def test_compose_file_follows_the_compose_specification():
    # Merge keys (<<) are resolved by the YAML loader, as docker compose does.
    resolved = {k: v for k, v in COMPOSE.items() if not k.startswith("x-")}
    compose = PyCompose.from_yaml(yaml.safe_dump(resolved))
    assert sorted(compose.service_names()) == ["beat", "postgres", "redis", "web", "worker"]


def test_compose_references_exist():
    for name, service in SERVICES.items():
        for dependency in service.get("depends_on", {}):
            assert dependency in SERVICES, f"{name} depends on unknown {dependency}"
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            assert source in COMPOSE["volumes"], f"{name} mounts unknown volume {source}"
        for env_file in service.get("env_file", []):
            if env_file.get("required", True):
                assert (ROOT / env_file["path"]).exists()


def test_compose_database_has_a_named_volume_and_health_check():
    postgres = SERVICES["postgres"]
    assert "pgdata:/var/lib/postgresql/data" in postgres["volumes"]
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    assert SERVICES["web"]["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_compose_web_migrates_then_serves_with_gunicorn_and_workers_run_celery():
    web = SERVICES["web"]["command"]
    assert web.index("migrate") < web.index("gunicorn linkwork.wsgi")
    assert SERVICES["worker"]["command"][:4] == ["celery", "--app", "linkwork", "worker"]
    assert SERVICES["beat"]["command"][:4] == ["celery", "--app", "linkwork", "beat"]


def test_every_setting_variable_is_in_env_example_and_readme():
    documented = (ROOT / ".env.example").read_text() + (ROOT / "README.md").read_text()
    missing = {name for name in settings_variables() if f"`{name}`" not in documented}
    assert missing == set(), "document these in the README configuration table"
    example = set(re.findall(r"^([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert {"SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL", "ALLOWED_HOSTS"} <= example


def test_ci_entry_point_runs_make_test_against_postgresql_and_redis():
    script = (ROOT / ".ci" / "run").read_text()
    assert "make test" in script
    assert "postgres://postgres@127.0.0.1:5432/linkwork" in script
    assert "redis://127.0.0.1:6379/0" in script
