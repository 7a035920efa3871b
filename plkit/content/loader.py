"""Load the shipped content, overlay a district's folder, and validate every field.

A district folder holds YAML files named like the shipped ones (``nightmares.yaml``...). By
default its items are merged by ``id`` (same id replaces, new id is added); a file with
``mode: replace`` replaces the whole section instead.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from importlib import resources
from pathlib import Path
from typing import Any, Union

import yaml

from plkit.content.catalog import SECTIONS, Catalog
from plkit.content.model import KNOWLEDGE_KINDS
from plkit.errors import ContentError
from plkit.settings import current

__all__ = ["load_catalog", "validate_folder", "shipped_files"]

_MODES = {"merge", "replace"}


def shipped_files() -> dict[str, str]:
    """File name -> text of every shipped content file."""
    data = resources.files("plkit.content") / "data"
    return {p.name: p.read_text(encoding="utf-8") for p in data.iterdir() if p.name.endswith(".yaml")}


def _parse(name: str, text: str) -> dict[str, Any]:
    try:
        # libyaml's safe loader where it is installed: the same result, about ten times faster
        doc = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise ContentError(name, "(file)", f"is not valid YAML{where}") from None
    if doc is None:
        return {}
    if not isinstance(doc, dict):
        raise ContentError(name, "(file)", "must be a mapping of section names to items")
    return doc


def _type_name(tp: Any) -> str:
    return getattr(tp, "__name__", str(tp))


def _coerce(value: Any, tp: Any, file: str, where: str) -> Any:
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if value is None:
            return None
        return _coerce(value, args[0], file, where)
    if origin is list:
        (inner,) = typing.get_args(tp)
        if not isinstance(value, list):
            raise ContentError(file, where, "must be a list")
        return [_coerce(v, inner, file, f"{where}[{i}]") for i, v in enumerate(value)]
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _build(tp, value, file, where)
    if tp is str:
        if not isinstance(value, str) or not value.strip():
            raise ContentError(file, where, "must be non-empty text")
        return value.strip()
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ContentError(file, where, "must be a whole number")
        return value
    raise ContentError(file, where, f"has an unsupported type {_type_name(tp)}")


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _build(cls: type, data: Any, file: str, where: str) -> Any:
    if not isinstance(data, dict):
        raise ContentError(file, where, "must be a mapping of fields")
    hints = _hints(cls)
    kwargs: dict[str, Any] = {}
    known = set()
    for f in dataclasses.fields(cls):
        key = "is" if f.name == "is_" else f.name
        known.add(key)
        label = f"{where}.{key}"
        if isinstance(data.get("id"), str):
            label = f"{where}[id={data['id']}].{key}"
        has_default = (
            f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
        )
        if has_default and data.get(key) == "":
            continue  # an optional text left blank takes its default
        if key not in data or data[key] is None:
            if key in data and typing.get_origin(hints[f.name]) in (Union, types.UnionType):
                kwargs[f.name] = None
                continue
            if not has_default:
                raise ContentError(file, label, "is missing")
            continue
        kwargs[f.name] = _coerce(data[key], hints[f.name], file, label)
    unknown = sorted(set(data) - known)
    if unknown:
        raise ContentError(file, f"{where}.{unknown[0]}", "is not a known field (check its spelling)")
    return cls(**kwargs)


def _sections_of(name: str, doc: dict[str, Any]) -> dict[str, Any]:
    mode = doc.get("mode", "merge")
    if mode not in _MODES:
        raise ContentError(name, "mode", "must be 'merge' or 'replace'")
    out = {}
    for key, value in doc.items():
        if key == "mode":
            continue
        if key not in SECTIONS:
            raise ContentError(name, key, "is not a content section plkit knows")
        out[key] = value
    return out


def _merge(base: list[Any], extra: list[Any], file: str, section: str) -> list[Any]:
    by_id = {item.id: i for i, item in enumerate(base)}
    merged = list(base)
    for item in extra:
        if item.id in by_id:
            merged[by_id[item.id]] = item
        else:
            by_id[item.id] = len(merged)
            merged.append(item)
    return merged


def _check_unique(items: list[Any], file: str, section: str) -> None:
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise ContentError(file, f"{section}[id={item.id}].id", "is used twice")
        seen.add(item.id)


def _load_files(files: dict[str, str], origin: str) -> dict[str, tuple[Any, str, str]]:
    """section -> (records, file label, mode)."""
    out: dict[str, tuple[Any, str, str]] = {}
    for name in sorted(files):
        label = f"{origin}/{name}" if origin else name
        doc = _parse(label, files[name])
        mode = doc.get("mode", "merge")
        for section, raw in _sections_of(label, doc).items():
            _, cls, is_list = SECTIONS[section]
            if is_list:
                records = _coerce(raw, types.GenericAlias(list, (cls,)), label, section)
                _check_unique(records, label, section)
            else:
                records = _build(cls, raw, label, section)
            if section in out:
                prev_records, prev_label, prev_mode = out[section]
                if not is_list:
                    raise ContentError(
                        label, section, f"is also given in {prev_label}; keep it in one file"
                    )
                records = _merge(prev_records, records, label, section)
                label = f"{prev_label} and {label}"
                mode = "replace" if "replace" in (mode, prev_mode) else "merge"
            out[section] = (records, label, mode)
    return out


def _need_source(source_ids: set[str], label: str, item: Any, where: str) -> None:
    """Raise if ``item`` names a source that is not in sources.yaml."""
    src = getattr(item, "source", "")
    if src and src not in source_ids:
        raise ContentError(label, where, f"names source '{src}', which is not in sources.yaml")


def _check_definition(d: Any, source_ids: set[str], label: str) -> None:
    """The definition's own source, its parts', elements' and alternatives' sources and links."""
    _need_source(source_ids, label, d, "definition.source")
    part_ids = {p.id for p in d.parts}
    for p in d.parts:
        _need_source(source_ids, label, p, f"definition.parts[id={p.id}].source")
    for e in d.elements:
        _need_source(source_ids, label, e, f"definition.elements[id={e.id}].source")
        if e.part is not None and e.part not in part_ids:
            raise ContentError(label, f"definition.elements[id={e.id}].part", "names an unknown part")
        if not e.keywords:
            raise ContentError(label, f"definition.elements[id={e.id}].keywords", "must not be empty")
    for a in d.alternatives:
        _need_source(source_ids, label, a, f"definition.alternatives[id={a.id}].source")


def _check_list_sections(values: dict[str, Any], labels: dict[str, str], source_ids: set[str]) -> None:
    """Every listed item's source and component (sources themselves excepted) exist."""
    component_ids = {c.id for c in values["components"]}
    for section, (_, _cls, is_list) in SECTIONS.items():
        if not is_list or section == "sources":
            continue
        for item in values[section]:
            _need_source(source_ids, labels[section], item, f"{section}[id={item.id}].source")
            comp = getattr(item, "component", None)
            if comp is not None and comp not in component_ids:
                raise ContentError(
                    labels[section],
                    f"{section}[id={item.id}].component",
                    f"names component '{comp}', which is not in components.yaml",
                )


