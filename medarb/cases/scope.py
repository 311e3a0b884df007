"""What a viewer of a case may see, item by item.

A viewer who reads the case through the organisation tree, acts on it, or reads it through a
share whose scope is empty (the whole case) sees everything. A viewer who reads it only
through scoped shares (a guidance request with chosen materials) sees exactly the union of
those scopes. The case page, the API and the feature apps' panels ask
`case_scope(user, case).allows(item)` before showing an item.
"""

from dataclasses import dataclass

from django.db.models import Q

from medarb.cases import policy
from medarb.cases.models import Case, CaseShare
from medarb.core.errors import DomainError
from medarb.orgs.selectors import active_memberships


def material_item(material_id: int) -> str:
    return f"material:{material_id}"


def document_item(document_id: int) -> str:
    """One issued or uploaded paper of the case (documents.IssuedDocument)."""
    return f"document:{document_id}"


def clean_scope(scope: list[str], *, named, kind: str, ids: set[int], invalid: str, empty: str) -> list[str]:
    """The items of a share's `scope` as chosen by a person: names from `named`, and
    `<kind>:<id>` for the ids in `ids` (the case's own). Any other item is refused with
    `invalid` (a message with %(i)s); nothing left is refused with `empty`, since an empty
    scope would share the whole case."""
    cleaned = set()
    for item in scope:
        prefix, _, number = item.partition(":")
        if item in named:
            cleaned.add(item)
        elif prefix == kind and number.isdigit() and int(number) in ids:
            cleaned.add(f"{kind}:{int(number)}")
        else:
            raise DomainError(invalid % {"i": item}, field="scope")
    if not cleaned:
        raise DomainError(empty, field="scope")
    return sorted(cleaned)


@dataclass(frozen=True)
class Scope:
    full: bool
    items: frozenset[str] = frozenset()

    def allows(self, item: str) -> bool:
        return self.full or item in self.items

    def allows_material(self, material_id: int) -> bool:
        return self.full or material_item(material_id) in self.items

    def allows_document(self, document_id: int) -> bool:
        return self.full or document_item(document_id) in self.items

    @property
    def any(self) -> bool:
        return self.full or bool(self.items)


NONE = Scope(full=False)
FULL = Scope(full=True)


def case_scope(user, case: Case) -> Scope:
    if policy.is_party(user):
        return FULL if policy.can_read_case(user, case) else NONE
    if not policy.is_staff(user):
        return NONE
    if any(case.unit_path.startswith(path) for path in policy.read_paths(user)):
        return FULL
    unit_ids = [m.unit_id for m in active_memberships(user)]
    shares = CaseShare.objects.active().filter(case=case).filter(Q(user=user) | Q(unit_id__in=unit_ids))
    items: set[str] = set()
    for scope in shares.values_list("scope", flat=True):
        if not scope:
            return FULL
        items.update(scope)
    return Scope(full=False, items=frozenset(items))
