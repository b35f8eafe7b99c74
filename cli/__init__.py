"""textmine's command line: ``textmine <subcommand>``; each module adds one SPEC §4 command."""

from textmine.cli import annotate, extract  # noqa: F401
from textmine.cli import chronology  # noqa: F401
from textmine.cli import classify, evaluate, label, train  # noqa: F401
from textmine.cli import report  # noqa: F401
from textmine.cli import redact  # noqa: F401
from textmine.cli._app import app


def main() -> None:
    """Console-script entry point."""
    app()
