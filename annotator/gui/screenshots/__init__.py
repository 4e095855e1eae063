"""The README's screenshots, ``python -m annotator.gui.screenshots --out docs/``, on a throw-away
database of the sample articles (``review_demo``: three annotators who disagree, also used by tests).

Never imported by the application.
"""
