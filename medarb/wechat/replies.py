"""What the official account answers: subscribe, text and menu events, each linking into the portal."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from medarb.portal.assistant import ask

# Menu keys configured in the official account's custom menu (自定义菜单).
MENU_LINKS = {
    "MY_CASES": ("我的案件", "dashboard"),
    "BOOK": ("预约取号", "appointments:points"),
    "ASK": ("在线咨询", "portal:assistant"),
    "LAWS": ("法律法规", "search:laws"),
    "APPLY": ("在线申请", "portal:home"),
}
MAX_REPLY = 600  # WeChat text replies are limited to 2048 bytes; keep well under


def link(route: str) -> str:
    """A portal URL that passes through the OAuth hand-off, so the user arrives signed in."""
    target = reverse(route)
    return f"{settings.SITE_URL}{reverse('wechat:oauth_start')}?next={target}"


def welcome() -> str:
    lines = [_("欢迎关注劳动人事争议调解仲裁服务号。劳动争议仲裁不收费。"), ""]
    lines += [f"{label}：{link(route)}" for label, route in MENU_LINKS.values()]
    return "\n".join(lines)


def for_menu(key: str) -> str:
    label, route = MENU_LINKS.get(key, MENU_LINKS["ASK"])
    return f"{label}：{link(route)}"


def for_text(text: str) -> str:
    """Answer a typed question from the FAQ, citing the source, or offer the assistant."""
    answer = ask(text)
    if answer.confident:
        sources = "；".join(a.citation for a in answer.faq.articles.all()) or answer.faq.source_note
        body = answer.faq.answer
        if len(body) > MAX_REPLY:
            body = body[:MAX_REPLY] + "…"
        return (
            f"{answer.faq.question}\n{body}\n{_('依据：')}{sources}\n{_('更多：')}{link('portal:assistant')}"
        )
    return _("没有找到确切的答案，您可以在这里提问，工作人员会答复：") + link("portal:assistant")
