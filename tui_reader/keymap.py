"""One table of the reader's key bindings: id, keys, what each does, its group in help.

The table builds the bindings of the reading screen and its widgets, the key hints, the
help screen (grouped by task) and the command palette's entries, so no key text is
written twice. A binding's id is what ``[keys]`` in config.toml remaps (the app hands
the remapping to Textual's ``App.set_keymap``); tags get one binding each, ``tag.NAME``,
on the key their tag set gives them.

Keys are Textual key names ("a", "ctrl+e", "question_mark"); a single character is
accepted anywhere and named as Textual names it. Pure core: no Textual.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

from .errors import UserError
from .keynames import check_key_name, key_label, key_name, split_keys
from .tagset import DEFAULT_TAGS, TagSet

#: the tasks the help screen groups keys by, in its order
GROUPS = {
    "read": "Read",
    "select": "Select",
    "tag": "Tag and annotate",
    "suggest": "Suggestions",
    "find": "Find",
    "export": "Copy and export",
    "ledger": "The ledger",
    "other": "Other",
}

# Where a binding lives: keys collide only with the bindings met in the same place.
READER = ("view", "screen", "lists", "fixed")  # the reading screen and its panes
CONTEXTS = {
    "view": READER,
    "screen": READER,
    "lists": READER,
    "help": ("help", "fixed"),
    "search": ("search", "fixed"),
    "note": ("note", "dialog", "fixed"),
    "exporting": ("exporting", "dialog", "fixed"),
    "dialog": ("dialog", "note", "exporting", "picker", "fixed"),
    "rescue": ("rescue", "fixed"),
    "confirm": ("confirm", "fixed"),
    "picker": ("picker", "dialog", "fixed"),
    "ledger": ("ledger", "fixed"),
    "entities": ("entities", "fixed"),
}


class KeymapError(UserError):
    """A bad ``[keys]`` entry or a tag key that collides; one line."""


@dataclass(frozen=True)
class KeyEntry:
    id: str
    keys: str  # the default keys, Textual key names, comma-separated ("left,h")
    action: str
    hint: str  # the word in the key hints ("Actor")
    description: str  # what it does, in help and the command palette ("Tag as actor")
    group: str  # one of GROUPS
    owner: str  # "view" (the reading pane), "screen", "lists" (contents, annotations), "fixed"...
    show: bool = False  # in the key hints
    remappable: bool = True


def _e(id, keys, action, hint, description, group, owner, show=False, remappable=True) -> KeyEntry:
    return KeyEntry(id, keys, action, hint, description, group, owner, show, remappable)


ENTRIES: tuple[KeyEntry, ...] = (
    # reading
    _e("reader.left", "left,h", "move(-1)", "Left", "Move left (one character as you see it)", "read", "view"),
    _e("reader.right", "right", "move(1)", "Right", "Move right", "read", "view"),
    _e("reader.up", "up,k", "move_row(-1)", "Up", "Move up a line", "read", "view"),
    _e("reader.down", "down,j", "move_row(1)", "Down", "Move down a line", "read", "view"),
    _e("reader.word_next", "w", "word(1)", "Next word", "Next word (while selecting forwards: to its end)", "read", "view"),
    _e("reader.word_prev", "b", "word(-1)", "Previous word", "Previous word", "read", "view"),
    _e("reader.page_up", "pageup", "page(-1)", "Page up", "Page up (past the start of a section, into the one before)", "read", "view"),
    _e("reader.page_down", "pagedown,space", "page(1)", "Page down", "Page down (past the end, into the next section)", "read", "view"),
    _e("reader.start", "g,home", "section_edge(0)", "Start of section", "Start of section", "read", "view"),
    _e("reader.end", "G,end", "section_edge(1)", "End of section", "End of section", "read", "view"),
    _e("reader.sentence_prev", "left_parenthesis", "sentence(-1)", "Previous sentence", "Previous sentence", "read", "view"),
    _e("reader.sentence_next", "right_parenthesis", "sentence(1)", "Next sentence", "Next sentence", "read", "view"),
    _e("section.next", "right_square_bracket", "section(1)", "Next section", "Next section", "read", "screen"),
    _e("section.prev", "left_square_bracket", "section(-1)", "Previous section", "Previous section", "read", "screen"),
    _e("panel.annotations", "A", "show_panel('annotations')", "Annotations", "Annotation list (orphaned annotations too)", "read", "screen", show=True),
    _e("panel.contents", "T", "show_panel('contents')", "Contents", "Contents: the list of sections", "read", "screen"),
    _e("panel.close", "escape", "close_panel", "Back to the text", "Back to the text (from a side panel)", "read", "screen"),
    _e("reader.reflow", "R", "toggle_reflow", "Reflow", "Reflow paragraphs on/off (join hard-wrapped lines)", "read", "view"),
    _e("focus.next", "tab,shift+tab", "", "Focus", "Move focus: contents, text, annotations", "read", "fixed", remappable=False),
    _e("list.up", "up,k", "move(-1)", "Previous", "In a list: previous entry", "read", "lists"),
    _e("list.down", "down,j", "move(1)", "Next", "In a list: next entry", "read", "lists"),
    _e("list.page_up", "pageup", "move(-10)", "Page up", "In the contents: ten sections up", "read", "lists"),
    _e("list.page_down", "pagedown", "move(10)", "Page down", "In the contents: ten sections down", "read", "lists"),
    _e("list.first", "home,g", "move(-1000000000)", "First", "In the contents: the first section", "read", "lists"),
    _e("list.last", "end,G", "move(1000000000)", "Last", "In the contents: the last section", "read", "lists"),
    _e("list.open", "enter", "open", "Open", "In the contents: open the section; in the annotation list: jump to the annotation", "read", "lists"),
    # selecting
    _e("reader.select", "v", "toggle_selection", "Select", "Select text: start or stop a selection at the cursor", "select", "view", show=True),
    _e("reader.select_sentence", "V", "select_sentence", "Sentence", "Select the sentence under the cursor", "select", "view", show=True),
    _e("reader.extend_left", "shift+left", "extend(-1)", "Extend left", "Extend the selection left", "select", "view"),
    _e("reader.extend_right", "shift+right", "extend(1)", "Extend right", "Extend the selection right", "select", "view"),
    _e("reader.extend_up", "shift+up", "extend_row(-1)", "Extend up", "Extend the selection up", "select", "view"),
    _e("reader.extend_down", "shift+down", "extend_row(1)", "Extend down", "Extend the selection down", "select", "view"),
    _e("reader.clear", "escape", "clear_selection", "Clear selection", "Clear the selection", "select", "view"),
    # tagging and annotating (each tag's own binding, tag.NAME, is added from the tag set)
    _e("annotation.delete", "x", "delete", "Delete", "Delete the annotation (under the cursor, or highlighted in the list); on a link row of the list, the link", "tag", "screen", show=True),
    _e("annotation.note", "e", "note", "Note", "Write or edit the annotation's note", "tag", "screen", show=True),
    _e("annotation.reattach", "r", "reattach", "Attach orphan", "Attach the orphaned annotation to the selection", "tag", "screen"),
    _e("history.undo", "u,ctrl+z", "undo", "Undo", "Undo the last annotation change", "tag", "screen", show=True),
    _e("history.redo", "ctrl+r", "redo", "Redo", "Redo the annotation change", "tag", "screen"),
    # links, verdicts, values and the document's source (issue 12; link_actions.py)
    _e("link.open", "l", "link", "Link", "Link the annotation to another (said by, dated, same as)", "tag", "screen", show=True),
    _e("verdict.open", "exclamation_mark", "verdict", "Verdict", "Set the claim's verdict", "tag", "screen"),
    _e("annotation.value", "equals_sign", "edit_value", "Value", "Correct a date's value, or name an actor's entity", "tag", "screen"),
    _e("source.edit", "i", "edit_source", "Source", "The document's source: title, URL, outlet, author, published", "export", "screen"),
    # suggestions and tagging every occurrence (issue 13; screens/suggest_actions.py)
    _e("annotation.everywhere", "asterisk", "tag_everywhere", "Everywhere", "Tag every other occurrence of the annotation's words with its tag (whole words, same case, every section)", "tag", "screen"),
    _e("suggest.toggle", "S", "toggle_suggestions", "Suggest", "Show or hide suggestions (actors, dates, claims and who said them)", "suggest", "screen", show=True),
    _e("suggest.accept", "enter", "screen.accept_suggestion", "Accept", "On a suggestion: accept it as suggested, with its speaker and first mention (a tag's key: accept it as that tag)", "suggest", "view"),
    _e("suggest.reject", "x", "screen.reject_suggestion", "Reject", "On a suggestion: reject it (never suggested again in this document)", "suggest", "view"),
    _e("suggest.accept_all", "plus", "accept_all_suggestions", "Accept all", "Accept every suggestion shown in the section, as one change", "suggest", "screen"),
    # finding
    _e("find.open", "slash", "find", "Find", "Find text in the document", "find", "screen", show=True),
    _e("find.next", "n", "find_next(1)", "Next match", "Next match", "find", "screen"),
    _e("find.prev", "N", "find_next(-1)", "Previous match", "Previous match", "find", "screen"),
    _e("search.open", "s", "search", "Search", "Search annotations (tag:NAME for one tag)", "find", "screen", show=True),
    # copying and exporting
    _e("clipboard.copy", "y", "copy", "Copy", "Copy with citation", "export", "screen"),
    _e("export.open", "ctrl+e", "export", "Export", "Export annotations", "export", "screen"),
    # the ledger (screens/ledger.py)
    _e("ledger.open", "L", "app.ledger", "Ledger", "The ledger: every claim, who said it, when, its verdict", "ledger", "screen", show=True),
    _e("ledger.jump", "enter", "jump", "Jump", "In the ledger: jump to the claim in the text (another document's: open it); on an entity: its claims", "ledger", "ledger"),
    _e("ledger.down", "down,j", "move(1)", "Next", "In the ledger: next row", "ledger", "ledger"),
    _e("ledger.up", "up,k", "move(-1)", "Previous", "In the ledger: previous row", "ledger", "ledger"),
    _e("ledger.page_down", "pagedown,space", "page(1)", "Page down", "In the ledger: page down", "ledger", "ledger"),
    _e("ledger.page_up", "pageup", "page(-1)", "Page up", "In the ledger: page up", "ledger", "ledger"),
    _e("ledger.first", "home,g", "edge(0)", "First", "In the ledger: first row", "ledger", "ledger"),
    _e("ledger.last", "end,G", "edge(1)", "Last", "In the ledger: last row", "ledger", "ledger"),
    _e("ledger.filter", "slash", "filter", "Filter", "In the ledger: type words to find in any column (enter: back to the rows, escape: clear)", "ledger", "ledger"),
    _e("ledger.sort", "s", "sort", "Sort", "In the ledger: sort by the next column (after the last: document order); a click on a column's name sorts by it", "ledger", "ledger"),
    _e("ledger.reverse", "S", "reverse", "Reverse", "In the ledger: reverse the order", "ledger", "ledger"),
    _e("ledger.verdict", "v", "verdict(1)", "Verdict", "In the ledger: only the claims of the next verdict (after the last: every verdict)", "ledger", "ledger"),
    _e("ledger.verdict_back", "V", "verdict(-1)", "Previous verdict", "In the ledger: only the claims of the previous verdict", "ledger", "ledger"),
    _e("ledger.entity", "e", "entity", "Entity", "In the ledger: only the claims of one entity, or the unattributed ones", "ledger", "ledger"),
    _e("ledger.view", "tab", "switch_view", "Entities", "In the ledger: claims / entities (each with its mentions and claims)", "ledger", "ledger"),
    _e("ledger.scope", "a,ctrl+t", "toggle_scope", "All documents", "In the ledger: this document / all documents", "ledger", "ledger"),
    _e("ledger.help", "question_mark", "help", "Help", "In the ledger: every key", "ledger", "ledger"),
    _e("ledger.close", "escape,L", "close", "Close", "Close the ledger (in its filter line: clear the filter)", "ledger", "ledger"),
    _e("entities.down", "down", "cursor(1)", "Next", "Entity chooser: next entity", "ledger", "entities"),
    _e("entities.up", "up", "cursor(-1)", "Previous", "Entity chooser: previous entity", "ledger", "entities"),
    _e("entities.cancel", "escape", "cancel", "Cancel", "Entity chooser: close it, nothing changes", "ledger", "entities"),
    # the rest
    _e("app.help", "question_mark", "help", "Help", "Help: every key", "other", "screen", show=True),
    _e("app.quit", "q", "app.quit", "Quit", "Quit", "other", "screen", show=True),
    _e("app.palette", "ctrl+p", "", "palette", "Command palette: every action by name", "other", "fixed", remappable=False),
    _e("app.quit_anywhere", "ctrl+q", "", "Quit", "Quit, from anywhere", "other", "fixed", remappable=False),
    # inside the help, the search and the dialogs
    _e("help.close", "escape,q,question_mark", "close", "Close", "Close the help", "other", "help"),
    _e("search.close", "escape", "cancel", "Close", "Close the search", "find", "search"),
    _e("search.scope", "ctrl+t", "toggle_scope", "All documents / this one", "Search all documents or this one", "find", "search"),
    _e("search.down", "down", "cursor(1)", "Next result", "Next result", "find", "search"),
    _e("search.up", "up", "cursor(-1)", "Previous result", "Previous result", "find", "search"),
    _e("dialog.cancel", "escape", "cancel", "Cancel", "Close the dialog", "other", "dialog"),
    _e("note.save", "enter", "save", "Save", "Save the note", "tag", "note"),
    _e("note.choose_next", "right,down", "choose(1)", "Next tag", "The note's new annotation: next tag", "tag", "note"),
    _e("note.choose_previous", "left,up", "choose(-1)", "Previous tag", "The note's new annotation: previous tag", "tag", "note"),
    _e("rescue.again", "r,enter", "answer('again')", "Attach it again", "A note that could not be saved: attach it again", "tag", "rescue"),
    _e("rescue.hold", "s,escape", "answer('hold')", "Keep it for a new selection", "A note that could not be saved: keep it", "tag", "rescue"),
    _e("rescue.copy", "y", "answer('copy')", "Copy it", "A note that could not be saved: copy it", "tag", "rescue"),
    _e("rescue.discard", "x", "answer('discard')", "Discard it", "A note that could not be saved: discard it", "tag", "rescue"),
    _e("export.choice.next", "right,down", "choose(1)", "Next choice", "Export dialog: next format or scope", "export", "exporting"),
    _e("export.choice.previous", "left,up", "choose(-1)", "Previous choice", "Export dialog: previous format or scope", "export", "exporting"),
    _e("export.submit", "enter", "export", "Export", "Export dialog: export", "export", "exporting"),
    _e("confirm.yes", "y,enter", "answer(True)", "Yes", "A question: yes", "other", "confirm"),
    _e("confirm.no", "n,escape", "answer(False)", "No", "A question: no", "other", "confirm"),
    _e("picker.down", "down", "cursor(1)", "Next choice", "A picker (links, verdicts): next choice", "tag", "picker"),
    _e("picker.up", "up", "cursor(-1)", "Previous choice", "A picker (links, verdicts): previous choice", "tag", "picker"),
)

#: bindings that move with another unless [keys] moves them too: x rejects the suggestion
#: under the cursor where it deletes the annotation under it
FOLLOWS = {"suggest.reject": "annotation.delete"}

#: keys Textual keeps for itself everywhere (ctrl+c copies the text selected with the mouse)
RESERVED = ("ctrl+c", "super+c")

#: the key hints, most important first: on a narrow screen the last go first
HINT_ORDER = ("tag.*", "reader.select", "annotation.note", "panel.annotations", "find.open", "history.undo", "annotation.delete", "search.open", "reader.select_sentence", "link.open", "ledger.open", "suggest.toggle")
#: their order on the line
HINT_LINE = ("reader.select", "reader.select_sentence", "tag.*", "annotation.delete", "annotation.note", "link.open", "history.undo", "find.open", "search.open", "panel.annotations", "ledger.open", "suggest.toggle", "app.help", "app.quit")
HINTS_KEPT = ("app.help", "app.quit")  # always shown, with the palette

# -- the keymap --------------------------------------------------------------------------
class Keymap:
    """The bindings in force: the table, the tags' entries and the remapped keys."""

    def __init__(self, entries: Iterable[KeyEntry], overrides: Mapping[str, str] | None = None) -> None:
        self.entries: tuple[KeyEntry, ...] = tuple(entries)
        self._by_id = {e.id: e for e in self.entries}
        #: binding id -> its keys from [keys], normalized (what App.set_keymap is given)
        self.overrides: dict[str, str] = dict(overrides or {})

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Keymap) and (self.entries, self.overrides) == (other.entries, other.overrides)

    __hash__ = None  # type: ignore[assignment]

    def get(self, binding_id: str) -> KeyEntry | None:
        return self._by_id.get(binding_id)

    def keys(self, binding_id: str) -> list[str]:
        """The keys in force for a binding, Textual names."""
        keys = self.overrides.get(binding_id)
        if keys is None:
            keys = self._by_id[binding_id].keys
        return split_keys(keys)

    def label(self, binding_id: str, first: bool = False, joiner: str = " / ") -> str:
        """The keys in force as shown: "u / ctrl+z", or only the first ("u")."""
        keys = [key_label(k) for k in self.keys(binding_id)]
        return keys[0] if first else joiner.join(keys)

    def owned_by(self, owner: str) -> list[KeyEntry]:
        return [e for e in self.entries if e.owner == owner]

    def groups(self, owners: tuple[str, ...] = READER) -> list[tuple[str, list[KeyEntry]]]:
        """(group title, entries) in GROUPS order, for the help screen."""
        out = []
        for group, title in GROUPS.items():
            entries = [e for e in self.entries if e.group == group and e.owner in owners]
            if entries:
                out.append((title, entries))
        return out

    def hints(self) -> list[KeyEntry]:
        """The entries shown in the key hints, in their order on the line."""
        line = [e for e in self.entries if e.show]
        return sorted(line, key=lambda e: HINT_LINE.index("tag.*" if e.id.startswith("tag.") else e.id))

    def hint_rank(self, binding_id: str) -> int:
        """Lower is more important; -1: always shown."""
        if binding_id in HINTS_KEPT:
            return -1
        if binding_id.startswith("tag."):
            return 0
        try:
            return HINT_ORDER.index(binding_id)
        except ValueError:
            return len(HINT_ORDER)

    def tag_keys(self, tags: TagSet, prefix: str = "tag.") -> str:
        """The tagging keys in force, for a hint: "a c d"."""
        return " ".join(self.label(f"{prefix}{t.name}", first=True) for t in tags)


