"""Login throttling: repeated wrong passwords lock the username out."""

from django.urls import reverse

from sakip.conftest import PASSWORD


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_wrong_passwords_lock_out_right_one(client, settings, ani):
    settings.AXES_ENABLED = True
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "ani", "salah-sekali-123").status_code == 200
    assert _login(client, "ani", "salah-sekali-123").status_code == 429

    response = _login(client, "ani", PASSWORD)

    assert response.status_code == 429
    assert "Terlalu banyak percobaan masuk" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_right_password_resets_count(client, settings, ani):
    settings.AXES_ENABLED = True
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "ani", "salah-sekali-123")
    assert _login(client, "ani", PASSWORD).status_code == 302
    client.logout()

    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "ani", "salah-sekali-123")

    assert _login(client, "ani", PASSWORD).status_code == 302


def test_other_user_not_locked(client, settings, ani, citra):
    settings.AXES_ENABLED = True
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "ani", "salah-sekali-123")

    assert _login(client, "citra", PASSWORD).status_code == 302
