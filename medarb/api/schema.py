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
