"""OpenAPI descriptions of our authentication classes (loaded in ApiConfig.ready)."""

from drf_spectacular.authentication import TokenScheme


class StaffTokenScheme(TokenScheme):
    target_class = "medarb.api.authentication.StaffTokenAuthentication"
    name = "staffToken"
    priority = 1  # before drf-spectacular's own scheme for TokenAuthentication subclasses

    def get_security_definition(self, auto_schema):
        definition = super().get_security_definition(auto_schema)
        definition["description"] = "工作人员 API 令牌：`Authorization: Token <key>`（在“账户安全”页签发）。"
        return definition


# Answers any operation may give, whatever it does: documented once here, not per view.
COMMON_RESPONSES = {
    "401": "未登录或令牌无效、已过期、已吊销 / not signed in, or the token is invalid, expired or revoked",
    "429": "请求过于频繁，请按 Retry-After 稍后再试 / throttled: retry after the Retry-After seconds",
}
# And those that send a body: one that is not JSON or a form the parsers read (a broken
# multipart part without its headers, an unknown type) is refused as such.
BODY_RESPONSES = {
    "415": "请求体的媒体类型不受支持或无法解析 / the body's media type is not supported or cannot be parsed",
}
DETAIL_SCHEMA = {"type": "object", "properties": {"detail": {"type": "string"}}}


def add_common_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: every operation documents 401 and 429, and every
    operation with a request body 415."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            common = {**COMMON_RESPONSES, **(BODY_RESPONSES if "requestBody" in operation else {})}
            for status, description in common.items():
                responses.setdefault(
                    status,
                    {"description": description, "content": {"application/json": {"schema": DETAIL_SCHEMA}}},
                )
    return result
