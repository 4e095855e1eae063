"""The agreement report window: its tables (``models``) and a confusion-matrix heat map per pair
(``heatmap``) over the core's report.

Imports ``common``, ``safekeeping`` and ``dialogs``.
"""
