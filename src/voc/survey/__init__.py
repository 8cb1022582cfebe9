"""The numeric half of a survey: config, validity checks, NPS/CSAT/dimension metrics, and the join."""

from voc.survey.config import (
    ScoreItem,
    SurveyConfig,
    default_survey_config,
    load_survey_config,
    parse_survey_config,
)
from voc.survey.join import SurveyOutput, join_survey
from voc.survey.metrics import nps, top_box_share, wilson
from voc.survey.validity import check_validity

__all__ = [
    "ScoreItem",
    "SurveyConfig",
    "SurveyOutput",
    "check_validity",
    "default_survey_config",
    "join_survey",
    "load_survey_config",
    "nps",
    "parse_survey_config",
    "top_box_share",
    "wilson",
]
