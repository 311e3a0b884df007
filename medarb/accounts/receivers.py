"""Audit of refused password sign-ins.

Django's `authenticate()` sends `user_login_failed` for every refused password, including
the attempts django-axes turns away during a lockout; the receiver only writes the audit
entry, the rules stay in axes and the services.
"""

from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from medarb.accounts.lockout import note_failure
from medarb.accounts.services import record_failed_sign_in


@receiver(user_login_failed, dispatch_uid="medarb.accounts.audit_failed_sign_in")
def audit_failed_sign_in(sender, credentials: dict, request=None, **kwargs) -> None:
    locked = bool(getattr(request, "axes_locked_out", False))
    record_failed_sign_in(
        username=str(credentials.get("username") or ""),
        reason="locked out" if locked else "wrong username or password",
        request=request,
    )
    if not locked:  # attempts axes already turned away do not extend the address's lock
        note_failure(request, kind="password")
