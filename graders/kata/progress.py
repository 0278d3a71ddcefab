"""What `kata` shows: saved progress across topics, and the verdicts of one run."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from graders.kata.output import encodable
from graders.kata.state import State
from graders.manifest import Kata, Topic, load_topics, topic_of
from graders.verdicts import DONE, LABEL, KataStatus, Verdict, is_ok

# the colour of each verdict and kata status (the words are verdicts.LABEL)
STYLE = {
    Verdict.PASSED: "bold green",
    Verdict.FAILED: "bold red",
    KataStatus.FAILING: "bold red",
    Verdict.TODO: "yellow",
    Verdict.TIMEOUT: "bold magenta",
    Verdict.ERROR: "bold red",
    Verdict.NOT_GRADABLE: "cyan",
}
NOT_CHECKED = "not checked"


def label(verdict: str | None) -> str:
    """The word for a verdict or kata status; `not checked` for None."""
    return NOT_CHECKED if verdict is None else LABEL.get(verdict, str(verdict))


def look(verdict: str | None) -> Text:
    """A verdict or status as a coloured word."""
    return Text(label(verdict), style=STYLE.get(verdict, "dim" if verdict is None else ""))


def one_line(text: str) -> Text:
    """Text cut with an ellipsis instead of wrapped, so narrow terminals keep one row each."""
    return Text(text, no_wrap=True, overflow="ellipsis")


def topics_with_stubs(repository: Path) -> list[Topic]:
    """Topics with katas to write (the 00_setup self-check has none)."""
    return [t for t in load_topics(repository) if t.has_stubs and t.katas]


def katas_in_path_order(repository: Path) -> list[Kata]:
    """Every kata to write: the half-day core path first, then the extensions, each in
    teaching order."""
    katas = [k for t in topics_with_stubs(repository) for k in t.katas]
    return [k for k in katas if k.core] + [k for k in katas if not k.core]


def next_kata(repository: Path, state: State) -> Kata | None:
    """The first kata on the path (core first) whose last saved status is not done."""
    katas = katas_in_path_order(repository)
    return next((k for k in katas if state.status(k.name) not in DONE), None)


def edited_since_check(repository: Path, state: State, kata: Kata) -> bool:
    """True when the kata's file changed after its last saved check."""
    saved = state.katas.get(kata.name)
    module = kata.exercise_file(repository)
    if saved is None or not module.exists():
        return False
    return module.stat().st_mtime > saved["checked_at"]


def run_passed(record: dict | None) -> bool:
    """True when a run graded something and no test ended failed, todo, timeout or error."""
    if record is None or not record["tests"]:
        return False
    return all(is_ok(t["verdict"]) for t in record["tests"])


def bar(done: float, total: float, width: int = 24) -> Text:
    """A bar that reads the same with and without colour: `━━━━━━────────`, or
    `######--------` where the console cannot encode those characters."""
    full, empty = ("━", "─") if encodable("━─") else ("#", "-")
    filled = round(width * done / total) if total else 0
    text = Text(full * filled, style="bold green" if done >= total else "green")
    text.append(empty * (width - filled), style="dim")
    return text


def _topic_row(table: Table, topic: Topic, state: State) -> None:
    passed = sum(state.status(k.name) == KataStatus.PASSED for k in topic.katas)
    points = sum(state.katas.get(k.name, {}).get("points", 0.0) for k in topic.katas)
    table.add_row(topic.name, f"{passed}/{len(topic.katas)}", f"{points:g}/{topic.points}",
                  bar(passed, len(topic.katas), 16), one_line(topic.title))


def topics_table(repository: Path, state: State) -> Table:
    """One row per topic: katas passed, points, a bar."""
    table = Table(title="Progress", title_justify="left", expand=False)
    for column in ("topic", "katas", "points", "", "title"):
        table.add_column(column, no_wrap=column != "title")
    for topic in topics_with_stubs(repository):
        _topic_row(table, topic, state)
    return table


def katas_table(repository: Path, state: State, topic: Topic) -> Table:
    """One row per kata of a topic: its last saved status and points."""
    table = Table(title=f"{topic.name}: {topic.title}", title_justify="left")
    for column in ("kata", "path", "min", "status", "points", "hints", "title"):
        table.add_column(column, no_wrap=column != "title")
    for kata in topic.katas:
        saved = state.katas.get(kata.name, {})
        status = look(state.status(kata.name))
        if edited_since_check(repository, state, kata):
            status.append(" (edited since)", style="dim")
        points = f"{saved.get('points', 0):g}/{kata.points}"
        hints = f"{state.hints_shown(kata.name)}/{len(kata.hints)}"
        table.add_row(kata.name, path_label(kata), str(kata.minutes), status, points, hints,
                      one_line(kata.title))
    return table


def path_label(kata: Kata) -> Text:
    """`core` for a kata on the half-day path, `extra` for an extension."""
    return Text("core", style="bold") if kata.core else Text("extra", style="dim")


