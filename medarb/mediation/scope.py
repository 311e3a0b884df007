"""What a viewer of a mediation case may see, item by item.

A viewer who reads the case through the organisation tree, or through a share whose scope
is empty (the whole case), sees everything. A viewer who reads it only through scoped
shares (a guidance request with chosen materials) sees exactly the union of those scopes.
Panels and pages of this app ask `case_scope(user, case).allows(item)` before showing an item.
"""

from django.utils.translation import gettext_lazy as _

from medarb.cases.scope import FULL, NONE, Scope, case_scope, material_item

__all__ = ["FULL", "NONE", "SCOPE_ITEMS", "Scope", "case_scope", "material_item"]

# The items a share may name; "material:<id>" names one file.
SCOPE_ITEMS = {
    "parties": _("当事人"),
    "claims": _("请求事项"),
    "facts": _("事实与理由"),
    "sessions": _("调解笔录"),
    "agreement": _("调解协议"),
    "timeline": _("办案经过"),
}
