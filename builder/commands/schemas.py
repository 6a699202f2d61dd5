"""JSON Schemas of the front matter, from the content model, for editors' YAML tools."""

from __future__ import annotations

import json
from pathlib import Path

from builder.core.model import META_MODEL
from builder.core.paths import Kind, schema_path

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def schema_of(kind: Kind) -> str:
    schema = {"$schema": DRAFT, **META_MODEL[kind].model_json_schema()}
    schema["title"] = f"Front matter of {kind.value} files in content/{kind.folder}/"
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def stale_schemas(project: Path) -> list[Path]:
    """Schema files that are missing or differ from what the model gives."""
    return [project / schema_path(kind) for kind in Kind
            if not (project / schema_path(kind)).is_file()
            or (project / schema_path(kind)).read_text(encoding="utf-8") != schema_of(kind)]


def write_schemas(project: Path) -> list[Path]:
    written = []
    for path in stale_schemas(project):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(schema_of(next(k for k in Kind if project / schema_path(k) == path)), encoding="utf-8")
        written.append(path)
    return written
