"""How the forum names the writer of a post or thread to a viewer. Every page and every selector
that names an author goes through author_words() (templates through {% author_name %}), never
`author.username` directly, so an anonymous post cannot leak its author by accident."""

from django.utils.translation import gettext as _


def names_a_member(item) -> bool:
    """Whether the item shows its author's own name (and so may link to their profile)."""
    return not item.is_anonymous and not item.author.is_removed and item.author.is_active


def author_words(item, viewer) -> str:
    """`item` is a Post or Thread (both have .author and .is_anonymous); plain words, unescaped."""
    if item.is_anonymous:
        if viewer is not None and viewer.is_authenticated and viewer.pk == item.author_id:
            return _("Anonymous member (you)")
        return _("Anonymous member")
    if not names_a_member(item):
        return _("Removed member")
    return item.author.username
