import os
import subprocess
import sys
from pathlib import Path


def test_check_deploy_under_production_settings_reports_only_what_the_docs_explain():
    # The test run itself allows async-unsafe calls for the browser tests; production never does.
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **env,
        "DEBUG": "0",
        "SECRET_KEY": "p" * 40 + "-production-secret-for-the-check-0123",
        "ALLOWED_HOSTS": "ikm.example.go.id",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    issues = {line.split(")")[0].strip("?: (") for line in output.splitlines() if line.startswith("?: (")}
    # docs/deploy.md explains W021: HSTS preload is a choice an office makes deliberately.
    assert issues <= {"security.W021"}, output
    docs = Path("docs/deploy.md").read_text(encoding="utf-8")
    for issue in issues:
        assert issue in docs
