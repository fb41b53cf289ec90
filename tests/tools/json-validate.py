#!/usr/bin/env python3
"""json-validate.py - check JSON documents against a JSON Schema.

usage: json-validate.py SCHEMA DOCUMENT...   (DOCUMENT "-" is stdin)

A small validator for the part of JSON Schema (draft 2020-12) that
docs/json-schema.json uses, on Python 3's standard library alone:
  type (a name or a list of names), properties, required,
  additionalProperties (true, false or a schema), items (one schema for
  every item), enum, const, minimum, pattern (re.search), anyOf, $ref to
  a JSON pointer inside the schema ("#/$defs/name"), and boolean
  schemas.  format is ignored (an annotation here); title, description,
  $schema, $id, $comment and $defs are annotations.
Any other keyword in the schema is an error, so that a schema never
relies on a check this validator would skip.

The documents themselves must be strict JSON: UTF-8, no NaN or
Infinity, no member name twice in an object.

Exit status: 0 when every document is valid; 1 at the first violation,
printed as "json-validate: FILE: at /json/pointer: what is wrong"; 2 for
a usage, file or schema error.
"""
import json
import math
import re
import sys

ANNOTATIONS = {"title", "description", "$schema", "$id", "$comment",
               "$defs", "format"}
CHECKS = {"type", "properties", "required", "additionalProperties",
          "items", "enum", "const", "minimum", "pattern", "anyOf", "$ref"}
TYPES = {"object", "array", "string", "integer", "number", "boolean",
         "null"}


class Violation(Exception):
    def __init__(self, path, message):
        super().__init__(message)
        self.path = path
        self.message = message


class SchemaError(Exception):
    pass


def pointer(path):
    if not path:
        return "(the document)"
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1")
                   for p in path)


def is_type(value, name):
    if name == "object":
        return isinstance(value, dict)
    if name == "array":
        return isinstance(value, list)
    if name == "string":
        return isinstance(value, str)
    if name == "boolean":
        return isinstance(value, bool)
    if name == "null":
        return value is None
    if isinstance(value, bool):
        return False
    if name == "integer":
        return isinstance(value, int) or (isinstance(value, float)
                                          and value.is_integer())
    if name == "number":
        return isinstance(value, (int, float))
    raise SchemaError("unknown type %r" % name)


def type_name(value):
    for name in ("null", "boolean", "integer", "number", "string", "array",
                 "object"):
        if is_type(value, name):
            return name
    return type(value).__name__


