"""The ``verwijswijzer`` command line."""

from __future__ import annotations

import typer

app = typer.Typer(help="Verwijswijzer: assistent voor verwijzers jeugdhulp.", no_args_is_help=True)


@app.command()
def serve(host: str = typer.Option(None, help="Bind address"), port: int = typer.Option(None)) -> None:
    """Serve the assistant (API, widget, channels)."""
    import uvicorn

    from api.app import create_app
    from verwijswijzer.settings import get_settings

    settings = get_settings()
    uvicorn.run(create_app(settings), host=host or settings.host, port=port or settings.port)


if __name__ == "__main__":
    app()
