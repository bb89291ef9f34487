"""The registry of export formats: each format it lists writes the files it names, and
import reads back exactly the formats the registry (and so the help) says it reads, the
others refused naming those it does read."""

from __future__ import annotations

import pytest

from sample_annotations import SAMPLE, sample_document

from tui_reader.formats import REGISTRY, export_path_for
from tui_reader.formats.registry import READABLE
from tui_reader.importer import ImportFileError, plan_import


@pytest.mark.parametrize("fmt", REGISTRY, ids=lambda f: f.name)
def test_each_format_writes_what_it_names_and_import_reads_it_back_if_it_says_so(tmp_path, fmt):
    doc = sample_document(str(SAMPLE))  # the real path: the text is at hand for import
    out = tmp_path / export_path_for("sample-annotations.json", fmt.name)
    result = fmt.write([doc], out)
    files = fmt.files(out, [doc])
    assert files and all(p.is_file() for p in files)
    assert out.is_dir() == fmt.writes_folder
    assert ("tui-reader import reads" in fmt.description) == (fmt.name in READABLE)
    exported = next(p for p in files if p.suffix == ".ann") if fmt.writes_folder else out
    if fmt.name in READABLE:
        plan = plan_import(exported)
        assert plan.format == fmt.name
        assert plan.annotation_count == result.written  # every annotation written is read back
    else:
        with pytest.raises(ImportFileError, match=f"a {fmt.name} export is for other tools .* import a json, w3c, jsonl or brat export"):
            plan_import(exported)