def json_equal(a, b):
    """Equality in JSON's sense: true is not 1, 1 is 1.0."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(map(json_equal, a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def short(value):
    text = json.dumps(value, ensure_ascii=True)
    return text if len(text) <= 60 else text[:57] + "..."


class Validator:
    def __init__(self, schema):
        self.root = schema

    def resolve(self, ref):
        if not ref.startswith("#"):
            raise SchemaError("only local $ref is supported: %r" % ref)
        node = self.root
        frag = ref[1:]
        if frag and not frag.startswith("/"):
            raise SchemaError("bad $ref %r" % ref)
        for part in frag.split("/")[1:]:
            part = part.replace("~1", "/").replace("~0", "~")
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and part.isdigit() \
                    and int(part) < len(node):
                node = node[int(part)]
            else:
                raise SchemaError("$ref %r does not resolve" % ref)
        return node

    def lint(self, schema, where="#"):
        """Check the whole schema once: known keywords, types, $refs."""
        if isinstance(schema, bool):
            return
        if not isinstance(schema, dict):
            raise SchemaError("%s: a schema must be an object or a boolean"
                              % where)
        for key in schema:
            if key not in CHECKS and key not in ANNOTATIONS:
                raise SchemaError("%s: unsupported keyword %r" % (where, key))
        names = schema.get("type", [])
        for name in [names] if isinstance(names, str) else names:
            if name not in TYPES:
                raise SchemaError("%s: unknown type %r" % (where, name))
        if "$ref" in schema:
            self.resolve(schema["$ref"])
        if "pattern" in schema:
            try:
                re.compile(schema["pattern"])
            except re.error as e:
                raise SchemaError("%s: bad pattern: %s" % (where, e))
        for group in ("properties", "$defs"):
            for name, sub in schema.get(group, {}).items():
                self.lint(sub, "%s/%s/%s" % (where, group, name))
        for key in ("additionalProperties", "items"):
            if key in schema:
                self.lint(schema[key], "%s/%s" % (where, key))
        for i, sub in enumerate(schema.get("anyOf", [])):
            self.lint(sub, "%s/anyOf/%d" % (where, i))

    def check(self, value, schema, path):
        if schema is True:
            return
        if schema is False:
            raise Violation(path, "no value is allowed here")
        if not isinstance(schema, dict):
            raise SchemaError("a schema must be an object or a boolean, "
                              "not %s" % short(schema))
        for key in schema:
            if key not in CHECKS and key not in ANNOTATIONS:
                raise SchemaError("unsupported keyword %r" % key)

        if "$ref" in schema:
            self.check(value, self.resolve(schema["$ref"]), path)

        if "type" in schema:
            names = schema["type"]
            if isinstance(names, str):
                names = [names]
            for name in names:
                if name not in TYPES:
                    raise SchemaError("unknown type %r" % name)
            if not any(is_type(value, n) for n in names):
                raise Violation(path, "%s is %s, not %s"
                                % (short(value), type_name(value),
                                   " or ".join(names)))

        if "const" in schema and not json_equal(value, schema["const"]):
            raise Violation(path, "%s is not the constant %s"
                            % (short(value), short(schema["const"])))

        if "enum" in schema and not any(json_equal(value, e)
                                        for e in schema["enum"]):
            raise Violation(path, "%s is not one of %s"
                            % (short(value), short(schema["enum"])))

        if "minimum" in schema and is_type(value, "number") \
                and value < schema["minimum"]:
            raise Violation(path, "%s is less than the minimum %s"
                            % (short(value), short(schema["minimum"])))

        if "pattern" in schema and isinstance(value, str) \
                and not re.search(schema["pattern"], value):
            raise Violation(path, "%s does not match the pattern %s"
                            % (short(value), short(schema["pattern"])))

        if "anyOf" in schema:
            failures = []
            for sub in schema["anyOf"]:
                try:
                    self.check(value, sub, path)
                    break
                except Violation as v:
                    failures.append("at %s: %s" % (pointer(v.path), v.message))
            else:
                raise Violation(path, "matches no branch of anyOf: %s"
                                % "; ".join("(%d) %s" % (i + 1, f)
                                            for i, f in enumerate(failures)))

        if isinstance(value, dict):
            props = schema.get("properties", {})
            for name in schema.get("required", []):
                if name not in value:
                    raise Violation(path, "the required member %r is "
                                    "missing" % name)
            extra = schema.get("additionalProperties", True)
            for name, member in value.items():
                if name in props:
                    self.check(member, props[name], path + [name])
                elif extra is False:
                    raise Violation(path, "the member %r is not allowed "
                                    "here (additionalProperties is false)"
                                    % name)
                else:
                    self.check(member, extra, path + [name])

        if isinstance(value, list) and "items" in schema:
            for i, item in enumerate(value):
                self.check(item, schema["items"], path + [i])


def no_duplicates(pairs):
    seen = {}
    for key, value in pairs:
        if key in seen:
            raise ValueError("the member %r appears twice in an object"
                             % key)
        seen[key] = value
    return seen


def no_constant(name):
    raise ValueError("%s is not JSON" % name)


def load(path):
    if path == "-":
        data = sys.stdin.buffer.read()
    else:
        with open(path, "rb") as f:
            data = f.read()
    text = data.decode("utf-8")  # strict: invalid UTF-8 raises
    value = json.loads(text, object_pairs_hook=no_duplicates,
                       parse_constant=no_constant)
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("not a finite number")
    return value


def main(argv):
    if len(argv) < 3:
        sys.stderr.write("usage: json-validate.py SCHEMA DOCUMENT...\n")
        return 2
    try:
        schema = load(argv[1])
    except (OSError, ValueError) as e:
        sys.stderr.write("json-validate: %s: %s\n" % (argv[1], e))
        return 2
    validator = Validator(schema)
    try:
        validator.lint(schema)
    except SchemaError as e:
        sys.stderr.write("json-validate: %s: schema error: %s\n"
                         % (argv[1], e))
        return 2
    for path in argv[2:]:
        try:
            doc = load(path)
        except OSError as e:
            sys.stderr.write("json-validate: %s: %s\n" % (path, e))
            return 2
        except ValueError as e:  # UnicodeDecodeError and JSONDecodeError
            sys.stderr.write("json-validate: %s: not valid JSON: %s\n"
                             % (path, e))
            return 1
        try:
            validator.check(doc, schema, [])
        except Violation as v:
            sys.stderr.write("json-validate: %s: at %s: %s\n"
                             % (path, pointer(v.path), v.message))
            return 1
        except SchemaError as e:
            sys.stderr.write("json-validate: %s: schema error: %s\n"
                             % (argv[1], e))
            return 2
        except RecursionError:
            sys.stderr.write("json-validate: %s: nested too deeply\n"
                             % path)
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
