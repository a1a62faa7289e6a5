"""Every read the forum's pages need, one module per noun; this file only hands on the names other
apps use."""

from forums.selectors.boards import board_list_for_index
from forums.selectors.members import member_forum_data_for_export
from forums.selectors.preferences import is_muted_by

__all__ = ["board_list_for_index", "is_muted_by", "member_forum_data_for_export"]
