"""The Typer application every subcommand attaches to."""

import logging
from typing import Annotated

import typer

app = typer.Typer(
    name="textmine",
    help="Mine child-safeguarding case reviews and case notes.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,  # a local may hold document text
)


@app.callback()
def main_callback(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress details (never document text).")] = False,
) -> None:
    """textmine: entities, chronology, concerns and practice issues from safeguarding reviews."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


def report(message: str) -> None:
    """Print one error line on standard error (the command carries on)."""
    typer.secho(f"error: {message}", err=True, fg="red")


def fail(message: str, code: int = 1) -> None:
    """Print one error line and exit non-zero."""
    report(message)
    raise typer.Exit(code=code)
