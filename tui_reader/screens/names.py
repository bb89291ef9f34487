"""The reading screen's actions by name, for the command palette and the help screen,
where the key hint's one word ("Actor", "Note") would not be found by what a reader types
("tag", "annot"). Keyed by binding id; an action not named here keeps its hint's word."""

ACTION_NAMES = {
    "tag.actor": "Tag as actor",
    "tag.claim": "Tag as claim",
    "tag.date": "Tag as date",
    "annotation.delete": "Delete the annotation",
    "annotation.note": "Write or edit the annotation's note",
    "annotation.reattach": "Attach the orphaned annotation to the selection",
    "history.undo": "Undo the last annotation change",
    "history.redo": "Redo the annotation change",
    "find.open": "Find text in the document",
    "search.open": "Search annotations",
    "clipboard.copy": "Copy with citation",
    "export.json": "Export annotations",
    "panel.annotations": "Annotation list (orphaned annotations too)",
    "panel.contents": "Contents: the list of sections",
    "reader.select": "Select text",
    "reader.select_sentence": "Select the sentence",
}
