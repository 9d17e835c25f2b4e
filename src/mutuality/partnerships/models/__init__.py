from mutuality.partnerships.models.exchanges import Exchange, KnowledgeFlow, Participation
from mutuality.partnerships.models.learning import LearningOutcome
from mutuality.partnerships.models.partnerships import Actor, Objective, Partnership, Side
from mutuality.partnerships.models.places import Municipality
from mutuality.partnerships.models.projects import Project, SupportProgramme
from mutuality.partnerships.models.resources import ResourceContribution

__all__ = [
    "Actor",
    "Exchange",
    "KnowledgeFlow",
    "LearningOutcome",
    "Municipality",
    "Objective",
    "Participation",
    "Partnership",
    "Project",
    "ResourceContribution",
    "Side",
    "SupportProgramme",
]
