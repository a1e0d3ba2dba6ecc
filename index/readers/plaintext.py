"""The layout of a scraped plain-text article, taken apart.

First line the headline; then, on some sites, the photo caption in English
(dropped: it describes a picture we do not show, in a language we do not
search); then the body; then the site's comment form ("Leave a Reply", "Your
email address will not be published", "Required fields are marked"), which is
not part of the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# English words that are common in any sentence and never Indonesian ones.
ENGLISH = frozenset({
    "the", "a", "an", "of", "in", "on", "at", "to", "from", "and", "or", "is", "are", "was",
    "were", "be", "been", "has", "have", "had", "his", "her", "their", "its", "it", "as", "by",
    "with", "for", "that", "this", "these", "during", "after", "before", "while", "who",
    "which", "photo", "file", "near", "into", "over",
})  # fmt: skip
# Indonesian words that are common in any sentence and never English ones.
INDONESIAN = frozenset({
    "yang", "dan", "di", "ke", "dari", "ini", "itu", "dengan", "untuk", "pada", "dalam",
    "tidak", "akan", "adalah", "juga", "oleh", "karena", "sebagai", "telah", "saat", "bahwa",
    "para", "atau", "sudah", "kata", "ada", "mereka", "kami", "kita", "tersebut", "bisa",
    "lebih", "seperti", "setelah", "hingga", "menjadi", "secara", "belum", "masih", "dia", "ia",
})  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+")
_PHOTO_CREDIT = re.compile(
    r"\((?:AP|AFP|Reuters|EPA|Getty|Xinhua|Antara)\b[^)]*\)\s*$|\bAP Photo/", re.IGNORECASE
)
# Where a WordPress-style comment form starts; everything after it is the form.
_COMMENT_FORM = re.compile(
    r"^(?:leave a (?:reply|comment)|your email address will not be published"
    r"|required fields are marked|tinggalkan (?:balasan|komentar))",
    re.IGNORECASE,
)
_STRAY_MARK = re.compile(r"^[*\s]*$")


@dataclass(frozen=True)
class TextArticle:
    title: str
    body: str
    caption: str = ""


def is_english(text: str) -> bool:
    """Whether a passage is English rather than Indonesian, by its function words."""
    words = [w.lower() for w in _WORD.findall(text)]
    english = sum(w in ENGLISH for w in words)
    indonesian = sum(w in INDONESIAN for w in words)
    return english >= 3 and english > 2 * indonesian


def is_caption(line: str) -> bool:
    return bool(_PHOTO_CREDIT.search(line)) or is_english(line)


def parse_text_article(text: str) -> TextArticle:
    """Headline, body (paragraphs separated by a blank line) and any dropped caption."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return TextArticle("", "")
    title, rest = lines[0], lines[1:]
    caption = ""
    if rest and is_caption(rest[0]):
        caption, rest = rest[0], rest[1:]
    for n, line in enumerate(rest):
        if _COMMENT_FORM.match(line):
            rest = rest[:n]
            break
    while rest and _STRAY_MARK.match(rest[-1]):
        rest.pop()
    return TextArticle(title, "\n\n".join(rest), caption)