def _check_statement_kinds(components: list[Any], label: str) -> None:
    for c in components:
        for s in c.statements:
            if s.kind not in {"is", "isnt"}:
                raise ContentError(
                    label,
                    f"components[id={c.id}].statements[id={s.id}].kind",
                    "must be 'is' or 'isnt'",
                )


def _check_question_links(values: dict[str, Any], label: str) -> None:
    """Each "yes, but" question links only to nightmares and questions that exist."""
    known = {"nightmares": {n.id for n in values["nightmares"]}, "faq": {q.id for q in values["faq"]}}
    for q in values["sample_questions"]:
        for field_name, ids in known.items():
            for ref in getattr(q, field_name):
                if ref not in ids:
                    raise ContentError(label, f"sample_questions.{q.id}.{field_name}",
                                       f"names '{ref}', which is not one of the {field_name} ids")


def _check_knowledge(values: dict[str, Any], label: str) -> None:
    """Each knowledge-check item: a known kind, two or more options with their own ids, an answer
    that is one of them, and (for a nightmare item) options that are nightmares that exist."""
    nightmare_ids = {n.id for n in values["nightmares"]}
    for item in values["knowledge"]:
        where = f"knowledge[id={item.id}]"
        if item.kind not in KNOWLEDGE_KINDS:
            raise ContentError(label, f"{where}.kind", "must be one of " + ", ".join(KNOWLEDGE_KINDS))
        ids = [o.id for o in item.options]
        if len(ids) < 2:
            raise ContentError(label, f"{where}.options", "must offer at least two options")
        if len(set(ids)) != len(ids):
            raise ContentError(label, f"{where}.options", "uses an option id twice")
        if item.answer not in ids:
            raise ContentError(label, f"{where}.answer",
                               f"is '{item.answer}', which is not one of its options ({', '.join(ids)})")
        if item.kind == "nightmare":
            for o in ids:
                if o not in nightmare_ids:
                    raise ContentError(label, f"{where}.options[id={o}]",
                                       f"names nightmare '{o}', which is not in nightmares.yaml")


