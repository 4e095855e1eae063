"""The article as text on screen: the read-only view with painted spans (``article_view``,
``span_paint``), the open document and its UTF-16 map (``document``), spans by position
(``span_index``), selection snapping (``selection``, no Qt) and find in the article (``find_bar``).

Shared by the annotation window and the review view's lanes; imports only ``common``.
"""
