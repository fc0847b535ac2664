import pytest
from django.core.exceptions import ImproperlyConfigured

from simpul import env


def test_it_reads_booleans(monkeypatch):
    monkeypatch.setenv("X_FLAG", "ya")
    assert env.env_bool("X_FLAG") is True
    monkeypatch.setenv("X_FLAG", "0")
    assert env.env_bool("X_FLAG", True) is False


def test_it_rejects_a_bad_boolean(monkeypatch):
    monkeypatch.setenv("X_FLAG", "mungkin")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env.env_bool("X_FLAG")


def test_it_rejects_a_bad_integer_and_a_too_small_one(monkeypatch):
    monkeypatch.setenv("X_INT", "abc")
    with pytest.raises(ImproperlyConfigured, match="integer"):
        env.env_int("X_INT", 1)
    monkeypatch.setenv("X_INT", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env.env_int("X_INT", 5, minimum=1)


def test_it_rejects_a_region_code_that_is_not_dotted(monkeypatch):
    monkeypatch.setenv("SIMPUL_HOME_REGION", "3523")
    with pytest.raises(ImproperlyConfigured, match="dotted"):
        env.env_region_code("SIMPUL_HOME_REGION", "35.23")
    monkeypatch.setenv("SIMPUL_HOME_REGION", "64.02")
    assert env.env_region_code("SIMPUL_HOME_REGION", "35.23") == "64.02"


def test_it_requires_a_strong_secret_key_in_production(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        env.env_secret_key(debug=False)
    monkeypatch.setenv("SECRET_KEY", "short")
    with pytest.raises(ImproperlyConfigured, match="50"):
        env.env_secret_key(debug=False)
    assert env.env_secret_key(debug=True)


def test_it_lists_hosts(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", "ikm.tubankab.go.id, 10.0.0.5 ,")
    assert env.env_list("ALLOWED_HOSTS", []) == ["ikm.tubankab.go.id", "10.0.0.5"]
