"""JSON Schemas for knowledge files, and jsonschema errors turned into file:line:col lines."""

from __future__ import annotations

import json
import re
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


@cache
def _validator(kind: str) -> Any:
    # Imported here: jsonschema is only needed for a file the quick check cannot prove valid.
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema(kind))


# --------------------------------------------------------------------------- fast pre-check
# jsonschema is thorough and slow (a validator object and a generator per keyword and value):
# it was a fifth of the knowledge load. A valid file, which is nearly every file, is proven so
# by this plain walk over the few keywords our schemas use; only a file it cannot prove valid
# goes through jsonschema, which then names the errors. The walk answers True (valid), False
# (invalid) or None (not sure: a keyword or a case it does not know), and is never wrong when
# it is sure, so a None anywhere it matters hands the file to jsonschema.

_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "object": (dict,),
    "array": (list,),
    "boolean": (bool,),
    "null": (type(None),),
}
_ANNOTATIONS = {"$schema", "$defs", "title", "description", "$comment"}
_KNOWN = _ANNOTATIONS | {
    "type",
    "minLength",
    "maxLength",
    "pattern",
    "enum",
    "items",
    "minItems",
    "uniqueItems",
    "properties",
    "required",
    "additionalProperties",
    "propertyNames",
    "oneOf",
    "anyOf",
    "$ref",
}


def _all(results: Any) -> bool | None:
    """True if every check is True, False as soon as one is False, else None."""
    unsure = False
    for r in results:
        if r is False:
            return False
        if r is None:
            unsure = True
    return None if unsure else True


def _type_ok(name: Any, x: Any) -> bool | None:
    if name in ("integer", "number"):
        if isinstance(x, bool) or not isinstance(x, (int, float)):
            return False
        return True if isinstance(x, int) or name == "number" else None
    kinds = _TYPES.get(name) if isinstance(name, str) else None
    if kinds is None:
        return None
    return isinstance(x, kinds) and not (name != "boolean" and isinstance(x, bool))


def quick_check(sub: Any, x: Any, root: dict[str, Any]) -> bool | None:
    """Is x valid against the (sub)schema? True, False, or None when not sure."""
    if sub is True or sub == {}:
        return True
    if not isinstance(sub, dict) or not sub.keys() <= _KNOWN:
        return None
    ref = sub.get("$ref")
    if ref is not None:
        if not (isinstance(ref, str) and ref.startswith("#/$defs/")):
            return None
        target = root.get("$defs", {}).get(ref[len("#/$defs/") :])
        if target is None:
            return None
        got = quick_check(target, x, root)
        if got is not True:
            return got
    checks: list[bool | None] = []
    if "type" in sub:
        t = sub["type"]
        if isinstance(t, list):
            oks = [_type_ok(n, x) for n in t]
            checks.append(
                True if True in oks else (False if all(o is False for o in oks) else None)
            )
        else:
            checks.append(_type_ok(t, x))
    if "enum" in sub:
        same = [e for e in sub["enum"] if e == x]
        checks.append(
            False if not same else (True if any(type(e) is type(x) for e in same) else None)
        )
    if isinstance(x, str):
        checks.append(sub.get("minLength", 0) <= len(x) <= sub.get("maxLength", len(x)))
        if "pattern" in sub:
            checks.append(re.search(sub["pattern"], x) is not None)
    elif isinstance(x, list):
        checks.append(len(x) >= sub.get("minItems", 0))
        if sub.get("uniqueItems"):
            checks.append(len(set(x)) == len(x) if all(isinstance(i, str) for i in x) else None)
        if "items" in sub:
            item = sub["items"]
            if isinstance(item, dict) and item.keys() <= {"type", "minLength", "maxLength"}:
                # the common case, a list of plain strings, without a call per item
                lo, hi = item.get("minLength", 0), item.get("maxLength", float("inf"))
                if item.get("type") == "string":
                    checks.append(all(isinstance(i, str) and lo <= len(i) <= hi for i in x))
                else:
                    checks.append(_all(quick_check(item, i, root) for i in x))
            else:
                checks.append(_all(quick_check(item, i, root) for i in x))
    elif isinstance(x, dict):
        checks.append(all(k in x for k in sub.get("required", ())))
        props = sub.get("properties", {})
        checks.append(_all(quick_check(props[k], v, root) for k, v in x.items() if k in props))
        extra = sub.get("additionalProperties", True)
        if extra is not True:
            checks.append(_all(quick_check(extra, v, root) for k, v in x.items() if k not in props))
        if "propertyNames" in sub:
            checks.append(_all(quick_check(sub["propertyNames"], k, root) for k in x))
    if "oneOf" in sub:
        got = [quick_check(o, x, root) for o in sub["oneOf"]]
        checks.append(None if None in got else got.count(True) == 1)
    if "anyOf" in sub:
        got = [quick_check(o, x, root) for o in sub["anyOf"]]
        checks.append(True if True in got else (None if None in got else False))
    return _all(checks)


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
    if quick_check(schema(kind), doc.data, schema(kind)) is True:
        return []
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
