"""Pain points: the taxonomy of after-sales problems and the clause-level detector that finds them."""

from voc.painpoints.detector import Finding, PainPointDetector
from voc.painpoints.stage import PainPointStage
from voc.painpoints.taxonomy import PainPointCode, Taxonomy, load_taxonomy, parse_taxonomy

__all__ = [
    "Finding",
    "PainPointCode",
    "PainPointDetector",
    "PainPointStage",
    "Taxonomy",
    "load_taxonomy",
    "parse_taxonomy",
]
