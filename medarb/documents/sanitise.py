"""What HTML a document template may hold: the tags of an official paper, nothing that
runs, fetches or embeds.

Two passes use the same rules:

- on save (`clean_source`), over the template source: what is not allowed is removed and
  named to the editor; what is allowed is kept byte for byte, so the `{{ … }}` and `{% … %}`
  of the body (also inside attribute values) stay as written;
- at every render (`clean_output`), over the filled body, rebuilt from the parse: a body
  saved before these rules, or one whose template tags assemble a forbidden tag only once
  filled (`<{% if x %}script{% endif %}>`), still cannot reach the PDF or the browser.

The PDF renderer's fetcher (`documents.pdf`) is the second wall: even an allowed `src`
reaches only the platform's static images.
"""

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.utils.translation import gettext as _

ALLOWED_TAGS = frozenset(
    "p div span br hr h1 h2 h3 h4 h5 h6 table thead tbody tfoot tr td th caption colgroup col "
    "ul ol li dl dt dd b strong i em u s sub sup small big blockquote pre code section article "
    "header footer center font img a".split()
)
VOID_TAGS = frozenset({"br", "hr", "col", "img", "wbr", "link", "meta", "base", "input", "source", "embed"})
# Removed with everything inside them.
DROP_WITH_CONTENT = frozenset(
    "script style iframe frame frameset object embed applet noscript noembed noframes template "
    "svg math form textarea select button title head audio video canvas xmp plaintext".split()
)
ALLOWED_ATTRIBUTES = frozenset(
    "class id title colspan rowspan align valign width height style alt lang dir span".split()
)
_STATIC_SRC = re.compile(r"^/static/(?!.*(?:\.\.|\\|%))[\w\-./]+\.(?:png|jpe?g|gif|webp)$", re.IGNORECASE)
_DATA_SRC = re.compile(r"^data:image/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*$", re.IGNORECASE)
_BAD_STYLE = re.compile(r"url\s*\(|@import|expression|\\|image-set|binding|behavior|src\s*:", re.IGNORECASE)


@dataclass
class Cleaned:
    html: str
    removed: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.removed)

    def message(self) -> str:
        return _("已移除模板中不允许的内容：%(items)s。") % {"items": "；".join(self.removed)}


class _Cleaner(HTMLParser):
    def __init__(self, *, keep_source: bool):
        super().__init__(convert_charrefs=not keep_source)
        self.keep_source = keep_source
        self.out: list[str] = []
        self.removed: list[str] = []
        self._dropping: list[str] = []  # stack of tags whose content is being dropped

    def _note(self, what: str) -> None:
        if what not in self.removed:
            self.removed.append(what)

    # --- tags -------------------------------------------------------------------------------

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs, self_closing=False)

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs, self_closing=True)

    def _start(self, tag: str, attrs, *, self_closing: bool) -> None:
        if self._dropping:
            if tag in DROP_WITH_CONTENT and not self_closing and tag not in VOID_TAGS:
                self._dropping.append(tag)
            return
        if tag in DROP_WITH_CONTENT:
            self._note(_("<%(tag)s> 及其内容") % {"tag": tag})
            if not self_closing and tag not in VOID_TAGS:
                self._dropping.append(tag)
            return
        if tag not in ALLOWED_TAGS:
            self._note(_("<%(tag)s> 标签") % {"tag": tag})
            return
        kept = self._attributes(tag, attrs)
        if self.keep_source and len(kept) == len(attrs):
            self.out.append(self.get_starttag_text())
            return
        text = "".join(f' {name}="{_quote(value)}"' for name, value in kept)
        self.out.append(f"<{tag}{text}{' /' if self_closing and self.keep_source else ''}>")

    def _attributes(self, tag: str, attrs) -> list[tuple[str, str]]:
        kept = []
        for name, value in attrs:
            value = value or ""
            plain = html.unescape(value).strip()
            if name.startswith("on"):
                self._note(_("事件脚本 %(name)s") % {"name": name})
            elif name == "rel" or name == "download":
                self._note(_("附件或链接关系 %(name)s") % {"name": name})
            elif name == "src" and tag == "img":
                if _STATIC_SRC.match(plain) or _DATA_SRC.match(plain):
                    kept.append((name, value))
                else:
                    self._note(_("图片的外部地址 %(url)s") % {"url": _short(plain)})
            elif name == "href" and tag == "a":
                if plain.startswith("#"):
                    kept.append((name, value))
                else:
                    self._note(_("链接地址 %(url)s") % {"url": _short(plain)})
            elif name == "style":
                if _BAD_STYLE.search(plain):
                    self._note(_("引用外部资源的样式 style"))
                else:
                    kept.append((name, value))
            elif name in ALLOWED_ATTRIBUTES:
                kept.append((name, value))
            else:
                self._note(_("属性 %(name)s") % {"name": name})
        return kept

    def handle_endtag(self, tag):
        if self._dropping:
            if tag == self._dropping[-1]:
                self._dropping.pop()
            return
        if tag in ALLOWED_TAGS and tag not in VOID_TAGS:
            self.out.append(f"</{tag}>")

    # --- text ---------------------------------------------------------------------------------

    def handle_data(self, data):
        if not self._dropping:
            self.out.append(data if self.keep_source else html.escape(data, quote=False))

    def handle_entityref(self, name):
        if not self._dropping:
            self.out.append(f"&{name};")

    def handle_charref(self, name):
        if not self._dropping:
            self.out.append(f"&#{name};")

    def handle_comment(self, data):
        if not self._dropping and self.keep_source and "<" not in data and ">" not in data:
            self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self._note(_("声明 <!%(decl)s>") % {"decl": _short(decl)})

    def handle_pi(self, data):
        self._note(_("处理指令"))

    def unknown_decl(self, data):
        self._note(_("声明"))


def _quote(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "…"


def _clean(body: str, *, keep_source: bool) -> Cleaned:
    cleaner = _Cleaner(keep_source=keep_source)
    cleaner.feed(body or "")
    cleaner.close()
    return Cleaned(html="".join(cleaner.out), removed=cleaner.removed)


def clean_source(body: str) -> Cleaned:
    """A template source with what a paper may not hold removed (and named)."""
    return _clean(body, keep_source=True)


def clean_output(filled: str) -> Cleaned:
    """A filled body rebuilt from allowed tags and attributes only (every render)."""
    return _clean(filled, keep_source=False)