def tag_entries(tags: TagSet) -> list[KeyEntry]:
    """Each tag's binding in the reading screen, and in the note editor's tag row."""
    return [
        _e(
            f"tag.{t.name}",
            t.key,
            f"tag('{t.name}')",
            t.name.capitalize(),
            f"Tag as {t.name}" + (f": {t.description}" if t.description else ""),
            "tag",
            "screen",
            show=True,
        )
        for t in tags
    ] + [
        _e(f"note.tag.{t.name}", t.key, f"pick({i})", t.name.capitalize(), f"The note's new annotation: {t.name}", "tag", "note")
        for i, t in enumerate(tags)
    ]


def build_keymap(tags: TagSet = DEFAULT_TAGS, overrides: object = None, where: str = "config file") -> Keymap:
    """The keymap with ``tags``' bindings and the ``[keys]`` table ``overrides`` (binding
    id -> key or keys) applied. KeymapError, naming ``where`` and the entry, when a
    binding id is unknown, a key is not one, or a tag's key or a remapped key is
    already another binding's in the same place (a tag on q would be quit)."""
    entries = list(ENTRIES)
    at = next(i for i, e in enumerate(entries) if e.id == "annotation.delete")
    entries[at:at] = tag_entries(tags)
    by_id = {e.id: e for e in entries}
    remapped: dict[str, str] = {}
    if overrides is not None:
        if not isinstance(overrides, dict):
            raise KeymapError(f"{where}: keys must be a [keys] table of binding id = \"key\"")
        for binding_id, value in overrides.items():
            entry = by_id.get(binding_id)
            if entry is None:
                import difflib  # only for this message

                near = difflib.get_close_matches(binding_id, list(by_id), n=1)
                hint = f" (did you mean {near[0]}?)" if near else " (the README lists the ids)"
                raise KeymapError(f"{where}: [keys] {binding_id}: no such binding{hint}")
            if not entry.remappable:
                raise KeymapError(f"{where}: [keys] {binding_id}: this key is Textual's own and cannot be remapped")
            if not isinstance(value, str):
                raise KeymapError(f"{where}: [keys] {binding_id}: the key must be text, found {type(value).__name__}")
            names = [k.strip() for k in value.split(",")]
            for name in names:
                problem = check_key_name(name) if name else "empty (the , key is named comma)"
                if problem:
                    raise KeymapError(f"{where}: [keys] {binding_id} = {value!r}: {problem}")
            remapped[binding_id] = ",".join(key_name(n) for n in names)
    for t in tags:  # a tag's key moved in the reader moves in the note editor's tag row too
        if f"tag.{t.name}" in remapped and f"note.tag.{t.name}" not in remapped:
            remapped[f"note.tag.{t.name}"] = remapped[f"tag.{t.name}"]
    for follower, leader in FOLLOWS.items():
        if leader in remapped and follower not in remapped:
            remapped[follower] = remapped[leader]
    keymap = Keymap(entries, remapped)
    # what the config chose (tag keys, remapped keys) must not take another binding's key
    # (what [keys] moved first: a tag of the default set that [keys] ran into is not the fault)
    chosen = [e.id for e in entries if e.id in remapped] + [e.id for e in entries if is_tag_entry(e.id) and e.id not in remapped]
    for binding_id in chosen:
        entry = by_id[binding_id]
        places = set(CONTEXTS.get(entry.owner, (entry.owner, "fixed")))
        for key in keymap.keys(binding_id):
            if key in RESERVED:
                raise KeymapError(f"{where}: {_chooser(binding_id, remapped, tags)}: key {key!r} is Textual's own (copy)")
            for other in entries:
                if other.id == binding_id or other.owner not in places or key not in keymap.keys(other.id):
                    continue
                if FOLLOWS.get(binding_id) == other.id or FOLLOWS.get(other.id) == binding_id:
                    continue  # one key, two meanings by what is under the cursor
                raise KeymapError(
                    f"{where}: {_chooser(binding_id, remapped, tags)}: key {key_label(key)!r} is already {other.id} ({other.hint})"
                )
    return keymap


def is_tag_entry(binding_id: str) -> bool:
    """A tag's own binding (tag.NAME, note.tag.NAME): it follows the tag set."""
    return binding_id.startswith(("tag.", "note.tag."))


def _chooser(binding_id: str, remapped: dict[str, str], tags: TagSet) -> str:
    """Which config entry chose a binding's key, for a message."""
    if binding_id in remapped:
        return f"[keys] {binding_id}"
    name = binding_id.rpartition(".")[2]
    return f"[[tags]] entry {tags.names.index(name) + 1} ({name!r})"


DEFAULT_KEYMAP = build_keymap()
