"""PL content as data: the definition, components, pillars, nightmares and more.

>>> from plkit.content import load_catalog
>>> load_catalog(use_settings=False).definition.parts[0].id
'student-driven'
"""

from plkit.content.catalog import Catalog
from plkit.content.loader import load_catalog, validate_folder

__all__ = ["Catalog", "load_catalog", "validate_folder"]
