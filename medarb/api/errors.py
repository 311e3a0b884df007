"""Domain and validation errors become 400/403 answers with Chinese messages, never a 500."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from medarb.core.errors import DomainError, NotAllowed


def exception_handler(exc, context):
    if isinstance(exc, NotAllowed):
        return Response({"detail": exc.message}, status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, DomainError):
        body = {exc.field: [exc.message]} if exc.field else {"detail": exc.message}
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        body = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, exceptions.ValidationError) and _is_empty_body(exc.detail):
        # DRF writes this one message in English, outside its translation catalogue.
        exc = exceptions.ValidationError(
            {api_settings.NON_FIELD_ERRORS_KEY: [_("请求内容为空，请提交 JSON 对象。")]}
        )
    if isinstance(exc, exceptions.ParseError):
        # DRF's text carries the parser's English internals; say what to fix instead.
        exc = exceptions.ParseError(_("请求内容不是有效的 JSON，请检查格式与编码（UTF-8）。"))
    return drf_exception_handler(exc, context)


def _is_empty_body(detail) -> bool:
    errors = detail.get(api_settings.NON_FIELD_ERRORS_KEY) if isinstance(detail, dict) else None
    return bool(errors) and len(detail) == 1 and getattr(errors[0], "code", None) == "null"
