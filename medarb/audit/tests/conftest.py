import pytest


@pytest.fixture(scope="session")
def _audit_pki_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("audit-pki")  # one demo CA for the session: keys are slow


@pytest.fixture(autouse=True)
def anchor_dir(settings, tmp_path, _audit_pki_dir):
    """Checkpoints of each test in their own folder; the demo PKI signs them."""
    settings.AUDIT_ANCHOR_DIR = tmp_path / "anchors"
    settings.DOCUMENTS_PKI_DIR = _audit_pki_dir
    settings.DOCUMENTS_DEMO_PKI = True
    return settings.AUDIT_ANCHOR_DIR
