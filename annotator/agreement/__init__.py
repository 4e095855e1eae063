"""Inter-annotator agreement: pure functions over plain data, no Qt and no database.

Map: ``coefficients`` (Cohen's and Fleiss' kappa, Krippendorff's alpha, Gwet's AC1, confusion
matrices on categorical ratings), ``unitizing`` (Krippendorff's alpha_U on character spans),
``spans`` (SemEval 2013 / nervaluate span matching: strict, exact, partial, type) and ``report``
(all of them per article and for a corpus, as a dataclass tree, JSON-ready dict or text table).
"""

from annotator.agreement.coefficients import (
    ConfusionMatrix,
    RatingTable,
    cohen_kappa,
    confusion_matrix,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    percent_agreement,
)
from annotator.agreement.report import (
    METHOD,
    OUTSIDE,
    AgreementReport,
    ArticleInput,
    ArticleReport,
    Figures,
    TokenAgreement,
    build_report,
    render_text,
)
from annotator.agreement.spans import (
    SCHEMES,
    MatchCounts,
    compare_spans,
    compare_spans_by_label,
    match_spans,
)
from annotator.agreement.unitizing import (
    AlphaU,
    UnitizingCorpus,
    UnitizingResult,
    merge_overlaps,
    unitizing_alpha,
)

__all__ = [
    "METHOD",
    "OUTSIDE",
    "SCHEMES",
    "AgreementReport",
    "AlphaU",
    "ArticleInput",
    "ArticleReport",
    "ConfusionMatrix",
    "Figures",
    "MatchCounts",
    "RatingTable",
    "TokenAgreement",
    "UnitizingCorpus",
    "UnitizingResult",
    "build_report",
    "cohen_kappa",
    "compare_spans",
    "compare_spans_by_label",
    "confusion_matrix",
    "fleiss_kappa",
    "gwet_ac1",
    "krippendorff_alpha",
    "match_spans",
    "merge_overlaps",
    "percent_agreement",
    "render_text",
    "unitizing_alpha",
]
