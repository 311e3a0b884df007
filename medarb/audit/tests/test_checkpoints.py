"""Signed checkpoints: written as new files only, checked by signature, certificate and sequence."""

import base64
import datetime as dt
import hashlib
import json
import subprocess

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID
from django.core.management import call_command
from django.core.management.base import CommandError

from medarb.audit import anchor
from medarb.audit.anchor import load_checkpoints, write_checkpoint
from medarb.audit.models import AuditHead
from medarb.audit.services import verify_chain
from medarb.audit.tasks import audit_checkpoint
from medarb.audit.tests.helpers import append

pytestmark = pytest.mark.django_db


def _document(path) -> dict:
    return json.loads(path.read_bytes())


def _replace(path, document: dict) -> None:
    path.chmod(0o644)
    path.write_text(json.dumps(document), encoding="utf-8")


def _self_signed():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "鹭湖区仲裁院")])
    now = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    return key, cert


class TestWriting:
    def test_a_checkpoint_holds_every_lane_head_the_time_and_the_key_id(self, cast):
        append(cast.clerk)
        path = write_checkpoint()
        body = json.loads(_document(path)["body"])
        heads = {str(h.id): {"seq": h.seq, "hash": h.hash} for h in AuditHead.objects.filter(seq__gt=0)}
        assert body["lanes"] == heads
        assert body["number"] == 1 and body["previous"] is None
        assert body["key_id"] and body["at"]
        assert path.name == "checkpoint-00000001.json"

    def test_nothing_new_writes_nothing_and_new_entries_write_the_next_file(self, cast):
        append(cast.clerk)
        first = write_checkpoint()
        assert write_checkpoint() is None
        append(cast.clerk, 1, start=9)
        second = write_checkpoint()
        assert second.name == "checkpoint-00000002.json"
        assert (
            json.loads(_document(second)["body"])["previous"]
            == hashlib.sha256(first.read_bytes()).hexdigest()
        )

    def test_a_file_is_never_overwritten(self, cast, anchor_dir):
        append(cast.clerk)
        path = write_checkpoint()
        before = path.read_bytes()
        assert path.stat().st_mode & 0o222 == 0  # read-only
        assert anchor._publish(path, b"{}") is False
        assert path.read_bytes() == before
        assert [p.name for p in anchor_dir.iterdir()] == [path.name]

    def test_anyone_can_check_a_checkpoint_with_openssl(self, cast, tmp_path):
        append(cast.clerk)
        document = _document(write_checkpoint())
        (tmp_path / "body").write_bytes(document["body"].encode())
        (tmp_path / "sig").write_bytes(base64.b64decode(document["signature"]))
        (tmp_path / "cert.pem").write_text(document["certificate"])
        pubkey = subprocess.run(
            ["openssl", "x509", "-in", tmp_path / "cert.pem", "-pubkey", "-noout"],
            capture_output=True,
            check=True,
        ).stdout
        (tmp_path / "pub.pem").write_bytes(pubkey)
        result = subprocess.run(
            [
                "openssl",
                "dgst",
                "-sha256",
                "-verify",
                tmp_path / "pub.pem",
                "-signature",
                tmp_path / "sig",
                tmp_path / "body",
            ],
            capture_output=True,
            text=True,
        )
        assert result.stdout.strip() == "Verified OK"

    def test_the_periodic_job_and_the_command_write_checkpoints(self, cast, anchor_dir):
        append(cast.clerk)
        assert audit_checkpoint.call_local().endswith("checkpoint-00000001.json")
        call_command("audit_checkpoint", "--force")
        assert len(load_checkpoints()[0]) == 2

    def test_the_command_says_why_when_no_certificate_is_available(self, cast, settings, tmp_path):
        settings.DOCUMENTS_PKI_DIR = tmp_path / "empty-pki"
        settings.DOCUMENTS_DEMO_PKI = False
        append(cast.clerk)
        with pytest.raises(CommandError, match="checkpoint not written"):
            call_command("audit_checkpoint")
        assert audit_checkpoint.call_local() == ""


class TestVerification:
    @pytest.fixture
    def two(self, cast):
        append(cast.clerk)
        first = write_checkpoint()
        append(cast.clerk, 1, start=9)
        return first, write_checkpoint()

    def test_sound_checkpoints_verify(self, two):
        assert verify_chain() == []
        call_command("verify_audit")

    def test_an_edited_checkpoint_fails_its_signature(self, two):
        first, _ = two
        document = _document(first)
        body = json.loads(document["body"])
        body["lanes"] = {lane: {**head, "seq": head["seq"] - 1} for lane, head in body["lanes"].items()}
        document["body"] = json.dumps(body, sort_keys=True, separators=(",", ":"))
        _replace(first, document)
        problems = verify_chain()
        assert any("signature is not valid" in p.problem for p in problems)

    def test_a_checkpoint_re_signed_with_a_key_of_ones_own_is_refused(self, two):
        _, second = two
        key, cert = _self_signed()
        document = _document(second)
        document["signature"] = base64.b64encode(
            key.sign(document["body"].encode(), padding.PKCS1v15(), hashes.SHA256())
        ).decode()
        document["certificate"] = cert.public_bytes(serialization.Encoding.PEM).decode()
        _replace(second, document)
        assert any("no trust root issued" in p.problem for p in verify_chain())

    def test_a_removed_checkpoint_is_detected(self, two):
        first, _ = two
        first.chmod(0o644)
        first.unlink()
        assert any("checkpoints 1–1 are missing" in p.problem for p in verify_chain())

    def test_a_checkpoint_swapped_for_a_later_one_is_detected(self, cast, two):
        _, second = two
        append(cast.clerk, 1, start=20)
        third = write_checkpoint()
        second.chmod(0o644)
        second.write_bytes(third.read_bytes().replace(b'"number":3', b'"number":2'))
        problems = verify_chain()
        assert any(p.problem.startswith("checkpoint-00000002.json") for p in problems)

    def test_the_management_command_fails_on_a_forged_checkpoint(self, two):
        first, _ = two
        _replace(first, {"body": "{}", "signature": "", "certificate": ""})
        with pytest.raises(CommandError):
            call_command("verify_audit")


class TestStartingAfresh:
    def test_emptying_the_database_sets_the_old_checkpoints_aside(self, cast, anchor_dir):
        from medarb.audit.models import AuditEntry

        append(cast.clerk)
        first = write_checkpoint()
        AuditEntry.objects.all().delete()  # what flushing the demo database does
        AuditHead.objects.update(seq=0, hash="0" * 64)
        assert verify_chain()
        folder = anchor.set_aside()
        assert (folder / first.name).exists() and not first.exists()
        assert verify_chain() == []
        append(cast.clerk, 1)
        assert write_checkpoint().name == "checkpoint-00000001.json"
