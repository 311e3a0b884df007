"""Chinese segmentation for indexing and querying (jieba in search mode)."""

import re
from functools import cache, lru_cache

import jieba

_KEEP = re.compile(r"[\w\u4e00-\u9fff]+")
# Function words that carry no meaning for ranking.
STOPWORDS = frozenset(
    "的 了 和 与 或 及 是 在 对 由 为 被 把 等 之 其 该 并 以 于 而 则 应当 可以 不 有 无 吗 呢 吧 啊 我 你 他 她 我们 "
    "什么 怎么 怎么办 如何 哪些 是否 能否 这 那 一个 能 要 能要 会 还 还能 给 让".split()
)

# How people ask versus how the law and the FAQ are worded; used to widen queries only.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "多久": ("多长时间", "期限", "时间"),
    "多长": ("多长时间", "期限"),
    "算": ("计算", "折算"),
    "收费": ("交费", "费用"),
    "交钱": ("交费", "费用"),
    "没签": ("签", "未签", "订立"),
    "开除": ("辞退", "解除"),
    "炒": ("辞退", "解除"),
    "辞退": ("解除",),
    "赔偿": ("赔偿金", "补偿"),
    "补偿金": ("经济补偿", "补偿"),
    "欠薪": ("拖欠", "工资"),
    "讨薪": ("拖欠", "工资", "劳动报酬"),
    "工钱": ("工资",),
    "加班工资": ("加班费",),
    "告": ("起诉", "仲裁"),
    "打官司": ("起诉", "仲裁"),
    "老板": ("用人单位", "单位"),
    "公司": ("用人单位", "单位"),
    "社保": ("社会保险",),
    "产假": ("产假", "生育"),
    "怀孕": ("孕期", "怀孕"),
}


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


def expand(tokens: list[str]) -> list[str]:
    """The tokens plus their everyday-language synonyms, without duplicates."""
    wider = list(tokens)
    for token in tokens:
        wider.extend(SYNONYMS.get(token, ()))
    return list(dict.fromkeys(wider))


@lru_cache(maxsize=4096)  # reloading the library re-tokenises the same texts
def index_text(text: str) -> str:
    return " ".join(tokenize(text))
