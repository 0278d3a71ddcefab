"""`kata doctor`: the `00_setup` self-check as a readable report with a fix for each gap."""

from __future__ import annotations

import re
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from graders.fresh import grade
from graders.kata.targets import UsageError
from graders.manifest import Kata, find_topic
from graders.verdicts import Verdict, is_ok, reason_of

SETUP_TOPIC = "00_setup"
FIX = re.compile(r"Fix:\s*(.+)$")  # the sentence a failed self-check's message ends with
# what each verdict of a self-check test means for this machine
RESULT = {
    Verdict.PASSED: ("ok", "bold green"),
    Verdict.NOT_GRADABLE: ("optional, missing", "yellow"),
    Verdict.FAILED: ("MISSING", "bold red"),
    Verdict.ERROR: ("ERROR", "bold red"),
    Verdict.TIMEOUT: ("TIMEOUT", "bold red"),
    Verdict.TODO: ("ERROR", "bold red"),
}


def fix_for(test: dict, kata: Kata) -> str:
    """The command that fixes a gap: the not-gradable result's fix, the `Fix:` sentence of a
    failed check, else the kata's last hint."""
    match = FIX.search(test["message"])
    return test["fix"] or (match.group(1).strip().rstrip(".") if match else kata.hints[-1])


def _row(table: Table, test: dict, kata: Kata) -> None:
    word, style = RESULT.get(test["verdict"], (test["verdict"], ""))
    details = Text()
    if test["verdict"] != Verdict.PASSED:
        found = FIX.split(reason_of(test["message"], test["fix"]))[0]
        details.append(found.strip().rstrip(".;") + "\n")
        details.append("fix: ", style="dim").append(fix_for(test, kata), style="bold")
    table.add_row(Text(kata.title + _parameter(test["name"])), Text(word, style=style), details)


def _parameter(name: str) -> str:
    """` [dask]` for a parametrized test `test_engine_imports[dask]`."""
    return f" [{name.split('[', 1)[1]}" if "[" in name else ""


def report(record: dict, katas: list[Kata]) -> Table:
    """One row per self-check test, in the manifest's order, with its fix when not ok."""
    table = Table(title="kata doctor: is this machine ready?", title_justify="left")
    table.add_column("check", ratio=2)
    table.add_column("result", no_wrap=True)
    table.add_column("what was found, and the fix", ratio=3)
    order = {kata.name: index for index, kata in enumerate(katas)}
    by_kata = {kata.name: kata for kata in katas}
    for test in sorted(record["tests"], key=lambda t: order.get(t["kata"], len(order))):
        _row(table, test, by_kata[test["kata"]])
    return table


def run_doctor(console: Console, repository: Path) -> int:
    """Run the self-check; 0 when nothing required is missing, 1 otherwise."""
    topic = find_topic(repository, SETUP_TOPIC)
    if topic is None:
        raise UsageError(f"this repository has no exercises/{SETUP_TOPIC} self-check")
    with console.status("Checking this machine (Python, cores, engines, Java, GPU)..."):
        run = grade(repository, (topic.path,))
    if run.record is None or not run.record["tests"]:
        console.print(run.output[-3000:])
        console.print("[bold red]The self-check could not run[/]; the output is above.")
        return 1
    console.print(report(run.record, list(topic.katas)))
    missing = [t for t in run.record["tests"] if not is_ok(t["verdict"])]
    optional = [t for t in run.record["tests"] if t["verdict"] == Verdict.NOT_GRADABLE]
    if missing:
        console.print(f"[bold red]{len(missing)} required piece(s) missing.[/] Run each fix "
                      "above, then `kata doctor` again.")
        return 1
    note = (f" ({len(optional)} optional piece(s) missing: those katas will say "
            "'not gradable here' and cost no points)" if optional else "")
    console.print(f"[bold green]This machine is ready.[/]{note}")
    return 0
