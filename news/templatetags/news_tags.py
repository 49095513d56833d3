"""Template tags of the news list."""

from dataclasses import dataclass

from django import template
from django.db.models.functions import Coalesce
from django.utils.translation import get_language

from news.models import NewsPageTag

register = template.Library()


@dataclass
class ListedTag:
    """A tag of the news list and the language of its name: "" when it is the visitor's.

    Tags are kept per language (README, "Tags"): each language version of a news item carries
    tags in its own language, and an untranslated item (an alias) carries its source's. A tag
    seen only on items written in another language is named in that language, so it is marked.
    """

    name: str
    slug: str
    lang: str = ""


@register.simple_tag(takes_context=True)
def news_tags(context, news_index):
    """The tags used by the live news items of ``news_index``, by name, each with the language
    of its name when it is not the visitor's: one query, kept per site version (a news item
    published, unpublished or retagged gives a new one; a preview computes it afresh)."""
    request = context.get("request")
    if request is None or getattr(request, "is_preview", False):
        return _news_tags(news_index)
    from pagecache import site_version

    return site_version.remember(request, ("news-tags", news_index.pk), lambda: _news_tags(news_index))


def _news_tags(news_index):
    current = get_language()
    rows = (
        NewsPageTag.objects.filter(content_object__in=news_index.news().values("pk"))
        .annotate(
            # The language of the item's text: its own, or its source's for an alias.
            text_language=Coalesce(
                "content_object__alias_of__locale__language_code", "content_object__locale__language_code"
            )
        )
        .values_list("tag__name", "tag__slug", "text_language")
        .distinct()
    )
    tags = {}
    for name, slug, language in rows:
        tag = tags.setdefault(slug, ListedTag(name=name, slug=slug, lang=language))
        if language == current:
            tag.lang = ""
    for tag in tags.values():
        if tag.lang == current:
            tag.lang = ""
    return sorted(tags.values(), key=lambda tag: tag.name.casefold())
