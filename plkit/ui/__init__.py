"""ipywidgets components built on plkit's domain modules; each is testable without a browser."""

from plkit.ui.autosave import Debouncer, Saver, SaveStatus
from plkit.ui.cardsort import CardSort
from plkit.ui.components import Choice, MultiChoice, ReflectionBox, ShortAnswer, box
from plkit.ui.definition_builder import DefinitionBuilder
from plkit.ui.download import DownloadLinks, data_uri
from plkit.ui.progress import ProgressIndicator
from plkit.ui.radiogroup import RadioGroup
from plkit.ui.style import stylesheet

__all__ = [
    "CardSort",
    "Choice",
    "Debouncer",
    "DefinitionBuilder",
    "DownloadLinks",
    "MultiChoice",
    "ProgressIndicator",
    "RadioGroup",
    "ReflectionBox",
    "SaveStatus",
    "Saver",
    "ShortAnswer",
    "box",
    "data_uri",
    "stylesheet",
]
