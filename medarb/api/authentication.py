"""API tokens are for staff only; parties use the portal session."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication


class StaffTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if not user.is_staff_member:
            raise exceptions.AuthenticationFailed(_("API 令牌仅限工作人员使用。"))
        return user, token
