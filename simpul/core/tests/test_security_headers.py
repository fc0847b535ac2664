import pytest


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_scripts(client):
    response = client.get("/akun/masuk/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_no_page_template_contains_an_inline_script(client, roles):
    client.force_login(roles.admin)
    for url in ("/akun/masuk/", "/", "/wilayah/", "/usaha/", "/usaha/tambah/", "/api/docs/"):
        body = client.get(url).content.decode()
        for chunk in body.split("<script")[1:]:
            tag = chunk.split(">", 1)[0]
            assert "src=" in tag or "application/ld+json" in tag, f"inline script on {url}: <script{tag}>"
