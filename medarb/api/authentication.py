"""API tokens are for staff only; parties use the portal session.

`Authorization: Token <key>`: the key is hashed and looked up (accounts.tokens); a revoked,
expired or unknown key, or one whose owner is no longer active staff, is a 401.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from medarb.accounts import tokens


class StaffTokenAuthentication(BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("令牌格式有误：应为 “Token <令牌>”。"))
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("令牌无效、已过期或已吊销。")) from None
        return self.authenticate_credentials(key)

    def authenticate_credentials(self, key: str):
        token = tokens.token_for_key(key)
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("令牌无效、已过期或已吊销。"))
        if not token.user.is_staff_member:
            raise exceptions.AuthenticationFailed(_("API 令牌仅限工作人员使用。"))
        tokens.touch(token)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return self.keyword
