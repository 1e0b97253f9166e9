"""JSON Schemas for knowledge files, and jsonschema errors turned into file:line:col lines."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from backtalk.errors import Problem
from backtalk.knowledge.yamlfile import YamlDoc

KINDS = ("exercises", "conditions", "intents", "synonyms", "red_flags", "context")


@cache
def schema(kind: str) -> dict[str, Any]:
    text = resources.files("backtalk.knowledge").joinpath("schema", f"{kind}.json").read_text()
    return json.loads(text)


_PLAIN_STRING = {"type", "minLength", "maxLength"}


@cache
def _validator_class() -> Any:
    # Imported here: jsonschema is only needed when a file is actually validated.
    from jsonschema import Draft202012Validator, validators

    standard_items = Draft202012Validator.VALIDATORS["items"]

    def items(validator: Any, sub: Any, instance: Any, parent: Any) -> Any:
        # Most arrays in the knowledge are lists of strings (patterns, aliases, steps). Checking
        # those in a plain loop saves a validator per item (about a third of validation time);
        # an item that fails goes through the standard path, so the error is the same.
        if (
            isinstance(sub, dict)
            and sub.get("type") == "string"
            and sub.keys() <= _PLAIN_STRING
            and "prefixItems" not in parent
            and isinstance(instance, list)
        ):
            lo, hi = sub.get("minLength", 0), sub.get("maxLength", float("inf"))
            for i, item in enumerate(instance):
                if not (isinstance(item, str) and lo <= len(item) <= hi):
                    yield from validator.descend(item, sub, path=i)
            return
        yield from standard_items(validator, sub, instance, parent)

    return validators.extend(Draft202012Validator, {"items": items})


@cache
def _validator(kind: str) -> Any:
    return _validator_class()(schema(kind))


def _hint(err: Any) -> str:
    v = err.validator
    if v == "required":
        return "add the missing key"
    if v == "additionalProperties":
        allowed = sorted(err.schema.get("properties", {}))
        return (
            f"remove it or fix its spelling; allowed keys: {', '.join(allowed)}" if allowed else ""
        )
    if v == "pattern" and "a-z0-9" in str(err.validator_value):
        return "ids are kebab-case, like 'glute-bridge'"
    if v == "enum":
        return "use one of: " + ", ".join(map(str, err.validator_value))
    if v == "type":
        return f"expected {err.validator_value}"
    if v in ("minItems", "minLength"):
        return "it must not be empty"
    if v == "maxLength":
        return "keep quotes short: 300 characters at most"
    if v in ("oneOf", "anyOf"):
        return "see knowledge/README.md for the format"
    return ""


def _message(err: Any) -> str:
    if (
        err.validator == "oneOf"
        and isinstance(err.instance, dict)
        and ("seed" in err.instance or "url" in err.instance or "quote" in err.instance)
    ):
        return "a citation needs either 'seed' and 'quote', or 'url' and 'title' (nothing else)"
    if err.validator == "anyOf" and isinstance(err.instance, dict) and "why" in err.instance:
        return "a signal needs 'phrases' or 'near'"
    if err.validator == "oneOf" and isinstance(err.instance, dict) and "tier" in err.instance:
        return "a rule needs exactly one of 'any' or 'all'"
    if err.validator == "type" and err.instance is None:
        return "value is empty"
    return err.message


def validate(doc: YamlDoc, kind: str) -> list[Problem]:
    problems: list[Problem] = []
    for err in sorted(_validator(kind).iter_errors(doc.data), key=lambda e: list(map(str, e.path))):
        path = tuple(err.absolute_path)
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            allowed = set(err.schema.get("properties", {}))
            for extra in [k for k in err.instance if k not in allowed]:
                line, col = doc.mark((*path, extra), key=True)
                problems.append(Problem(doc.path, line, col, f"unknown key '{extra}'", _hint(err)))
            continue
        if err.validator == "required" and path == () and doc.data is not None:
            line, col = 1, 1
        else:
            line, col = doc.mark(path)
        problems.append(Problem(doc.path, line, col, _message(err), _hint(err)))
    return problems
