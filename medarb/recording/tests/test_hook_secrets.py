"""nginx's hooks are exempt from CSRF and sign-in, so their secret path segment is their
only lock: a wrong one is refused before anything is looked at."""

import pytest

pytestmark = pytest.mark.django_db

HOOKS = ["publish", "publish-done", "relay", "media-auth"]


@pytest.mark.parametrize("hook", HOOKS)
def test_a_hook_called_with_a_wrong_secret_is_refused(client, settings, hook):
    settings.MEDARB_MEDIA_HOOK_SECRET = "the-right-secret-0123456789"
    url = f"/recording/hooks/{hook}/the-wrong-secret-0123456789/"
    data = {"name": "anything", "app": "ingest"}
    response = client.post(url, data) if hook != "media-auth" else client.get(url)
    assert response.status_code == 403