def core_line(repository: Path, state: State) -> Text:
    """How far along the half-day core path: katas passed and the minutes still ahead."""
    core = [k for t in topics_with_stubs(repository) for k in t.katas if k.core]
    passed = [k for k in core if state.status(k.name) == KataStatus.PASSED]
    left = sum(k.minutes for k in core) - sum(k.minutes for k in passed)
    line = bar(len(passed), len(core), 30)
    line.append(f"  core path: {len(passed)} of {len(core)} katas passed, about {left} min "
                "left; the other katas are extensions")
    return line


def totals(repository: Path, state: State) -> Text:
    """The overall line: katas passed, points and a bar."""
    katas = [k for t in topics_with_stubs(repository) for k in t.katas]
    passed = sum(state.status(k.name) == KataStatus.PASSED for k in katas)
    points = sum(state.katas.get(k.name, {}).get("points", 0.0) for k in katas)
    maximum = sum(k.points for k in katas)
    line = bar(passed, len(katas), 30)
    line.append(f"  {passed} of {len(katas)} katas passed, {points:g} of {maximum} points")
    return line


def show_progress(console: Console, repository: Path, state: State,
                  topic: Topic | None = None) -> None:
    """`kata` with no arguments: topics, the current topic's katas, and what to do next."""
    upcoming = next_kata(repository, state)
    console.print(topics_table(repository, state))
    if topic is None and upcoming is not None:
        topic = topic_of(repository, upcoming)
    if topic is not None:
        console.print(katas_table(repository, state, topic))
    console.print(core_line(repository, state))
    console.print(totals(repository, state))
    if not state.katas:
        console.print("Nothing checked yet: [bold]kata check[/] grades everything "
                      "(or [bold]kata check 01[/] one topic).")
    if upcoming is None:
        console.print("[bold green]Every kata passed.[/] `kata check` re-grades them all.")
        return
    console.print(f"Next: [bold]{upcoming.name}[/] ({upcoming.title}). Edit "
                  f"exercises/{upcoming.topic}/{upcoming.module}.py and run "
                  f"[bold]kata watch {upcoming.name}[/]; stuck? [bold]kata hint "
                  f"{upcoming.name}[/]")


def kata_heading(summary: dict) -> Text:
    """`01_functional / streaming  todo  0/2 points`."""
    extra = (f" (+{summary['not_gradable_points']:g} not gradable here)"
             if summary["not_gradable_points"] else "")
    heading = Text(f"{summary['topic']} / ", style="dim")
    heading.append(summary["kata"], style="bold")
    heading.append("  ").append_text(look(summary["status"]))
    heading.append(f"  {summary['points']:g}/{summary['max_points']:g} points{extra}")
    return heading


def tests_grid(record: dict, kata: str) -> Table:
    """The tests of one kata: verdict, name, and (unless passed) the test's message."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True, min_width=8)
    grid.add_column(overflow="fold")
    for test in (t for t in record["tests"] if t["kata"] == kata):
        details = Text(test["name"])
        if test["verdict"] != Verdict.PASSED and test["message"]:
            details.append("\n" + test["message"], style="italic")
        grid.add_row(look(test["verdict"]), details)
    return grid


def total_line(record: dict) -> Text:
    total = record["totals"]
    line = Text(f"total: {total['points']:g} of {total['max_points']:g} points")
    if total["not_gradable_points"]:
        line.append(f" (+{total['not_gradable_points']:g} not gradable here)", style="cyan")
    return line


def first_unfinished(record: dict) -> str | None:
    """The first kata of a run that did not pass (for the hint line)."""
    return next((k["kata"] for k in record["katas"] if k["status"] not in DONE), None)


def show_run(console: Console, record: dict) -> None:
    """The friendly report of one run: tests, points, and what to do next."""
    if not record["tests"]:
        console.print("[yellow]No kata tests ran.[/]")
        return
    for summary in record["katas"]:
        console.print(kata_heading(summary))
        if summary["status"] == KataStatus.TODO:  # not started: one line is enough
            first = next(t for t in record["tests"] if t["kata"] == summary["kata"])
            console.print(Padding(Text(first["message"], style="italic"), (0, 0, 0, 12)))
        elif summary["status"] != KataStatus.PASSED:
            console.print(Padding(tests_grid(record, summary["kata"]), (0, 0, 0, 2)))
    console.print(total_line(record))
    unfinished = first_unfinished(record)
    skipped = record["totals"]["verdicts"].get(Verdict.NOT_GRADABLE, 0)
    if unfinished is None and skipped:
        console.print(f"[bold green]All gradable tests passed[/]; {skipped} not gradable here "
                      "(they cost no points).")
    elif unfinished is None:
        console.print("[bold green]All passed.[/]")
    else:
        console.print(f"Not there yet: [bold]{unfinished}[/]. Stuck? "
                      f"[bold]kata hint {unfinished}[/]")
