"""Second factor for staff: TOTP through django-otp."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from medarb.orgs.models import MFA_REQUIRED_ROLES
from medarb.orgs.selectors import active_memberships


def mfa_required(user) -> bool:
    """Chairs and unit admins must use TOTP; any staff member who enrolled a device uses it too."""
    if not getattr(user, "is_authenticated", False) or not user.is_staff_member:
        return False
    if any(m.role in MFA_REQUIRED_ROLES for m in active_memberships(user)):
        return True
    # A TOTP device is the first factor anyone enrols: fingerprints, security keys and recovery
    # codes are added only in a session that passed TOTP. One query, not one per device kind.
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def mfa_satisfied(request) -> bool:
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified and is_verified())


def confirmed_totp_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()
