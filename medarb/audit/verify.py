"""Verifying the audit chain: every lane's HMACs, links, numbers and head, and every
signed checkpoint against the entries it anchored."""

from collections import defaultdict
from dataclasses import dataclass

from medarb.audit import anchor
from medarb.audit.chain import GENESIS, is_intact
from medarb.audit.models import AuditEntry, AuditHead

LEGACY_MARKER = "audit.legacy_chain"  # written by migration 0003


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    problem: str
    lane: int = 0

    def __str__(self) -> str:
        where = f"lane {self.lane} #{self.seq}" if self.lane else f"#{self.seq}"
        return f"{where}: {self.problem}"


class _Lane:
    """The walk along one lane: the number and hash the next entry must continue from."""

    def __init__(self, lane: int, problems: list[ChainProblem], anchored: dict):
        self.lane, self.problems, self.anchored = lane, problems, anchored
        self.expected_seq, self.prev_hash = 1, GENESIS

    def add(self, entry: AuditEntry) -> None:
        lane, seq = self.lane, entry.seq
        if seq != self.expected_seq:
            self.problems.append(
                ChainProblem(seq, f"entries {self.expected_seq}–{seq - 1} are missing", lane)
            )
        if entry.prev_hash != self.prev_hash:
            self.problems.append(
                ChainProblem(seq, "link to the previous entry is broken (inserted or deleted entry)", lane)
            )
        intact = is_intact(entry)
        if intact is None:
            self.problems.append(
                ChainProblem(seq, f"keyed with {entry.key_id!r}, a key that is not configured", lane)
            )
        elif not intact:
            self.problems.append(
                ChainProblem(seq, "content does not match its HMAC (edited or forged entry)", lane)
            )
        for checkpoint in self.anchored.pop((lane, seq), []):
            if checkpoint.lanes[lane][1] != entry.hash:
                self.problems.append(
                    ChainProblem(
                        seq, f"differs from signed checkpoint {checkpoint.number} (chain rewritten)", lane
                    )
                )
        self.expected_seq, self.prev_hash = seq + 1, entry.hash


def verify_chain(*, batch_size: int = 5000) -> list[ChainProblem]:
    """Walk every lane; report every edited, inserted, deleted, reordered or re-keyed entry,
    removed newest entries, and any departure from a signed checkpoint."""
    checkpoints, checkpoint_problems = anchor.load_checkpoints()
    problems = [ChainProblem(0, f"{p.path.name}: {p.problem}") for p in checkpoint_problems]
    anchored: dict[tuple[int, int], list[anchor.Checkpoint]] = defaultdict(list)
    for checkpoint in checkpoints:
        for lane, (seq, _hash) in checkpoint.lanes.items():
            anchored[(lane, seq)].append(checkpoint)
    walks: dict[int, _Lane] = {}

    def walk(entries) -> None:
        for entry in entries:
            if entry.lane not in walks:
                walks[entry.lane] = _Lane(entry.lane, problems, anchored)
            walks[entry.lane].add(entry)

    walk(AuditEntry.objects.order_by("lane", "seq").iterator(chunk_size=batch_size))
    # Heads are read after the walk: entries appended meanwhile are walked now, up to the head.
    for head in AuditHead.objects.order_by("id"):
        lane = walks.get(head.id)
        walked = lane.expected_seq - 1 if lane else 0
        if head.seq > walked:
            walk(AuditEntry.objects.filter(lane=head.id, seq__gt=walked, seq__lte=head.seq).order_by("seq"))
            lane = walks.get(head.id)
            walked = lane.expected_seq - 1 if lane else 0
        if head.seq != walked or head.hash != (lane.prev_hash if lane else GENESIS):
            problems.append(
                ChainProblem(head.seq, "newest entries were removed (lane head does not match)", head.id)
            )
        walks.pop(head.id, None)
    for lane in walks.values():
        problems.append(
            ChainProblem(lane.expected_seq - 1, "entries without a lane head (head removed)", lane.lane)
        )
    # The migration that keyed the chain recorded what the legacy verification found.
    for marker in AuditEntry.objects.filter(object_type=LEGACY_MARKER).order_by("lane", "seq"):
        for found in (marker.data or {}).get("problems", []):
            problems.append(
                ChainProblem(marker.seq, f"found before the chain was keyed: {found}", marker.lane)
            )
    for (lane, seq), anchoring in sorted(anchored.items()):
        numbers = ", ".join(str(c.number) for c in anchoring)
        problems.append(ChainProblem(seq, f"entry anchored by signed checkpoint {numbers} is missing", lane))
    return problems