def _cross_check(values: dict[str, Any], labels: dict[str, str]) -> None:
    source_ids = {s.id for s in values["sources"]}
    _check_question_links(values, labels["sample_questions"])
    _check_knowledge(values, labels["knowledge"])
    _check_definition(values["definition"], source_ids, labels["definition"])
    _check_list_sections(values, labels, source_ids)
    _check_statement_kinds(values["components"], labels["components"])


def _read_folder(folder: Path) -> dict[str, str]:
    if not folder.is_dir():
        raise ContentError(str(folder), "(folder)", "does not exist or is not a folder")
    files = {}
    for p in sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")):
        try:
            files[p.name] = p.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise ContentError(str(p), "(file)", "is not UTF-8 text") from None
    if not files and not (folder / "notebooks").is_dir():  # a district may reword only its notebooks
        raise ContentError(str(folder), "(folder)", "holds no .yaml content files and no notebooks folder")
    return files


def _assemble(override: Path | None) -> Catalog:
    shipped = _load_files(shipped_files(), "")
    values: dict[str, Any] = {}
    labels: dict[str, str] = {}
    for section in SECTIONS:
        if section not in shipped:
            raise ContentError(SECTIONS[section][0], section, "is missing from the shipped content")
        values[section], labels[section], _ = shipped[section]
    if override is not None:
        extra = _load_files(_read_folder(override), str(override))
        for section, (records, label, mode) in extra.items():
            labels[section] = label
            if SECTIONS[section][2] and mode == "merge":
                values[section] = _merge(values[section], records, label, section)
            else:
                values[section] = records
    _cross_check(values, labels)
    return Catalog(**values)


@functools.lru_cache(maxsize=8)
def _cached(override: str | None) -> Catalog:
    return _assemble(Path(override) if override else None)


def load_catalog(content_dir: str | Path | None = None, *, use_settings: bool = True) -> Catalog:
    """The content catalog, with a district folder overlaid when one is given or configured.

    >>> cat = load_catalog(use_settings=False)
    >>> len(cat.nightmares), len(cat.components), len(cat.habits)
    (15, 8, 16)
    """
    if content_dir is None and use_settings:
        content_dir = current().content_dir
    key = str(Path(content_dir).expanduser().resolve()) if content_dir else None
    return _cached(key)


def validate_folder(folder: str | Path) -> Catalog:
    """Check a district's content folder against the shipped content; raise ContentError if bad."""
    return _assemble(Path(folder).expanduser())
