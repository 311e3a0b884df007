"""Chinese segmentation for indexing and querying (jieba in search mode)."""

import re
from functools import cache

import jieba

_KEEP = re.compile(r"[\w\u4e00-\u9fff]+")
# Function words that carry no meaning for ranking.
STOPWORDS = frozenset(
    "的 了 和 与 或 及 是 在 对 由 为 被 把 等 之 其 该 并 以 于 而 则 应当 可以 不 有 无 吗 呢 吧 啊 我 你 他 她 我们 什么 怎么 如何 哪些 是否 能否 这 那 一个".split()
)


@cache
def _ready() -> None:
    jieba.setLogLevel(60)
    jieba.initialize()


def tokenize(text: str) -> list[str]:
    """Search-mode tokens (long words also yield their sub-words), lower-cased, no stopwords."""
    _ready()
    tokens = []
    for chunk in _KEEP.findall(text or ""):
        for token in jieba.cut_for_search(chunk):
            token = token.strip().lower()
            if token and token not in STOPWORDS:
                tokens.append(token)
    return tokens


def index_text(text: str) -> str:
    return " ".join(tokenize(text))
