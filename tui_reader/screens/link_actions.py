"""Who said what, when, in the reading screen: l links the annotation to another, ! sets
a claim's verdict, = corrects a date's value or names an actor's entity, i edits the
document's source, and x on a link row of the panel removes that link. Each is one call
on the Workspace (undoable) or the Store (the source)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from ..store import StoreError
from ..tagset import a_tag
from ..workspace import ConflictError, WorkspaceError
from ..widgets.labels import short, tag_label
from ..widgets.panels import AnnotationPanel

if TYPE_CHECKING:
    from ..widgets.link_rows import Facts


class LinkActions:
    """Mixed into ReaderScreen: uses its workspace, document, app, _chosen, _fail,
    tag_styles and _annotations_changed."""

    _facts: "Facts | None" = None
    _source: dict[str, str] | None = None  # read on first need: not before the first frame
    _source_version = None  # the document file's state it was read in
    _source_saves = 0  # how many times i saved it

    # -- what the panel and the status line show ------------------------------
    @property
    def source(self) -> dict[str, str]:
        """The document's effective source: its front matter, each field replaced by the
        stored one where that is set (effective_source, as the ledger and exports read it)."""
        # read again when the document's file changed (i, or meta run elsewhere: the app
        # looks every 2 s), so dates resolve against the date in force
        version = getattr(self.workspace, "_seen", None)
        if self._source is None or self._source_version != version:
            from ..effective_source import effective_source

            self._source = effective_source(self.document, self._stored_source()).to_dict()
            self._source_version = version
        return self._source

    def _stored_source(self) -> dict[str, str]:
        try:
            return self.workspace.store.source(self.document.id)
        except StoreError:
            return {}

    @property
    def facts(self) -> "Facts":
        from ..widgets.link_rows import Facts

        def published():
            from ..doc_source import parse_day

            return parse_day(self.source.get("published", ""))

        # built anew when the annotations change, the document's file changes (meta run
        # elsewhere; the app looks every 2 s) or i saves the source
        key = (getattr(self.workspace, "_seen", None), self._source_saves)
        self._facts = Facts.of(self.workspace, published, key, self._facts)
        return self._facts

    def _done(self, message: str) -> None:
        self._annotations_changed(message)

    def _try(self, change) -> object | None:
        try:
            return change()
        except (WorkspaceError, StoreError) as exc:
            self._fail(exc)
            return None

    # -- l ---------------------------------------------------------------------
    def action_link(self) -> None:
        ann = self._chosen()
        if ann is None:
            return
        from ..link_choices import link_choices, narrow_link_choices
        from .pickers import Picker

        choices = link_choices(self.workspace, ann.id)
        if not choices:
            self.notify(self._no_links(ann), severity="warning", timeout=6)
            return
        styles = self.tag_styles
        width = max(len(c.type.shown) for c in choices)
        rows = []
        for c in choices:
            row = Text(f"{'←' if c.outgoing else '→'} {c.type.shown:<{width}} ", no_wrap=True, overflow="ellipsis")
            row.append_text(tag_label(c.other.tag, styles.get(c.other.tag)))
            if c.other.orphaned:
                row.append(" [orphaned]", style="bold")
            row.append(f" “{short(c.other.quote, 60)}”")
            row.append(f" · § {short(c.other.section, 40)}", style="dim")
            rows.append((c, row))

        def chosen(choice) -> None:
            if choice is None:
                return
            source, target = choice.ends(ann.id)
            if self._try(lambda: self.workspace.link(source, target, choice.type.name)) is None:
                return
            other = f"“{short(choice.other.quote, 40)}”"
            if choice.outgoing:
                self._done(f"Linked: {choice.type.shown} {other} (u undoes)")
            else:
                self._done(f"Linked: {choice.other.tag} {other} {choice.type.shown} this {ann.tag} (u undoes)")

        keys = self.app.key
        self.app.push_screen(
            Picker(
                f"Link the {ann.tag} “{short(ann.quote, 50)}”",
                rows,
                lambda query: narrow_link_choices(query, choices),
                hint=f"← from this {ann.tag} · → to it · type to narrow (tag:NAME too) · enter links · "
                f"{keys('dialog.cancel')} cancels",
                placeholder="words of the quote, note, tag or section",
            ),
            chosen,
        )

    def _no_links(self, ann) -> str:
        """Why ``ann`` has nothing to link to, and what would."""
        kinds = [t for t in self.app.tags.link_types if ann.tag in t.sources or ann.tag in t.targets]
        if not kinds:
            listed = ", ".join(f"{t.shown} ({'/'.join(t.sources)} → {'/'.join(t.targets)})" for t in self.app.tags.link_types)
            return f"A {ann.tag} takes no links; the link types are {listed}"
        fitting = {tag for t in kinds for tag in (*t.sources, *t.targets) if tag != ann.tag or (ann.tag in t.sources and ann.tag in t.targets)}
        if any(a.tag in fitting and a.id != ann.id for a in self.workspace.all_annotations):
            return f"This {ann.tag} is linked to everything it can link to"
        wanted = ["another " + tag if tag == ann.tag else a_tag(tag) for tag in sorted(fitting)]
        return f"Nothing for this {ann.tag} to link to: tag {' or '.join(wanted)} first"

    def unlink_highlighted(self) -> bool:
        """x on a link row of the panel: remove that link (not the annotation). False
        when no link row is highlighted (x deletes an annotation then)."""
        panel = self.query_one(AnnotationPanel)
        row = panel.highlighted_link if self.focused is panel else None
        if row is None:
            return False
        if self._try(lambda: self.workspace.unlink(row.holder, row.link.id)) is not None:
            holder = self.facts.get(row.holder)
            target = row.other if row.outgoing else holder
            source = holder if row.outgoing else row.other
            self._done(
                f"Removed the link “{short(source.quote if source else '?', 30)}” {row.label} "
                f"“{short(target.quote if target else '?', 30)}” (u undoes)"
            )
        return True

    # -- ! -----------------------------------------------------------------------
    def action_verdict(self) -> None:
        ann = self._chosen()
        if ann is None:
            return
        facts = self.facts
        if not facts.is_claim(ann):
            claims = " or ".join(a_tag(tag) for tag in sorted(facts.claim_tags))
            self.notify(f"A verdict is for {claims}; this is {a_tag(ann.tag)}", severity="warning", timeout=4)
            return
        from .pickers import Picker, narrow_words

        verdicts = list(self.app.tags.verdicts)
        current = facts.verdict(ann)
        rows = []
        for v in verdicts:
            row = Text("● " if v == current else "○ ")
            row.append(v, style="bold" if v == current else "")
            if v == current:
                row.append("  (now)", style="dim")
            if v == verdicts[0]:
                row.append("  the default", style="dim")
            rows.append((v, row))

        def chosen(verdict) -> None:
            if verdict is None or verdict == current:
                return
            if self._try(lambda: self.workspace.set_verdict(ann.id, verdict)) is not None:
                self._done(f"Verdict: {verdict} on “{short(ann.quote, 40)}” (u undoes)")

        self.app.push_screen(
            Picker(
                f"Verdict on “{short(ann.quote, 50)}”",
                rows,
                narrow_words(verdicts),
                hint=f"type to narrow · enter sets · {self.app.key('dialog.cancel')} cancels · the note holds the evidence",
                highlight=verdicts.index(current) if current in verdicts else 0,
            ),
            chosen,
        )

    # -- = -----------------------------------------------------------------------
    def action_edit_value(self) -> None:
        ann = self._chosen()
        if ann is None:
            return
        facts = self.facts
        from .prompt import Prompt

        def check(change):
            def run(answer: str) -> str | None:
                try:
                    change(answer)
                except (WorkspaceError, StoreError) as exc:
                    if isinstance(exc, ConflictError):  # the workspace reloaded: show what is stored
                        self._annotations_changed()
                    return str(exc)
                return None

            return run

        quote = short(ann.quote, 50)
        if facts.value(ann) is not None:
            from ..ledger import date_value

            resolved = date_value(ann.with_changes(value=""), facts.published)
            back = f"back to the value read from the words ({resolved})" if resolved else "back to unresolved"
            prompt = Prompt(
                f"Value of the date “{quote}”",
                ann.value,
                hint=f"YYYY, YYYY-MM, YYYY-MM-DD or START/END · empty: {back} · enter saves · "
                f"{self.app.key('dialog.cancel')} cancels",
                placeholder=resolved or "not resolved: the source's publication date (i) helps",
                check=check(lambda v: self.workspace.set_value(ann.id, v)),
            )

            def said(v: str) -> str:
                return f"Value of “{short(ann.quote, 30)}”: {v or resolved or 'unresolved'} (u undoes)"

        elif facts.entity(ann) is not None:
            prompt = Prompt(
                f"Name of the entity “{quote}” belongs to",
                ann.name,
                hint=f"empty: its longest mention · enter saves · {self.app.key('dialog.cancel')} cancels",
                placeholder=facts.entity(ann) or "",
                check=check(lambda v: self.workspace.set_name(ann.id, v)),
            )

            def said(v: str) -> str:
                return f"Entity: “{short(v, 40)}” (u undoes)" if v else "Entity: its longest mention (u undoes)"

        else:
            dates, actors = sorted(facts.date_tags), sorted(facts.actor_tags)
            self.notify(
                f"{self.app.key('annotation.value')} corrects a {'/'.join(dates)}'s value or names an "
                f"{'/'.join(actors)}'s entity; this is {a_tag(ann.tag)}",
                severity="warning",
                timeout=4,
            )
            return

        def done(answer: str | None) -> None:
            if answer is not None:  # saved by the check
                self._done(said(answer.strip()))

        self.app.push_screen(prompt, done)

    # -- i -----------------------------------------------------------------------
    def action_edit_source(self) -> None:
        from ..doc_source import Source
        from ..effective_source import FRONT_MATTER, front_matter_source, source_origins
        from .source_dialog import SourceDialog

        origins = source_origins(self.document, self._stored_source())
        from_front = [name for name, origin in origins.items() if origin == FRONT_MATTER]

        front = front_matter_source(self.document).to_dict()
        front["title"] = front.get("title") or self.document.title  # the form shows it

        def save(record: dict[str, str]) -> str | None:
            problem = Source(**record).check()
            if problem:
                return problem
            # stored: what differs from the front matter and the text's own title (the rest follows the file)
            mine = {k: v for k, v in record.items() if v != front.get(k, "")}
            try:
                self.workspace.store.set_source(self.document.id, mine)
            except StoreError as exc:
                return str(exc)
            return None

        def done(record: dict | None) -> None:
            if record is None:
                return
            self._source = None  # read again: the front matter fills what was left empty
            self._source_saves += 1
            self._done("Source saved" + (f": published {record['published']}" if record.get("published") else ""))

        self.app.push_screen(
            SourceDialog(
                f"Source of “{short(self.document.title, 50)}”",
                {**self.source, "title": self.source.get("title") or self.document.title},
                save,
                hint=(f"from the front matter: {', '.join(from_front)} (an emptied field shows it again) · " if from_front else "")
                + f"enter saves · tab: next field · {self.app.key('dialog.cancel')} closes (asks if you changed something)",
            ),
            done,
        )
